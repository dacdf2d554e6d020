from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from app.core.i18n import SUPPORTED_LOCALES
from app.reference.communes import load_communes, load_document
from app.reference.countries import country_codes, country_name
from app.reference.fields import load_fields
from app.reference.labels import LABELS, label

router = APIRouter(prefix="/reference", tags=["reference data"])

Lang = Annotated[str, Query(pattern="^(vi|en)$", description="Label language")]


class FieldItem(BaseModel):
    code: str
    name: str
    level: int
    parent_code: str | None
    description: str


class CommuneItem(BaseModel):
    key: str
    code: str | None
    name: str
    type: str
    former_district: str | None
    former_province: str | None
    merged_from: list[str]


class CommuneList(BaseModel):
    source: dict[str, Any]
    effective_from: str
    items: list[CommuneItem]


class Country(BaseModel):
    code: str
    name: str


@router.get("/fields", response_model=list[FieldItem], summary="S&T field classification")
async def list_fields(
    level: Annotated[int | None, Query(ge=1, le=3)] = None,
    parent: str | None = None,
) -> list[FieldItem]:
    return [
        FieldItem(**vars(f))
        for f in load_fields().values()
        if (level is None or f.level == level) and (parent is None or f.parent_code == parent)
    ]


@router.get(
    "/communes",
    response_model=CommuneList,
    summary="Communes and wards of Bắc Ninh (since 1 July 2025), with the official source",
)
async def list_communes() -> CommuneList:
    document = load_document()
    return CommuneList(
        source=document["source"],
        effective_from=document["effective_from"],
        items=[
            CommuneItem(**{**vars(c), "merged_from": list(c.merged_from)})
            for c in load_communes().values()
        ],
    )


@router.get("/countries", response_model=list[Country], summary="ISO 3166 countries")
async def list_countries(lang: Lang = "vi") -> list[Country]:
    items = [Country(code=code, name=country_name(code, lang)) for code in country_codes()]
    return sorted(items, key=lambda c: c.name)


@router.get(
    "/vocabulary",
    summary="The law's terms used by the API, with Vietnamese and English labels",
)
async def vocabulary_labels() -> dict[str, dict[str, dict[str, str]]]:
    return {
        enum_class.__name__: {
            member.value: {lang: label(member, lang) for lang in SUPPORTED_LOCALES}
            for member in enum_class
        }
        for enum_class in LABELS
    }
