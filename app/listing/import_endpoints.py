"""Bulk import of research results and IP assets (CSV or XLSX), and its template."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.auth.dependencies import CurrentUser
from app.core.db import SessionDep
from app.core.dependencies import SettingsDep
from app.core.errors import Forbidden, Invalid
from app.core.handlers import error_body
from app.core.i18n import N_, lazy_number
from app.core.roles import is_staff
from app.core.validation import Id
from app.listing.importer import ResearchResultImport, template_csv, template_workbook
from app.listing.publication import PublicationDep
from app.models import Organization, User
from app.organization.repository import OrganizationRepository

router = APIRouter(prefix="/imports", tags=["imports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RowErrorRead(BaseModel):
    line: int
    external_ref: str | None
    reasons: list[str]


class ImportReportRead(BaseModel):
    dry_run: bool
    imported: bool
    rows: int
    valid: int
    invalid: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    published: int
    errors: list[RowErrorRead]


async def _target_organization(
    session: SessionDep, user: User, organization_id: int | None
) -> Organization:
    foreign = organization_id is not None and organization_id != user.organization_id
    if foreign and not is_staff(user):
        raise Forbidden(N_("You may only import into your own organisation."))
    target = organization_id or user.organization_id
    organization = await OrganizationRepository(session).get(target) if target else None
    if organization is None:
        raise Invalid(N_("Import into which organisation? Pass organization_id (department only)."))
    return organization


@router.post(
    "/research-results",
    response_model=ImportReportRead,
    summary="Import research results and IP assets as draft offers (CSV or XLSX)",
    responses={422: {"description": "Bad rows (nothing imported) or an unreadable file"}},
)
async def import_research_results(
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    publication: PublicationDep,
    file: Annotated[UploadFile, File(description="CSV (UTF-8) or XLSX in the template's shape")],
    dry_run: Annotated[bool, Query(description="Validate and report; write nothing")] = True,
    skip_bad_rows: Annotated[bool, Query(description="Import the good rows anyway")] = False,
    organization_id: Annotated[Id | None, Query(description="Department only")] = None,
    publish: Annotated[
        bool,
        Query(
            description="Department only: publish the new offers at once (an offer that hits "
            "the screening lists goes to review instead)"
        ),
    ] = False,
) -> ImportReportRead | JSONResponse:
    if publish and not is_staff(user):
        raise Forbidden(
            N_("Only the department publishes on import; import drafts and submit them for review.")
        )
    organization = await _target_organization(session, user, organization_id)
    data = await file.read(settings.listing.max_import_bytes + 1)
    if len(data) > settings.listing.max_import_bytes:
        raise Invalid(
            N_("The file is larger than %(max_import_bytes)s bytes; split it."),
            max_import_bytes=lazy_number(settings.listing.max_import_bytes),
        )
    importer = ResearchResultImport(session, organization, user)
    report = await importer.run(
        data,
        dry_run=dry_run,
        skip_bad_rows=skip_bad_rows,
        max_rows=settings.listing.max_import_rows,
    )
    if publish and report.imported:
        report.published = await importer.publish_created(settings.listing, publication)
    body = ImportReportRead.model_validate(asdict(report))
    if report.errors and not skip_bad_rows and not dry_run:
        detail = (
            f"{report.invalid} of {report.rows} rows are bad; nothing was imported. "
            "Fix them (see report.errors) or pass skip_bad_rows=true."
        )
        return JSONResponse(
            error_body("invalid", detail, report=body.model_dump(mode="json")), status_code=422
        )
    return body


@router.get("/research-results/template", summary="The import template with one example row")
async def import_template(format: Literal["xlsx", "csv"] = "xlsx") -> Response:
    if format == "csv":
        return Response(
            content=template_csv().encode("utf-8-sig"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="research-results.csv"'},
        )
    return Response(
        content=template_workbook(),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="research-results.xlsx"'},
    )
