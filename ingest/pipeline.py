"""The ingest pipeline: file → (read → passages → recognise/link → triples) → one named graph.

Safe and idempotent: each source's triples are built completely, validated against the SHACL
shapes and then swapped in atomically, so a failure at any step leaves the store as it was.
A source whose bytes, the entity labels and the pipeline version are all unchanged is skipped.
"""

from __future__ import annotations

import fnmatch
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ingest.model import Mention, RawDocument
from ingest.passages import split_passages
from ingest.readers import DOCUMENT_EXTENSIONS, read_document
from ingest.tables import TABLE_EXTENSIONS, Table, read_table
from ingest.write import (
    document_triples,
    organisation_triples,
    statistics_triples,
    technology_triples,
)
from kg import PIPELINE_VERSION
from kg.entities import load_entity_labels
from kg.errors import InputError, PolicyKGError, TooLargeError
from kg.lang import detect_language
from kg.nlp import EntityRecognizer, money_amounts, target_years
from kg.ontology import slug, source_iri
from kg.rdf import Triples
from kg.settings import Settings
from kg.sources import current_hash, list_sources, put_source, sha256
from kg.store.base import Store
from kg.taxonomy import scheme_triples, user_industry_concepts

RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}
IGNORE_FILE = ".policykgignore"
# Tables that add names to the graph go first, so documents are linked against them.
_ORDER = {"rdf": 0, "technologies": 1, "organisations": 2, "industries": 3, "statistics": 4}
MAX_CANDIDATES_PER_DOC = 30


@dataclass
class FileResult:
    source: str
    status: str  # added, updated, unchanged, failed, skipped
    triples: int = 0
    documents: int = 0
    message: str = ""
    graph: str = ""


@dataclass
class _Job:
    key: str
    path: Path | None
    data: bytes | None = None
    kind: str = "document"
    table: Table | None = field(default=None, repr=False)


def source_key(path: Path) -> str:
    """Stable name of a file source: relative to the working directory when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix().lstrip("/")


def _ignored_patterns(folder: Path) -> list[str]:
    ignore = folder / IGNORE_FILE
    if not ignore.is_file():
        return []
    lines = ignore.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to ingest; folders are walked (honouring .policykgignore), others reported."""
    files: list[Path] = []
    problems: list[FileResult] = []
    known = DOCUMENT_EXTENSIONS | TABLE_EXTENSIONS | set(RDF_FORMATS)
    for path in paths:
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            patterns = _ignored_patterns(path)
            for root, dirs, names in os.walk(path):
                rel_root = Path(root).relative_to(path)
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if not d.startswith(".")
                    and not any(fnmatch.fnmatch((rel_root / d).as_posix(), p) for p in patterns)
                )
                for name in sorted(names):
                    rel = (rel_root / name).as_posix()
                    if name.startswith(".") or any(fnmatch.fnmatch(rel, p) for p in patterns):
                        continue
                    if Path(name).suffix.lower() in known:
                        files.append(Path(root) / name)
        else:
            problems.append(FileResult(str(path), "failed", message="no such file or folder"))
    return files, problems


class Ingestor:
    """Ingests files or uploads into a store; one instance per batch."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._recognizer: EntityRecognizer | None = None

    @property
    def recognizer(self) -> EntityRecognizer:
        if self._recognizer is None:
            self._recognizer = EntityRecognizer(load_entity_labels(self.store))
        return self._recognizer

    def ingest_paths(
        self,
        paths: Iterable[Path],
        *,
        as_kind: str | None = None,
        scheme: str | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> list[FileResult]:
        files, results = expand_paths(paths)
        jobs: list[_Job] = []
        for path in files:
            try:
                jobs.append(self._plan(source_key(path), path, None, as_kind))
            except PolicyKGError as exc:
                results.append(FileResult(source_key(path), "failed", message=str(exc)))
                if progress:
                    progress(source_key(path))
        jobs.sort(key=lambda j: _ORDER.get(j.kind, 9))
        for job in jobs:
            results.append(self._run(job, scheme))
            if progress:
                progress(job.key)
        return results

    def ingest_bytes(
        self, data: bytes, filename: str, *, as_kind: str | None = None, scheme: str | None = None
    ) -> FileResult:
        key = f"upload/{Path(filename).name}"
        try:
            job = self._plan(key, None, data, as_kind)
        except PolicyKGError as exc:
            return FileResult(key, "failed", message=str(exc))
        return self._run(job, scheme)

    def remove(self, source: str) -> list[str]:
        """Remove a source by key, path, graph IRI or document id; returns removed graphs."""
        candidates = {source, source_iri(source)}
        if Path(source).exists():
            candidates.add(source_iri(source_key(Path(source))))
        for info in list_sources(self.store):
            if info.path in candidates or info.graph in candidates:
                candidates.add(info.graph)
        doc_rows = self.store.select(
            "PREFIX pkg: <https://w3id.org/policykg/ontology#> "
            "PREFIX dcterms: <http://purl.org/dc/terms/> "
            f'SELECT ?g WHERE {{ GRAPH ?g {{ ?d dcterms:identifier "{_escape(source)}" ; '
            "pkg:fromSource ?g } }"
        )
        candidates.update(str(r["g"]) for r in doc_rows)
        graphs = sorted(c for c in candidates if c.startswith(("http://", "https://")))
        return [g for g in graphs if self.store.remove_graph(g)]

    # -- planning and running one source -------------------------------------------------

    def _plan(self, key: str, path: Path | None, data: bytes | None, as_kind: str | None) -> _Job:
        name = path.name if path else key
        size = path.stat().st_size if path else len(data or b"")
        if size > self.settings.max_upload_bytes:
            raise TooLargeError(
                f"{name} is {size / 1e6:.1f} MB, over the limit of "
                f"{self.settings.max_upload_mb:g} MB (POLICYKG_MAX_UPLOAD_MB)."
            )
        ext = Path(name).suffix.lower()
        if ext in RDF_FORMATS:
            return _Job(key, path, data, "rdf")
        if ext in TABLE_EXTENSIONS:
            raw = data if data is not None else path.read_bytes()  # type: ignore[union-attr]
            table = read_table(raw, name, as_kind if as_kind not in (None, "documents") else None)
            return _Job(key, path, raw, table.kind, table)
        if ext in DOCUMENT_EXTENSIONS:
            return _Job(key, path, data, "document")
        supported = sorted(DOCUMENT_EXTENSIONS | TABLE_EXTENSIONS | set(RDF_FORMATS))
        raise InputError(
            f"{name}: unknown format '{ext or name}'. Supported: {', '.join(supported)}"
        )

    def _run(self, job: _Job, scheme: str | None) -> FileResult:
        graph = source_iri(job.key)
        try:
            raw = job.data if job.data is not None else job.path.read_bytes()  # type: ignore[union-attr]
            links_text = job.kind in ("document", "policies")
            salt = f"{PIPELINE_VERSION}|{job.kind}|{scheme or ''}"
            if links_text:
                salt += f"|{self.recognizer.version}"
            content_hash = sha256(raw + salt.encode())
            previous = current_hash(self.store, graph)
            if previous == content_hash:
                return FileResult(job.key, "unchanged", graph=graph)
            triples, documents = self._build(job, raw, graph, scheme)
            n = put_source(
                self.store,
                graph,
                triples,
                content_hash=content_hash,
                label=job.key,
                activity=f"ingest {job.kind}",
                path=job.key,
                fmt=Path(job.key).suffix.lstrip(".") or None,
            )
        except PolicyKGError as exc:
            return FileResult(job.key, "failed", message=str(exc), graph=graph)
        if job.kind in ("rdf", "technologies", "organisations", "industries"):
            self._recognizer = None  # new names: rebuild the recognizer for what follows
        status = "updated" if previous else "added"
        return FileResult(job.key, status, n, documents, graph=graph)

    def _build(self, job: _Job, raw: bytes, graph: str, scheme: str | None) -> tuple[Triples, int]:
        name = Path(job.key).name
        if job.kind == "rdf":
            fmt = RDF_FORMATS[Path(name).suffix.lower()]
            try:
                return Triples(
                    q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(raw, format=fmt)
                ), 0
            except SyntaxError as exc:
                raise InputError(f"{name} is not valid {fmt.name}: {exc}") from exc
        if job.kind == "document":
            doc = read_document(
                Path(name), max_bytes=self.settings.max_upload_bytes, data=raw, filename=name
            )
            return self._document(doc, graph, Path(name).stem), 1
        table = job.table
        assert table is not None
        if job.kind == "policies":
            triples = Triples()
            for row in table.rows:
                triples.extend(self._document(_row_document(row), graph, row["id"]))
            return triples, len(table.rows)
        if job.kind == "technologies":
            return technology_triples(table.rows), 0
        if job.kind == "organisations":
            return organisation_triples(table.rows), 0
        if job.kind == "statistics":
            return statistics_triples(table.rows, name), 0
        if job.kind == "industries":
            scheme_name = scheme or Path(name).stem
            concepts = user_industry_concepts(table.rows)
            from kg.ontology import PKG

            return scheme_triples(scheme_name, {"en": scheme_name}, concepts, str(PKG.Industry)), 0
        raise InputError(f"{name}: nothing knows how to ingest a '{job.kind}' table.")

    def _document(self, doc: RawDocument, graph: str, fallback_id: str) -> Triples:
        meta = dict(doc.meta)
        doc_id = str(meta.get("id") or slug(fallback_id))
        meta.setdefault("language", detect_language(doc.text))
        if not doc.text.strip():
            raise InputError(f"{doc_id}: the document has no text.")
        passages = split_passages(doc, self.settings.passage_chars)
        recognizer = self.recognizer
        mentions: list[Mention] = []
        candidates: list[Mention] = []
        money: dict[int, list[str]] = defaultdict(list)
        years: dict[int, list[int]] = defaultdict(list)
        for p in passages:
            for f in recognizer.find(p.text, candidates=True):
                m = Mention(
                    p.ordinal,
                    p.start + f.start,
                    p.start + f.end,
                    f.surface,
                    f.iri,
                    f.kind,
                    f.confidence,
                )
                (candidates if f.iri is None else mentions).append(m)
            money[p.ordinal] = money_amounts(p.text)
            years[p.ordinal] = target_years(p.text)
        # Unlinked terms an analyst may want to add: keep the ones that recur.
        counts = Counter(c.surface for c in candidates)
        keep = {s for s, n in counts.most_common(MAX_CANDIDATES_PER_DOC) if n >= 2}
        mentions.extend(c for c in candidates if c.surface in keep)
        issuers = {
            f.iri
            for key in ("issuer", "issuer_ko")
            if meta.get(key)
            for f in recognizer.find(str(meta[key]))
            if f.iri and f.kind in ("ministry", "organisation")
        }
        return document_triples(
            doc_id,
            meta,
            passages,
            mentions,
            graph,
            issuer_iris=sorted(issuers),
            money=money,
            years=years,
        )


def _row_document(row: dict[str, str]) -> RawDocument:
    """A policies-table row as a document: `text`, or its description/objectives/background."""
    if row.get("text"):
        body = row["text"]
    else:
        parts = [
            f"{heading}\n\n{row[col]}"
            for heading, col in (
                ("Description", "description"),
                ("Objectives", "objectives"),
                ("Background", "background"),
            )
            if row.get(col)
        ]
        body = "\n\n".join(parts)
    meta = {
        k: v
        for k, v in row.items()
        if k in ("id", "title", "title_ko", "issuer", "date", "type", "language", "source") and v
    }
    meta.setdefault("type", "policy")
    return RawDocument(text=f"{row['title']}\n\n{body}", fmt="table-row", meta=meta)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')
