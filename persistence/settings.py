"""The service's settings, read once from the environment (pydantic-settings).

One class for the whole service (API, `ge serve`, `ge worker`), so that a deployment is configured in one
place: `DATABASE_URL` (SQLite file by default, `postgresql+psycopg://…` for PostgreSQL), `GE_DATA_DIR`,
`GE_PUBLIC_URL` (the base of the feed links handed to subscribers), `GE_MAX_BODY_BYTES` (the largest request
body the API reads, 1 MiB by default).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GE_", extra="ignore")

    data_dir: Path = Path(".")
    database_url: str | None = Field(
        None, validation_alias=AliasChoices("DATABASE_URL", "GE_DATABASE_URL"), description="SQLAlchemy URL"
    )
    public_url: str = "http://127.0.0.1:8000"
    page_size_max: int = 500
    max_body_bytes: int = Field(
        1024 * 1024,
        ge=1024,
        description="request bodies larger than this are refused with 413 (api.body_limit)",
    )

    @property
    def effective_database_url(self) -> str:
        """`DATABASE_URL` when set, else an SQLite file `ge.db` in the data directory (embedded default)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ge.db').as_posix()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
