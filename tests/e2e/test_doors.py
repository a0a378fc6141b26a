"""Every door of the running assistant needs its key: the REST channel, the API, the action server."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.rasa_stack import RasaStack
from wegwijz import LANGUAGES
from wegwijz.doorkeys import ACTION_HEADER, CHANNEL_HEADER, action_secret
from wegwijz.texts import say


def _sender() -> str:
    return f"web:door{uuid.uuid4().hex[:10]}"


def _user_events(rasa_stack: RasaStack, sender: str) -> list[dict]:  # type: ignore[type-arg]
    return [e for e in rasa_stack.tracker(sender)["events"] if e.get("event") == "user"]


def test_the_rest_webhook_refuses_callers_without_the_channel_secret(rasa_stack: RasaStack) -> None:
    sender = _sender()
    url = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"
    body = {"sender": sender, "message": "/mijngegevens"}
    for headers in ({}, {CHANNEL_HEADER: "guess"}, {CHANNEL_HEADER: rasa_stack.channel_secret + "x"}):
        refused = requests.post(url, json=body, headers=headers, timeout=30)
        assert refused.status_code == 401
        assert refused.json()["error"] == "unauthorized"
    assert _user_events(rasa_stack, sender) == []  # Rasa never saw the message


def test_the_rest_webhook_keeps_its_json_and_passes_metadata(rasa_stack: RasaStack) -> None:
    sender = _sender()
    answer = requests.post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook",
                           json={"sender": sender, "message": "hallo", "metadata": {"via": "operator"}},
                           headers=rasa_stack.channel_headers, timeout=60)
    assert answer.status_code == 200
    replies = answer.json()
    assert isinstance(replies, list) and replies and all(r["recipient_id"] == sender for r in replies)
    (event,) = _user_events(rasa_stack, sender)
    assert event["text"] == "hallo" and event["metadata"]["via"] == "operator"
    assert event["input_channel"] == "rest"


FORGED_CALL = {
    "next_action": "action_show_my_data", "sender_id": "wa:31600000000", "version": "3.6.21",
    "tracker": {"sender_id": "wa:31600000000", "slots": {}, "latest_message": {}, "events": [],
                "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": None},
    "domain": {},
}


def test_the_action_server_refuses_a_forged_tracker_without_the_action_secret(rasa_stack: RasaStack) -> None:
    for headers in ({}, {ACTION_HEADER: "guess"}):
        refused = requests.post(f"{rasa_stack.action_url}/webhook", json=FORGED_CALL, headers=headers, timeout=30)
        assert refused.status_code == 401 and refused.json() == {"error": "unauthorized"}
        assert requests.get(f"{rasa_stack.action_url}/actions", headers=headers, timeout=30).status_code == 401
    assert requests.get(f"{rasa_stack.action_url}/health", timeout=30).status_code == 200
    secret = action_secret(rasa_stack.settings.var_dir)
    listed = requests.get(f"{rasa_stack.action_url}/actions", headers={ACTION_HEADER: secret}, timeout=30)
    assert listed.status_code == 200 and listed.json()


def test_rasa_reaches_the_action_server_with_the_secret(rasa_stack: RasaStack) -> None:
    replies = rasa_stack.talk(_sender(), "/mijngegevens")  # a custom action answers
    assert replies and all(r.get("text") or r.get("custom") or r.get("buttons") for r in replies)


def test_rasas_http_api_refuses_callers_without_the_token(rasa_stack: RasaStack) -> None:
    sender = _sender()
    rasa_stack.talk(sender, "hallo")
    tracker_url = f"{rasa_stack.rasa_url}/conversations/{sender}/tracker"
    assert requests.get(tracker_url, timeout=30).status_code == 401
    assert requests.get(tracker_url, params={"token": "guess"}, timeout=30).status_code == 401
    # A cross-origin text/plain POST from a web page on the same machine gets nowhere either.
    trigger = requests.post(f"{rasa_stack.rasa_url}/conversations/{sender}/trigger_intent",
                            data='{"name": "start_checkin"}', headers={"Content-Type": "text/plain"}, timeout=30)
    assert trigger.status_code == 401
    assert requests.get(tracker_url, params={"token": rasa_stack.api_token}, timeout=30).status_code == 200


BAD_REST_BODIES = [
    b"[1, 2]", b"null", b"not json", b'{"sender": "web:bad1", "message": "\\ud800"}',
    b'{"sender": "web:bad1", "message": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'{"sender": "web:bad1", "message": 5}', b'{"sender": 7, "message": "hallo"}',
    b'{"sender": "web:bad1", "message": "hi", "metadata": [1]}',
]


@pytest.mark.parametrize("body", BAD_REST_BODIES)
def test_a_bad_rest_body_gets_400_and_a_kind_reply(rasa_stack: RasaStack, body: bytes) -> None:
    answer = requests.post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook", data=body,
                           headers={**rasa_stack.channel_headers, "Content-Type": "application/json"}, timeout=30)
    assert answer.status_code == 400
    (reply,) = answer.json()
    assert reply["text"].splitlines() == [say("bad_request", lang) for lang in LANGUAGES]


def test_a_bad_rest_body_is_answered_in_the_language_of_its_metadata(rasa_stack: RasaStack) -> None:
    answer = requests.post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook",
                           json={"sender": "web:bad2", "message": 5, "metadata": {"language": "ar"}},
                           headers=rasa_stack.channel_headers, timeout=30)
    assert answer.status_code == 400 and answer.json()[0]["text"] == say("bad_request", "ar")


def test_a_huge_rest_body_is_refused(rasa_stack: RasaStack) -> None:
    answer = requests.post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook",
                           json={"sender": "web:big1", "message": "x" * 5_000_000},
                           headers=rasa_stack.channel_headers, timeout=60)
    assert answer.status_code == 413
    assert rasa_stack.talk(_sender(), "hallo")  # and the server still answers
