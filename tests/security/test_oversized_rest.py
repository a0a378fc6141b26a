"""A body over the REST channel's limit gets 413 with a kind reply in Rasa's JSON shape, never Sanic's plain one.

Through the real Rasa server (`rasa_stack`). The body is refused unread, so the reply cannot know the
person's language: one short line in each of the four.
"""

from __future__ import annotations

import requests

from tests.rasa_stack import RasaStack
from wegwijz import LANGUAGES
from wegwijz.rasa_channel import MAX_BODY
from wegwijz.texts import say


def test_a_rest_body_over_the_limit_gets_a_kind_413(rasa_stack: RasaStack) -> None:
    url = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"
    for body in ({"sender": "web:big2", "message": "x" * (MAX_BODY + 1)},
                 {"sender": "web:big3", "message": "ሰላም " * 2_000_000, "metadata": {"language": "ti"}}):
        answer = requests.post(url, json=body, headers=rasa_stack.channel_headers, timeout=60)
        assert answer.status_code == 413
        assert answer.headers["Content-Type"] == "application/json"
        (reply,) = answer.json()
        assert reply["text"].splitlines() == [say("too_large", lang) for lang in LANGUAGES]
    assert rasa_stack.talk("web:big4", "hallo")  # and the server still answers
