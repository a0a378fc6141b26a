"""The web chat reads only what it can: bad bodies get 400 and a kind reply, big ones 413, floods 429."""

from __future__ import annotations

import dataclasses

import pytest

from tests.channels.fake_rasa import FakeRasa
from wegwijz import LANGUAGES
from wegwijz.settings import load
from wegwijz.texts import say
from wegwijz.web.app import create_app
from wegwijz.web.limits import SenderLimiter

BAD_BODIES = [
    b"[1, 2]", b"null", b"not json", b'{"sender": "abc123", "message": "\\ud800"}',
    b'{"sender": "abc123", "message": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'{"sender": "abc123", "message": 5}', b'{"sender": "abc123", "message": {"text": "hi"}}',
    b'{"sender": "abc123"}', b"\xff\xfe", b'"just a string"',
]


class Clock:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def client(database_url: str, fake_rasa: FakeRasa):  # type: ignore[no-untyped-def]
    settings = dataclasses.replace(load(), database_url=database_url, rasa_url=fake_rasa.url)
    clock = Clock()
    app = create_app(settings, limiter=SenderLimiter(per_minute=6, burst=3, clock=clock))
    return app.test_client(), clock


@pytest.mark.parametrize("body", BAD_BODIES)
def test_a_bad_body_gets_400_and_a_kind_reply(client, fake_rasa: FakeRasa, body: bytes) -> None:  # type: ignore[no-untyped-def]
    test_client, _ = client
    answer = test_client.post("/chat", data=body, content_type="application/json")
    assert answer.status_code == 400
    (reply,) = answer.get_json()["replies"]
    assert reply["text"].splitlines() == [say("bad_request", lang) for lang in LANGUAGES]
    assert fake_rasa.asked() == []


def test_a_huge_body_is_refused_unread(client) -> None:  # type: ignore[no-untyped-def]
    test_client, _ = client
    answer = test_client.post("/chat", json={"sender": "abc123", "message": "x" * 50_000_000})
    assert answer.status_code == 413 and answer.get_json()["replies"][0]["text"]


def test_a_20_mb_login_form_is_not_read(client) -> None:  # type: ignore[no-untyped-def]
    test_client, _ = client
    answer = test_client.post("/portal/login", data={"username": "a", "password": "p" * 20_000_000})
    assert answer.status_code == 413


def test_a_sender_who_floods_is_asked_to_slow_down(client, fake_rasa: FakeRasa) -> None:  # type: ignore[no-untyped-def]
    test_client, clock = client
    chosen = test_client.post("/chat", json={"message": '/choose_language{"language":"ti"}', "button": True})
    assert chosen.status_code == 200
    statuses = [test_client.post("/chat", json={"message": f"vraag {i}"}).status_code for i in range(4)]
    assert statuses == [200, 200, 429, 429]
    slow = test_client.post("/chat", json={"message": "nog een"})
    assert slow.get_json()["replies"][0]["text"] == say("slow_down", "ti")  # in the chosen language
    other = test_client.application.test_client()  # another browser, another person
    assert other.post("/chat", json={"message": "hallo"}).status_code == 200
    clock.now += 10  # one message per 10 s comes back
    assert test_client.post("/chat", json={"message": "later"}).status_code == 200
    assert test_client.post("/chat", json={"message": "te snel"}).status_code == 429
    assert len(fake_rasa.asked()) == 5  # 4 from the flood, 1 from the other


def test_new_ids_cannot_escape_the_limit(client) -> None:  # type: ignore[no-untyped-def]
    test_client, _ = client
    browsers = [test_client.application.test_client() for _ in range(4)]  # each without a cookie
    assert [b.post("/chat", json={"message": "hallo"}).status_code for b in browsers] == [200, 200, 200, 429]


def _served(app):  # type: ignore[no-untyped-def]
    """The app behind waitress, as `python -m wegwijz.web.app` serves it, on a free loopback port."""
    import threading

    from tests.rasa_stack import free_port
    from wegwijz.web.app import make_server

    port = free_port()
    server = make_server(app, "127.0.0.1", port, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{port}"


def test_a_body_over_the_servers_limit_gets_a_kind_413_in_every_language(client) -> None:  # type: ignore[no-untyped-def]
    import requests

    server, url = _served(client[0].application)
    try:
        answer = requests.post(f"{url}/chat", data=b'{"message": "' + b"x" * 2_000_000 + b'"}',
                               headers={"Content-Type": "application/json"}, timeout=30)
    finally:
        server.close()
    assert answer.status_code == 413 and answer.headers["Content-Type"] == "application/json"
    (reply,) = answer.json()["replies"]
    assert reply["text"].splitlines() == [say("too_large", lang) for lang in LANGUAGES]


@pytest.mark.parametrize("size", [20_000, 2_000_000])  # over the chat's limit; over the whole server's
def test_a_too_long_message_is_refused_in_the_persons_language(client, size: int) -> None:  # type: ignore[no-untyped-def]
    import requests

    test_client, _ = client
    server, url = _served(test_client.application)
    try:
        chat = requests.Session()
        assert chat.post(f"{url}/chat", json={"message": '/choose_language{"language":"ar"}', "button": True},
                         timeout=30).status_code == 200
        answer = chat.post(f"{url}/chat", json={"message": "س" * size}, timeout=30)
    finally:
        server.close()
    assert answer.status_code == 413
    assert answer.json() == {"replies": [{"text": say("too_large", "ar")}], "error": "too_large"}
