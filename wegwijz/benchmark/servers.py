"""`make measure`: server start time, resident memory and reply latency of the real servers.

Starts Rasa and the action server on free loopback ports (as `make run` does),
asks held-out questions over HTTP, and prints the figures. Training time is
printed by `make train` when a model is (re)trained.
"""

from __future__ import annotations

import dataclasses
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

from wegwijz import db
from wegwijz.benchmark import heldout
from wegwijz.bot_model import ensure_model
from wegwijz.doorkeys import CHANNEL_HEADER, CHANNEL_SECRET_ENV, RASA_TOKEN_ENV
from wegwijz.settings import get as get_settings
from wegwijz.stack import Stack, action_server_command, child_env, rasa_server_command, wait_until_up, write_endpoints


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (VmRSS), in MiB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def main() -> int:
    """Measure and print."""
    base = get_settings()
    model = ensure_model(base, quiet=True)
    with tempfile.TemporaryDirectory() as tmp:
        rasa_port, action_port = _free_port(), _free_port()
        settings = dataclasses.replace(base, database_url=f"sqlite:///{tmp}/measure.db", var_dir=Path(tmp),
                                       action_port=action_port, rasa_url=f"http://127.0.0.1:{rasa_port}")
        db.migrate(settings.database_url)
        env = child_env(settings, SANIC_HOST="127.0.0.1")
        stack = Stack()
        started = time.monotonic()
        stack.start("actions", action_server_command(action_port), env)
        stack.start("rasa", rasa_server_command(model, write_endpoints(settings, action_port), rasa_port,
                                                 env[RASA_TOKEN_ENV]), env)
        try:
            wait_until_up(f"http://127.0.0.1:{action_port}/health", 120, stack)
            action_up = time.monotonic() - started
            wait_until_up(f"{settings.rasa_url}/", 300, stack)
            rasa_up = time.monotonic() - started
            latencies = []
            for index, question in enumerate(heldout.load("test")):
                t0 = time.monotonic()
                requests.post(f"{settings.rasa_url}/webhooks/rest/webhook",
                              json={"sender": f"web:measure{index}", "message": question.text},
                              headers={CHANNEL_HEADER: env[CHANNEL_SECRET_ENV]}, timeout=60)
                latencies.append(time.monotonic() - t0)
            pids = {name: p.pid for name, p in stack.processes}
            print(f"Model: {model.name}")
            print(f"Action server up after {action_up:.1f} s, Rasa server up after {rasa_up:.1f} s")
            print(f"Resident memory: Rasa {_rss_mib(pids['rasa']):.0f} MiB, "
                  f"action server {_rss_mib(pids['actions']):.0f} MiB (after {len(latencies)} questions)")
            first, rest = latencies[0], sorted(latencies[1:])
            print(f"Reply latency over HTTP: first {first * 1000:.0f} ms; then median "
                  f"{statistics.median(rest) * 1000:.0f} ms, p95 {rest[int(len(rest) * 0.95)] * 1000:.0f} ms")
        finally:
            stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
