"""Settings from the environment (prefix ``TECHEX_``) and an optional ``.env`` file.

Groups are nested models split on the first underscore after the prefix, so the
names the README documents work as written: ``TECHEX_DATABASE_URL`` is
``database.url``, ``TECHEX_MEILI_URL`` is ``meili.url``, ``TECHEX_AUTH_ACCESS_TOKEN_MINUTES``
is ``auth.access_token_minutes``. ``TECHEX_DATA_DIR`` and ``TECHEX_SECRET_KEY`` are top-level
because several areas use them.
"""

from __future__ import annotations

import enum
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

# Known to everyone who reads this file: fine on a laptop, refused in production.
DEVELOPMENT_SECRET_KEY = "dev-only-secret-key-change-me-0123456789abcdef"  # noqa: S105


class Environment(enum.StrEnum):
    development = "development"
    test = "test"
    production = "production"


class SearchEngineKind(enum.StrEnum):
    tantivy = "tantivy"
    meilisearch = "meilisearch"


class DatabaseSettings(BaseModel):
    url: str | None = Field(
        default=None,
        description="SQLAlchemy async URL; default: SQLite file techex.db in the data folder",
    )
    echo: bool = False
    pool_size: int = 10
    sqlite_busy_timeout_ms: int = 10_000


class SearchSettings(BaseModel):
    engine: SearchEngineKind = SearchEngineKind.tantivy
    # Expand queries with the bilingual glossary (English finds Vietnamese and the reverse).
    cross_language: bool = True
    # Answered searches kept per server process until the index changes (0: no cache; about
    # 15 KB each, so 1,000 take 15 MB), and for at most cache_seconds, so that a listing
    # whose expiry passes drops out of results.
    cache_entries: int = Field(default=1_000, ge=0, le=100_000)
    cache_seconds: float = Field(default=60.0, gt=0)


class BackgroundSettings(BaseModel):
    """The background work: the search outbox, the daily jobs and the e-mail outbox. Who runs
    it is not a setting: `techex serve` (one process) or `techex worker` decide."""

    search_batch_size: int = Field(default=100, ge=1, le=5000)
    search_poll_seconds: float = Field(default=1.0, gt=0)
    mail_batch_size: int = Field(default=50, ge=1, le=1000)
    mail_poll_seconds: float = Field(default=5.0, gt=0)
    # How often the daily jobs look whether one is due.
    jobs_poll_seconds: float = Field(default=600.0, gt=0)
    # A pass that fails is tried again after base, 2 x base, 4 x base ... seconds, up to max;
    # an outbox row that fails waits the same way.
    retry_base_seconds: float = Field(default=1.0, gt=0)
    retry_max_seconds: float = Field(default=300.0, gt=0)


class MeiliSettings(BaseModel):
    url: str | None = None
    key: SecretStr | None = None
    index_prefix: str = "techex"
    timeout_seconds: float = 5.0


class AuthSettings(BaseModel):
    algorithm: str = "HS256"
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=30, ge=1, le=365)
    # Failed logins allowed per window before 429: per e-mail, and per client address
    # (higher, since an office or a university shares one public address behind NAT).
    login_window_seconds: int = Field(default=15 * 60, ge=1)
    login_max_failures_per_email: int = Field(default=5, ge=1)
    login_max_failures_per_client: int = Field(default=30, ge=1)
    # Registrations asked for from one client address per window (an office behind one public
    # address may register a few organisations; a script creating hundreds may not).
    registration_window_seconds: int = Field(default=60 * 60, ge=1)
    registration_max_per_client: int = Field(default=10, ge=1)
    password_min_length: int = Field(default=10, ge=8)


class MailSettings(BaseModel):
    # No server: mail goes to the mailbox folder in the data folder, read by administrators.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    sender: str = "San giao dich cong nghe Bac Ninh <no-reply@localhost>"


class ListingSettings(BaseModel):
    """Offers and demands: validity, expiry warnings, upload and import limits."""

    validity_months: int = Field(default=12, ge=1, le=60)
    expiry_warning_days: int = Field(default=30, ge=1, le=180)
    max_image_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    max_document_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    max_attachments: int = Field(default=20, ge=1)
    max_import_bytes: int = Field(default=30 * 1024 * 1024, ge=1024)
    max_import_rows: int = Field(default=20_000, ge=1)


class WebSettings(BaseModel):
    """The site's pages: how long a sign-in lasts, how long a form stays valid."""

    session_days: int = Field(default=14, ge=1, le=90)
    form_token_hours: int = Field(default=12, ge=1, le=7 * 24)
    # Long-lived: every static URL carries a fingerprint of the file's content.
    static_max_age_seconds: int = Field(default=365 * 24 * 3600, ge=0)


class ProxySettings(BaseModel):
    # Addresses (comma-separated, or "*") of the reverse proxies whose X-Forwarded-For and
    # X-Forwarded-Proto are believed; none by default, so no client picks its own address.
    trusted_ips: str = ""


class DisclosureSettings(BaseModel):
    """Statistical disclosure control of the public figures (docs/disclosure.md)."""

    # A public sum needs at least this many distinct parties and contracts behind it.
    min_parties: int = Field(default=3, ge=2)
    # No single party may hold more than this share of a public sum.
    dominance: float = Field(default=0.85, gt=0, le=1)
    # Price benchmarks need more parties: quartiles sit close to single contracts.
    benchmark_min_parties: int = Field(default=5, ge=3)
    # Above this many cells in one year's cross-classification the public breakdowns by value
    # are withheld: the audit that proves them safe grows with the cube of the cells.
    max_audit_cells: int = Field(default=1500, ge=10)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TECHEX_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="ignore",
    )

    environment: Environment = Environment.development
    data_dir: Path = Path("data")
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET_KEY)
    base_url: str = "http://127.0.0.1:8000"
    log_json: bool = False

    database: DatabaseSettings = DatabaseSettings()
    search: SearchSettings = SearchSettings()
    background: BackgroundSettings = BackgroundSettings()
    meili: MeiliSettings = MeiliSettings()
    auth: AuthSettings = AuthSettings()
    mail: MailSettings = MailSettings()
    listing: ListingSettings = ListingSettings()
    web: WebSettings = WebSettings()
    disclosure: DisclosureSettings = DisclosureSettings()
    proxy: ProxySettings = ProxySettings()

    @model_validator(mode="after")
    def refuse_development_secret_in_production(self) -> Settings:
        if self.environment is Environment.production:
            secret = self.secret_key.get_secret_value()
            if secret == DEVELOPMENT_SECRET_KEY or len(secret) < 32:
                raise ValueError(
                    "TECHEX_SECRET_KEY must be set to a random value of at least 32 characters "
                    "in production (for example: python -c 'import secrets; "
                    "print(secrets.token_urlsafe(48))')"
                )
        return self

    @property
    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'techex.db').resolve()}"

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS, except on a developer's plain-HTTP laptop and in tests."""
        return self.environment is Environment.production

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def secret_values(self) -> list[str]:
        """The configured secrets, which the logs must never show."""
        values = [self.secret_key, self.mail.smtp_password, self.meili.key]
        secrets = [value.get_secret_value() for value in values if value is not None]
        if password := make_url(self.database_url).password:
            secrets.append(str(password))
        return secrets

    @property
    def search_index_dir(self) -> Path:
        return self.data_dir / "search-index"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def mailbox_dir(self) -> Path:
        """Where mail goes when no SMTP server is configured (a Maildir)."""
        return self.data_dir / "mailbox"


@lru_cache
def get_settings() -> Settings:
    return Settings()
