"""The WhatsApp bridge against a fake Graph API and a fake Rasa, over real HTTP, with `requests`."""

from __future__ import annotations

from collections.abc import Callable

import requests
from sqlalchemy import select

from tests.channels.fake_http import wait_for
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_whatsapp import FakeWhatsApp, wa_button_reply, wa_message
from tests.channels.running import whatsapp_env
from wegwijz import db
from wegwijz.channels.constants import InboxStatus, OutboxStatus
from wegwijz.channels.formatting import RLM
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import InboxItem, OutboxMessage
from wegwijz.texts import say

PHONE = "31612345678"
ARABIC = '/choose_language{"language":"ar"}'


def outbox_statuses(database_url: str) -> list[str]:
    with db.session_factory(database_url)() as session:
        return list(session.execute(select(OutboxMessage.status).order_by(OutboxMessage.id)).scalars())


def webhook_url(gateway: Gateway) -> str:
    return f"http://127.0.0.1:{gateway.webhook_port}/whatsapp/webhook"


def test_the_webhook_is_verified_and_signatures_are_checked(
        gateway_for: Callable[..., Gateway], fake_whatsapp: FakeWhatsApp, fake_rasa: FakeRasa,
        database_url: str) -> None:
    url = webhook_url(gateway_for(whatsapp_env(fake_whatsapp)))
    ok = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "verify-me",
                                   "hub.challenge": "1158201444"}, timeout=5)
    assert (ok.status_code, ok.text) == (200, "1158201444")
    wrong = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "guess",
                                      "hub.challenge": "1158201444"}, timeout=5)
    assert wrong.status_code == 403 and "1158201444" not in wrong.text

    payload = fake_whatsapp.envelope([wa_message(PHONE, text="hallo")])
    for signature in (None, "sha256=" + "0" * 64, "md5=abc", fake_whatsapp.signature(b"another body")):
        assert fake_whatsapp.post_webhook(url, payload, signature=signature).status_code == 401
    with db.session_factory(database_url)() as session:
        assert session.execute(select(InboxItem)).first() is None
    assert fake_rasa.asked() == []
    assert fake_whatsapp.post_webhook(url, payload).status_code == 200
    wait_for(lambda: fake_whatsapp.sent_to(PHONE), what="the answer")


def test_a_full_conversation_with_buttons_and_lists(
        gateway_for: Callable[..., Gateway], fake_whatsapp: FakeWhatsApp, fake_rasa: FakeRasa) -> None:
    url = webhook_url(gateway_for(whatsapp_env(fake_whatsapp)))
    fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([wa_message(PHONE, text="hallo")]))
    welcome = wait_for(lambda: fake_whatsapp.sent_to(PHONE), what="the welcome")[0]
    assert fake_rasa.asked(f"wa:{PHONE}") == ["hallo"]
    # Four languages are more than three reply buttons: a list.
    assert welcome["interactive"]["type"] == "list"
    assert welcome["interactive"]["body"]["text"].startswith("Welkom bij WegwijZ-in-Zeist!")
    assert welcome["interactive"]["action"]["button"] == say("channel_list_button", "nl")
    rows = welcome["interactive"]["action"]["sections"][0]["rows"]
    assert [r["title"] for r in rows] == ["Nederlands", "العربية", "ትግርኛ", "English"]
    assert rows[1]["id"] == ARABIC
    assert any(r.get("typing_indicator") for r in fake_whatsapp.reads), "read and typing… while Rasa thinks"

    fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([wa_button_reply(PHONE, rows[1]["id"], list_reply=True)]))
    wait_for(lambda: len(fake_whatsapp.sent_to(PHONE)) == 2, what="the Arabic answer")
    assert fake_rasa.asked(f"wa:{PHONE}")[-1] == ARABIC
    assert fake_whatsapp.sent_to(PHONE)[1]["text"]["body"].startswith(RLM + "حسناً")

    fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([wa_button_reply(PHONE, "/kb_huisarts")]))
    wait_for(lambda: len(fake_whatsapp.sent_to(PHONE)) == 3, what="the article")
    article = fake_whatsapp.sent_to(PHONE)[2]
    assert article["interactive"]["type"] == "button"
    assert article["interactive"]["body"]["text"].startswith("*Huisarts*\n\n")
    buttons = article["interactive"]["action"]["buttons"]
    assert [(b["reply"]["title"], b["reply"]["id"]) for b in buttons] == [("👍 Ja", "/feedback_yes"),
                                                                           ("👎 Nee", "/feedback_no")]
    fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([wa_button_reply(PHONE, "/feedback_yes", "👍 Ja")]))
    wait_for(lambda: len(fake_whatsapp.sent_to(PHONE)) == 4, what="the thanks")
    assert fake_rasa.asked(f"wa:{PHONE}")[-1] == "/feedback_yes"

    # Twelve long suggestions: lists of at most ten rows, titles cut, long ids kept as short keys.
    fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([wa_message(PHONE, text="suggestions")]))
    wait_for(lambda: len(fake_whatsapp.sent_to(PHONE)) == 6, what="two lists")
    lists = fake_whatsapp.sent_to(PHONE)[4:]
    rows = [r for m in lists for r in m["interactive"]["action"]["sections"][0]["rows"]]
    assert [len(m["interactive"]["action"]["sections"][0]["rows"]) for m in lists] == [10, 2]
    assert rows[0]["description"] == "Onderwerp nummer 1 met een lange titel"
    fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([wa_button_reply(PHONE, rows[11]["id"], list_reply=True)]))
    wait_for(lambda: fake_rasa.asked(f"wa:{PHONE}")[-1].startswith("/kb_onderwerp_12_"), what="the long payload")
    assert fake_rasa.asked(f"wa:{PHONE}")[-1] == "/kb_onderwerp_12_" + "x" * 60
    assert fake_whatsapp.violations == []


def test_duplicates_media_and_failed_deliveries(gateway_for: Callable[..., Gateway], fake_whatsapp: FakeWhatsApp,
                              fake_rasa: FakeRasa, database_url: str) -> None:
    url = webhook_url(gateway_for(whatsapp_env(fake_whatsapp)))
    first = wa_message(PHONE, text="مرحبا، أين أجد طبيب العائلة؟", wamid="wamid.same")
    assert fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([first])).status_code == 200
    assert fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([first])).status_code == 200  # Meta retries
    wait_for(lambda: fake_whatsapp.sent_to(PHONE), what="the answer")
    media = [wa_message(PHONE, "audio", audio={"id": "m1", "mime_type": "audio/ogg", "voice": True}),
             wa_message(PHONE, "image", image={"id": "m2", "mime_type": "image/jpeg"}),
             wa_message(PHONE, "sticker", sticker={"id": "m3", "mime_type": "image/webp"}),
             wa_message(PHONE, "location", location={"latitude": 52.09, "longitude": 5.23}),
             wa_message(PHONE, "document", document={"id": "m4", "filename": "brief.pdf"}),
             wa_message(PHONE, "reaction", reaction={"message_id": "wamid.out1", "emoji": "👍"})]
    fake_whatsapp.post_webhook(url, fake_whatsapp.envelope(media))
    wait_for(lambda: len(fake_whatsapp.sent_to(PHONE)) == 6, what="five media replies")
    texts = [m["text"]["body"] for m in fake_whatsapp.sent_to(PHONE)[1:]]
    assert texts == [RLM + say(f"channel_media_{k}", "ar") for k in ("voice", "photo", "sticker", "location",
                                                                        "document")]
    assert fake_rasa.asked(f"wa:{PHONE}") == ["مرحبا، أين أجد طبيب العائلة؟"]

    def all_handled() -> bool:  # the reaction gets no reply to wait for
        with db.session_factory(database_url)() as session:
            return set(session.execute(select(InboxItem.status)).scalars()) == {InboxStatus.DONE}

    wait_for(all_handled, what="every item handled")
    with db.session_factory(database_url)() as session:
        items = session.execute(select(InboxItem)).scalars().all()
        assert len(items) == 7 and {i.status for i in items} == {InboxStatus.DONE}, "the reaction is stored too"
        assert all(i.text is None for i in items), "handled text is not kept"

    # WhatsApp accepted the first answer but could not deliver it after all.
    wait_for(lambda: outbox_statuses(database_url) == [OutboxStatus.SENT] * 6, what="all marked sent")
    first_answer = fake_whatsapp.sent_to(PHONE)[0]
    status = {"id": first_answer["id"], "status": "failed", "timestamp": "1", "recipient_id": PHONE,
              "errors": [{"code": 131026, "title": "Message undeliverable"}]}
    assert fake_whatsapp.post_webhook(url, fake_whatsapp.envelope(statuses=[status])).status_code == 200
    with db.session_factory(database_url)() as session:
        row = session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().first()
        assert row.status == OutboxStatus.FAILED and "131026" in row.last_error and row.sent_at is not None


def test_rate_limits_and_server_errors_are_retried_in_order(
        gateway_for: Callable[..., Gateway], fake_whatsapp: FakeWhatsApp, database_url: str) -> None:
    fake_whatsapp.rate_limit_at.update({2, 3})
    fake_whatsapp.throughput_at.add(5)
    fake_whatsapp.fail_at.add(7)
    url = webhook_url(gateway_for(whatsapp_env(fake_whatsapp)))
    fake_whatsapp.post_webhook(url, fake_whatsapp.envelope([wa_message(PHONE, text=f"vraag {n}")
                                                            for n in range(6)]))
    wait_for(lambda: len(fake_whatsapp.sent_to(PHONE)) == 6, what="six answers")
    assert [m["text"]["body"] for m in fake_whatsapp.sent_to(PHONE)] == [f"echo: vraag {n}" for n in range(6)]
    wait_for(lambda: outbox_statuses(database_url) == [OutboxStatus.SENT] * 6, what="all marked sent")


