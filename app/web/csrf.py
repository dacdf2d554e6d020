"""The form token: every form of the site carries one, and the server refuses a form whose
token is missing or does not match its cookie (double-submit, fastapi-csrf-protect).

The signed half lives in an HttpOnly cookie, the plain half in a hidden field. A page reuses
the token its visitor already holds, so that two open tabs both keep working.
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request, Response
from fastapi_csrf_protect import CsrfProtect
from fastapi_csrf_protect.exceptions import CsrfProtectError
from itsdangerous import BadData, URLSafeTimedSerializer

from app.core.config import Settings
from app.core.errors import Forbidden
from app.core.i18n import N_

FIELD_NAME = "csrf_token"
COOKIE_NAME = "techex_csrf"
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The salt fastapi-csrf-protect signs its cookie with: reading back a visitor's token
# must use the same.
_LIBRARY_SALT = "fastapi-csrf-token"


class FormTokenRefused(Forbidden):
    code = "csrf_failed"


def derive_secret(settings: Settings, purpose: str) -> str:
    """A key of its own for each use of the settings' secret (sessions, form tokens)."""
    secret = settings.secret_key.get_secret_value().encode()
    return hmac.new(secret, purpose.encode(), hashlib.sha256).hexdigest()


def create_protector(settings: Settings) -> CsrfProtect:
    """A CsrfProtect configured for this app (its configuration is kept on the class, so each
    app gets a subclass of its own)."""
    protector_class: type[CsrfProtect] = type("SiteCsrfProtect", (CsrfProtect,), {})
    config = {
        "secret_key": derive_secret(settings, "form-token"),
        "cookie_key": COOKIE_NAME,
        "cookie_samesite": "lax",
        "cookie_secure": settings.secure_cookies,
        "httponly": True,
        "max_age": settings.web.form_token_hours * 3600,
        "token_location": "body",
        "token_key": FIELD_NAME,
    }
    protector_class.load_config(lambda: list(config.items()))
    protector: CsrfProtect = protector_class()
    return protector


def form_token(request: Request) -> tuple[str, str | None]:
    """The token for this page's forms, and the signed cookie to set (None: the visitor's
    cookie already holds it)."""
    protector: CsrfProtect = request.app.state.csrf
    held = request.cookies.get(COOKIE_NAME)
    if held:
        serializer = URLSafeTimedSerializer(protector._secret_key or "", salt=_LIBRARY_SALT)
        try:
            # Renewed when more than half of its life has gone, so a form filled slowly
            # still goes through.
            token: str = serializer.loads(held, max_age=protector._max_age // 2)
            return token, None
        except BadData:
            pass
    token, signed = protector.generate_csrf_tokens()
    return token, signed


def set_cookie(request: Request, response: Response, signed: str) -> None:
    protector: CsrfProtect = request.app.state.csrf
    protector.set_csrf_cookie(signed, response)


async def check_form_token(request: Request) -> None:
    """Page routes' guard: a form sent without its token, or with another's, changes nothing."""
    if request.method not in _UNSAFE_METHODS:
        return
    protector: CsrfProtect = request.app.state.csrf
    try:
        await request.form()  # parsed once; the route reads the same form
        await protector.validate_csrf(request)
    except (CsrfProtectError, ValueError) as exc:
        raise FormTokenRefused(
            N_(
                "This form has expired or did not come from this site. "
                "Go back, reload the page and send it again."
            )
        ) from exc
