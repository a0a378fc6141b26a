"""The web chat goes through the same gateway steps (inbox, Rasa, language), answering directly."""

from __future__ import annotations

import dataclasses

from flask.testing import FlaskClient
from sqlalchemy import select

from tests.channels.fake_rasa import FakeRasa
from wegwijz import db
from wegwijz.channels.constants import InboxStatus
from wegwijz.channels.models import ChannelContact, InboxItem
from wegwijz.settings import load
from wegwijz.texts import say
from wegwijz.web.app import create_app
from wegwijz.web.identity import COOKIE, ChatIdentity


def chat_sender(client: FlaskClient, identity: ChatIdentity) -> str:
    """The sender id behind the browser's cookie (as Rasa and the database see it)."""
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return "web:" + identity.sender_for(identity.signer.unsign(cookie.value).decode("ascii"))


def test_the_web_chat_uses_the_gateway_path(database_url: str, fake_rasa: FakeRasa) -> None:
    settings = dataclasses.replace(load(), database_url=database_url, rasa_url=fake_rasa.url)
    identity = ChatIdentity(settings.secret_key)
    client = create_app(settings, identity=identity).test_client()

    answer = client.post("/chat", json={"sender": "abc123", "message": "hallo"})  # a sender in the body is ignored
    assert answer.status_code == 200
    assert "sender" not in answer.get_json()
    sender = chat_sender(client, identity)
    assert sender != "web:abc123" and len(sender) == len("web:") + 32
    assert answer.get_json()["replies"][0]["buttons"][1]["payload"] == '/choose_language{"language":"ar"}'
    # A tapped button sends its payload, flagged as a button; it passes unchanged.
    chosen = client.post("/chat", json={"message": '/choose_language{"language":"ar"}', "button": True})
    assert chosen.get_json()["replies"][0]["text"].startswith("حسناً")
    assert fake_rasa.asked(sender) == ["hallo", '/choose_language{"language":"ar"}']
    assert fake_rasa.asked("web:abc123") == []
    # The language is decided here too and goes to Rasa with the message; Dutch typed later stays Arabic.
    client.post("/chat", json={"message": "Waar vind ik een huisarts in Zeist?"})
    assert [m["language"] for m in fake_rasa.metadata(sender)] == ["nl", "ar", "ar"]

    fake_rasa.stop()
    down = client.post("/chat", json={"message": "nog een vraag"})
    # Never an empty reply: "something went wrong, try again" in the language they chose.
    assert down.status_code == 503
    assert down.get_json() == {"replies": [{"text": say("error", "ar")}], "error": "unavailable"}
    with db.session_factory(database_url)() as session:
        items = session.execute(select(InboxItem).order_by(InboxItem.id)).scalars().all()
        assert [(i.sender_id, i.status) for i in items] == [(sender, InboxStatus.DONE)] * 3 + [
            (sender, InboxStatus.FAILED)]
        assert all(i.text is None for i in items)
        assert session.get(ChannelContact, sender).chosen_language == "ar"


def test_typed_text_on_the_web_follows_the_same_command_policy(database_url: str, fake_rasa: FakeRasa) -> None:
    """Typed payloads are text and typed commands in any language are commands, as on Telegram and WhatsApp."""
    settings = dataclasses.replace(load(), database_url=database_url, rasa_url=fake_rasa.url)
    identity = ChatIdentity(settings.secret_key)
    client = create_app(settings, identity=identity).test_client()
    client.post("/chat", json={"message": '/intake_consent{"choice":"yes"}'})
    client.post("/chat", json={"message": "/لغة"})
    client.post("/chat", json={"message": "/intake"})
    client.post("/chat", json={"message": '/choose_language{"language":"ti"}', "button": "yes"})  # not True
    assert fake_rasa.asked(chat_sender(client, identity)) == [
        'intake_consent{"choice":"yes"}', "/taal", "/start_intake", 'choose_language{"language":"ti"}']


class Clock:
    """Seconds since the epoch, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_identity_is_an_httponly_cookie_that_expires_when_idle(database_url: str, fake_rasa: FakeRasa) -> None:
    settings = dataclasses.replace(load(), database_url=database_url, rasa_url=fake_rasa.url)
    clock = Clock()
    identity = ChatIdentity(settings.secret_key, idle_days=30, clock=clock)
    client = create_app(settings, identity=identity).test_client()
    first = client.post("/chat", json={"message": "hallo"})
    header = first.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Strict" in header and "Max-Age=2592000" in header
    assert "Secure" not in header  # plain http in development; https gets Secure
    sender = chat_sender(client, identity)
    assert sender.removeprefix("web:") not in header  # the cookie is not the sender id
    over_https = client.post("/chat", json={"message": "hallo"}, base_url="https://localhost")
    assert "Secure" in over_https.headers["Set-Cookie"]

    clock.now += 29 * 86400  # used within the idle time: the same person, and the cookie is refreshed
    client.post("/chat", json={"message": "nog een vraag"})
    assert chat_sender(client, identity) == sender
    clock.now += 29 * 86400
    client.post("/chat", json={"message": "en nog een"})
    assert chat_sender(client, identity) == sender
    clock.now += 31 * 86400  # idle too long: a new conversation
    client.post("/chat", json={"message": "hallo"})
    assert chat_sender(client, identity) != sender

    forged = create_app(settings, identity=identity).test_client()
    forged.set_cookie(COOKIE, "abc123")
    forged.post("/chat", json={"message": "/mijngegevens"})
    assert fake_rasa.asked("web:abc123") == []


def test_forget_me_on_this_device(database_url: str, fake_rasa: FakeRasa) -> None:
    settings = dataclasses.replace(load(), database_url=database_url, rasa_url=fake_rasa.url)
    identity = ChatIdentity(settings.secret_key)
    app = create_app(settings, identity=identity)
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    for lang in ("nl", "ar", "ti", "en"):
        assert say("forget_button", lang) in page and say("forget_confirm", lang) in page
    client.post("/chat", json={"message": '/choose_language{"language":"ti"}', "button": True})
    sender = chat_sender(client, identity)
    forgotten = client.post("/chat/forget")
    assert forgotten.get_json()["replies"][0]["text"] == say("forgotten", "ti")
    assert client.get_cookie(COOKIE) is None
    client.post("/chat", json={"message": "hallo"})
    assert chat_sender(client, identity) != sender
