"""Passwords (Argon2 via pwdlib), access tokens (JWT via python-jose) and refresh tokens.

Refresh tokens are opaque random strings; only their SHA-256 is stored, so a leaked
database does not leak usable tokens.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from jose import JWTError, jwt
from pwdlib import PasswordHash

from app.core.clock import utcnow
from app.core.config import Settings

_password_hash = PasswordHash.recommended()
# Verified against when the e-mail is unknown, so a login takes the same time either way.
_DUMMY_HASH = _password_hash.hash(secrets.token_urlsafe(16))

ACCESS_TOKEN_TYPE = "access"  # noqa: S105


def hash_password(password: str) -> str:
    return _password_hash.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _password_hash.verify(password, _DUMMY_HASH)
        return False
    return _password_hash.verify(password, password_hash)


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    issued_at: datetime
    token_id: str
    # The sign-in the token belongs to (its refresh-token family): revoking the family, at
    # logout or on reuse of a rotated refresh token, ends the access tokens it issued too.
    family_id: str | None = None


class InvalidToken(Exception):
    """The token is expired, malformed, wrongly signed or not an access token."""


def create_access_token(
    settings: Settings, user_id: int, now: datetime | None = None, family_id: str | None = None
) -> str:
    issued = now or utcnow()
    claims = {
        "sub": str(user_id),
        "type": ACCESS_TOKEN_TYPE,
        "iat": int(issued.timestamp()),
        "exp": int((issued + timedelta(minutes=settings.auth.access_token_minutes)).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    if family_id is not None:
        claims["fam"] = family_id
    token: str = jwt.encode(
        claims, settings.secret_key.get_secret_value(), algorithm=settings.auth.algorithm
    )
    return token


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    try:
        # Only the configured algorithm is accepted: "none" and algorithm swaps fail here.
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[settings.auth.algorithm],
            options={"require_exp": True, "require_iat": True, "require_sub": True},
        )
    except JWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if claims.get("type") != ACCESS_TOKEN_TYPE:
        raise InvalidToken("not an access token")
    try:
        user_id = int(claims["sub"])
    except (TypeError, ValueError) as exc:
        raise InvalidToken("bad subject") from exc
    return AccessClaims(
        user_id=user_id,
        issued_at=datetime.fromtimestamp(int(claims["iat"]), UTC),
        token_id=str(claims.get("jti", "")),
        family_id=str(claims["fam"]) if claims.get("fam") else None,
    )


def new_refresh_token() -> str:
    return secrets.token_urlsafe(48)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
