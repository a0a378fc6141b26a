"""Settings, read from the environment once (see `.env.example`).

Every value has an embedded default so `make run` needs no configuration:
SQLite in `var/`, all servers on loopback.  Production sets the environment.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The project folder (holds `bot/`, `kennisbank/`, `wegwijz/`)."""

PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev"}


@dataclass(frozen=True)
class Settings:
    """Runtime configuration of every WegwijZ process."""

    environment: str
    database_url: str
    kennisbank_dir: Path
    bot_dir: Path
    models_dir: Path
    var_dir: Path
    rasa_url: str
    rasa_token: str
    action_port: int
    web_host: str
    web_port: int
    secret_key: str
    log_retention_days: int = 14
    """Days a rotated log file is kept (`WEGWIJZ_LOG_RETENTION_DAYS`): long enough to look into a
    problem reported a week later, short because even scrubbed logs say who talked when."""
    web_idle_days: float = 30
    """Days without a message after which the web chat's cookie no longer names the person
    (`WEGWIJZ_WEB_IDLE_DAYS`); they then begin a new conversation."""
    office_hours: str = "1-5 09:00-17:00"
    """When staff read the "ask a person" inbox (`WEGWIJZ_OFFICE_HOURS`): ISO weekdays (1 = Monday)
    and a time span, Europe/Amsterdam. The default is a placeholder the team sets to its real hours."""
    answer_working_days: int = 2
    """Working days within which a person usually answers (`WEGWIJZ_ANSWER_WORKING_DAYS`); after
    that an open question counts as overdue on the monitoring page."""

    @property
    def is_production(self) -> bool:
        """Whether this runs for real people (stricter checks)."""
        return self.environment == "production"

    def check(self) -> None:
        """Refuse to run in production with placeholder secrets.

        Raises:
            RuntimeError: when a production setting is unsafe.
        """
        if not self.is_production:
            return
        if self.secret_key in PLACEHOLDER_SECRETS or len(self.secret_key) < 32:
            raise RuntimeError("WEGWIJZ_SECRET_KEY must be a random value of 32+ characters in production")
        if not self.rasa_token or self.rasa_token in PLACEHOLDER_SECRETS:
            raise RuntimeError("RASA_TOKEN must be set in production: Rasa's API may not run without auth")
        # Several machines share these, so production sets them; a file made on one machine would differ.
        for name in ("WEGWIJZ_CHANNEL_SECRET", "WEGWIJZ_ACTION_SECRET", "RASA_TOKEN"):
            value = os.environ.get(name, "").strip()
            if value.lower() in PLACEHOLDER_SECRETS or len(value) < 32:
                raise RuntimeError(f"{name} must be a random value of 32+ characters in production")


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def load() -> Settings:
    """Read settings from the environment (no caching; see `get`)."""
    var_dir = Path(_env("WEGWIJZ_VAR_DIR", str(ROOT / "var")))
    return Settings(
        environment=_env("WEGWIJZ_ENV", "development"),
        database_url=_env("DATABASE_URL", f"sqlite:///{var_dir / 'wegwijz.db'}"),
        kennisbank_dir=Path(_env("WEGWIJZ_KENNISBANK", str(ROOT / "kennisbank"))),
        bot_dir=ROOT / "bot",
        models_dir=Path(_env("WEGWIJZ_MODELS_DIR", str(ROOT / "models"))),
        var_dir=var_dir,
        rasa_url=_env("RASA_URL", "http://localhost:5005"),
        rasa_token=_env("RASA_TOKEN", ""),
        action_port=int(_env("ACTION_PORT", "5055")),
        web_host=_env("WEB_HOST", "127.0.0.1"),
        web_port=int(_env("WEB_PORT", "8000")),
        secret_key=_env("WEGWIJZ_SECRET_KEY", "dev"),
        log_retention_days=int(_env("WEGWIJZ_LOG_RETENTION_DAYS", "14")),
        web_idle_days=float(_env("WEGWIJZ_WEB_IDLE_DAYS", "30")),
        office_hours=_env("WEGWIJZ_OFFICE_HOURS", "1-5 09:00-17:00"),
        answer_working_days=int(_env("WEGWIJZ_ANSWER_WORKING_DAYS", "2")),
    )


@functools.lru_cache(maxsize=1)
def get() -> Settings:
    """The settings of this process, read once on first use."""
    return load()
