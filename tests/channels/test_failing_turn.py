"""A message Rasa keeps failing on while it is up: retried alone, then a kind reply; nothing else waits."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from tests.channels.fake_http import wait_for
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import FakeTelegram, text_update
from tests.channels.running import telegram_env
from wegwijz import db
from wegwijz.channels.constants import InboxStatus
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import InboxItem
from wegwijz.texts import say


def statuses(database_url: str, sender: str) -> list[str]:
    with db.session_factory(database_url)() as session:
        return list(session.execute(select(InboxItem.status).where(InboxItem.sender_id == sender)
                                    .order_by(InboxItem.id)).scalars())


def test_failing_message_is_retried_alone_and_others_go_on(gateway_for: Callable[..., Gateway],
                                                           fake_telegram: FakeTelegram, fake_rasa: FakeRasa,
                                                           database_url: str) -> None:
    fake_rasa.failing.add("een bericht waar het misgaat")
    gateway_for(telegram_env(fake_telegram, CHANNELS_TURN_GIVE_UP_SECONDS="3600"))
    fake_telegram.push(text_update(1301, "een bericht waar het misgaat"))
    fake_telegram.push(text_update(1302, "een gewone vraag"))
    # The other person is answered while the failing message is being retried.
    wait_for(lambda: "echo: een gewone vraag" in fake_telegram.texts_to(1302), what="the other person's answer")
    wait_for(lambda: fake_rasa.asked("tg:1301").count("een bericht waar het misgaat") >= 3, what="three tries")
    assert statuses(database_url, "tg:1301") == [InboxStatus.PENDING]
    fake_rasa.failing.clear()  # whatever failed is fixed: the message is answered, nothing was lost
    wait_for(lambda: "echo: een bericht waar het misgaat" in fake_telegram.texts_to(1301), what="the late answer")
    assert statuses(database_url, "tg:1301") == [InboxStatus.DONE]


def test_failing_message_gets_a_kind_reply_after_the_limit(gateway_for: Callable[..., Gateway],
                                                          fake_telegram: FakeTelegram, fake_rasa: FakeRasa,
                                                          database_url: str) -> None:
    fake_rasa.failing.add("رسالة فيها مشكلة")
    gateway_for(telegram_env(fake_telegram, CHANNELS_TURN_GIVE_UP_SECONDS="0"))
    fake_telegram.push(text_update(1311, "رسالة فيها مشكلة", language_code="ar"))
    fake_telegram.push(text_update(1311, "سؤال عادي", language_code="ar"))
    wait_for(lambda: len(fake_telegram.texts_to(1311)) >= 2, what="the kind reply and the next answer")
    texts = [t.lstrip("\u200f") for t in fake_telegram.texts_to(1311)]
    assert texts == [say("channel_turn_failed", "ar"), "echo: سؤال عادي"]
    assert statuses(database_url, "tg:1311") == [InboxStatus.FAILED, InboxStatus.DONE]
    assert fake_rasa.asked("tg:1311") == ["رسالة فيها مشكلة", "سؤال عادي"]


def test_rasa_unreachable_still_waits_without_limit(gateway_for: Callable[..., Gateway],
                                                   fake_telegram: FakeTelegram, fake_rasa: FakeRasa,
                                                   database_url: str) -> None:
    fake_rasa.stop()
    gateway_for(telegram_env(fake_telegram, CHANNELS_TURN_GIVE_UP_SECONDS="0"))
    fake_telegram.push(text_update(1321, "hallo daar"))
    wait_for(lambda: fake_telegram.texts_to(1321) == [say("channel_one_moment", "nl")], what="one moment")
    fake_rasa.start()
    wait_for(lambda: "echo: hallo daar" in fake_telegram.texts_to(1321), what="the answer after the outage")
    assert statuses(database_url, "tg:1321") == [InboxStatus.DONE]
