"""All tables, imported here so Alembic and the mapper registry see every model."""

from app.models.base import Base
from app.models.login_attempt import LoginAttempt
from app.models.organization import Organization
from app.models.refresh_token import RefreshToken
from app.models.search_outbox import SearchOutbox
from app.models.user import User

__all__ = ["Base", "LoginAttempt", "Organization", "RefreshToken", "SearchOutbox", "User"]
