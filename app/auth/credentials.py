"""The rules every credential follows, whoever sets it (registration, an admin, the CLI)."""

from __future__ import annotations

from app.core.config import Settings
from app.core.errors import Invalid


def normalize_email(email: str) -> str:
    """E-mail addresses are unique regardless of case: store and look up lower-cased."""
    return email.strip().lower()


def check_password_policy(settings: Settings, password: str, email: str) -> None:
    """Length over rules (NIST SP 800-63B): long enough, and not the e-mail itself."""
    minimum = settings.auth.password_min_length
    if len(password) < minimum:
        raise Invalid(f"The password must have at least {minimum} characters.")
    if password.strip().lower() in {email.lower(), email.split("@")[0].lower()}:
        raise Invalid("The password must not be the e-mail address.")
