"""The results of `make bench`: a table on the terminal, `latest.json` and a plot `latest.png`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _f(value: float | None, unit: str = "", digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def ratio(ours: dict[str, Any], baseline: dict[str, Any] | None) -> float | None:
    """Our throughput as a multiple of the baseline's at the same load (above 1: ours is faster)."""
    if not baseline or not baseline.get("turns_per_s"):
        return None
    return round(ours["turns_per_s"] / baseline["turns_per_s"], 2)


def table(results: dict[str, Any]) -> str:
    """The load table: per number of senders, ours beside the baseline and the throughput ratio."""
    head = ("| senders | ours: turns/s | p50 | p95 | p99 | errors "
            "| baseline: turns/s | p50 | p95 | p99 | errors | ratio |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in results["load"]:
        ours, base = row["ours"], row.get("baseline")
        cells = [str(row["senders"]), _f(ours["turns_per_s"], "", 1), _f(ours["p50_ms"], " ms"),
                 _f(ours["p95_ms"], " ms"), _f(ours["p99_ms"], " ms"), str(ours["errors"])]
        if base:
            cells += [_f(base["turns_per_s"], "", 1), _f(base["p50_ms"], " ms"), _f(base["p95_ms"], " ms"),
                      _f(base["p99_ms"], " ms"), str(base["errors"])]
        else:
            cells += ["(skipped)", "", "", "", ""]
        cells.append(_f(row.get("ratio"), "×", 2))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def other_lines(results: dict[str, Any]) -> list[str]:
    """The phases beside the load, one line each."""
    lines = []
    for name, server in results["servers"].items():
        start = ", ".join(f"{k} {v:.1f} s" for k, v in server["started_in"].items())
        rss = ", ".join(f"{k} {v:.0f} MiB" for k, v in server["rss_mib_after_load"].items())
        lines.append(f"{name}: up after {start}; resident after load: {rss} (total {server['rss_mib_total']:.0f} MiB)")
    for name, rows in results.get("growth", {}).items():
        cells = ", ".join(f"{r['events_measured']} events {r['p50_ms']:.0f} ms" for r in rows)
        lines.append(f"{name}: growing conversation: {cells}")
    for name, burst in results.get("burst", {}).items():
        lines.append(f"{name}: burst of {burst['messages']} from one sender: {burst['answered']} answered, "
                     f"{'in order' if burst['in_order'] else 'NOT IN ORDER'}, all done in {burst['total_ms']:.0f} ms")
    live = results.get("text_change_live")
    if live:
        lines.append(f"ours: a kennisbank text change live after {_f(live.get('seconds'), ' s', 1)}")
    training = results.get("training")
    if training:
        scratch = training.get("from_scratch_s")
        lines.append(f"ours: training when nothing changed {training['unchanged_s']:.1f} s"
                     + (f", from scratch {scratch:.0f} s" if scratch is not None else
                        " (from scratch: run with --train-from-scratch)"))
    return lines


def write_json(results: dict[str, Any], path: Path) -> None:
    """`latest.json`, indented, non-ASCII kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def plot(results: dict[str, Any], path: Path) -> None:
    """Latency percentiles (log scale) and throughput per number of senders, ours beside the baseline."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    rows = results["load"]
    senders = [str(r["senders"]) for r in rows]
    targets = [("ours", "WegwijZ", "#1f6f8b")] + ([("baseline", "rasa init", "#c8553d")]
                                                  if any(r.get("baseline") for r in rows) else [])
    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(11, 4.2))
    for key, label, colour in targets:
        for pct, style, mark in (("p50_ms", "-", "o"), ("p95_ms", "--", "s"), ("p99_ms", ":", "^")):
            values = [(r.get(key) or {}).get(pct) for r in rows]
            latency.plot(range(len(rows)), [v if v is not None else float("nan") for v in values], style,
                         marker=mark, color=colour, label=f"{label} {pct[:3]}")
        throughput.plot(range(len(rows)), [(r.get(key) or {}).get("turns_per_s") or 0 for r in rows], marker="o",
                        color=colour, label=label)
    for axis in (latency, throughput):
        axis.set_xticks(range(len(rows)))
        axis.set_xticklabels(senders)
    latency.set_yscale("log")
    latency.yaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    latency.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    latency.set_xlabel("senders (closed loop)")
    latency.set_ylabel("latency per turn (ms, log)")
    latency.set_title("Latency: p50, p95, p99")
    latency.legend(fontsize=7, ncol=2)
    throughput.set_xlabel("senders (closed loop)")
    throughput.set_ylabel("turns per second")
    throughput.set_title("Throughput")
    throughput.set_ylim(bottom=0)
    throughput.legend(fontsize=8)
    for axis in (latency, throughput):
        axis.grid(True, axis="y", alpha=0.3)
    machine = results.get("machine", {})
    figure.suptitle(f"make bench, {results.get('finished_at', '')[:16]} UTC, {machine.get('cpus', '?')} CPUs",
                    fontsize=9)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
