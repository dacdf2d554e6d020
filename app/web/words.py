"""Words for codes that have no label table of their own: technology readiness levels and
where a listing comes from. Translated through the catalogues like any message."""

from __future__ import annotations

from app.core.i18n import gettext as _


def trl_words(level: int | None) -> str:
    """A technology readiness level (1-9) explained to someone who does not know the scale."""
    if level is None:
        return ""
    words = {
        1: _("Basic principles observed"),
        2: _("Technology concept formulated"),
        3: _("Proof of concept in the laboratory"),
        4: _("Validated in the laboratory"),
        5: _("Validated in a relevant environment"),
        6: _("Prototype demonstrated in a relevant environment"),
        7: _("Prototype demonstrated in operation"),
        8: _("Complete system tested and qualified"),
        9: _("Proven in production"),
    }
    return _("Level %(level)s of 9: %(words)s") % {"level": level, "words": words.get(level, "")}


def origin_words(origin: str | None) -> str:
    return {"domestic": _("Domestic"), "foreign": _("Foreign")}.get(origin or "", origin or "")


def listing_type_words(listing_type: str) -> str:
    return {"offer": _("Offer"), "demand": _("Demand")}.get(listing_type, listing_type)
