"""Uploads (ingest) and removal of documents; both need the API key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile

from ingest.pipeline import Ingestor
from kg.bootstrap import initialise
from kg.errors import InputError, NotFoundError, TooLargeError
from kg.service import KnowledgeGraph
from search_api.deps import get_kg, require_api_key
from search_api.schemas import IngestResponse, RemoveResponse

router = APIRouter(tags=["documents"], dependencies=[Depends(require_api_key)])
CHUNK = 1 << 20


@router.post("/documents", response_model=IngestResponse, status_code=201)
async def upload(
    file: Annotated[
        UploadFile, File(description="PDF, DOCX, HWPX, HTML, Markdown, text, CSV/XLSX or RDF.")
    ],
    as_kind: Annotated[str | None, Form(max_length=30)] = None,
    scheme: Annotated[str | None, Form(max_length=100)] = None,
    kg: KnowledgeGraph = Depends(get_kg),
) -> IngestResponse:
    limit = kg.settings.max_upload_bytes
    data = bytearray()
    while chunk := await file.read(CHUNK):
        data.extend(chunk)
        if len(data) > limit:
            raise TooLargeError(f"Upload is over the limit of {kg.settings.max_upload_mb:g} MB.")
    initialise(kg.store)
    result = Ingestor(kg.store, kg.settings).ingest_bytes(
        bytes(data), file.filename or "upload", as_kind=as_kind, scheme=scheme
    )
    if result.status == "failed":
        raise InputError(result.message)
    report = kg.sync_index()
    return IngestResponse(
        source=result.source,
        status=result.status,
        documents=result.documents,
        triples=result.triples,
        message=result.message,
        index={"passages": report.passages, "added": report.added},
    )


@router.delete("/documents/{doc_id}", response_model=RemoveResponse)
def remove(doc_id: str, kg: KnowledgeGraph = Depends(get_kg)) -> RemoveResponse:
    removed = Ingestor(kg.store, kg.settings).remove(doc_id)
    if not removed:
        raise NotFoundError(f"No document or source '{doc_id}'.")
    kg.sync_index()
    return RemoveResponse(removed=removed)
