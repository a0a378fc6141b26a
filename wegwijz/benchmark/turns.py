"""Turn latency and throughput of the real stack, at 1 and 8 concurrent senders (a quick before/after check).

    python -m wegwijz.benchmark.turns [--messages 60] [--senders 1,8] [--repeat]

Starts Rasa and the action server on free loopback ports and a fresh SQLite database (as `make measure`
does), then posts held-out questions (all four languages) to the REST webhook: at each load every sender
is its own conversation, sending its next question as soon as the previous one is answered (closed
loop).  No question is sent twice in a run (the servers start cold each run), so the query embedding cache
does not flatter the figures; `--repeat` adds a pass of questions asked before, which it does serve.
Prints p50, p95, turns/s and errors per load.  `make bench` is the full benchmark; this is the small one.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from wegwijz import db
from wegwijz.benchmark import heldout
from wegwijz.benchmark.servers import _free_port, _rss_mib
from wegwijz.bot_model import ensure_model
from wegwijz.doorkeys import CHANNEL_HEADER, CHANNEL_SECRET_ENV, RASA_TOKEN_ENV
from wegwijz.settings import get as get_settings
from wegwijz.stack import Stack, action_server_command, child_env, rasa_server_command, wait_until_up, write_endpoints


@dataclasses.dataclass
class Load:
    """The figures of one load level."""

    name: str
    senders: int
    latencies: list[float]
    errors: int
    seconds: float
    cpu: dict[str, float] = dataclasses.field(default_factory=dict)
    """CPU seconds each server used during the load (steadier than latency on a shared machine)."""

    def row(self) -> str:
        """One line of the table."""
        ordered = sorted(self.latencies) or [0.0]
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        return (f"{self.name:<22} {self.senders:>3} senders {len(self.latencies):>4} turns "
                f"{len(self.latencies) / self.seconds:6.1f} turns/s  p50 {statistics.median(ordered) * 1000:5.0f} ms"
                f"  p95 {p95 * 1000:5.0f} ms  errors {self.errors}"
                + "".join(f"  {name} CPU {seconds / max(1, len(self.latencies)) * 1000:4.0f} ms/turn"
                          for name, seconds in self.cpu.items()))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (threads included), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def drive(url: str, secret: str, name: str, senders: int, texts: list[str], tag: str,
          pids: dict[str, int] | None = None) -> Load:
    """Send `texts` shared over `senders` conversations, each waiting for its answer before the next."""
    per_sender = [texts[i::senders] for i in range(senders)]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def sender(index: int) -> None:
        with requests.Session() as session:
            for text in per_sender[index]:
                t0 = time.perf_counter()
                try:
                    answer = session.post(url, json={"sender": f"web:turns-{tag}-{index}", "message": text},
                                          headers={CHANNEL_HEADER: secret}, timeout=120)
                    ok = answer.status_code == 200 and bool(answer.json())
                except requests.RequestException:
                    ok = False
                took = time.perf_counter() - t0
                with lock:
                    if ok:
                        latencies.append(took)
                    else:
                        errors[0] += 1

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(senders)]
    cpu_before = {name: cpu_seconds(pid) for name, pid in (pids or {}).items()}
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - started
    cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in (pids or {}).items()}
    return Load(name, senders, latencies, errors[0], took, cpu)


def main(argv: list[str] | None = None) -> int:
    """Start the stack, drive it, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=60, help="questions per load level (default 60)")
    parser.add_argument("--senders", default="1,8", help="load levels, comma-separated (default 1,8)")
    parser.add_argument("--repeat", action="store_true", help="also a pass of questions asked before")
    args = parser.parse_args(argv)
    levels = [int(s) for s in args.senders.split(",")]
    questions = [q.text for q in heldout.load("all")]
    random.Random(12).shuffle(questions)
    if args.messages * len(levels) > len(questions):
        parser.error(f"at most {len(questions) // len(levels)} messages per level (each question once)")
    base = get_settings()
    model = ensure_model(base, quiet=True)
    with tempfile.TemporaryDirectory() as tmp:
        rasa_port, action_port = _free_port(), _free_port()
        settings = dataclasses.replace(base, database_url=f"sqlite:///{tmp}/turns.db", var_dir=Path(tmp),
                                       action_port=action_port, rasa_url=f"http://127.0.0.1:{rasa_port}")
        db.migrate(settings.database_url)
        env = child_env(settings, SANIC_HOST="127.0.0.1")
        stack = Stack()
        stack.start("actions", action_server_command(action_port), env, Path(tmp) / "actions.log")
        stack.start("rasa", rasa_server_command(model, write_endpoints(settings, action_port), rasa_port,
                                                 env[RASA_TOKEN_ENV]), env, Path(tmp) / "rasa.log")
        try:
            wait_until_up(f"http://127.0.0.1:{action_port}/health", 120, stack)
            wait_until_up(f"{settings.rasa_url}/", 300, stack)
            url = f"{settings.rasa_url}/webhooks/rest/webhook"
            secret = env[CHANNEL_SECRET_ENV]
            drive(url, secret, "warm-up", 1, ["hallo", "waar vind ik een huisarts?", "hello"], "warm")
            pids = {name: p.pid for name, p in stack.processes}
            loads = []
            for n, senders in enumerate(levels):
                texts = questions[n * args.messages:(n + 1) * args.messages]
                loads.append(drive(url, secret, "new questions", senders, texts, f"new{n}", pids))
            if args.repeat:
                asked = questions[:args.messages]
                loads.append(drive(url, secret, "questions asked before", max(levels), asked, "again", pids))
            print(f"Model: {model.name}")
            for load in loads:
                print(load.row())
            print(f"Resident memory after: Rasa {_rss_mib(pids['rasa']):.0f} MiB, "
                  f"action server {_rss_mib(pids['actions']):.0f} MiB")
        finally:
            stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
