"""Settings, read once from the environment and ``.env`` by the CLI and passed down."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: SecretStr | None = Field(default=None, description="sqlite:/// or postgresql+psycopg:// URL")
    mentor_data_dir: Path | None = Field(default=None, description="where the SQLite file lives")
    mentor_vectors_dir: Path | None = Field(default=None, description="answer vector cache (default: data dir)")
    mentor_content_dir: Path | None = Field(default=None, description="content/ to load instead of the packaged one")
    mentor_content_dirs: str = Field(
        default="", description="team overlay folders layered over the content, separated by the OS path separator"
    )
    mentor_admins: str = Field(default="", description="comma-separated user ids treated as admins")
    log_level: str = "INFO"
    mentor_rate_limit_per_minute: int = Field(default=20, description="messages a person may send a minute; 0: off")
    mentor_question_retention_days: int = Field(default=90, ge=1, description="days questions are kept")

    port: int = Field(default=3000, description="HTTP port of the web role (Slack, /healthz, /metrics)")
    metrics_port: int | None = Field(default=None, description="/healthz and /metrics port of the other roles")
    mentor_schema_wait_seconds: float = Field(default=60.0, ge=0, description="wait this long for `mentor db upgrade`")
    mentor_shutdown_grace_seconds: float = Field(default=20.0, gt=0, description="time to finish work on SIGTERM")
    mentor_tick_seconds: float = Field(default=20.0, gt=0, description="how often a scheduler looks for due work")
    mentor_claim_timeout_seconds: float | None = Field(
        default=None, gt=0, description="a claim older belongs to a stopped sender (default 3 × the HTTP timeout)"
    )
    mentor_delivery_batch_size: int = Field(default=25, ge=1, description="deliveries claimed per transaction")
    mentor_http_timeout_seconds: float = Field(
        default=10.0, gt=0, description="connect and total timeout of each Slack and Discord API call"
    )
    mentor_slack_checks_per_minute: float = Field(
        default=20.0, ge=0, description="conversations.history calls per workspace a minute to check unknown sends"
    )

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = Field(default=None, description="turns on Socket Mode")
    slack_api_url: str = "https://slack.com/api/"
    slack_client_id: str | None = Field(default=None, description="with the secret: multi-workspace install (OAuth)")
    slack_client_secret: SecretStr | None = None
    slack_scopes: str = Field(
        default="app_mentions:read,assistant:write,channels:history,channels:read,chat:write,commands,files:write,"
        "groups:history,groups:read,im:history,im:read,im:write,mpim:history,mpim:write,users:read",
        description="comma-separated bot scopes asked for at install (the manifest's)",
    )

    discord_token: SecretStr | None = None
    discord_api_url: str = "https://discord.com/api/v10"
    discord_gateway_url: str = "wss://gateway.discord.gg/"
    discord_shard_count: int | None = Field(default=None, ge=1, description="shards of the gateway connection")

    @property
    def data_dir(self) -> Path:
        return self.mentor_data_dir or Path(platformdirs.user_data_dir("backend-mentor", appauthor=False))

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL: ``DATABASE_URL`` when set, else a SQLite file in the data directory."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{self.data_dir / 'mentor.db'}"

    @property
    def claim_timeout(self) -> float:
        """``MENTOR_CLAIM_TIMEOUT_SECONDS``, else three HTTP timeouts: a check and a send fit with room to spare."""
        return self.mentor_claim_timeout_seconds or 3 * self.mentor_http_timeout_seconds

    @property
    def slack_oauth(self) -> bool:
        """Multi-workspace Slack (OAuth install): the app's client id and secret are both set."""
        secret = self.slack_client_secret.get_secret_value() if self.slack_client_secret else ""
        return bool(self.slack_client_id) and bool(secret)

    @property
    def content_overlays(self) -> tuple[Path, ...]:
        """The team overlay folders of ``MENTOR_CONTENT_DIRS``, in layering order."""
        return tuple(Path(part) for part in self.mentor_content_dirs.split(os.pathsep) if part.strip())

    @property
    def admin_ids(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.mentor_admins.split(",") if part.strip())
