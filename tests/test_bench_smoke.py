"""`make bench` keeps working: the real harness, a tiny load on the real stack, its real output files.

Nothing here is about speed: the figures depend on the machine. What must hold is that the run finishes,
every turn is answered (0 errors), the burst comes back complete and in order, a text change goes live, and
the JSON, the table and the plot are written. The `rasa init` baseline is left out (`--no-baseline`): making
it trains a model, which a test run should not wait for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from wegwijz.settings import ROOT


def test_a_tiny_bench_run_answers_every_turn_and_writes_table_json_and_plot(tmp_path: Path) -> None:
    out, work = tmp_path / "results", tmp_path / "work"
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    run = subprocess.run([sys.executable, "-m", "wegwijz.bench", "--quick", "--no-baseline", "--out", str(out),
                          "--work", str(work)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]

    results = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    assert results["options"]["senders"] == [1] and results["options"]["baseline"] is False
    [row] = results["load"]
    ours = row["ours"]
    assert row["senders"] == 1 and "baseline" not in row and row["ratio"] is None
    assert ours["turns"] >= 1 and ours["errors"] == 0 and ours["error_reasons"] == {}
    assert ours["p50_ms"] <= ours["p95_ms"] <= ours["p99_ms"] <= ours["max_ms"]
    assert ours["turns_per_s"] > 0 and set(ours["per_step"]) <= {"message", "trigger"}

    server = results["servers"]["ours"]
    assert set(server["started_in"]) == {"action_server", "rasa"}
    assert set(server["rss_mib_after_load"]) == {"actions", "rasa"} and server["rss_mib_total"] > 0

    growth = results["growth"]["ours"]
    assert [g["events"] for g in growth] == [10, 100]
    assert all(g["events_measured"] >= g["events"] and g["p50_ms"] > 0 for g in growth)

    burst = results["burst"]["ours"]
    assert burst["messages"] == burst["answered"] == 10
    assert burst["in_order"] is True and len(burst["latencies_ms"]) == 10

    assert results["text_change_live"]["seconds"] is not None, results["text_change_live"]
    assert results["training"]["unchanged_s"] > 0 and "from_scratch_s" not in results["training"]

    assert (out / "latest.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = run.stdout.splitlines()
    header = next(i for i, line in enumerate(table) if line.startswith("| senders | ours: turns/s"))
    cells = [c.strip() for c in table[header + 2].strip("|").split("|")]
    assert cells[0] == "1" and cells[5] == "0" and cells[6] == "(skipped)"
    assert "burst of 10 from one sender: 10 answered, in order" in run.stdout
