"""WhatsApp's 24-hour rule and proactive messages (check-ins, reminders), end to end over loopback HTTP."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import pytest
from sqlalchemy import select

from tests.channels.fake_http import wait_for
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import FakeTelegram, text_update
from tests.channels.fake_whatsapp import FakeWhatsApp, wa_message
from tests.channels.running import telegram_env, whatsapp_env
from wegwijz import db
from wegwijz.channels import outbox
from wegwijz.channels.constants import OutboundKind, OutboxStatus
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import ChannelContact, OutboxMessage
from wegwijz.channels.replies import Outgoing

PHONE = "31687654321"
CHECKIN = [{"text": "Hoi! Je woont nu een half jaar in Zeist. Hoe gaat het met je?",
            "buttons": [{"title": "Goed", "payload": "/checkin_goed"}, {"title": "Niet zo goed",
                                                                       "payload": "/checkin_slecht"}]}]


def start_chat(gateway: Gateway, fake: FakeWhatsApp, text: str = "hallo") -> str:
    url = f"http://127.0.0.1:{gateway.webhook_port}/whatsapp/webhook"
    count = len(fake.sent_to(PHONE))
    fake.post_webhook(url, fake.envelope([wa_message(PHONE, text=text)]))
    wait_for(lambda: len(fake.sent_to(PHONE)) > count, what="an answer")
    return url


def age_contact(database_url: str, hours: float, fake: FakeWhatsApp) -> None:
    """Pretend the person last wrote `hours` ago (in our database and at Meta)."""
    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=hours)
    with db.session_factory(database_url).begin() as session:
        session.get(ChannelContact, f"wa:{PHONE}").last_inbound_at = then
    fake.last_inbound[PHONE] = then.timestamp()


def rows(database_url: str) -> list[OutboxMessage]:
    with db.session_factory(database_url)() as session:
        return list(session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def test_free_form_outside_the_window_is_refused_and_logged(
        gateway_for: Callable[..., Gateway], fake_whatsapp: FakeWhatsApp, database_url: str,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WHATSAPP_TEMPLATE_REMINDER", raising=False)
    gateway = gateway_for(whatsapp_env(fake_whatsapp))
    start_chat(gateway, fake_whatsapp)
    age_contact(database_url, 25, fake_whatsapp)
    with caplog.at_level(logging.WARNING, logger="wegwijz.channels"), \
            db.session_factory(database_url).begin() as session:
        outbox.enqueue(session, f"wa:{PHONE}", [Outgoing("Een antwoord dat te laat komt")], "nl")
    wait_for(lambda: rows(database_url)[-1].status != OutboxStatus.PENDING, what="a decision")
    refused = rows(database_url)[-1]
    assert refused.status == OutboxStatus.REFUSED and "24-hour" in refused.last_error
    assert refused.payload["text"]["body"] == "Een antwoord dat te laat komt", "kept, not dropped"
    assert any("refused" in r.message and r.levelno == logging.WARNING for r in caplog.records)
    assert len(fake_whatsapp.sent_to(PHONE)) == 1 and fake_whatsapp.violations == []

    # A proactive message outside the window without a template for it: refused too, and kept.
    with db.session_factory(database_url).begin() as session:
        result = outbox.enqueue_proactive(session, f"wa:{PHONE}", CHECKIN, template="reminder")
        assert outbox.enqueue_proactive(session, "web:abc123", CHECKIN).how == "refused"
    assert result.how == "refused"
    last = rows(database_url)[-1]
    assert last.status == OutboxStatus.REFUSED and "WHATSAPP_TEMPLATE_REMINDER" in last.last_error


def test_outside_the_window_a_template_goes_out_and_the_checkin_waits_for_the_answer(
        gateway_for: Callable[..., Gateway], fake_whatsapp: FakeWhatsApp, fake_rasa: FakeRasa,
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The check-in scheduler runs in its own process and reads the template name from the environment.
    monkeypatch.setenv("WHATSAPP_TEMPLATE_CHECKIN", "wegwijz_checkin")
    gateway = gateway_for(whatsapp_env(fake_whatsapp))
    url = start_chat(gateway, fake_whatsapp, text="ሰላም፡ ሓኪም ስድራቤት ኣበይ ክረክብ?")  # Tigrinya
    age_contact(database_url, 30, fake_whatsapp)
    with db.session_factory(database_url).begin() as session:
        result = outbox.enqueue_proactive(session, f"wa:{PHONE}", CHECKIN)
    assert result.how == "template" and len(result.outbox_ids) == 2
    template = wait_for(lambda: [m for m in fake_whatsapp.sent_to(PHONE) if m["type"] == "template"],
                        what="the template")[0]
    # WhatsApp has no Tigrinya templates; the configured fallback language is used.
    assert template["template"] == {"name": "wegwijz_checkin", "language": {"code": "en"}}
    assert [r.status for r in rows(database_url)][-1] == OutboxStatus.HELD

    asked_before = list(fake_rasa.asked(f"wa:{PHONE}"))
    tap = wa_message(PHONE, "button", button={"text": "Ja, graag", "payload": "Ja, graag"})
    assert fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([tap])).status_code == 200
    checkin = wait_for(lambda: [m for m in fake_whatsapp.sent_to(PHONE) if m["type"] == "interactive"],
                       what="the held check-in")[0]
    assert checkin["interactive"]["body"]["text"].startswith("Hoi! Je woont nu een half jaar in Zeist.")
    assert [b["reply"]["id"] for b in checkin["interactive"]["action"]["buttons"]] == ["/checkin_goed",
                                                                                     "/checkin_slecht"]
    assert fake_rasa.asked(f"wa:{PHONE}") == asked_before, "the tap only opened the window"
    assert fake_whatsapp.violations == []


def test_inside_the_window_and_on_telegram_proactive_messages_go_out_as_they_are(
        gateway_for: Callable[..., Gateway], fake_whatsapp: FakeWhatsApp, fake_telegram: FakeTelegram,
        database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHATSAPP_TEMPLATE_CHECKIN", "wegwijz_checkin")
    env = {**whatsapp_env(fake_whatsapp), **telegram_env(fake_telegram)}
    gateway = gateway_for(env)
    start_chat(gateway, fake_whatsapp)
    age_contact(database_url, 23, fake_whatsapp)
    fake_telegram.push(text_update(8008, "hallo"))
    wait_for(lambda: fake_telegram.messages_to(8008), what="the Telegram answer")
    with db.session_factory(database_url).begin() as session:
        assert outbox.enqueue_proactive(session, f"wa:{PHONE}", CHECKIN).how == "queued"
        assert outbox.enqueue_proactive(session, "tg:8008", CHECKIN).how == "queued"
    wait_for(lambda: len(fake_whatsapp.sent_to(PHONE)) == 2 and len(fake_telegram.messages_to(8008)) == 2,
             what="both check-ins")
    assert fake_whatsapp.sent_to(PHONE)[1]["type"] == "interactive"
    assert fake_telegram.messages_to(8008)[1].text.startswith("Hoi!")
    assert all(r.kind == OutboundKind.MESSAGE for r in rows(database_url))
    assert fake_whatsapp.violations == []
