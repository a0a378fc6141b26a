"""Locust in its own environment: made from `bench/requirements-locust.txt`, run headless, summarised."""

from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from wegwijz.settings import ROOT

REQUIREMENTS = ROOT / "bench" / "requirements-locust.txt"
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
PYTHONS = ("python3.12", "python3.11", "python3.10", "python3")


def locust_venv(venv: Path) -> Path:
    """The `locust` program of `venv`, made (or remade when the pins changed) from PyPI.

    Raises:
        RuntimeError: when no Python can make a virtual environment or pip fails.
    """
    stamp = venv / f".installed-{hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]}"
    locust = venv / "bin" / "locust"
    if stamp.exists() and locust.exists():
        return locust
    print(f"==> Installing Locust into {venv} (its own environment; pins in {REQUIREMENTS.relative_to(ROOT)})",
          flush=True)
    for python in PYTHONS:
        if subprocess.run([python, "-m", "venv", "--clear", str(venv)], capture_output=True).returncode == 0:
            break
    else:
        raise RuntimeError("no Python could make a virtual environment for Locust")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    result = subprocess.run(pip + ["--no-deps", "-r", str(REQUIREMENTS)], capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"installing Locust failed:\n{result.stderr[-2000:]}")
    for old in venv.glob(".installed-*"):
        old.unlink()
    stamp.touch()
    return locust


def run(locust: Path, host: str, plan: dict[str, Any], users: int, seconds: float, work: Path, label: str,
        log: Path) -> dict[str, Any]:
    """One closed-loop Locust run of `users` senders for `seconds`; its summary (see `summarise`)."""
    work.mkdir(parents=True, exist_ok=True)
    plan_file, samples_file = work / "plan.json", work / "samples.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    samples_file.unlink(missing_ok=True)
    command = [str(locust), "-f", str(LOCUSTFILE), "--headless", "--host", host, "--users", str(users),
               "--spawn-rate", str(users), "--run-time", f"{max(1, round(seconds))}s", "--stop-timeout", "150",
               "--csv", str(work / "locust"), "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update({"BENCH_PLAN": str(plan_file), "BENCH_SAMPLES": str(samples_file), "BENCH_LABEL": label,
                "BENCH_PROGRESS_EVERY": "5" if seconds > 12 else "2"})
    started = time.monotonic()
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n===== {label}\n")
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                                   cwd=work)
        assert process.stdout is not None
        for line in process.stdout:
            out.write(line)
            if line.startswith("    ["):
                print(line, end="", flush=True)
        code = process.wait()
    if code or not samples_file.exists():
        raise RuntimeError(f"Locust failed ({label}, exit {code}); see {log}")
    samples = json.loads(samples_file.read_text(encoding="utf-8"))
    return summarise(samples, users, seconds, time.monotonic() - started)


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile of `values` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def summarise(samples: list[list[Any]], users: int, seconds: float, wall: float) -> dict[str, Any]:
    """Turns per second from the first turn's start to the last one's end, latency percentiles in ms,
    errors and their reasons.

    `samples` rows are (start, seconds, step kind, ok, reason), as `bench/locustfile.py` writes them; a turn
    under way when the run time is up is let finish, and counted.
    """
    latencies = [float(row[1]) for row in samples]
    span = (max(row[0] + row[1] for row in samples) - min(row[0] for row in samples)) if samples else 0.0
    reasons: dict[str, int] = {}
    for row in samples:
        if not row[3]:
            reasons[row[4]] = reasons.get(row[4], 0) + 1
    per_kind: dict[str, dict[str, Any]] = {}
    for kind in sorted({row[2] for row in samples}):
        mine = [float(row[1]) for row in samples if row[2] == kind]
        per_kind[kind] = {"turns": len(mine), "p50_ms": _ms(percentile(mine, 0.5)),
                          "p95_ms": _ms(percentile(mine, 0.95))}
    return {
        "senders": users,
        "turns": len(samples),
        "errors": sum(reasons.values()),
        "error_reasons": reasons,
        "seconds": seconds,
        "span_seconds": round(span, 2),
        "wall_seconds": round(wall, 1),
        "turns_per_s": round(len(samples) / span, 2) if span > 0 else 0.0,
        "p50_ms": _ms(percentile(latencies, 0.5)),
        "p95_ms": _ms(percentile(latencies, 0.95)),
        "p99_ms": _ms(percentile(latencies, 0.99)),
        "max_ms": _ms(max(latencies) if latencies else None),
        "per_step": per_kind,
    }
