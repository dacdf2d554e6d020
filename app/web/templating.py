"""Jinja2 templates with the request's language, formats, labels and form token.

Templates live in the top-level ``templates/`` folder, one sub-folder per area
(public, account, workspace, desk, dashboard, admin) beside ``layout/`` and ``macros/``.
Every string a person reads goes through ``_()`` / ``{% trans %}``: autoescaping is on, so
whatever a user typed is shown as text.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from app.core import i18n
from app.core.config import Environment, Settings
from app.reference.communes import load_communes
from app.reference.countries import country_name
from app.reference.fields import load_fields
from app.reference.labels import LABELS
from app.web import csrf, words
from app.web.static import static_url

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


def create_environment(settings: Settings) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates are read once per process except on a developer's machine.
        auto_reload=settings.environment is Environment.development,
        undefined=jinja2.StrictUndefined,
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True
    )
    environment.filters.update(i18n.formatters())
    environment.filters.update(
        label=label,
        law_term=law_term,
        label_option=lambda value, vocabulary: (str(value), label(value, vocabulary)),
        law_option=lambda value, vocabulary: (str(value), law_term(value, vocabulary)),
        commune_option=lambda commune: (commune.key, commune.name),
        field_name=field_name,
        commune_name=commune_name,
        country=country,
        isodate=datetime.fromisoformat,
        trl_words=words.trl_words,
        origin_words=words.origin_words,
        listing_type=words.listing_type_words,
    )
    environment.globals["static"] = static_url
    # Set for page routes by the workspace; error pages rendered outside them show none.
    environment.globals["unread_notifications"] = lambda request: getattr(
        request.state, "unread_notifications", 0
    )
    environment.globals["language_names"] = i18n.LANGUAGE_NAMES
    return environment


_LABELS_BY_NAME = {enum.__name__: labels for enum, labels in LABELS.items()}


def label(value: Any, vocabulary: str) -> str:
    """The label of a code in the current language: ``{{ offer.ip_type | label("IPType") }}``."""
    if value is None:
        return ""
    code = str(value)
    vi, en = _LABELS_BY_NAME[vocabulary].get(code, (code, code))
    return vi if i18n.current_locale() == "vi" else en


def law_term(value: Any, vocabulary: str) -> Markup:
    """A legal term in the current language; in English with the law's Vietnamese words."""
    code = str(value)
    vi, en = _LABELS_BY_NAME[vocabulary].get(code, (code, code))
    if i18n.current_locale() == "vi":
        return Markup.escape(vi)
    return Markup('{} <span class="law-term" lang="vi">({})</span>').format(en, vi)


def field_name(code: str | None) -> str:
    field = load_fields().get(code or "")
    return field.name if field else (code or "")


def commune_name(key: str | None) -> str:
    commune = load_communes().get(key or "")
    return commune.name if commune else (key or "")


def country(code: str | None) -> str:
    return country_name(code, i18n.current_locale()) if code else ""


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """A page in the request's language, with a form token for its forms."""
    environment: jinja2.Environment = request.app.state.templates
    token, signed = csrf.form_token(request)
    page = environment.get_template(template).render(
        {
            "request": request,
            "lang": i18n.current_locale(),
            "current_user": getattr(request.state, "visitor", None),
            "csrf_token": token,
            "url": request.app.url_path_for,
            **(context or {}),
        }
    )
    response = HTMLResponse(page, status_code=status_code)
    if signed is not None:
        csrf.set_cookie(request, response, signed)
    return response
