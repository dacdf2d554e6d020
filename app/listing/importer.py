"""Bulk import of research results and IP assets from CSV or XLSX (docs/import-template.md).

Every row is validated first. Nothing is written while any row is bad, unless the caller asks
to skip bad rows; a dry run writes nothing at all. Rows are keyed by `external_ref` within
the organisation, so importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any

from openpyxl import Workbook, load_workbook
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from sqlalchemy import RowMapping, Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import utcnow
from app.core.config import ListingSettings
from app.core.errors import Invalid
from app.core.i18n import N_, lazy_number
from app.listing.kinds import Listing, screening_texts, transfer_directions
from app.listing.publication import Publication
from app.listing.repository import ListingRepository
from app.listing.schemas import (
    TRL,
    VND,
    Country,
    FieldCode,
    Keywords,
    LongText,
    Title,
    check_price,
)
from app.listing.screening import ListItem, load_items, screen
from app.listing.service import ListingService, record_transition
from app.models import ListingTransition, Offer, Organization, User
from app.models.listing_lifecycle import folded_titles
from app.models.vocabulary import (
    IPStatus,
    IPType,
    ListingStatus,
    OfferKind,
    PriceMode,
    TransferForm,
    TransferMethod,
    TransferRight,
)
from app.search.outbox import enqueue_search_update

LIST_SEPARATOR = ";"
_BATCH = 1000
REQUIRED_COLUMNS = ("external_ref", "title", "description", "field_code")
COLUMNS = (
    "external_ref",
    "title",
    "title_en",
    "summary",
    "description",
    "advantages",
    "applications",
    "kind",
    "field_code",
    "keywords",
    "trl",
    "ip_type",
    "ip_number",
    "ip_status",
    "ip_expiry",
    "transfer_rights",
    "transfer_forms",
    "transfer_methods",
    "origin_country",
    "price_mode",
    "price_min_vnd",
    "price_max_vnd",
    "price_hidden",
    "anonymous",
)
LIST_COLUMNS = frozenset({"keywords", "transfer_rights", "transfer_forms", "transfer_methods"})
BOOL_COLUMNS = frozenset({"price_hidden", "anonymous"})
_TRUE = {"1", "true", "yes", "y", "x", "có", "co"}
_FALSE = {"0", "false", "no", "n", "không", "khong"}
# The offer columns an import sets (compared on re-import to tell unchanged rows).
IMPORTED_ATTRIBUTES = tuple(c for c in COLUMNS if c != "external_ref")


class ImportRow(BaseModel):
    """One row: the same rules as the offer form, limited to what an import may say."""

    model_config = ConfigDict(extra="forbid")

    external_ref: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ]
    title: Title
    title_en: Title | None = None
    summary: LongText | None = None
    description: LongText
    advantages: LongText | None = None
    applications: LongText | None = None
    kind: OfferKind = OfferKind.research_result
    field_code: FieldCode
    keywords: Keywords = Field(default_factory=list)
    trl: TRL | None = None
    ip_type: IPType | None = None
    ip_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] | None = None
    ip_status: IPStatus | None = None
    ip_expiry: date | None = None
    transfer_rights: list[TransferRight] = Field(default_factory=list)
    transfer_forms: list[TransferForm] = Field(default_factory=list)
    transfer_methods: list[TransferMethod] = Field(default_factory=list)
    origin_country: Country = "VN"
    price_mode: PriceMode = PriceMode.negotiable
    price_min_vnd: VND | None = None
    price_max_vnd: VND | None = None
    price_hidden: bool = False
    anonymous: bool = False

    @model_validator(mode="after")
    def consistent(self) -> ImportRow:
        if self.kind not in (OfferKind.research_result, OfferKind.ip_asset):
            raise ValueError("kind must be research_result or ip_asset in this import")
        if self.kind is OfferKind.ip_asset and self.ip_type is None:
            raise ValueError("an ip_asset row needs ip_type")
        check_price(self.price_mode, self.price_min_vnd, self.price_max_vnd)
        return self

    def column_values(self) -> dict[str, Any]:
        values = self.model_dump(exclude={"external_ref"})
        for name in LIST_COLUMNS:
            values[name] = [str(v) for v in values[name]]
        return values


@dataclass
class RowError:
    line: int
    external_ref: str | None
    reasons: list[str]


@dataclass
class RowOutcome:
    """What the import does (or did) with one row: created, updated, unchanged or invalid."""

    line: int
    external_ref: str | None
    title: str | None
    outcome: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool
    imported: bool
    rows: int = 0
    valid: int = 0
    invalid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    published: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Every row in the file's order, for a report read row by row.
    outcomes: list[RowOutcome] = field(default_factory=list)


# --- reading files -------------------------------------------------------------------------


def read_rows(data: bytes, max_rows: int) -> Iterator[tuple[int, dict[str, str | None]]]:
    """(line number as the user sees it, {column: text}) for every non-empty row."""
    raw_rows = _xlsx_rows(data) if zipfile.is_zipfile(io.BytesIO(data)) else _csv_rows(data)
    header: list[str] | None = None
    count = 0
    for line, cells in raw_rows:
        if header is None:
            header = [_header_name(c) for c in cells]
            _check_header(header)
            continue
        if not any(c not in (None, "") for c in cells):
            continue
        count += 1
        if count > max_rows:
            raise Invalid(
                N_("The file has more than %(max_rows)s rows; split it into parts."),
                max_rows=lazy_number(max_rows),
            )
        yield (
            line,
            {name: cells[i] if i < len(cells) else None for i, name in enumerate(header) if name},
        )
    if header is None:
        raise Invalid(
            N_("The file is empty: the first row must name the columns (see the template).")
        )


def _header_name(cell: str | None) -> str:
    return (cell or "").strip().lower().replace(" ", "_")


def _check_header(header: list[str]) -> None:
    unknown = [name for name in header if name and name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if unknown or missing:
        raise Invalid(
            N_(
                "The header row does not match the template (missing columns: %(missing)s; "
                "unknown columns: %(unknown)s). Download the template: "
                "GET /api/v1/imports/research-results/template"
            ),
            missing=", ".join(missing) or "-",
            unknown=", ".join(unknown) or "-",
        )


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str | None]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(
            N_("Save the CSV file as UTF-8 (Excel: 'CSV UTF-8'), or upload XLSX.")
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for cells in reader:
        yield reader.line_num, list(cells)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str | None]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise Invalid(N_("The file is not a readable XLSX workbook; upload XLSX or CSV.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- validating rows -----------------------------------------------------------------------


def parse_row(cells: dict[str, str | None]) -> ImportRow:
    values: dict[str, Any] = {}
    for name, raw in cells.items():
        text = (raw or "").strip()
        if not text:
            continue
        if name in LIST_COLUMNS:
            values[name] = [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
        elif name in BOOL_COLUMNS:
            values[name] = _boolean(name, text)
        elif name in ("price_min_vnd", "price_max_vnd"):
            values[name] = _amount(name, text)
        else:
            values[name] = text
    return ImportRow.model_validate(values)


def _boolean(name: str, text: str) -> bool:
    folded = text.lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(f"{name}: write yes or no")


def _amount(name: str, text: str) -> int:
    # Vietnamese spreadsheets group thousands with dots or spaces: "1.500.000.000".
    digits = text.replace(".", "").replace(",", "").replace(" ", "")
    if not digits.isdigit():
        # The value itself is not repeated: prices may be confidential.
        raise ValueError(f"{name}: write a whole number of đồng, digits only")
    return int(digits)


def describe(error: ValidationError | ValueError) -> list[str]:
    """Reasons in plain words, naming the column but never echoing the value."""
    if not isinstance(error, ValidationError):
        return [str(error)]
    reasons = []
    for item in error.errors(include_input=False, include_url=False):
        column = ".".join(str(part) for part in item["loc"] if not isinstance(part, int))
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "missing":
            message = "is required"
        reasons.append(f"{column}: {message}" if column else message)
    return reasons


# --- the import ----------------------------------------------------------------------------


class ResearchResultImport:
    def __init__(self, session: AsyncSession, organization: Organization, user: User) -> None:
        self.session = session
        self.organization = organization
        self.user = user
        self.offers = ListingRepository(session, "offer")
        self.new_rows: list[ImportRow] = []
        self.created_ids: list[int] = []
        self._screening_items: tuple[ListItem, ...] | None = None

    async def run(
        self, data: bytes, *, dry_run: bool, skip_bad_rows: bool, max_rows: int
    ) -> ImportReport:
        report = ImportReport(dry_run=dry_run, imported=False)
        good: list[tuple[int, ImportRow]] = []
        seen: dict[str, int] = {}
        for line, cells in read_rows(data, max_rows):
            report.rows += 1
            ref = (cells.get("external_ref") or "").strip() or None
            try:
                row = parse_row(cells)
            except (ValidationError, ValueError) as exc:
                self._bad(report, RowError(line, ref, describe(exc)), cells.get("title"))
                continue
            if row.external_ref in seen:
                repeat = RowError(
                    line, ref, [f"external_ref: repeats line {seen[row.external_ref]}"]
                )
                self._bad(report, repeat, row.title)
                continue
            seen[row.external_ref] = line
            good.append((line, row))
        report.valid, report.invalid = len(good), len(report.errors)
        if report.errors and not skip_bad_rows:
            return report
        report.skipped = report.invalid
        # Plain column values, not ORM objects: a re-import compares thousands of rows.
        existing = await self.offers.imported_values(
            self.organization.id, [row.external_ref for _, row in good], IMPORTED_ATTRIBUTES
        )
        for line, row in good:
            current = existing.get(row.external_ref)
            if current is None:
                report.created += 1
                self.new_rows.append(row)
                outcome = "created"
            elif _differs(current, row):
                report.updated += 1
                outcome = "updated"
                if not dry_run:
                    offer = await self.offers.get(current["id"])
                    assert offer is not None
                    await self._update(offer, row)
            else:
                report.unchanged += 1
                outcome = "unchanged"
            report.outcomes.append(RowOutcome(line, row.external_ref, row.title, outcome))
        report.outcomes.sort(key=lambda item: item.line)
        if not dry_run:
            await self._insert_new()
            await self.session.flush()
            report.imported = True
        return report

    @staticmethod
    def _bad(report: ImportReport, error: RowError, title: str | None) -> None:
        report.errors.append(error)
        report.outcomes.append(
            RowOutcome(error.line, error.external_ref, title, "invalid", error.reasons)
        )

    async def _insert_new(self) -> None:
        """New offers and their first audit-trail rows, inserted in bulk (an import may hold
        tens of thousands of rows; one ORM object each would be several times slower)."""
        if not self.new_rows:
            return
        now = utcnow()
        values = [
            row.column_values()
            | {
                "external_ref": row.external_ref,
                "title_folded": folded_titles(row.title, row.title_en),
                "organization_id": self.organization.id,
                "created_by_id": self.user.id,
                "status": ListingStatus.draft,
                "version": 1,
                "screening_hits": [],
                "created_at": now,
                "updated_at": now,
            }
            for row in self.new_rows
        ]
        # Core, not ORM, bulk inserts: the ORM splits these rows into many statements.
        offers, transitions_table = Offer.__table__, ListingTransition.__table__
        assert isinstance(offers, Table) and isinstance(transitions_table, Table)
        ids: list[int] = []
        for start in range(0, len(values), _BATCH):
            result = await self.session.execute(
                insert(offers).returning(offers.c.id, sort_by_parameter_order=True),
                values[start : start + _BATCH],
            )
            ids.extend(result.scalars())
        self.created_ids = ids
        transitions = [
            {
                "listing_type": "offer",
                "listing_id": offer_id,
                "actor_id": self.user.id,
                "at": now,
                "from_status": None,
                "to_status": ListingStatus.draft,
                "reason": "import",
            }
            for offer_id in ids
        ]
        for start in range(0, len(transitions), _BATCH):
            await self.session.execute(
                insert(transitions_table), transitions[start : start + _BATCH]
            )

    async def publish_created(self, settings: ListingSettings, publication: Publication) -> int:
        """The department publishes what it imported at once. Each new offer goes through the
        same transition as publishing one by hand, so nothing differs by path: clean screening
        publishes it and announces it (matches, saved searches), a hit sends it to review.
        Returns how many were published."""
        service = ListingService(self.session, "offer", settings)
        published = 0
        for offer_id in self.created_ids:
            offer = await service.act(
                offer_id, "publish", user=self.user, reason="import", publication=publication
            )
            published += offer.status is ListingStatus.published
        return published

    async def _update(self, offer: Listing, row: ImportRow) -> None:
        for name, value in row.column_values().items():
            setattr(offer, name, value)
        if offer.status is ListingStatus.published:
            if self._screening_items is None:  # read once for the whole import
                self._screening_items = await load_items(self.session)
            items = self._screening_items
            texts, directions = screening_texts(offer), transfer_directions(offer)
            hits = [h.as_dict() for h in screen(texts, directions, items)]
            offer.screening_hits = hits
            if hits:
                self.session.add(
                    record_transition(
                        offer,
                        offer.status,
                        ListingStatus.pending_review,
                        actor_id=self.user.id,
                        reason="re-imported text matches the screening lists",
                    )
                )
                offer.status = ListingStatus.pending_review
            await enqueue_search_update(self.session, "offer", offer.id)


def _differs(current: RowMapping, row: ImportRow) -> bool:
    values = row.column_values()
    return any(current[name] != values[name] for name in IMPORTED_ATTRIBUTES)


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "research-results"
    sheet.append(list(COLUMNS))
    sheet.append(list(TEMPLATE_EXAMPLE))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerow(TEMPLATE_EXAMPLE)
    return buffer.getvalue()


TEMPLATE_EXAMPLE: Sequence[str] = (
    "DT-2023-015",
    "Quy trình nhân giống vải thiều sớm bằng ghép cành",
    "Early lychee propagation by grafting",
    "Quy trình ghép cho tỷ lệ sống trên 90%, ra quả sau 2 năm.",
    "Kết quả đề tài cấp tỉnh 2021-2023: quy trình chọn mắt ghép, thời vụ, chăm sóc cây ghép.",
    "Rút ngắn thời gian kiến thiết cơ bản 1 năm.",
    "Hợp tác xã, trang trại trồng vải tại Lục Ngạn, Lục Nam.",
    "research_result",
    "40101",
    "vải thiều; nhân giống; ghép cành",
    "6",
    "",
    "",
    "",
    "",
    "right_to_use_non_exclusive",
    "independent_contract",
    "documents; training",
    "VN",
    "negotiable",
    "",
    "",
    "no",
    "no",
)
