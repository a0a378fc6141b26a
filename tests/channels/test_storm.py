"""200 queued messages through a 429 storm and 502s: all delivered, in order per chat, within the limits.

Nothing here depends on the machine's speed: the pauses are checked on the
limiter's own clock (its journal of sends and pauses), and the fake Telegram
checks only gaps the bot must have kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import func, select

from tests.channels.fake_http import wait_for
from tests.channels.fake_telegram import FakeTelegram, Limits
from tests.channels.running import telegram_env
from wegwijz import db
from wegwijz.channels import outbox
from wegwijz.channels.constants import OutboxStatus
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import OutboxMessage
from wegwijz.channels.ratelimit import Event, sends_during_pauses
from wegwijz.channels.replies import Outgoing

CHATS = [9000 + n for n in range(10)]
PER_CHAT = 20
PER_CHAT_INTERVAL = 0.1  # Telegram: ~1 s; shortened for the test, same logic
PER_SECOND = 80  # Telegram: ~30/s


def statuses(database_url: str) -> set[str]:
    with db.session_factory(database_url)() as session:
        return set(session.execute(select(OutboxMessage.status)).scalars())


def test_a_429_storm_while_200_messages_are_queued(
        gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram, database_url: str) -> None:
    fake_telegram.limits = Limits(per_chat_interval=PER_CHAT_INTERVAL, per_second=PER_SECOND)
    fake_telegram.flood_at = {30, 31, 120}  # a storm: 429 after 429 (retry_after 1 s), and one more later
    fake_telegram.fail_at = {60, 61, 150}  # and a few 502 Bad Gateway
    with db.session_factory(database_url).begin() as session:
        for number in range(PER_CHAT):
            for chat in CHATS:  # interleaved, as real traffic is
                outbox.enqueue(session, f"tg:{chat}", [Outgoing(f"chat {chat} bericht {number:02d}")], "nl")

    journal: list[Event] = []
    started = time.monotonic()
    gateway_for(telegram_env(fake_telegram, TELEGRAM_PER_CHAT_INTERVAL=str(PER_CHAT_INTERVAL),
                             TELEGRAM_MESSAGES_PER_SECOND=str(PER_SECOND)), journal=journal)
    wait_for(lambda: len(fake_telegram.sent) == len(CHATS) * PER_CHAT, timeout=120, what="200 messages")
    took = time.monotonic() - started

    for chat in CHATS:  # all delivered, each exactly once, in order
        assert fake_telegram.texts_to(chat) == [f"chat {chat} bericht {n:02d}" for n in range(PER_CHAT)]
    assert fake_telegram.violations == [], "no limit broken"
    assert fake_telegram.rate_limited >= 3, "the storm happened"
    pauses = [e for e in journal if e.what == "pause"]
    assert len(pauses) >= 3 and all(p.until - p.at >= 1.0 for p in pauses), "each 429 paused for its retry_after"
    assert sends_during_pauses(list(journal)) == [], "no send before the retry_after had passed (limiter's clock)"
    # The overall limit alone makes 200 messages take 2.5 s; the storm adds its pauses.
    assert took >= 200 / PER_SECOND
    wait_for(lambda: statuses(database_url) == {OutboxStatus.SENT}, what="every message marked sent")
    with db.session_factory(database_url)() as session:
        attempts = session.execute(select(func.sum(OutboxMessage.attempts))).scalar_one()
    assert attempts == len(fake_telegram.fail_at), "each 502 cost one attempt; the 429s cost none"
