"""The web chat goes through the same gateway steps (inbox, Rasa, language), answering directly."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from tests.channels.fake_rasa import FakeRasa
from wegwijz import db
from wegwijz.channels.constants import InboxStatus
from wegwijz.channels.models import ChannelContact, InboxItem
from wegwijz.settings import load
from wegwijz.web.app import create_app


def test_the_web_chat_uses_the_gateway_path(database_url: str, fake_rasa: FakeRasa) -> None:
    settings = dataclasses.replace(load(), database_url=database_url, rasa_url=fake_rasa.url)
    client = create_app(settings).test_client()

    answer = client.post("/chat", json={"sender": "abc123", "message": "hallo"})
    assert answer.status_code == 200
    assert answer.get_json()["sender"] == "abc123"
    assert answer.get_json()["replies"][0]["buttons"][1]["payload"] == '/choose_language{"language":"ar"}'
    # Buttons on the web send their payload as a message; it passes unchanged.
    chosen = client.post("/chat", json={"sender": "abc123", "message": '/choose_language{"language":"ar"}'})
    assert chosen.get_json()["replies"][0]["text"].startswith("حسناً")
    assert fake_rasa.asked("web:abc123") == ["hallo", '/choose_language{"language":"ar"}']

    fake_rasa.stop()
    down = client.post("/chat", json={"sender": "abc123", "message": "nog een vraag"})
    assert down.status_code == 503 and down.get_json() == {"sender": "abc123", "replies": [],
                                                           "error": "unavailable"}
    with db.session_factory(database_url)() as session:
        items = session.execute(select(InboxItem).order_by(InboxItem.id)).scalars().all()
        assert [(i.sender_id, i.status) for i in items] == [("web:abc123", InboxStatus.DONE)] * 2 + [
            ("web:abc123", InboxStatus.FAILED)]
        assert all(i.text is None for i in items)
        assert session.get(ChannelContact, "web:abc123").chosen_language == "ar"
