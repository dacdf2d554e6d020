"""Settings: the documented environment names work; production refuses the development key."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.core.config import SearchEngineKind, Settings


def test_documented_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TECHEX_DATABASE_URL", "postgresql+asyncpg://u@h/db")
    monkeypatch.setenv("TECHEX_DATA_DIR", "/srv/techex")
    monkeypatch.setenv("TECHEX_SEARCH_ENGINE", "meilisearch")
    monkeypatch.setenv("TECHEX_MEILI_URL", "http://search:7700")
    monkeypatch.setenv("TECHEX_MEILI_KEY", "meili-key")
    monkeypatch.setenv("TECHEX_AUTH_ACCESS_TOKEN_MINUTES", "5")
    settings = Settings(_env_file=None)
    assert settings.database_url == "postgresql+asyncpg://u@h/db"
    assert str(settings.data_dir) == "/srv/techex"
    assert settings.search.engine is SearchEngineKind.meilisearch
    assert settings.meili.url == "http://search:7700"
    assert settings.meili.key is not None and settings.meili.key.get_secret_value() == "meili-key"
    assert settings.auth.access_token_minutes == 5
    assert not settings.is_sqlite


def test_default_is_sqlite_in_the_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TECHEX_DATABASE_URL", raising=False)
    monkeypatch.setenv("TECHEX_DATA_DIR", "/srv/techex-data")
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite+aiosqlite:////srv/techex-data/techex.db"
    assert settings.search.engine is SearchEngineKind.tantivy


def test_production_refuses_the_development_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TECHEX_ENVIRONMENT", "production")
    monkeypatch.delenv("TECHEX_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="TECHEX_SECRET_KEY"):
        Settings(_env_file=None)
    monkeypatch.setenv("TECHEX_SECRET_KEY", "short")
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(_env_file=None)
    monkeypatch.setenv("TECHEX_SECRET_KEY", "x" * 48)
    assert Settings(_env_file=None).secret_key.get_secret_value() == "x" * 48


def test_secrets_do_not_appear_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TECHEX_SECRET_KEY", "super-secret-value-that-must-not-leak-0001")
    assert "super-secret-value" not in repr(Settings(_env_file=None))
