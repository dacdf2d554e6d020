"""A report as a plain table, written to XLSX (numbers and dates as real cells, money in a VND
format) or CSV (UTF-8 with BOM so spreadsheet programs read Vietnamese; money also in
Vietnamese words)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Font

from app.report.number_words import amount_in_words

CellKind = Literal["text", "int", "vnd", "fraction", "date"]
Cell = str | int | float | date | None

VND_FORMAT = '#,##0 "₫"'
FRACTION_FORMAT = "0.00%"
DATE_FORMAT = "DD/MM/YYYY"
# Spreadsheet programs run a cell starting with these as a formula (CSV/formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Column:
    title: str
    kind: CellKind = "text"


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_xlsx(tables: list[Table]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Báo cáo"
    row_number = 1
    for table in tables:
        sheet.cell(row=row_number, column=1, value=safe_text(table.title)).font = Font(bold=True)
        row_number += 1
        for index, column in enumerate(table.columns, start=1):
            sheet.cell(row=row_number, column=index, value=column.title).font = Font(bold=True)
        row_number += 1
        for row in table.rows:
            for index, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
                cell = sheet.cell(row=row_number, column=index)
                if isinstance(value, str):
                    cell.value = safe_text(value)
                    cell.data_type = "s"
                else:
                    cell.value = value
                if column.kind == "vnd":
                    cell.number_format = VND_FORMAT
                elif column.kind == "fraction":
                    cell.number_format = FRACTION_FORMAT
                elif column.kind == "date":
                    cell.number_format = DATE_FORMAT
            row_number += 1
        row_number += 1
    for letter in "ABCDEFGHIJKLMNOP":
        sheet.column_dimensions[letter].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(tables: list[Table]) -> bytes:
    """One CSV: a `section` column names the table; money as integer đồng and in words."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    previous_header: list[str] | None = None
    for table in tables:
        header = ["section"]
        for column in table.columns:
            header.append(column.title)
            if column.kind == "vnd":
                header.append(f"{column.title} (chữ)")
        if header != previous_header:  # one header for consecutive tables of the same shape
            writer.writerow(header)
            previous_header = header
        for row in table.rows:
            line: list[str] = [safe_text(table.title)]
            for column, value in zip(table.columns, row, strict=True):
                line.append(_csv_cell(value))
                if column.kind == "vnd":
                    line.append(amount_in_words(value) if isinstance(value, int) else "")
            writer.writerow(line)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return safe_text(value)
    return str(value)
