from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, StringConstraints

from app.core.validation import Input


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int  # seconds until the access token expires


class RefreshRequest(Input):
    refresh_token: Annotated[str, StringConstraints(min_length=20, max_length=200)]
