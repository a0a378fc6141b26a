"""Rasa (or its action server) down and back up: nothing lost, one "one moment please" per person."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from tests.channels.fake_http import LoopbackServer, wait_for
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import FakeTelegram, media_update, text_update
from tests.channels.running import telegram_env
from wegwijz import db
from wegwijz.channels.constants import InboxStatus
from wegwijz.channels.formatting import RLM
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import InboxItem
from wegwijz.texts import say


def pending(database_url: str) -> int:
    with db.session_factory(database_url)() as session:
        return len(session.execute(select(InboxItem).where(InboxItem.status == InboxStatus.PENDING)).all())


def head_attempts(database_url: str) -> int:
    with db.session_factory(database_url)() as session:
        return max(session.execute(select(InboxItem.attempts).where(
            InboxItem.status == InboxStatus.PENDING, InboxItem.sender_id == "tg:1101")).scalars(), default=0)


def test_rasa_down_and_back_up(gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram,
                               fake_rasa: FakeRasa, database_url: str) -> None:
    fake_rasa.stop()
    gateway_for(telegram_env(fake_telegram))
    for text in ("eerste vraag", "tweede vraag", "derde vraag"):
        fake_telegram.push(text_update(1101, text))
    fake_telegram.push(text_update(1102, "أين أجد طبيب العائلة؟", language_code=None))
    wait_for(lambda: fake_telegram.messages_to(1101) and fake_telegram.messages_to(1102), what="one moment")
    fake_telegram.push(media_update(1103, "sticker"))  # needs no Rasa: answered at once
    wait_for(lambda: fake_telegram.messages_to(1103), what="the sticker reply")
    assert pending(database_url) == 4
    # Several retry rounds while Rasa is down: still one "one moment" each.
    wait_for(lambda: head_attempts(database_url) >= 3, what="three retry rounds")
    assert fake_telegram.texts_to(1101) == [say("channel_one_moment", "nl")]
    assert fake_telegram.texts_to(1102) == [RLM + say("channel_one_moment", "ar")]

    fake_rasa.start()  # the same port again
    wait_for(lambda: len(fake_telegram.messages_to(1101)) == 4 and len(fake_telegram.messages_to(1102)) == 2,
             what="the answers after Rasa is back")
    assert fake_rasa.asked("tg:1101") == ["eerste vraag", "tweede vraag", "derde vraag"]
    assert fake_telegram.texts_to(1101)[1:] == ["echo: eerste vraag", "echo: tweede vraag", "echo: derde vraag"]
    assert pending(database_url) == 0

    # Down again later: a new "one moment" for the new outage.
    fake_rasa.stop()
    fake_telegram.push(text_update(1101, "vierde vraag"))
    wait_for(lambda: len(fake_telegram.messages_to(1101)) == 5, what="a second one moment")
    assert fake_telegram.texts_to(1101)[-1] == say("channel_one_moment", "nl")
    fake_rasa.start()
    wait_for(lambda: fake_telegram.texts_to(1101)[-1] == "echo: vierde vraag", what="the fourth answer")


def test_action_server_down_and_back_up(gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram,
                                        fake_rasa: FakeRasa) -> None:
    health = LoopbackServer(lambda request: (200, {"status": "ok"}, {})).start()
    health_url = f"{health.url}/health"
    health.stop()  # the action server is down; Rasa answers nothing at all, as it does then
    fake_rasa.empty_replies = True
    gateway_for(telegram_env(fake_telegram), action_health_url=health_url)
    fake_telegram.push(text_update(1201, "Where do I find a doctor?"))
    wait_for(lambda: fake_telegram.messages_to(1201), what="one moment")
    assert fake_telegram.texts_to(1201) == [say("channel_one_moment", "en")]

    health.start()
    fake_rasa.empty_replies = False
    wait_for(lambda: len(fake_telegram.messages_to(1201)) == 2, what="the answer")
    assert fake_telegram.texts_to(1201)[1] == "echo: Where do I find a doctor?"
    health.stop()
