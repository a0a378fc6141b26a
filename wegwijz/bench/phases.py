"""The phases beside the load: a growing conversation, a burst from one sender, a text change going live,
and training time."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests

from wegwijz.bench.servers import Server
from wegwijz.settings import ROOT

GROWTH_PROBE = {"ours": "waar vind ik een huisarts?", "baseline": "I am sad"}
GROWTH_OPENING = {"ours": "hallo", "baseline": "hi"}
BURST = {
    "ours": ["waar vind ik een huisarts?", "how do I get a DigiD", "كيف أسجل عند طبيب؟", "ሓኪም ከመይ ይረክብ?",
             "wat doet het CJG", "where can I learn Dutch", "هل يمكنني الحصول على مساعدة في دفع الإيجار",
             "ብዛዕባ DUO ከመይ ይሰርሕ inburgering", "hoe scheid ik afval", "what is the Sociaal Team"],
    "baseline": ["hi", "I am sad", "yes", "no", "are you a bot?", "I am great", "perfect", "very good",
                 "not good", "bye"],
}
LIVE_ARTICLE, LIVE_QUESTION = "huisarts", "waar vind ik een huisarts in zeist"


def talk(server: Server, sender: str, text: str, timeout: float = 120) -> tuple[float, list[dict[str, Any]]]:
    """One turn over the REST webhook: (seconds, replies).

    Raises:
        requests.HTTPError: on a status other than 2xx.
    """
    t0 = time.perf_counter()
    response = requests.post(f"{server.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                             headers=server.headers, timeout=timeout)
    took = time.perf_counter() - t0
    response.raise_for_status()
    return took, list(response.json())


def _events_url(server: Server, sender: str) -> str:
    return f"{server.url}/conversations/{quote(sender, safe=':@')}/tracker"


def tracker_events(server: Server, sender: str) -> list[dict[str, Any]]:
    """Every event of the conversation (Rasa's HTTP API)."""
    response = requests.get(_events_url(server, sender), params={"token": server.token, "include_events": "ALL"},
                            timeout=60)
    response.raise_for_status()
    return list(response.json().get("events") or [])


def _grow(server: Server, sender: str, events: int, max_bytes: int = 40_000) -> int:
    """Append copies of the conversation's own turns until it holds at least `events` events; the count.

    Whole turns, in batches under `max_bytes` (our Rasa refuses request bodies over 64 KB).
    """
    current = tracker_events(server, sender)
    start = max((i for i, e in enumerate(current) if e.get("event") == "session_started"), default=-1) + 1
    turn = [e for e in current[start:] if not (e.get("event") == "action" and e.get("name") == "action_session_start")]
    turn = [{k: v for k, v in e.items() if k != "message_id"} for e in turn]
    count = len(current)
    turn_bytes = len(json.dumps(turn, ensure_ascii=False).encode())
    while count < events and turn:
        # Whole turns only (a conversation never stops halfway through one), as many as fit in one body.
        copies = max(1, min(max_bytes // max(turn_bytes, 1), -(-(events - count) // len(turn))))
        now = time.time()
        batch = [dict(e, timestamp=now + 0.001 * i) for i, e in enumerate(turn * copies)]
        response = requests.post(f"{_events_url(server, sender)}/events",
                                 params={"token": server.token, "include_events": "NONE"}, json=batch, timeout=120)
        response.raise_for_status()
        count = len(tracker_events(server, sender))
    return count


def growth(server: Server, levels: list[int], probes: int) -> list[dict[str, Any]]:
    """Latency of one question in a conversation that already holds about `level` events.

    Each probe is a fresh conversation: an opening turn, then copies of its own events appended over the HTTP
    API up to the level, then the question, timed.
    """
    rows = []
    for level in levels:
        took, counts = [], []
        for _ in range(probes):
            sender = f"web:bench-growth-{uuid.uuid4().hex[:10]}"
            talk(server, sender, GROWTH_OPENING[server.name])
            counts.append(_grow(server, sender, level))
            seconds, replies = talk(server, sender, GROWTH_PROBE[server.name])
            if not replies:
                raise RuntimeError(f"{server.name}: no reply at {level} events")
            took.append(seconds)
        rows.append({"events": level, "events_measured": int(statistics.median(counts)), "probes": probes,
                     "p50_ms": round(statistics.median(took) * 1000, 1), "max_ms": round(max(took) * 1000, 1)})
        print(f"    [{server.name}] {rows[-1]['events_measured']} events: median {rows[-1]['p50_ms']:.0f} ms",
              flush=True)
    return rows


def burst(server: Server, spacing: float = 0.02) -> dict[str, Any]:
    """Ten messages from one sender, sent `spacing` s apart without waiting: all answered, and in order?"""
    sender = f"web:bench-burst-{uuid.uuid4().hex[:10]}"
    talk(server, sender, GROWTH_OPENING[server.name])
    texts = BURST[server.name]
    results: list[dict[str, Any]] = [{} for _ in texts]
    started = time.perf_counter()

    def send(index: int) -> None:
        try:
            seconds, replies = talk(server, sender, texts[index])
            results[index] = {"ms": round(seconds * 1000, 1), "answered": bool(replies),
                              "done": time.perf_counter() - started}
        except requests.RequestException as error:
            results[index] = {"ms": None, "answered": False, "error": str(error)[:200], "done": float("inf")}

    threads = []
    for index in range(len(texts)):
        thread = threading.Thread(target=send, args=(index,))
        thread.start()
        threads.append(thread)
        time.sleep(spacing)
    for thread in threads:
        thread.join()
    total = time.perf_counter() - started
    said = [e.get("text") for e in tracker_events(server, sender) if e.get("event") == "user"][1:]
    replied_order = sorted(range(len(texts)), key=lambda i: results[i]["done"])
    return {"messages": len(texts), "answered": sum(1 for r in results if r.get("answered")),
            "in_order": said == texts, "replies_in_order": replied_order == list(range(len(texts))),
            "total_ms": round(total * 1000, 1), "slowest_ms": max((r["ms"] or 0) for r in results),
            "latencies_ms": [r.get("ms") for r in results]}


def text_change_live(server: Server, timeout: float = 60) -> dict[str, Any]:
    """Seconds from writing a changed answer text (in the run's copy of the kennisbank) to the first reply
    that carries it, asked by a new sender each time."""
    assert server.settings is not None
    article = server.settings.kennisbank_dir / "articles" / LIVE_ARTICLE / "nl.md"
    marker = f"Bench-{uuid.uuid4().hex[:8]}"
    before = talk(server, f"web:bench-live-{uuid.uuid4().hex[:8]}", LIVE_QUESTION)[1]
    if marker in str(before):
        raise RuntimeError("the marker is there before the change")
    article.write_text(article.read_text(encoding="utf-8").rstrip() + f"\n\n{marker} is een nieuwe zin.\n",
                       encoding="utf-8")
    written = time.monotonic()
    asked = 0
    while time.monotonic() - written < timeout:
        asked += 1
        _, replies = talk(server, f"web:bench-live-{uuid.uuid4().hex[:8]}", LIVE_QUESTION)
        if any(marker in (r.get("text") or "") for r in replies):
            return {"seconds": round(time.monotonic() - written, 2), "questions_asked": asked}
        time.sleep(0.1)
    return {"seconds": None, "questions_asked": asked, "note": f"not live within {timeout:.0f} s"}


def training_time(run_dir: Path, from_scratch: bool) -> dict[str, Any]:
    """`make train`'s work (`python -m wegwijz.bot_model`) when nothing changed, on the run's own copy of the
    models; from scratch into an empty folder when asked (the shared models are never written)."""
    result: dict[str, Any] = {}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "wegwijz.bot_model"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   env=dict(env, WEGWIJZ_MODELS_DIR=str(run_dir / "models")))
    result["unchanged_s"] = round(time.monotonic() - t0, 1)
    if from_scratch:
        scratch = run_dir / "scratch-models"
        print(f"==> Training from scratch into {scratch} (minutes)", flush=True)
        t0 = time.monotonic()
        with (run_dir / "logs" / "train-from-scratch.log").open("wb") as out:
            subprocess.run([sys.executable, "-m", "wegwijz.bot_model"], cwd=ROOT, check=True, stdout=out,
                           stderr=subprocess.STDOUT, env=dict(env, WEGWIJZ_MODELS_DIR=str(scratch)))
        result["from_scratch_s"] = round(time.monotonic() - t0, 1)
    return result
