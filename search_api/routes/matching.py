"""Policy–industry matches, convergence and joint-business candidates, programmes, regions."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import Response

from kg.convergence import ConvergenceFinder, programmes_to_bid, region_strengths
from kg.errors import NotFoundError
from kg.explore import entity_detail
from kg.ontology import concept_iri
from kg.service import KnowledgeGraph
from search_api.deps import get_kg
from search_api.schemas import ItemsResponse, MatchesResponse, RegionProfileResponse

router = APIRouter(tags=["matching"])

Scheme = Annotated[str, Query(min_length=1, max_length=100, examples=["strategic"])]
Region = Annotated[str | None, Query(max_length=10, examples=["24"])]
CSV_COLUMNS = [
    "policy_id",
    "policy_title",
    "industry_code",
    "industry_label",
    "scheme",
    "score",
    "rank",
]


def _csv(items: list[dict]) -> Response:
    buf = io.StringIO()
    components = sorted({k for i in items for k in i["components"]})
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS + components + ["top_evidence"])
    for i in items:
        evidence = i["evidence"][0]["text"][:300].replace("\n", " ") if i.get("evidence") else ""
        writer.writerow(
            [i[c] for c in CSV_COLUMNS]
            + [i["components"].get(c, "") for c in components]
            + [evidence]
        )
    return Response(
        "\ufeff" + buf.getvalue(),  # BOM: spreadsheet programs then read Korean correctly
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="policykg-matches.csv"'},
    )


@router.get(
    "/matches",
    response_model=MatchesResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "JSON, or CSV when asked for"}},
)
def matches(
    scheme: Scheme = "strategic",
    policy: Annotated[str | None, Query(max_length=300)] = None,
    industry: Annotated[str | None, Query(max_length=300, examples=["OPT"])] = None,
    region: Region = None,
    min_score: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    format: Annotated[str | None, Query(pattern="^(json|csv)$")] = None,
    accept: Annotated[str | None, Header()] = None,
    kg: KnowledgeGraph = Depends(get_kg),
) -> MatchesResponse | Response:
    results = kg.matcher.match(
        scheme,
        policy=policy,
        industry=industry,
        region=region,
        top=page_size,
        min_score=min_score,
        offset=(page - 1) * page_size,
    )
    items = [json.loads(json.dumps(r.as_dict(), default=str)) for r in results]
    if format == "csv" or (format is None and accept and "text/csv" in accept):
        return _csv(items)
    total = kg.matcher.count(
        scheme, policy=policy, industry=industry, region=region, min_score=min_score
    )
    return MatchesResponse(items=items, page=page, page_size=page_size, total=total)


@router.get("/convergence", response_model=ItemsResponse)
def convergence(
    region: Annotated[str, Query(max_length=10, examples=["24"])] = "24",
    scheme: Scheme = "strategic",
    top: Annotated[int, Query(ge=1, le=50)] = 10,
    size: Annotated[int, Query(ge=2, le=3)] = 2,
    kg: KnowledgeGraph = Depends(get_kg),
) -> ItemsResponse:
    found = ConvergenceFinder(kg.matcher).candidates(region, scheme, top, size)
    return ItemsResponse(items=[c.as_dict() for c in found])


@router.get("/joint-business", response_model=ItemsResponse)
def joint_business(
    regions: Annotated[
        str, Query(pattern=r"^[0-9A-Z]{2,6}(,[0-9A-Z]{2,6}){1,4}$", examples=["24,36"])
    ] = "24,36",
    scheme: Scheme = "strategic",
    top: Annotated[int, Query(ge=1, le=50)] = 10,
    kg: KnowledgeGraph = Depends(get_kg),
) -> ItemsResponse:
    items = ConvergenceFinder(kg.matcher).joint_business(regions.split(","), scheme, top)
    return ItemsResponse(items=[i.as_dict() for i in items])


@router.get("/programmes", response_model=ItemsResponse)
def programmes(
    industry: Annotated[str, Query(min_length=1, max_length=300, examples=["OPT"])],
    region: Region = None,
    scheme: Scheme = "strategic",
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    kg: KnowledgeGraph = Depends(get_kg),
) -> ItemsResponse:
    return ItemsResponse(items=programmes_to_bid(kg.matcher, region, industry, scheme, top))


@router.get("/regions/{code}/profile", response_model=RegionProfileResponse)
def region_profile(
    code: str, scheme: Scheme = "strategic", kg: KnowledgeGraph = Depends(get_kg)
) -> RegionProfileResponse:
    try:
        label = entity_detail(kg.store, concept_iri("regions", code))["label"]
    except NotFoundError:
        raise NotFoundError(f"No region with code '{code}'.") from None
    strengths = region_strengths(kg.matcher, scheme, code)
    industries = [s.as_dict() for s in strengths]
    industries.sort(key=lambda x: -(x.get("lq_employees") or 0))
    return RegionProfileResponse(region={"code": code, "label": label}, industries=industries)
