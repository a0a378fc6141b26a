"""The shared secrets between our processes: one per door, from the environment or made at first start.

Rasa's `--auth-token` guards only its HTTP API, so the REST channel and the action server get their own
secret.  Each comes from an environment variable (production sets them) or, when that is unset, from a
file in `var/` made at first start with mode 0600, so `make run` needs no configuration and every process
of one installation reads the same value.
"""

from __future__ import annotations

import hmac
import os
import secrets
import time
from pathlib import Path

CHANNEL_HEADER = "X-WegwijZ-Channel-Secret"
"""The header every caller of Rasa's REST channel sends."""

ACTION_HEADER = "X-WegwijZ-Action-Secret"
"""The header Rasa sends to the action server (set in the endpoints file)."""

CHANNEL_SECRET_ENV = "WEGWIJZ_CHANNEL_SECRET"
ACTION_SECRET_ENV = "WEGWIJZ_ACTION_SECRET"
RASA_TOKEN_ENV = "RASA_TOKEN"

CHANNEL_SECRET_FILE = "channel-secret"
ACTION_SECRET_FILE = "action-secret"
RASA_TOKEN_FILE = "rasa-token"


def shared_secret(var_dir: Path, env_name: str, filename: str) -> str:
    """The secret in `env_name`, else the one in `var_dir/filename`, made there (0600) when missing.

    Args:
        var_dir: the installation's `var/` folder.
        env_name: the environment variable that overrides the file.
        filename: the file's name inside `var_dir`.
    """
    value = os.environ.get(env_name, "").strip()
    if value:
        return value
    path = Path(var_dir) / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_when_written(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(32))
    return _read_when_written(path)


def _read_when_written(path: Path, attempts: int = 50) -> str:
    """The file's value; another process may have created it a moment ago and still be writing."""
    for _ in range(attempts):
        value = path.read_text(encoding="ascii").strip()
        if value:
            return value
        time.sleep(0.02)
    raise RuntimeError(f"{path.name} is empty: remove it to make a new secret")


def channel_secret(var_dir: Path) -> str:
    """The REST channel's secret (`WEGWIJZ_CHANNEL_SECRET` or `var/channel-secret`)."""
    return shared_secret(var_dir, CHANNEL_SECRET_ENV, CHANNEL_SECRET_FILE)


def action_secret(var_dir: Path) -> str:
    """The action server's secret (`WEGWIJZ_ACTION_SECRET` or `var/action-secret`)."""
    return shared_secret(var_dir, ACTION_SECRET_ENV, ACTION_SECRET_FILE)


def rasa_token(var_dir: Path) -> str:
    """Rasa's HTTP API token (`RASA_TOKEN` or `var/rasa-token`)."""
    return shared_secret(var_dir, RASA_TOKEN_ENV, RASA_TOKEN_FILE)


def matches(given: str | None, expected: str) -> bool:
    """Whether `given` is the secret, compared in constant time; an empty secret never matches."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8"))
