"""A person's messages are answered once each and in the platform's order, however the deliveries arrive.

Real-format payloads from `../shared/conformance/payloads/` (read at test time), parsed by the bridges'
own parsers: a later Telegram update or WhatsApp message delivered before an earlier one (a webhook
retried after a timeout, two deliveries racing) is handed out after it; a second delivery is stored
once. What the processor is handed is `inbox.due_heads`, the same query the gateway's workers use.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy.orm import Session
from telegram import Bot, Update

from tests.channels.test_conformance import IN_CI, PAYLOADS
from wegwijz.channels import inbox, turns, whatsapp_in
from wegwijz.channels.models import utcnow
from wegwijz.channels.telegram_in import inbound_from_update

LEASE = dt.timedelta(minutes=2)


def _payload(name: str) -> dict[str, Any]:
    path = PAYLOADS / name
    if not path.is_file():
        message = f"conformance payload {path} not found"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return dict(json.loads(path.read_bytes()))


def _telegram(update_id: int, text: str) -> inbox.Inbound:
    data = copy.deepcopy(_payload("tg_private_text.json"))
    data["update_id"] = update_id
    data["message"]["message_id"] += update_id - data["update_id"] + 1
    data["message"]["text"] = text
    inbound = inbound_from_update(Update.de_json(data, Bot("123:abc")))
    assert inbound is not None
    return inbound


def _whatsapp(wamid: str, timestamp: int, text: str) -> inbox.Inbound:
    data = copy.deepcopy(_payload("wa_text.json"))
    value = data["entry"][0]["changes"][0]["value"]
    message = value["messages"][0]
    message.update(id=wamid, timestamp=str(timestamp), text={"body": text})
    (inbound,), _ = whatsapp_in.parse(data, value["metadata"]["phone_number_id"])
    return inbound


def _handed_out(session: Session) -> list[str]:
    """Answer everything as the gateway's workers do, one head at a time; the texts in the order answered."""
    answered: list[str] = []
    now = utcnow()
    while heads := inbox.due_heads(session, now):
        for head in heads:
            assert inbox.claim(session, head.id, now, LEASE)
            answered.append(str(head.text))
            inbox.finish(session, head)
        session.commit()
    return answered


def test_a_telegram_update_that_overtook_an_earlier_one_waits_for_it(session: Session) -> None:
    first_id = int(_payload("tg_private_text.json")["update_id"])
    for update_id, text in ((first_id + 2, "derde"), (first_id, "eerste"), (first_id + 1, "tweede")):
        assert turns.receive(session, _telegram(update_id, text)) is not None
    assert turns.receive(session, _telegram(first_id, "eerste")) is None, "delivered again: stored once"
    session.commit()
    assert _handed_out(session) == ["eerste", "tweede", "derde"]


def test_whatsapp_messages_go_by_their_sent_at_time_and_arrival_breaks_ties(session: Session) -> None:
    sent = int(_payload("wa_text.json")["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"])
    arrivals = [("wamid.3", sent + 40, "derde"), ("wamid.1", sent, "eerste"),
                ("wamid.2a", sent + 20, "tweede"), ("wamid.2b", sent + 20, "tweede bis")]
    for wamid, timestamp, text in arrivals:
        assert turns.receive(session, _whatsapp(wamid, timestamp, text)) is not None
    assert turns.receive(session, _whatsapp("wamid.1", sent, "eerste")) is None, "delivered again: stored once"
    session.commit()
    assert _handed_out(session) == ["eerste", "tweede", "tweede bis", "derde"]


def test_an_earlier_message_arriving_while_a_later_one_is_answered_waits_its_turn(session: Session) -> None:
    """One message of a person at a time: a late earlier message is not answered beside the one in hand."""
    sent = int(_payload("wa_text.json")["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"])
    later = turns.receive(session, _whatsapp("wamid.late", sent + 30, "later"))
    session.commit()
    now = utcnow()
    assert [h.id for h in inbox.due_heads(session, now)] == [later.id]
    assert inbox.claim(session, later.id, now, LEASE)
    session.commit()
    turns.receive(session, _whatsapp("wamid.early", sent, "eerder"))
    session.commit()
    assert inbox.due_heads(session, now) == [], "the person's later message is still being answered"
    inbox.finish(session, later)
    session.commit()
    assert [h.text for h in inbox.due_heads(session, utcnow())] == ["eerder"]


def test_the_bridges_keep_the_platforms_order(session: Session) -> None:
    first_id = int(_payload("tg_private_text.json")["update_id"])
    assert _telegram(first_id, "x").platform_order == first_id
    sent = int(_payload("wa_text.json")["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"])
    assert _whatsapp("wamid.x", sent, "x").platform_order == sent
