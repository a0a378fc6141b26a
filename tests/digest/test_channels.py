"""The weekly tips through the real outbox and gateway to the loopback fakes of Telegram and WhatsApp,
and WhatsApp's read receipt counted as opened.

The round runs with an explicit clock set to the present, because the gateway's outbox worker sends
what is due by the real clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select

from tests.channels.fake_http import wait_for
from tests.channels.fake_telegram import FakeTelegram, text_update
from tests.channels.fake_whatsapp import FakeWhatsApp, wa_message
from tests.channels.running import telegram_env, whatsapp_env
from tests.digest.conftest import sign_up
from wegwijz import db
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import OutboxMessage
from wegwijz.digest import numbers
from wegwijz.digest.models import Delivery, DigestMessage
from wegwijz.digest.sending import DigestRound, content_from
from wegwijz.journey.checkins import Schedule
from wegwijz.settings import ROOT
from wegwijz.texts import say

ALL_DAY = Schedule(send_from_hour=0, send_until_hour=24)
"""Any hour: these tests run at whatever time it is; the hours themselves are tested in test_sending."""
PHONE = "31687650001"


def _round(url: str) -> DigestRound:
    return DigestRound(db.session_factory(url), content_from(ROOT / "kennisbank"), ALL_DAY)


def _signed_up_yesterday(url: str, sender: str, lang: str) -> dt.datetime:
    now = dt.datetime.now(dt.timezone.utc)
    with db.session_factory(url)() as session:
        sign_up(session, sender, lang, now - dt.timedelta(days=1))
    return now


def test_the_tips_reach_telegram(gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram,
                                 database_url: str) -> None:
    gateway_for(telegram_env(fake_telegram))
    fake_telegram.push(text_update(7001, "مرحبا"))
    wait_for(lambda: fake_telegram.messages_to(7001), what="the first answer")
    now = _signed_up_yesterday(database_url, "tg:7001", "ar")
    assert len(_round(database_url).run_once(now).sent) == 1
    sent = wait_for(lambda: [m for m in fake_telegram.messages_to(7001) if say("digest_header", "ar") in m.text],
                    what="the weekly tips on Telegram")
    assert say("digest_footer", "ar") in sent[0].text
    assert _round(database_url).run_once(now).sent == [], "a second round sends nothing"
    with db.session_factory(database_url)() as session:
        counted = numbers.numbers(session, now.date() - dt.timedelta(days=1), now.date() + dt.timedelta(days=1))
        assert (counted.sent, counted.can_tell, counted.opened) == (1, 0, 0), "Telegram reports no reading"


def test_whatsapp_read_receipt_counts_as_opened(gateway_for: Callable[..., Gateway],
                                               fake_whatsapp: FakeWhatsApp, database_url: str) -> None:
    gateway = gateway_for(whatsapp_env(fake_whatsapp))
    url = f"http://127.0.0.1:{gateway.webhook_port}/whatsapp/webhook"
    fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([wa_message(PHONE, text="Hallo")]))
    wait_for(lambda: fake_whatsapp.sent_to(PHONE), what="the first answer")  # the 24-hour window is open
    now = _signed_up_yesterday(database_url, f"wa:{PHONE}", "nl")
    assert len(_round(database_url).run_once(now).sent) == 1
    [tips] = wait_for(lambda: [m for m in fake_whatsapp.sent_to(PHONE) if say("digest_header", "nl") in str(m)],
                      what="the weekly tips on WhatsApp")
    assert not fake_whatsapp.violations

    def marked_sent() -> bool:  # the receipt is only ours once the gateway has stored WhatsApp's message id
        with db.session_factory(database_url)() as session:
            return session.execute(select(OutboxMessage).where(
                OutboxMessage.provider_message_id == tips["id"])).first() is not None

    wait_for(marked_sent, what="the outbox row marked sent")
    status = {"id": tips["id"], "status": "read", "timestamp": str(int(now.timestamp()) + 60),
              "recipient_id": PHONE}
    assert fake_whatsapp.post_webhook(url, fake_whatsapp.envelope(statuses=[status])).status_code == 200

    def opened() -> list[int]:
        return _round(database_url).run_once(now).opened

    wait_for(opened, what="the read receipt noted")
    with db.session_factory(database_url)() as session:
        [message] = session.execute(select(DigestMessage).where(DigestMessage.sender_id == f"wa:{PHONE}")).scalars()
        assert message.delivery == Delivery.QUEUED and message.opened_at is not None
        counted = numbers.numbers(session, now.date() - dt.timedelta(days=1), now.date() + dt.timedelta(days=1))
        assert (counted.sent, counted.can_tell, counted.opened) == (1, 1, 1)
