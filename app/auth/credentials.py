"""The rules every credential follows, whoever sets it (registration, an admin, the CLI)."""

from __future__ import annotations

from app.core.config import Settings
from app.core.errors import Invalid
from app.core.i18n import N_


def normalize_email(email: str) -> str:
    """E-mail addresses are unique regardless of case: store and look up lower-cased."""
    return email.strip().lower()


def check_password_policy(settings: Settings, password: str, email: str) -> None:
    """Length over rules (NIST SP 800-63B): long enough, and not the e-mail itself."""
    minimum = settings.auth.password_min_length
    if len(password) < minimum:
        raise Invalid(
            N_("The password must have at least %(minimum)s characters."), minimum=minimum
        )
    if password.strip().lower() in {email.lower(), email.split("@")[0].lower()}:
        raise Invalid(N_("The password must not be the e-mail address."))
