"""The limiter's logic with a clock the test moves: per chat, overall, pauses, and backoff."""

from __future__ import annotations

import pytest

from wegwijz.channels.ratelimit import Event, RateLimiter, backoff, sends_during_pauses


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def send(limiter: RateLimiter, clock: Clock, chat: str, took: float = 0.0) -> None:
    assert limiter.wait_time(chat) == 0
    limiter.record(chat)
    clock.now += took
    limiter.finished(chat)


def test_one_message_per_interval_per_chat_counted_from_the_answer() -> None:
    clock = Clock()
    limiter = RateLimiter(per_chat_interval=1.0, per_second=30, clock=clock)
    limiter.record("tg:1")
    assert limiter.wait_time("tg:1") == float("inf"), "one message in flight per chat"
    clock.now += 0.2
    limiter.finished("tg:1")
    assert limiter.wait_time("tg:1") == pytest.approx(1.0)
    assert limiter.wait_time("tg:2") == 0, "other chats are not held up"
    clock.now += 0.6
    assert limiter.wait_time("tg:1") == pytest.approx(0.4)
    clock.now += 0.4
    assert limiter.wait_time("tg:1") == 0


def test_thirty_per_second_overall_in_flight_included() -> None:
    clock = Clock()
    limiter = RateLimiter(per_chat_interval=1.0, per_second=30, clock=clock)
    for n in range(29):
        send(limiter, clock, f"tg:{n}", took=0.01)
    limiter.record("tg:29")  # the 30th is still on its way
    assert limiter.wait_time("tg:30") > 0
    limiter.finished("tg:29")
    first_answer = 100.0 + 0.01
    assert limiter.wait_time("tg:30") == pytest.approx(first_answer + 1.0 - clock.now)
    clock.now = first_answer + 1.0
    assert limiter.wait_time("tg:30") == 0


def test_a_pause_holds_every_chat_and_counts_strikes() -> None:
    clock = Clock()
    limiter = RateLimiter(per_chat_interval=0.0, per_second=0, clock=clock)
    limiter.pause(3)
    limiter.pause(1)  # a shorter pause never ends a longer one
    assert limiter.wait_time("wa:1") == pytest.approx(3) and limiter.paused_for() == pytest.approx(3)
    assert limiter.strikes == 2
    clock.now += 3
    assert limiter.wait_time("wa:1") == 0 and limiter.paused_for() == 0
    limiter.succeeded()
    assert limiter.strikes == 0


def test_slow_rates_below_one_per_second() -> None:
    clock = Clock()
    limiter = RateLimiter(per_chat_interval=0.0, per_second=0.5, clock=clock)
    send(limiter, clock, "a")
    assert limiter.wait_time("b") == pytest.approx(2.0)


@pytest.mark.parametrize(("attempt", "expected"), [(1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (12, 60.0)])
def test_backoff_doubles_up_to_a_cap_with_jitter(attempt: int, expected: float) -> None:
    assert backoff(attempt, 1.0, 60.0, jitter=lambda: 0.5) == pytest.approx(expected)
    assert backoff(attempt, 1.0, 60.0, jitter=lambda: 0.0) == pytest.approx(expected * 0.8)
    assert backoff(attempt, 1.0, 60.0, jitter=lambda: 1.0) == pytest.approx(expected * 1.2)


def test_the_journal_shows_a_send_during_a_pause() -> None:
    clock = Clock()
    journal: list[Event] = []
    limiter = RateLimiter(per_chat_interval=0.0, per_second=0, clock=clock, journal=journal)
    send(limiter, clock, "tg:1")
    limiter.pause(2)
    clock.now += 2
    send(limiter, clock, "tg:1")
    assert [e.what for e in journal] == ["send", "pause", "send"]
    assert sends_during_pauses(journal) == []
    limiter.pause(5)
    clock.now += 1
    limiter.record("tg:2")  # what a worker that ignored wait_time would do
    assert [e.chat for e in sends_during_pauses(journal)] == ["tg:2"]
