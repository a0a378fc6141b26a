"""The action server is killed during a conversation: a kind "try again", never silence; nothing lost.

Through the real Rasa server and action server (`rasa_stack`): the web chat (the Flask app) and the
Telegram gateway (against the loopback fake of Telegram) each talk to Rasa while the action server is
gone, and again after it is back.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from tests.channels.fake_http import wait_for
from tests.channels.fake_telegram import FakeTelegram, text_update
from tests.channels.running import running_gateway, telegram_env
from tests.channels.test_web import chat_sender
from tests.faults.conftest import action_server_down
from tests.rasa_stack import RasaStack
from wegwijz import db
from wegwijz.channels import config as channel_config
from wegwijz.journey.constants import SKIPPED
from wegwijz.journey.newcomers import find_by_sender
from wegwijz.texts import say
from wegwijz.web.app import create_app
from wegwijz.web.identity import ChatIdentity
from wegwijz.web.limits import SenderLimiter


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies if r.get("text"))


def _buttons(replies: list[dict[str, Any]]) -> dict[str, str]:
    return {b["title"]: b["payload"] for r in replies for b in r.get("buttons", [])}


def _stored(stack: RasaStack, sender: str) -> dict[str, Any]:
    with db.session_factory(stack.database_url)() as session:
        newcomer = find_by_sender(session, sender)
        assert newcomer is not None
        return {a.question: (SKIPPED if a.skipped else a.value) for a in newcomer.intake_answers}


def test_web_chat_mid_intake_says_try_again_and_continues_after_restart(rasa_stack: RasaStack) -> None:
    settings = dataclasses.replace(rasa_stack.settings, action_port=int(rasa_stack.action_url.rsplit(":", 1)[1]))
    identity = ChatIdentity(settings.secret_key)
    client = create_app(settings, limiter=SenderLimiter(per_minute=600, burst=100), identity=identity).test_client()

    def says(message: str, button: bool = False) -> tuple[int, list[dict[str, Any]]]:
        answer = client.post("/chat", json={"message": message, "button": button})
        return answer.status_code, list(answer.get_json()["replies"])

    says('/choose_language{"language":"ar"}', button=True)
    _, replies = says("startgesprek")
    assert say("journey_q_intake_consent", "ar") in _texts(replies)
    _, replies = says(_buttons(replies)[say("journey_opt_consent_yes", "ar")], button=True)
    assert say("journey_q_intake_background", "ar") in _texts(replies)
    status, replies = says("من سوريا، من حلب")
    assert status == 200 and say("journey_q_intake_languages", "ar") in _texts(replies)
    sender = chat_sender(client, identity)

    with action_server_down(rasa_stack):
        status, replies = says("العربية وقليل من الهولندية")
        # Never an empty reply: a kind "try again" in the person's language.
        assert status == 503 and replies == [{"text": say("error", "ar")}]
        assert "intake_background" in _stored(rasa_stack, sender)

    # After the restart the person sends the answer again, and the intake goes on from there.
    status, replies = says("العربية وقليل من الهولندية")
    assert status == 200, replies
    assert say("journey_q_intake_education", "ar") in _texts(replies)
    stored = _stored(rasa_stack, sender)
    assert stored["intake_background"] == "من سوريا، من حلب"
    assert stored["intake_languages"] == "العربية وقليل من الهولندية"


def test_telegram_message_waits_with_one_moment_and_is_answered_after_restart(rasa_stack: RasaStack) -> None:
    telegram = FakeTelegram().start()
    health = f"{rasa_stack.action_url}/health"
    config = channel_config.load(telegram_env(telegram))
    try:
        with running_gateway(config, rasa_stack.database_url, rasa_stack.rasa_url, action_health_url=health):
            telegram.push(text_update(4401, '/start', language_code="en"))
            wait_for(lambda: telegram.texts_to(4401), 120, "the welcome")
            welcomed = len(telegram.texts_to(4401))
            with action_server_down(rasa_stack):
                telegram.push(text_update(4401, "Where do I find a family doctor?", language_code="en"))
                wait_for(lambda: len(telegram.texts_to(4401)) > welcomed, 120, "the one moment")
                # Never silence: the gateway says the message is kept and will be answered.
                assert telegram.texts_to(4401)[welcomed:] == [say("channel_one_moment", "en")]
            wait_for(lambda: len(telegram.texts_to(4401)) > welcomed + 1, 120, "the answer after the restart")
            answer = "\n".join(telegram.texts_to(4401)[welcomed + 1:])
            assert answer and say("channel_one_moment", "en") not in answer and say("error", "en") not in answer
    finally:
        telegram.stop()
