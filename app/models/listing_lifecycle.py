"""Columns shared by offers and demands: owner, life cycle, screening, edit version.

Not a table: ``Offer`` and ``Demand`` each mix it in (one life cycle, two tables).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, declared_attr, mapped_column, relationship

from app.core.folding import search_fold
from app.models.base import TimestampMixin, str_enum
from app.models.vocabulary import ListingStatus

if TYPE_CHECKING:
    from app.models.organization import Organization
    from app.models.user import User


class ListingLifecycleMixin(TimestampMixin):
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[ListingStatus] = mapped_column(
        str_enum(ListingStatus), default=ListingStatus.draft, index=True
    )
    # Optimistic locking: PATCH sends the version it read; the ORM also guards the UPDATE.
    version: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(300))
    # The title (and an offer's English title) folded as search folds ("xu ly nuoc thai"), set
    # on every write below: the `q` filter of the listing lists matches it whatever accents,
    # i/y spelling or case were typed (SQLite's LIKE only ignores the case of ASCII letters).
    title_folded: Mapped[str] = mapped_column(String(700), default="", server_default="")
    field_code: Mapped[str | None] = mapped_column(String(20), index=True)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Hides the owner from everyone but the owner, the department and admins.
    anonymous: Mapped[bool] = mapped_column(default=False)
    # Key of an imported or seeded row, unique per organisation (re-imports update in place).
    external_ref: Mapped[str | None] = mapped_column(String(100))

    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    last_confirmed_at: Mapped[datetime | None]
    expiry_warned_at: Mapped[datetime | None]
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    # Matched items of the restricted/prohibited technology lists, shown to the reviewer.
    screening_hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    @declared_attr
    def organization_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)

    @declared_attr
    def organization(cls) -> Mapped[Organization]:
        # Always loaded with the listing: every read path needs the owner's name and type.
        return relationship("Organization", lazy="selectin")

    @declared_attr
    def contact_user_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr
    def contact_user(cls) -> Mapped[User | None]:
        # The contact person shown on the listing (a member of the owner organisation).
        owner_class = cls.__name__  # type: ignore[attr-defined]
        return relationship("User", foreign_keys=f"{owner_class}.contact_user_id", lazy="selectin")

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


def folded_titles(title: str, title_en: str | None = None) -> str:
    """What `title_folded` holds. Bulk inserts through Core (the importer) bypass the ORM
    events below and must set it with this."""
    return search_fold(" ".join(text for text in (title, title_en) if text))


@event.listens_for(ListingLifecycleMixin, "before_insert", propagate=True)
@event.listens_for(ListingLifecycleMixin, "before_update", propagate=True)
def _fold_titles(_mapper: Mapper[Any], _connection: Connection, listing: Any) -> None:
    listing.title_folded = folded_titles(listing.title, getattr(listing, "title_en", None))
