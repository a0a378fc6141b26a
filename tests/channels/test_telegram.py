"""The Telegram bridge against a fake Bot API and a fake Rasa, over real HTTP, with python-telegram-bot."""

from __future__ import annotations

import json
from collections.abc import Callable

import requests
from sqlalchemy import func, select

from tests.channels.fake_http import wait_for
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import FakeTelegram, button_update, media_update, message_update, text_update
from tests.channels.running import telegram_env
from wegwijz import LANGUAGES, db
from wegwijz.channels.constants import InboxStatus
from wegwijz.channels.formatting import RLM
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import InboxItem
from wegwijz.texts import say

ARABIC = '/choose_language{"language":"ar"}'


def inbox_count(database_url: str) -> int:
    with db.session_factory(database_url)() as session:
        return int(session.execute(select(func.count()).select_from(InboxItem)).scalar_one())


def test_a_full_conversation_with_buttons_both_ways_and_commands(
        gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram, fake_rasa: FakeRasa) -> None:
    gateway_for(telegram_env(fake_telegram))
    chat = 1001

    fake_telegram.push(text_update(chat, "hallo"))
    welcome = wait_for(lambda: fake_telegram.messages_to(chat), what="the welcome")[0]
    assert fake_rasa.asked("tg:1001") == ["hallo"]
    assert welcome.text.startswith("Welkom bij WegwijZ-in-Zeist!")
    assert [[b["text"] for b in row] for row in welcome.keyboard] == [["Nederlands", "العربية"],
                                                                       ["ትግርኛ", "English"]]
    arabic_button = welcome.keyboard[0][1]["callback_data"]
    assert arabic_button == ARABIC

    fake_telegram.push(button_update(chat, arabic_button))
    wait_for(lambda: len(fake_telegram.messages_to(chat)) == 2, what="the Arabic answer")
    assert fake_rasa.asked("tg:1001") == ["hallo", ARABIC]
    answer = fake_telegram.messages_to(chat)[1].text
    assert answer.startswith(RLM + "حسناً")
    assert all(line.startswith(RLM) for line in answer.split("\n"))  # "/taal: ..." sits right-to-left too
    assert fake_telegram.calls_to("answerCallbackQuery"), "the pressed button stops spinning"
    assert any(c["action"] == "typing" for c in fake_telegram.calls_to("sendChatAction"))

    fake_telegram.push(button_update(chat, "/kb_huisarts"))
    wait_for(lambda: len(fake_telegram.messages_to(chat)) == 3, what="the article")
    article = fake_telegram.messages_to(chat)[2]
    assert article.html.startswith("<b>Huisarts</b>\n\nJe huisarts")
    assert "<i>Nog vragen?</i>" in article.html
    assert [[b["callback_data"] for b in row] for row in article.keyboard] == [["/feedback_yes", "/feedback_no"]]
    assert "source" not in article.text  # the custom payload is a hint for clients, not a message

    fake_telegram.push(text_update(chat, "ትግርኛ ክዛረብ እደሊ"))
    wait_for(lambda: len(fake_telegram.messages_to(chat)) == 4, what="the echo in Tigrinya")
    assert fake_telegram.texts_to(chat)[3] == "echo: ትግርኛ ክዛረብ እደሊ"
    assert fake_telegram.violations == []

    # Commands: in Telegram's menu in four languages, and passed on to Rasa as intents.
    registered = {c.get("language_code"): c["commands"] for c in fake_telegram.calls_to("setMyCommands")}
    assert set(registered) == {*LANGUAGES, None}
    for lang in ("nl", "ar", "ti", "en"):
        menu = ["start", "taal", "help", "mijngegevens", "verwijder", "mens", "tips", "nieuws", "delen"]
        assert [c["command"] for c in registered[lang]] == menu
        assert registered[lang][1]["description"] == say("channel_command_taal", lang)
    assert fake_telegram.calls_to("deleteWebhook"), "polling mode removes any webhook first"

    for text in ("/start", "/taal@WegwijzTestBot", "/help extra words", '/choose_language{"language":"ar"}'):
        fake_telegram.push(text_update(2002, text))
    wait_for(lambda: len(fake_rasa.asked("tg:2002")) == 4, what="four questions to Rasa")
    # Typed text cannot smuggle an intent with entities past Rasa's language understanding.
    assert fake_rasa.asked("tg:2002") == ["/start", "/taal", "/help", 'choose_language{"language":"ar"}']


def test_duplicates_groups_long_payloads_and_long_texts(
        gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram, fake_rasa: FakeRasa,
        database_url: str) -> None:
    gateway_for(telegram_env(fake_telegram))
    update = fake_telegram.push(text_update(3003, "hallo"))
    wait_for(lambda: fake_telegram.messages_to(3003), what="the answer")
    fake_telegram.push(update)  # Telegram hands out the same update_id again
    fake_telegram.push(message_update(-100123, chat_type="group", text="hallo allemaal"))  # not for us
    fake_telegram.push(text_update(3003, "tweede vraag"))
    wait_for(lambda: len(fake_telegram.messages_to(3003)) == 2, what="the second answer")
    assert fake_rasa.asked("tg:3003") == ["hallo", "tweede vraag"]
    assert inbox_count(database_url) == 2
    assert fake_telegram.messages_to(-100123) == [] and fake_rasa.asked("tg:-100123") == []

    fake_telegram.push(text_update(4004, "suggestions"))
    menu = wait_for(lambda: fake_telegram.messages_to(4004), what="the suggestions")[0]
    data = [row[0]["callback_data"] for row in menu.keyboard]
    assert len(data) == 12 and all(len(d.encode()) <= 64 for d in data)
    fake_telegram.push(button_update(4004, data[4]))
    wait_for(lambda: len(fake_rasa.asked("tg:4004")) == 2, what="the pressed payload")
    assert fake_rasa.asked("tg:4004")[1] == "/kb_onderwerp_5_" + "x" * 60

    fake_telegram.push(text_update(4005, "long"))
    wait_for(lambda: len(fake_telegram.messages_to(4005)) >= 2, what="a split answer")
    wait_for(lambda: "Alinea 11" in fake_telegram.texts_to(4005)[-1], what="the last part")
    parts = fake_telegram.texts_to(4005)
    assert all(len(p) <= 4096 for p in parts)
    assert "".join(parts).count("Alinea") == 12 and parts[0].startswith("Alinea 0")


def test_media_get_a_kind_reply_in_the_senders_language(
        gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram, fake_rasa: FakeRasa) -> None:
    gateway_for(telegram_env(fake_telegram))
    fake_telegram.push(media_update(5005, "voice", language_code="ar"))  # first contact: the app's language
    fake_telegram.push(media_update(5006, "photo", language_code=None))  # unknown: all four languages
    fake_telegram.push(text_update(5007, "Where can I find a family doctor?", language_code=None))
    wait_for(lambda: fake_telegram.messages_to(5005) and fake_telegram.messages_to(5006)
             and fake_telegram.messages_to(5007), what="three replies")
    assert fake_telegram.texts_to(5005) == [RLM + say("channel_media_voice", "ar")]
    four = fake_telegram.texts_to(5006)[0]
    assert all(say("channel_media_photo", lang).split("!")[0] in four for lang in ("nl", "en", "ti"))
    for number, kind in enumerate(("sticker", "location", "document"), start=2):
        fake_telegram.push(media_update(5007, kind, language_code=None))
        wait_for(lambda n=number: len(fake_telegram.messages_to(5007)) == n, what=f"the {kind} reply")
        assert fake_telegram.texts_to(5007)[-1] == say(f"channel_media_{kind}", "en")
    assert fake_rasa.asked("tg:5005") == [] and fake_rasa.asked("tg:5006") == []


def test_webhook_mode_checks_the_secret(
        gateway_for: Callable[..., Gateway], fake_telegram: FakeTelegram, fake_rasa: FakeRasa,
        database_url: str) -> None:
    secret = "s3cret-token_for-the-webhook"
    gateway = gateway_for(telegram_env(fake_telegram, TELEGRAM_WEBHOOK_URL="https://wegwijz.example/telegram/webhook",
                                       TELEGRAM_WEBHOOK_SECRET=secret))
    assert fake_telegram.webhook is not None
    assert fake_telegram.webhook["url"] == "https://wegwijz.example/telegram/webhook"
    assert fake_telegram.webhook["secret_token"] == secret
    url = f"http://127.0.0.1:{gateway.webhook_port}/telegram/webhook"
    update = {"update_id": 777, **text_update(7007, "hallo")}
    body = json.dumps(update)
    headers = {"Content-Type": "application/json"}

    for wrong in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                  {"X-Telegram-Bot-Api-Secret-Token": secret[:-1]}):
        assert requests.post(url, data=body, headers={**headers, **wrong}, timeout=5).status_code == 403
    assert inbox_count(database_url) == 0 and fake_rasa.asked() == []

    right = {**headers, "X-Telegram-Bot-Api-Secret-Token": secret}
    assert requests.post(url, data=body, headers=right, timeout=5).status_code == 200
    assert requests.post(url, data=body, headers=right, timeout=5).status_code == 200  # delivered twice
    wait_for(lambda: fake_telegram.messages_to(7007), what="the answer")
    with db.session_factory(database_url)() as session:
        item = session.execute(select(InboxItem)).scalar_one()
        wait_for(lambda: session.execute(select(InboxItem.status)).scalar_one() == InboxStatus.DONE)
    assert item.external_id == "777"
    assert fake_rasa.asked("tg:7007") == ["hallo"]
    assert fake_telegram.calls_to("getUpdates") == [], "webhook mode does not poll"
