"""`make bench`: start both servers, load them in turn at each number of senders, run the other phases, report.

Options (each also an environment variable, for `make bench BENCH_SENDERS=1,8`):
  --senders 1,8,32      BENCH_SENDERS     loads, in simultaneous senders
  --duration 30         BENCH_DURATION    seconds per load and server
  --quick               BENCH_QUICK=1     a tiny run: 1 sender, 4 s, short phases (for the smoke test)
  --no-baseline         BENCH_NO_BASELINE=1  skip the `rasa init` bot
  --train-from-scratch  BENCH_TRAIN_FROM_SCRATCH=1  also time a full training (minutes; off by default)
  --out bench/results   BENCH_OUT         where latest.json and latest.png go
  --work var/bench/run  BENCH_WORK        the run's database, kennisbank copy, Locust files and logs
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from wegwijz.bench import load, phases, plan, report
from wegwijz.bench.servers import Server, baseline_model, start_baseline, start_ours
from wegwijz.settings import ROOT
from wegwijz.settings import get as get_settings

BENCH_VAR = ROOT / "var" / "bench"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The options, environment variables as defaults."""
    parser = argparse.ArgumentParser(prog="make bench", description="Speed of our stack beside a rasa init bot.")
    parser.add_argument("--senders", default=os.environ.get("BENCH_SENDERS", "1,8,32"),
                        help="comma-separated loads (simultaneous senders)")
    parser.add_argument("--duration", type=float, default=float(os.environ.get("BENCH_DURATION", "30")),
                        help="seconds per load and server")
    parser.add_argument("--quick", action="store_true", default=_flag("BENCH_QUICK"),
                        help="a tiny load (1 sender, 4 s) and short phases")
    parser.add_argument("--no-baseline", action="store_true", default=_flag("BENCH_NO_BASELINE"),
                        help="skip the rasa init bot")
    parser.add_argument("--train-from-scratch", action="store_true", default=_flag("BENCH_TRAIN_FROM_SCRATCH"),
                        help="also time training from scratch (into a folder of its own; minutes)")
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("BENCH_OUT", ROOT / "bench" / "results")),
                        help="folder for latest.json and latest.png")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("BENCH_WORK", BENCH_VAR / "run")),
                        help="the run's own folder (emptied first): database, kennisbank copy, logs")
    args = parser.parse_args(argv)
    args.work, args.out = args.work.resolve(), args.out.resolve()
    args.loads = [int(s) for s in str(args.senders).split(",") if s.strip()]
    if args.quick:
        args.loads, args.duration = [1], min(args.duration, 4.0)
    if not args.loads or min(args.loads) < 1:
        parser.error("--senders needs positive numbers")
    return args


def _step(text: str) -> None:
    print(f"==> {text}", flush=True)


def _warm(server: Server, conversations: list[dict[str, Any]]) -> None:
    """One conversation of each kind and language (not measured, check-ins aside): the first turns in a
    language load what is loaded lazily."""
    seen = set()
    for conversation in conversations:
        key = (conversation["kind"], conversation["lang"])
        if key in seen or conversation["kind"] == "checkin":
            continue
        seen.add(key)
        for step in conversation["steps"]:
            phases.talk(server, f"{conversation['sender']}-warm", step.get("press") or step["text"])


def main(argv: list[str] | None = None) -> int:
    """Run every phase; print the table; write the JSON and the plot."""
    args = parse(argv)
    begun = time.monotonic()
    run_id = dt.datetime.now(dt.timezone.utc).strftime("%H%M%S") + uuid.uuid4().hex[:4]
    run_dir = args.work
    if run_dir.exists():
        shutil.rmtree(run_dir)
    (run_dir / "logs").mkdir(parents=True)
    locust = load.locust_venv(BENCH_VAR / "locust-venv")
    results: dict[str, Any] = {
        "started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
        "options": {"senders": args.loads, "duration_s": args.duration, "quick": args.quick,
                    "baseline": not args.no_baseline, "train_from_scratch": args.train_from_scratch},
        "load": [], "servers": {}, "growth": {}, "burst": {},
    }
    baseline_trained = None
    if not args.no_baseline:
        model, baseline_trained = baseline_model(BENCH_VAR / "baseline", run_dir / "logs" / "baseline-init.log")
    _step("Starting our stack as `make run` does (SQLite, fresh database) on free ports")
    servers: dict[str, Server] = {"ours": start_ours(get_settings(), run_dir)}
    try:
        if not args.no_baseline:
            _step("Starting the `rasa init` baseline (in-memory tracker, no action server)")
            servers["baseline"] = start_baseline(BENCH_VAR / "baseline", model, servers["ours"].token,
                                                 run_dir / "logs" / "baseline.log")
        for name, server in servers.items():
            print(f"    {name}: up after " + ", ".join(f"{k} {v:.1f} s" for k, v in server.started_in.items()))
        _load_phase(args, run_id, servers, locust, run_dir, results)
        for name, server in servers.items():
            rss = server.rss()
            results["servers"][name] = {"url": server.url, "started_in": server.started_in,
                                        "rss_mib_after_load": rss, "rss_mib_total": round(sum(rss.values()), 1)}
        if baseline_trained is not None:
            results["servers"]["baseline"]["trained_in_s"] = baseline_trained
        levels, probes = ([10, 100], 2) if args.quick else ([10, 100, 500], 5)
        for name, server in servers.items():
            _step(f"{name}: latency as the conversation grows ({', '.join(map(str, levels))} events)")
            results["growth"][name] = phases.growth(server, levels, probes)
        for name, server in servers.items():
            _step(f"{name}: a burst of 10 messages from one sender")
            results["burst"][name] = phases.burst(server)
        _step("ours: a kennisbank text change going live")
        results["text_change_live"] = phases.text_change_live(servers["ours"], 60)
    finally:
        for server in servers.values():
            server.stack.stop()
    _step("Training time (`make train` when nothing changed" + (", and from scratch)" if args.train_from_scratch
                                                                else ")"))
    results["training"] = phases.training_time(run_dir, args.train_from_scratch)
    results["finished_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["took_s"] = round(time.monotonic() - begun, 1)
    report.write_json(results, args.out / "latest.json")
    report.plot(results, args.out / "latest.png")
    print()
    print(report.table(results))
    print()
    for line in report.other_lines(results):
        print(line)
    print(f"\nMachine: {os.cpu_count()} CPUs, load average (1, 5, 15 min) "
          f"{results['machine']['load_average_at_start']} at the start, {results['machine']['load_average_at_end']} "
          "at the end: other work on the machine slows both servers")
    print(f"\nWritten: {args.out / 'latest.json'}, {args.out / 'latest.png'} (took {results['took_s']:.0f} s; "
          f"logs in {run_dir / 'logs'})")
    errors = sum(r["ours"]["errors"] + ((r.get("baseline") or {}).get("errors") or 0) for r in results["load"])
    return 1 if errors else 0


def _load_phase(args: argparse.Namespace, run_id: str, servers: dict[str, Server], locust: Path, run_dir: Path,
                results: dict[str, Any]) -> None:
    """Each load on each server in turn (ours, then the baseline), so both meet the same machine."""
    ours = servers["ours"]
    assert ours.settings is not None
    # Enough conversations that none is held twice: a sender answers about ten turns a second at best.
    count = max(40, int(max(args.loads) * args.duration * 2))
    for index, senders in enumerate(args.loads):
        tag = f"{run_id}-{senders}"
        conversations, checkins = plan.ours(tag, count, checkin_pool=4 * senders + 8, seed=index)
        plan.prepare_checkins(ours.settings.database_url, checkins)
        if index == 0:
            _step("Warming up both servers (one conversation of each kind and language, not measured)")
            _warm(ours, conversations)
            if "baseline" in servers:
                _warm(servers["baseline"], plan.baseline(f"{tag}-w", 1))
        row: dict[str, Any] = {"senders": senders}
        _step(f"ours: {senders} sender(s) for {args.duration:.0f} s")
        row["ours"] = load.run(locust, ours.url, {"target": "ours", "conversations": conversations,
                                                  "headers": ours.headers, "token": ours.token},
                               senders, args.duration, run_dir / f"locust-ours-{senders}", f"ours {senders}",
                               run_dir / "logs" / "locust.log")
        if "baseline" in servers:
            _step(f"baseline: {senders} sender(s) for {args.duration:.0f} s")
            base = servers["baseline"]
            base_plan = {"target": "baseline", "conversations": plan.baseline(tag, count), "headers": {},
                         "token": base.token}
            row["baseline"] = load.run(locust, base.url, base_plan,
                                       senders, args.duration, run_dir / f"locust-baseline-{senders}",
                                       f"baseline {senders}", run_dir / "logs" / "locust.log")
        row["ratio"] = report.ratio(row["ours"], row.get("baseline"))
        results["load"].append(row)


if __name__ == "__main__":
    sys.exit(main())
