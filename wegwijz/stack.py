"""Starting and stopping the assistant's processes (used by `make run` and the tests)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml
from sqlalchemy.engine import make_url

from wegwijz import doorkeys, log_privacy
from wegwijz.settings import ROOT, Settings

SQLITE_TRACKER_STORE = "wegwijz.rasa_speed.SQLiteTrackerStore"
"""Rasa's SQL tracker store, reusing its SQLite connections (Rasa loads it by this module path)."""


def tracker_store_config(database_url: str) -> dict[str, object]:
    """Rasa's SQL tracker store on our own database, so a restart loses no conversation.

    On SQLite it is Rasa's SQL store with pooled connections (`wegwijz.rasa_speed.SQLiteTrackerStore`).
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return {"type": SQLITE_TRACKER_STORE, "dialect": "sqlite", "db": url.database}
    config: dict[str, object] = {
        "type": "SQL",
        "dialect": url.get_backend_name(),
        "url": url.host or "localhost",
        "db": url.database,
    }
    if url.port:
        config["port"] = url.port
    if url.username:
        config["username"] = url.username
    if url.password:
        config["password"] = url.password
    return config


def write_endpoints(settings: Settings, action_port: int | None = None, lock_store_url: str | None = None) -> Path:
    """Write the runtime endpoints file (action server, tracker store, lock store)."""
    endpoints: dict[str, object] = {
        # Rasa puts the action secret in from its environment (`${...}`), so the file holds no secret.
        "action_endpoint": {"url": f"http://127.0.0.1:{action_port or settings.action_port}/webhook",
                            "headers": {doorkeys.ACTION_HEADER: "${" + doorkeys.ACTION_SECRET_ENV + "}"}},
        "tracker_store": tracker_store_config(settings.database_url),
    }
    redis_url = lock_store_url or os.environ.get("REDIS_URL")
    if redis_url:
        url = make_url(redis_url)
        # Rasa's own `redis` lock store lets two servers take the same conversation at once (wegwijz.lock_store).
        lock_store: dict[str, object] = {"type": "wegwijz.lock_store.AtomicRedisLockStore", "url": url.host,
                                         "port": url.port or 6379, "db": int(url.database or 0)}
        if url.password:
            lock_store["password"] = url.password
    else:
        lock_store = {"type": "wegwijz.lock_store.QuickInMemoryLockStore"}
    endpoints["lock_store"] = lock_store
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    path = settings.var_dir / f"endpoints-{action_port or settings.action_port}.yml"
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return path


def child_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a child process: ours, the project on PYTHONPATH, and the shared secrets.

    The secrets are read (or made, at first start) here once, so every process of the stack holds the
    same channel secret, action secret and Rasa API token.
    """
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        # Rasa's and the action server's Sanic close an idle connection after 5 s by default, while their
        # callers keep idle connections longer (Rasa's aiohttp client 15 s, nginx 60 s): a turn sent on a
        # connection at the moment it closes failed ("Cannot write to closing transport") and went
        # unanswered. The servers now keep them longer than any caller.
        "SANIC_KEEP_ALIVE_TIMEOUT": "75",
        "DATABASE_URL": settings.database_url,
        "WEGWIJZ_VAR_DIR": str(settings.var_dir),
        "WEGWIJZ_KENNISBANK": str(settings.kennisbank_dir),
        doorkeys.CHANNEL_SECRET_ENV: doorkeys.channel_secret(settings.var_dir),
        doorkeys.ACTION_SECRET_ENV: doorkeys.action_secret(settings.var_dir),
        doorkeys.RASA_TOKEN_ENV: settings.rasa_token or doorkeys.rasa_token(settings.var_dir),
    })
    env.update(extra)
    return env


@dataclass
class Stack:
    """The processes started together; stopped together."""

    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    copiers: list[threading.Thread] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict[str, str], log: Path | None = None,
              retention_days: int = 14) -> None:
        """Start one process in its own process group (so stopping it stops its children).

        Its output goes, scrubbed of message texts, long numbers and control characters, to `log`, which
        rotates at midnight and is kept `retention_days` days.
        """
        out = subprocess.PIPE if log else subprocess.DEVNULL
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes.append((name, process))
        if log and process.stdout is not None:
            copier = threading.Thread(target=log_privacy.copy_scrubbed,
                                      args=(process.stdout, log_privacy.rotating_writer(log, retention_days)),
                                      name=f"log-{name}", daemon=True)
            copier.start()
            self.copiers.append(copier)

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate every process group, then kill what is left."""
        for _, process in self.processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for _, process in self.processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for copier in self.copiers:  # the last lines reach the log before stop() returns
            copier.join(5)
        self.processes.clear()
        self.copiers.clear()

    def dead(self) -> list[str]:
        """Names of processes that have exited."""
        return [name for name, p in self.processes if p.poll() is not None]


def action_server_command(port: int) -> list[str]:
    """The action server serving `bot/actions` behind the action secret (`wegwijz.action_server`)."""
    return [sys.executable, "-m", "wegwijz.action_server", "--actions", "bot.actions", "--port", str(port)]


def rasa_server_command(model: Path, endpoints: Path, port: int, token: str) -> list[str]:
    """Rasa's HTTP server on loopback with our REST channel and the API behind `token`.

    The API is used by the check-in scheduler (`trigger_intent`) and by operators reading a tracker;
    it never runs without a token (see `wegwijz.doorkeys.rasa_token`).

    Raises:
        ValueError: when `token` is empty.
    """
    if not token:
        raise ValueError("Rasa's HTTP API needs a token")
    return [
        sys.executable, "-m", "rasa", "run", "--model", str(model), "--endpoints", str(endpoints),
        "--credentials", str(ROOT / "bot" / "credentials.yml"), "--port", str(port),
        # One argument with "=": a random token that starts with "-" would otherwise be read as an option
        # and Rasa would refuse to start (about one start in 64).
        "--interface", "127.0.0.1", "--enable-api", f"--auth-token={token}",
    ]


def wait_until_up(url: str, timeout: float, stack: Stack | None = None) -> float:
    """Poll `url` until it answers 200; returns the seconds it took.

    Raises:
        RuntimeError: on timeout or when a process of the stack died meanwhile.
    """
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if stack and stack.dead():
            raise RuntimeError(f"process exited while starting: {', '.join(stack.dead())}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return time.monotonic() - started
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up within {timeout:.0f} s")
