"""Inbox, outbox, contacts and button keys on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from wegwijz.channels import button_keys, contacts, inbox, outbox, retention, turns
from wegwijz.channels.constants import Channel, InboundKind, InboxStatus, OutboxStatus
from wegwijz.channels.inbox import Inbound
from wegwijz.channels.models import ChannelContact, InboxItem, OutboxMessage, utcnow
from wegwijz.channels.replies import Outgoing
from wegwijz.db import Session

LEASE = dt.timedelta(seconds=60)


def text(sender: str, external_id: str, body: str = "hallo") -> Inbound:
    return Inbound(contacts.channel_of(sender), external_id, sender, InboundKind.TEXT, text=body)


def test_inbox_stores_once_and_hands_out_one_item_per_person_in_order(session: Session) -> None:
    assert turns.receive(session, text("tg:1", "100", "eerste")) is not None
    assert turns.receive(session, text("tg:1", "100", "eerste")) is None, "duplicate update_id"
    turns.receive(session, text("tg:1", "101", "tweede"))
    turns.receive(session, text("tg:2", "102"))
    assert turns.receive(session, text("wa:316", "100")) is not None, "ids are unique per channel only"
    session.commit()
    now = utcnow()
    heads = inbox.due_heads(session, now)
    assert [(h.sender_id, h.text) for h in heads] == [("tg:1", "eerste"), ("tg:2", "hallo"), ("wa:316", "hallo")]
    first = heads[0]
    assert inbox.claim(session, first.id, now, LEASE)
    assert not inbox.claim(session, first.id, now, LEASE), "a claimed item is not handed out twice"
    session.commit()
    assert [h.sender_id for h in inbox.due_heads(session, now)] == ["tg:2", "wa:316"]
    assert inbox.claim(session, first.id, now + LEASE * 2, LEASE), "a lease that ran out can be taken over"
    inbox.finish(session, first)
    session.commit()
    assert [(h.sender_id, h.text) for h in inbox.due_heads(session, now + LEASE * 3)][0] == ("tg:1", "tweede")
    assert first.text is None and first.status == InboxStatus.DONE
    assert inbox.pending_count(session) == 3 and inbox.pending_count(session, "tg:1") == 1

    # A postponed item (Rasa is down) holds back the rest of that person.
    a = turns.receive(session, text("tg:7", "1"))
    turns.receive(session, text("tg:7", "2"))
    inbox.postpone(session, a, dt.timedelta(seconds=30), "Rasa not reachable")
    session.commit()
    later = utcnow() + LEASE * 3
    assert "tg:7" not in [h.sender_id for h in inbox.due_heads(session, utcnow())]
    assert a.id in [h.id for h in inbox.due_heads(session, later)]
    assert a.attempts == 1 and a.last_error == "Rasa not reachable"


def test_the_language_follows_choice_script_and_hint(session: Session) -> None:
    contact = contacts.get_or_create(session, "tg:9")
    assert contacts.decide_language(contact, "/start", hint="ar-EG") == "ar"
    assert contact.language is None, "the app language is a hint, not the person's language"
    assert contacts.decide_language(contact, "/start", hint="ru") == "nl"
    assert contacts.decide_language(contact, "Where is the library?", hint="ar-EG") == "en"
    assert contacts.decide_language(contact, "ሰላም ከመይ ኣለኹም") == "ti"
    assert contacts.decide_language(contact, "Ik zoek een huisarts in Zeist") == "ti", "one Dutch sentence"
    assert contacts.decide_language(contact, "3") == "ti"
    assert contact.chosen_language is None
    assert contacts.decide_language(contact, '/choose_language{"language":"nl"}') == "nl"
    assert contact.chosen_language == "nl"
    assert contacts.decide_language(contact, "Where is the library?") == "nl", "a choice wins"
    assert contacts.decide_language(contact, "ሰላም ከመይ ኣለኹም") == "nl", "a choice wins over the script too"
    assert contacts.chosen_language('/choose_language{"language":"xx"}') is None
    assert contacts.chosen_language("/choose_language{broken") is None


def test_outbox_order_retries_and_failures(session: Session) -> None:
    first, second = outbox.enqueue(session, "tg:1", [Outgoing("een"), Outgoing("twee")], "nl")
    other = outbox.enqueue(session, "tg:2", [Outgoing("ander")], "nl")[0]
    session.commit()
    now = utcnow()
    assert [m.id for m in outbox.due_heads(session, now)] == [first.id, other.id]
    claimed = outbox.claim(session, first.id, now, LEASE)
    assert claimed is not None and outbox.claim(session, first.id, now, LEASE) is None
    outbox.retry_later(claimed, dt.timedelta(seconds=5), "502 Bad Gateway")
    session.commit()
    assert [m.id for m in outbox.due_heads(session, utcnow())] == [other.id], "chat 1 waits for its first"
    later = utcnow() + dt.timedelta(seconds=6)
    assert [m.id for m in outbox.due_heads(session, later)] == [first.id, other.id]
    outbox.mark_sent(outbox.claim(session, first.id, later, LEASE), "77")
    session.commit()
    assert [m.id for m in outbox.due_heads(session, later)] == [second.id, other.id]
    assert outbox.next_due(session) is not None
    assert first.attempts == 1 and first.provider_message_id == "77" and first.status == OutboxStatus.SENT

    # Rate limits do not use up attempts; failures are kept, with what was to be sent.
    row = outbox.enqueue(session, "wa:316", [Outgoing("hoi")], "nl")[0]
    outbox.retry_later(row, dt.timedelta(seconds=1), "130429", count=False)
    assert row.attempts == 0
    outbox.fail(row, "Forbidden: bot was blocked by the user")
    session.commit()
    assert row.status == OutboxStatus.FAILED and session.get(OutboxMessage, row.id).payload["text"]["body"] == "hoi"


def test_whatsapp_window_at_sending_time_and_held_messages(session: Session) -> None:
    turns.receive(session, text("wa:316", "w1"))
    contact = session.get(ChannelContact, "wa:316")
    row = outbox.enqueue(session, "wa:316", [Outgoing("binnen het venster")], "nl")[0]
    session.commit()
    assert outbox.claim(session, row.id, utcnow(), LEASE) is not None
    contact.last_inbound_at = utcnow() - dt.timedelta(hours=24, minutes=1)
    late = outbox.enqueue(session, "wa:316", [Outgoing("te laat")], "nl")[0]
    session.commit()
    assert outbox.claim(session, late.id, utcnow(), LEASE) is None
    session.commit()
    assert late.status == OutboxStatus.REFUSED and "24-hour" in late.last_error
    assert contacts.in_service_window(contact, utcnow() - dt.timedelta(minutes=2))
    assert not contacts.in_service_window(None)

    # Held messages go out when the person answers the template.
    contact.last_inbound_at = utcnow() - dt.timedelta(days=3)
    from wegwijz.channels.config import load

    config = load({"WHATSAPP_TEMPLATE_CHECKIN": "checkin"})
    result = outbox.enqueue_proactive(session, "wa:316", ["Hoe gaat het?"], config=config)
    session.commit()
    assert result.how == "template"
    statuses = [session.get(OutboxMessage, i).status for i in result.outbox_ids]
    assert statuses == [OutboxStatus.PENDING, OutboxStatus.HELD]
    tap = Inbound(Channel.WHATSAPP, "w3", "wa:316", InboundKind.TEMPLATE_REPLY, text="Ja")
    item = turns.receive(session, tap)
    session.commit()
    assert session.get(OutboxMessage, result.outbox_ids[1]).status == OutboxStatus.PENDING
    assert item.status == InboxStatus.DONE, "the tap itself asks nothing of Rasa"


def test_button_keys_and_whatsapp_shapes(session: Session) -> None:
    long_payload = "/kb_" + "x" * 100
    key = button_keys.button_data(session, long_payload, 64)
    assert key.startswith(button_keys.PREFIX) and len(key.encode()) <= 64
    assert button_keys.button_data(session, long_payload, 64) == key, "the same payload, the same key"
    assert button_keys.button_data(session, "/feedback_yes", 64) == "/feedback_yes"
    session.commit()
    assert button_keys.button_payload(session, key) == long_payload
    assert button_keys.button_payload(session, "/feedback_yes") == "/feedback_yes"
    assert button_keys.button_payload(session, "k:unknown") is None

    # WhatsApp shapes keep to the platform's limits (checked as the Graph API checks them).
    from tests.channels.fake_whatsapp import check_message

    many = tuple((f"Onderwerp met een hele lange titel {n}", f"/kb_{n}" + "y" * 250) for n in range(13))
    messages = [Outgoing("Kies:", (("Ja", "/yes"), ("Nee", "/no"))), Outgoing("Kies:", many),
                Outgoing("woord " * 1500, (("Ok", "/ok"),)), Outgoing("**vet** " * 1000)]
    bodies = outbox.render(session, "wa", messages, "ar")
    assert [b["type"] for b in bodies] == ["interactive", "interactive", "interactive", "text", "text",
                                           "interactive", "text", "text"]
    assert all(check_message({**b, "to": "316"}) is None for b in bodies)
    assert bodies[1]["interactive"]["action"]["button"] == "اختر من القائمة"


def test_forgetting_old_messages_and_one_person(session: Session) -> None:
    old = utcnow() - dt.timedelta(days=40)
    done = turns.receive(session, text("tg:1", "1"), now=old)
    inbox.finish(session, done)
    waiting = turns.receive(session, text("tg:1", "2"), now=old)
    sent = outbox.enqueue(session, "tg:1", [Outgoing("oud")], "nl", now=old)[0]
    outbox.mark_sent(sent, "1")
    pending = outbox.enqueue(session, "tg:1", [Outgoing("wacht nog")], "nl", now=old)[0]
    turns.receive(session, text("web:abc", "3"), now=old)
    session.commit()
    assert retention.forget_old(session, days=30) == 3
    session.commit()
    assert {i.id for i in session.execute(select(InboxItem)).scalars()} == {waiting.id}
    assert {m.id for m in session.execute(select(OutboxMessage)).scalars()} == {pending.id}
    turns.receive(session, text("tg:2", "4"))
    session.commit()
    assert retention.forget_sender(session, "tg:1") == 3  # inbox, outbox, contact
    session.commit()
    assert session.get(ChannelContact, "tg:1") is None and session.get(ChannelContact, "tg:2") is not None
