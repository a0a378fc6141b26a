"""The two servers under test: our stack (as `make run` starts it) and the `rasa init` baseline."""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from wegwijz import db
from wegwijz.bot_model import ensure_model
from wegwijz.doorkeys import CHANNEL_HEADER, CHANNEL_SECRET_ENV, RASA_TOKEN_ENV
from wegwijz.settings import Settings
from wegwijz.stack import Stack, action_server_command, child_env, rasa_server_command, wait_until_up, write_endpoints


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mib(pid: int) -> float:
    """Resident memory (VmRSS) of a process and all its descendants, in MiB; 0 when it is gone."""
    total_kib = 0
    pending, seen = [pid], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                children = task / "children"
                if children.exists():
                    pending += [int(p) for p in children.read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total_kib / 1024


@dataclasses.dataclass
class Server:
    """One server under test: where to reach it and the processes to weigh."""

    name: str
    url: str
    stack: Stack
    started_in: dict[str, float]
    headers: dict[str, str]
    token: str
    settings: Settings | None = None

    def rss(self) -> dict[str, float]:
        """Resident MiB per process of this server (children included)."""
        return {name: round(rss_mib(p.pid), 1) for name, p in self.stack.processes}


def _isolated(base: Settings, run_dir: Path) -> Settings:
    """Settings for a fresh run: own database, a copy of the kennisbank, the current model beside it.

    The kennisbank is copied so the text-change phase edits the copy, never the real articles; the model
    and the embeddings cache are linked (or copied) so nothing the run does writes to the shared models.
    """
    model = ensure_model(base, quiet=True)  # trains only when the inputs changed, as `make run` does
    models = run_dir / "models"
    models.mkdir(parents=True, exist_ok=True)
    if not (models / model.name).exists():
        try:  # read only by Rasa: a link saves copying 40 MB
            os.link(model, models / model.name)
        except OSError:
            shutil.copy2(model, models / model.name)
    cache = base.models_dir / "embeddings.npz"
    if cache.exists():  # written by the action server: a copy of its own
        shutil.copy2(cache, models / cache.name)
    kennisbank = run_dir / "kennisbank"
    shutil.copytree(base.kennisbank_dir, kennisbank)
    return dataclasses.replace(base, database_url=f"sqlite:///{run_dir / 'bench.db'}", var_dir=run_dir,
                               kennisbank_dir=kennisbank, models_dir=models)


def start_ours(base: Settings, run_dir: Path) -> Server:
    """Migrate a fresh SQLite database and start the action server and Rasa as `make run` does.

    The web chat and the check-in scheduler are not started: no turn passes through them (the scheduler's
    own turn, `trigger_intent`, is part of the load instead).
    """
    rasa_port, action_port = free_port(), free_port()
    settings = dataclasses.replace(_isolated(base, run_dir), action_port=action_port,
                                   rasa_url=f"http://127.0.0.1:{rasa_port}")
    db.migrate(settings.database_url)
    model = ensure_model(settings, quiet=True)
    env = child_env(settings, SANIC_HOST="127.0.0.1", ACTION_PORT=str(action_port), RASA_URL=settings.rasa_url)
    logs = run_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stack = Stack()
    started = time.monotonic()
    stack.start("actions", action_server_command(action_port), env, logs / "actions.log")
    stack.start("rasa", rasa_server_command(model, write_endpoints(settings, action_port), rasa_port,
                                             env[RASA_TOKEN_ENV]), env, logs / "rasa.log")
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", 180, stack)
        action_up = time.monotonic() - started
        wait_until_up(f"{settings.rasa_url}/", 400, stack)
    except RuntimeError:
        stack.stop()
        raise
    return Server("ours", settings.rasa_url, stack,
                  {"action_server": round(action_up, 1), "rasa": round(time.monotonic() - started, 1)},
                  {CHANNEL_HEADER: env[CHANNEL_SECRET_ENV]}, env[RASA_TOKEN_ENV], settings)


def baseline_model(baseline_dir: Path, log: Path) -> tuple[Path, float | None]:
    """The `rasa init --no-prompt` bot's model, made (and trained) once; the seconds it took, if it did."""
    models = sorted((baseline_dir / "models").glob("*.tar.gz"))
    if models:
        return models[-1], None
    print(f"==> Making the baseline with `rasa init --no-prompt` in {baseline_dir} (once; about two minutes)",
          flush=True)
    if baseline_dir.exists():
        shutil.rmtree(baseline_dir)
    baseline_dir.mkdir(parents=True)
    started = time.monotonic()
    with log.open("wb") as out:
        subprocess.run([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(baseline_dir)],
                       cwd=baseline_dir.parent, stdout=out, stderr=subprocess.STDOUT, check=True,
                       env=dict(os.environ, RASA_TELEMETRY_ENABLED="false"))
    took = time.monotonic() - started
    models = sorted((baseline_dir / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError(f"rasa init made no model; see {log}")
    return models[-1], round(took, 1)


def start_baseline(baseline_dir: Path, model: Path, token: str, log: Path) -> Server:
    """Rasa's starter bot as it comes: its own endpoints (in-memory tracker, no action server) and REST."""
    port = free_port()
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", SANIC_HOST="127.0.0.1")
    stack = Stack()
    started = time.monotonic()
    stack.start("rasa", [sys.executable, "-m", "rasa", "run", "--model", str(model), "--port", str(port),
                         "--interface", "127.0.0.1", "--enable-api", f"--auth-token={token}",
                         "--endpoints", str(baseline_dir / "endpoints.yml"),
                         "--credentials", str(baseline_dir / "credentials.yml")], env, log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/", 400, stack)
    except RuntimeError:
        stack.stop()
        raise
    return Server("baseline", url, stack, {"rasa": round(time.monotonic() - started, 1)}, {}, token)
