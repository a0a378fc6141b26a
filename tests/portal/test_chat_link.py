"""Linking a chat address needs the code from the portal typed in that chat (issue: no link without proof).

Through the real paths: the portal's form, Rasa's message guard, and `action_answer` with a real
CollectingDispatcher and a Tracker built from a dict, on the same database.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Iterator

import pytest
import yaml
from flask import Flask
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from bot.actions.kennisbank import ActionAnswer
from tests.portal import known_data
from tests.portal.conftest import page_token
from wegwijz import db
from wegwijz.journey import linking
from wegwijz.journey.models import AuditLog, ChatIdentity, ChatLinkCode
from wegwijz.nlu.guard import MessageGuard
from wegwijz.settings import ROOT
from wegwijz.settings import get as get_settings
from wegwijz.texts import say

DOMAIN = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
NEW_ADDRESS = "wa:31611112222"
_CODE = re.compile(r"typt in die chat: /koppel (\d{3}) (\d{3})")


@pytest.fixture
def known(portal_app: Flask, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[known_data.Known]:
    monkeypatch.setenv("DATABASE_URL", database_url)  # the action reads the settings, as on the action server
    get_settings.cache_clear()
    with db.session_factory(database_url)() as session:
        yield known_data.seed(session)
    get_settings.cache_clear()


def _ask_code(client_for, newcomer_id: int, address: str = NEW_ADDRESS) -> str:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker")
    token = page_token(anna, f"/portal/nieuwkomers/{newcomer_id}")
    response = anna.post(f"/portal/nieuwkomers/{newcomer_id}/chatadressen",
                         data={"csrf_token": token, "sender_id": address}, follow_redirects=True)
    page = response.get_data(as_text=True)
    found = _CODE.search(page)
    assert response.status_code == 200 and found, page[:2000]
    assert "Wacht op de code in de chat" in page and address in page
    return found.group(1) + found.group(2)


def _identity(database_url: str, address: str) -> int | None:
    with db.session_factory(database_url)() as session:
        row = session.execute(select(ChatIdentity).where(ChatIdentity.sender_id == address)).scalar_one_or_none()
        return row.newcomer_id if row else None


def _chat(sender: str, text: str, lang: str = "ar") -> list[str]:
    """One message through the guard and `action_answer`, as Rasa runs them.

    A bare number is given `nlu_fallback` as the model would for a message it cannot place.
    """
    message = Message(data={TEXT: text, INTENT: {"name": "nlu_fallback", "confidence": 0.3}})
    MessageGuard().process([message])
    assert message.get(INTENT)["name"] == "nlu_fallback"  # the rule sends it to action_answer
    latest = {"text": text, "intent": message.get(INTENT), "entities": []}
    tracker = Tracker(sender, {"language": lang, "chosen_language": lang}, latest, [], False, None, {},
                      "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswer().run(dispatcher, tracker, DOMAIN))
    return [m["text"] for m in dispatcher.messages]


def test_the_portal_makes_a_code_and_links_nothing_until_it_is_typed_in_that_chat(
        client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    code = _ask_code(client_for, known.amal)
    assert _identity(database_url, NEW_ADDRESS) is None
    with db.session_factory(database_url)() as session:
        stored = session.execute(select(ChatLinkCode)).scalar_one()
        assert code not in stored.code_hash  # only a hash is kept
    # Someone at another address who somehow has the code links nothing.
    assert say("link_confirmed", "ar") not in _chat("tg:777", code)  # answered as any number would be
    assert _identity(database_url, "tg:777") is None
    assert _chat(NEW_ADDRESS, f"{code[:3]} {code[3:]}") == [say("link_confirmed", "ar")]
    assert _identity(database_url, NEW_ADDRESS) == known.amal
    with db.session_factory(database_url)() as session:
        assert session.execute(select(ChatLinkCode)).first() is None  # one-time
        whats = [e.what for e in session.execute(select(AuditLog)).scalars()]
    assert "linked chat address" in whats
    assert _chat(NEW_ADDRESS, f"/koppel {code}", "ti") == [say("link_no_code", "ti")]


def test_a_typo_in_the_address_hands_the_stranger_five_tries_at_most(
        client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    code = _ask_code(client_for, known.amal)
    wrong = [f"{(int(code) + n) % 1_000_000:06d}" for n in range(1, 7)]
    replies = [_chat(NEW_ADDRESS, f"/koppel {guess}", "en") for guess in wrong[:5]]
    assert replies[:4] == [[say("link_wrong_code", "en")]] * 4
    assert replies[4] == [say("link_no_code", "en")]  # the fifth wrong try ends the code
    assert _chat(NEW_ADDRESS, f"/koppel {code}", "en") == [say("link_no_code", "en")]  # even the right one
    assert _identity(database_url, NEW_ADDRESS) is None


def test_a_code_expires(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    code = _ask_code(client_for, known.amal)
    later = dt.datetime.now(dt.timezone.utc) + linking.VALID_FOR + dt.timedelta(seconds=1)
    with db.session_factory(database_url)() as session:
        assert linking.confirm(session, NEW_ADDRESS, code, now=later) is linking.Confirmation.GONE
        session.commit()
    assert _identity(database_url, NEW_ADDRESS) is None


def test_a_new_code_replaces_the_old_one(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    first = _ask_code(client_for, known.amal)
    second = _ask_code(client_for, known.amal)
    if first != second:
        assert _chat(NEW_ADDRESS, f"/koppel {first}", "nl") == [say("link_wrong_code", "nl")]
    assert _chat(NEW_ADDRESS, second, "nl") == [say("link_confirmed", "nl")]


@pytest.mark.parametrize("text", ["482913", "482 913", "482-913", "/koppel 482913", "/KOPPEL 482 913",
                                  "/link 482913", " 482913 "])
def test_link_codes_are_recognised(text: str) -> None:
    assert linking.typed_code(text) == "482913"


@pytest.mark.parametrize("text", ["4829", "4829134", "bel 482913", "06 12345678", "/koppel"])
def test_other_messages_are_no_link_code(text: str) -> None:
    assert linking.typed_code(text) is None
