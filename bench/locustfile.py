"""The load of `make bench`: one scripted conversation per simulated sender, closed loop.

Runs in Locust's own environment (`var/bench/locust-venv`, pins in `bench/requirements-locust.txt`), so it
imports nothing of the project. `wegwijz.bench` writes the plan (a JSON file named by `BENCH_PLAN`): the
conversations to hold, each a list of steps. A step is a message to the REST webhook, or a check-in started
the way the scheduler starts it (`trigger_intent` over Rasa's HTTP API). A turn fails when the status is not
200, when the reply holds no message, or when a button the script goes on to press was not offered.

Every turn's latency is written to `BENCH_SAMPLES` (JSON) when the run ends; a progress line goes to stdout
every few seconds.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from typing import Any

import gevent
from locust import FastHttpUser, constant, events, task
from locust.env import Environment

with open(os.environ["BENCH_PLAN"], encoding="utf-8") as _plan:
    PLAN: dict[str, Any] = json.load(_plan)
LABEL = os.environ.get("BENCH_LABEL", PLAN.get("target", "bench"))
SAMPLES: list[tuple[float, float, str, bool, str]] = []
"""(start, seconds, step kind, ok, reason) of every turn."""

_conversations = iter(PLAN["conversations"])
_repeats = itertools.count()


def _next_conversation() -> dict[str, Any] | None:
    """The next planned conversation; when they run out, the reusable ones again under new sender ids."""
    try:
        return dict(next(_conversations))
    except StopIteration:
        reusable = [c for c in PLAN["conversations"] if c.get("reusable", True)]
        if not reusable:
            return None
        n = next(_repeats)
        conversation = dict(reusable[n % len(reusable)])
        conversation["sender"] = f"{conversation['sender']}-r{n}"
        return conversation


def _problem(replies: Any, step: dict[str, Any], following: dict[str, Any] | None) -> str:
    """Why a reply does not count as an answer (empty when it does)."""
    if not isinstance(replies, list) or not replies:
        return "no reply"
    if not any(isinstance(r, dict) and (r.get("text") or r.get("buttons") or r.get("custom")) for r in replies):
        return "no message in the reply"
    wanted = (following or {}).get("press")
    if wanted:
        offered = {b.get("payload") for r in replies for b in (r.get("buttons") or [])}
        if wanted not in offered:
            return f"button {wanted} not offered"
    return ""


class Sender(FastHttpUser):
    """One person: holds one conversation after another, each under its own sender id; one turn per task, so
    a run that ends lets the turn under way finish (`--stop-timeout`) instead of cutting it off."""

    wait_time = constant(0)
    network_timeout = 120.0
    connection_timeout = 30.0
    conversation: dict[str, Any] | None = None
    step = 0

    @task
    def converse(self) -> None:
        if self.conversation is None:
            self.conversation, self.step = _next_conversation(), 0
            if self.conversation is None:
                gevent.sleep(1)
                return
        steps = self.conversation["steps"]
        following = steps[self.step + 1] if self.step + 1 < len(steps) else None
        ok = self._turn(self.conversation["sender"], steps[self.step], following)
        self.step += 1
        if not ok or self.step >= len(steps):
            self.conversation = None  # done, or off script: the rest would measure something else

    def _turn(self, sender: str, step: dict[str, Any], following: dict[str, Any] | None) -> bool:
        kind = step.get("kind", "message")
        started = time.time()
        t0 = time.perf_counter()
        if kind == "trigger":
            path = f"/conversations/{sender}/trigger_intent?token={PLAN['token']}&include_events=NONE"
            body: dict[str, Any] = {"name": step["intent"], "entities": step.get("entities", {})}
        else:
            path = "/webhooks/rest/webhook"
            body = {"sender": sender, "message": step.get("press") or step["text"]}
            if step.get("metadata"):
                body["metadata"] = step["metadata"]
        with self.client.post(path, json=body, headers=PLAN.get("headers", {}), name=kind,
                              catch_response=True) as response:
            seconds = time.perf_counter() - t0
            reason = ""
            if response.status_code != 200:
                reason = f"HTTP {response.status_code}"
            else:
                try:
                    data = response.json()
                except ValueError:
                    data = None
                replies = data.get("messages") if kind == "trigger" and isinstance(data, dict) else data
                reason = _problem(replies, step, following)
            if reason:
                response.failure(reason)
            else:
                response.success()
        SAMPLES.append((started, seconds, kind, not reason, reason))
        return not reason


def _progress(environment: Environment) -> None:
    every = float(os.environ.get("BENCH_PROGRESS_EVERY", "5"))
    started = time.monotonic()
    while True:
        gevent.sleep(every)
        total = environment.stats.total
        p50 = total.get_current_response_time_percentile(0.5) or 0
        print(f"    [{LABEL}] {time.monotonic() - started:4.0f} s: {total.num_requests} turns, "
              f"{total.num_failures} errors, now {total.current_rps:.1f} turns/s, p50 {p50:.0f} ms", flush=True)


@events.test_start.add_listener
def _on_start(environment: Environment, **_: Any) -> None:
    gevent.spawn(_progress, environment)


@events.quitting.add_listener
def _on_quit(environment: Environment, **_: Any) -> None:
    with open(os.environ["BENCH_SAMPLES"], "w", encoding="utf-8") as handle:
        json.dump(SAMPLES, handle)
