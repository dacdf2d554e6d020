"""The breakdown dimensions: the SQL expression grouping transactions and each group's label."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func

from app.indicator.schemas import Breakdown
from app.models import Transaction as T
from app.models.vocabulary import OrganizationType, Ownership
from app.reference.communes import load_communes
from app.reference.fields import load_fields
from app.reference.labels import label


def dimension(by: Breakdown) -> ColumnElement[Any]:
    if by is Breakdown.field:
        return func.substr(T.field_code, 1, 1)
    if by is Breakdown.supplier_type:
        return T.supplier_type.expression
    if by is Breakdown.recipient_type:
        return T.recipient_type.expression
    if by is Breakdown.recipient_ownership:
        return T.recipient_ownership.expression
    # The commune of the province's party: the recipient's if local, else the supplier's.
    return func.coalesce(T.recipient_commune, T.supplier_commune)


def dimension_label(by: Breakdown, key: Any) -> str:
    if key is None:
        return "Không xác định"
    if by is Breakdown.field:
        field = load_fields().get(str(key))
        return field.name if field else str(key)
    if by in (Breakdown.supplier_type, Breakdown.recipient_type):
        return label(OrganizationType(key))
    if by is Breakdown.recipient_ownership:
        return label(Ownership(key))
    commune = load_communes().get(str(key))
    return commune.name if commune else str(key)
