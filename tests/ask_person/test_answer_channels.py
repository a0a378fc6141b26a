"""A member of staff answers in the portal, and the answer reaches the newcomer through the loopback fakes.

Telegram gets it as a message; WhatsApp outside the 24-hour window gets the configured template
first, and the answer follows the person's tap (the gateway's own outbox worker sends both).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.ask_person.known import ask
from tests.channels.fake_http import wait_for
from tests.channels.fake_telegram import FakeTelegram, text_update
from tests.channels.fake_whatsapp import FakeWhatsApp, wa_message
from tests.channels.running import telegram_env, whatsapp_env
from tests.portal.conftest import page_token
from wegwijz import db
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import ChannelContact
from wegwijz.humanhelp.models import Delivery, PersonQuestion

PHONE = "31687654321"


def answer_in_portal(client_for, question_id: int, text: str) -> None:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker")
    token = page_token(anna, f"/portal/vragen/{question_id}")
    response = anna.post(f"/portal/vragen/{question_id}/antwoord", data={"csrf_token": token, "answer": text})
    assert response.status_code == 302


def test_the_answer_goes_back_on_telegram(gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram,
                                          client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    gateway_for(telegram_env(fake_telegram))
    fake_telegram.push(text_update(8008, "مرحبا"))
    wait_for(lambda: fake_telegram.messages_to(8008), what="the first answer")
    with db.session_factory(database_url)() as session:
        question = ask(session, "tg:8008", "كيف أحصل على دراجة؟", "ar")
    answer_in_portal(client_for, question, "اسأل في مكتب البلدية عن مشروع الدراجات.")
    sent = wait_for(lambda: [m for m in fake_telegram.messages_to(8008) if "مشروع الدراجات" in m.text],
                    what="the answer on Telegram")
    assert "كيف أحصل على دراجة؟" in sent[0].text and "إجابة من موظف" in sent[0].text
    with db.session_factory(database_url)() as session:
        assert session.get(PersonQuestion, question).delivery == Delivery.QUEUED


def test_outside_the_whatsapp_window_a_template_opens_the_chat(  # type: ignore[no-untyped-def]
        gateway_for: Callable[..., Gateway], fake_whatsapp: FakeWhatsApp, client_for, database_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHATSAPP_TEMPLATE_ANSWER", "wegwijz_answer")  # read by the portal when it sends
    gateway = gateway_for(whatsapp_env(fake_whatsapp))
    url = f"http://127.0.0.1:{gateway.webhook_port}/whatsapp/webhook"
    fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([wa_message(PHONE, text="Hallo")]))
    wait_for(lambda: fake_whatsapp.sent_to(PHONE), what="the first answer")
    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=30)  # they last wrote 30 hours ago
    with db.session_factory(database_url).begin() as session:
        session.get(ChannelContact, f"wa:{PHONE}").last_inbound_at = then
    fake_whatsapp.last_inbound[PHONE] = then.timestamp()
    with db.session_factory(database_url)() as session:
        question = ask(session, f"wa:{PHONE}", "Waar kan ik een fiets lenen?", "nl")
    answer_in_portal(client_for, question, "Bij het Fietsproject in de bibliotheek.")
    template = wait_for(lambda: [m for m in fake_whatsapp.sent_to(PHONE) if m["type"] == "template"],
                        what="the template")[0]
    assert template["template"]["name"] == "wegwijz_answer"
    assert not [m for m in fake_whatsapp.sent_to(PHONE) if "Fietsproject" in str(m)], "held until the tap"
    tap = wa_message(PHONE, "button", button={"text": "Lees het antwoord", "payload": "Lees het antwoord"})
    assert fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([tap])).status_code == 200
    wait_for(lambda: [m for m in fake_whatsapp.sent_to(PHONE) if "Fietsproject" in str(m)], what="the answer")
    with db.session_factory(database_url)() as session:
        assert session.get(PersonQuestion, question).delivery == Delivery.TEMPLATE
    assert fake_whatsapp.violations == []
