"""The web chat has no outbox: a person's answer waits until the chat page (with its cookie) fetches it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from tests.ask_person.known import ask
from tests.channels.fake_rasa import FakeRasa
from tests.channels.test_web import chat_sender
from wegwijz import db
from wegwijz.humanhelp import inbox
from wegwijz.humanhelp.models import PersonQuestion
from wegwijz.settings import load
from wegwijz.web.app import create_app
from wegwijz.web.identity import ChatIdentity


def test_the_chat_page_fetches_its_own_answers_once(database_url: str, fake_rasa: FakeRasa) -> None:
    settings = dataclasses.replace(load(), database_url=database_url, rasa_url=fake_rasa.url)
    identity = ChatIdentity(settings.secret_key)
    app = create_app(settings, identity=identity)
    mine, stranger = app.test_client(), app.test_client()
    assert mine.get("/chat/antwoorden").get_json() == {"replies": []}, "no cookie, nothing"
    mine.post("/chat", json={"message": "hallo"})
    stranger.post("/chat", json={"message": "hallo"})
    sender = chat_sender(mine, identity)
    with db.session_factory(database_url)() as session:
        question = session.get(PersonQuestion, ask(session, sender, "Mag ik een hond houden?"))
        assert mine.get("/chat/antwoorden").get_json() == {"replies": []}, "not answered yet"
        inbox.answer(session, question, "Vraag het je verhuurder.", "klantmanager.anna",
                     dt.datetime(2026, 12, 2, 12, tzinfo=dt.timezone.utc))
        session.commit()
    assert stranger.get("/chat/antwoorden").get_json() == {"replies": []}, "another chat never sees it"
    replies = mine.get("/chat/antwoorden").get_json()["replies"]
    assert len(replies) == 1 and "Vraag het je verhuurder." in replies[0]["text"] and "hond" in replies[0]["text"]
    assert mine.get("/chat/antwoorden").get_json() == {"replies": []}, "shown once"
