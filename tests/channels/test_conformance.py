"""Every real-format payload in `../shared/conformance/payloads/`, posted as the platform posts it.

Each file goes, byte for byte, to the gateway in webhook mode (Telegram with
its secret header, WhatsApp signed with `X-Hub-Signature-256` over the file's
bytes), against the loopback fakes of the Bot API, the Graph API and Rasa,
each on a fresh database (several files share ids on purpose). The handling
asserted per file is the one the payloads' README names, with the team's
decisions from `wegwijz/channels/README.md`. The files are read at test time
and never copied into the repository; without them the test skips, except
under CI (CI=true), where it fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from tests.channels.fake_http import wait_for
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.fake_whatsapp import FakeWhatsApp
from tests.channels.running import running_gateway, telegram_env, whatsapp_env
from wegwijz import LANGUAGES, db
from wegwijz.channels import config as channel_config
from wegwijz.channels.constants import InboxStatus, OutboxStatus
from wegwijz.channels.formatting import RLM
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.models import ChannelContact, InboxItem, OutboxMessage
from wegwijz.settings import ROOT
from wegwijz.texts import say

PAYLOADS = ROOT.parent / "shared" / "conformance" / "payloads"
SECRET = "conformance-secret_0123456789"
IN_CI = os.environ.get("CI", "").lower() == "true"


def payload_files() -> list[str]:
    return sorted(p.name for p in PAYLOADS.glob("*.json")) if PAYLOADS.is_dir() else []


@pytest.fixture(autouse=True)
def _payloads_present() -> None:
    if not PAYLOADS.is_dir() or not payload_files():
        message = f"conformance payloads not found at {PAYLOADS} (../shared/conformance/payloads)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class Stack:
    """A gateway in webhook mode for both platforms, and the fakes behind it."""

    gateway: Gateway
    telegram: FakeTelegram
    whatsapp: FakeWhatsApp
    rasa: FakeRasa
    database_url: str
    seeded: str = ""
    """The provider id of a message seeded as sent (for status files)."""

    def url(self, platform: str) -> str:
        return f"http://127.0.0.1:{self.gateway.webhook_port}/{platform}/webhook"

    def post(self, name: str, raw: bytes | None = None, signature: str | None = "valid",
             secret: str | None = SECRET) -> requests.Response:
        """Post a payload file as its platform would (or `raw` bytes in its place)."""
        raw = raw if raw is not None else (PAYLOADS / name).read_bytes()
        headers = {"Content-Type": "application/json"}
        if name.startswith("tg_"):
            if secret:
                headers["X-Telegram-Bot-Api-Secret-Token"] = secret
            return requests.post(self.url("telegram"), data=raw, headers=headers, timeout=30)
        if signature == "valid":
            signature = "sha256=" + hmac.new(self.whatsapp.app_secret.encode(), raw, hashlib.sha256).hexdigest()
        if signature:
            headers["X-Hub-Signature-256"] = signature
        return requests.post(self.url("whatsapp"), data=raw, headers=headers, timeout=30)

    def inbox(self) -> list[InboxItem]:
        with db.session_factory(self.database_url)() as session:
            return list(session.execute(select(InboxItem).order_by(InboxItem.id)).scalars())

    def outbox(self) -> list[OutboxMessage]:
        with db.session_factory(self.database_url)() as session:
            return list(session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())

    def contact(self, sender_id: str) -> ChannelContact | None:
        with db.session_factory(self.database_url)() as session:
            return session.get(ChannelContact, sender_id)

    def settled(self) -> bool:
        """Every stored update handled and every queued message decided (nothing more will happen)."""
        return all(i.status != InboxStatus.PENDING for i in self.inbox()) and all(
            m.status != OutboxStatus.PENDING for m in self.outbox())

    def telegram_texts(self, chat: int) -> list[str]:
        return self.telegram.texts_to(chat)

    def whatsapp_texts(self, to: str) -> list[str]:
        return [m["text"]["body"] if m["type"] == "text" else m["interactive"]["body"]["text"]
                for m in self.whatsapp.sent_to(to) if m["type"] in ("text", "interactive")]


def phone_number_id(name: str) -> str:
    if not name.startswith("wa_"):
        return "109876543210"
    data = json.loads((PAYLOADS / name).read_bytes())
    return str(data["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"])


@pytest.fixture
def stack_for(tmp_path: Path, fake_rasa: FakeRasa, fake_telegram: FakeTelegram,
              fake_whatsapp: FakeWhatsApp) -> Iterator[Callable[[str], Stack]]:
    """A fresh database and gateway for one payload file (SQLite: the handling, not the database, is tested)."""
    gateways: list[Any] = []

    def start(name: str) -> Stack:
        url = f"sqlite:///{tmp_path / 'conformance.db'}"
        db.migrate(url)
        fake_whatsapp.phone_number_id = phone_number_id(name)  # the file's own business number
        env = {**whatsapp_env(fake_whatsapp), **telegram_env(
            fake_telegram, TELEGRAM_WEBHOOK_URL="https://wegwijz.example/telegram/webhook",
            TELEGRAM_WEBHOOK_SECRET=SECRET)}
        context = running_gateway(channel_config.load(env), url, fake_rasa.url)
        gateway = context.__enter__()
        gateways.append(context)
        return Stack(gateway, fake_telegram, fake_whatsapp, fake_rasa, url)

    yield start
    for context in gateways:
        context.__exit__(None, None, None)


def seed_sent(stack: Stack, sender_id: str, provider_id: str, proactive: bool = False) -> int:
    """A message we sent earlier and WhatsApp accepted, for a status webhook to refer to."""
    now = dt.datetime.now(dt.timezone.utc)
    with db.session_factory(stack.database_url).begin() as session:
        row = OutboxMessage(channel="wa", sender_id=sender_id, kind="message", proactive=proactive,
                            payload={"messaging_product": "whatsapp", "type": "text",
                                     "text": {"body": "Hoe gaat het?"}},
                            status=OutboxStatus.SENT, attempts=0, next_attempt_at=now, created_at=now, sent_at=now,
                            provider_message_id=provider_id)
        session.add(row)
        session.flush()
        return int(row.id)


def four_languages(key: str) -> str:
    return "\n\n".join(say(key, lang) for lang in LANGUAGES)


# --- what each file must bring about ------------------------------------------------------------------

Check = Callable[[Stack], None]


def rasa_turn(sender: str, message: str, chat: int | str, extra: Check | None = None) -> Check:
    """One Rasa turn with `message`, its reply sent to `chat` (a Telegram chat id or a WhatsApp address)."""
    def check(stack: Stack) -> None:
        wait_for(lambda: stack.rasa.asked(sender), what=f"a Rasa turn for {sender}")
        wait_for(stack.settled, what="the turn to be handled")
        assert stack.rasa.asked(sender) == [message]
        assert stack.rasa.asked() == [message], "no other Rasa turn"
        texts = stack.telegram_texts(int(chat)) if isinstance(chat, int) else stack.whatsapp_texts(chat)
        answer = stack.rasa.replies(message)[0]["text"]
        assert texts[-1:] == [answer], texts
        if extra:
            extra(stack)
    return check


def kind_reply(key: str, chat: int | str, sender: str, caption: str | None = None,
               lang: str | None = None) -> Check:
    """The kind reply to media (in `lang`, or in all four when unknown); a caption answered as text."""
    def check(stack: Stack) -> None:
        wait_for(lambda: stack.inbox() and stack.settled(), what="the media to be handled")
        texts = stack.telegram_texts(int(chat)) if isinstance(chat, int) else stack.whatsapp_texts(chat)
        if lang == "caption":  # the caption is text: the language follows its words
            expected = {say(key, code) for code in ("nl", "ar", "ti", "en")}
        else:
            expected = {say(key, lang) if lang else four_languages(key)}
        assert texts and texts[0].replace(RLM, "") in {e.replace(RLM, "") for e in expected}, texts
        for paragraph in texts[0].split("\n\n"):  # only the Arabic paragraph carries right-to-left marks
            assert (RLM in paragraph) == (paragraph.replace(RLM, "") == say(key, "ar")), paragraph
        if caption is None:
            assert stack.rasa.asked() == [] and len(texts) == 1
        else:
            assert stack.rasa.asked(sender) == [caption] and texts[1:] == [f"echo: {caption}"]
        assert stack.telegram.calls_to("getFile") == [], "nothing downloaded"
    return check


def ignored(stack: Stack) -> None:
    """Not for us (a group, a channel): nothing stored, no Rasa turn, nothing sent."""
    assert stack.inbox() == []
    assert stack.rasa.asked() == [] and stack.telegram.sent == [] and stack.whatsapp.sent == []


def stored_only(kind: str) -> Check:
    """Stored (so it is not lost) but not answered: an edit, a reaction."""
    def check(stack: Stack) -> None:
        wait_for(lambda: stack.inbox() and stack.settled(), what="the update to be handled")
        assert [i.kind for i in stack.inbox()] == [kind]
        assert stack.rasa.asked() == [] and stack.telegram.sent == [] and stack.whatsapp.sent == []
    return check


def callback_acknowledged(stack: Stack) -> None:
    assert stack.telegram.calls_to("answerCallbackQuery"), "the spinner stops"


def inline_callback(stack: Stack) -> None:
    wait_for(lambda: stack.telegram.calls_to("answerCallbackQuery"), what="answerCallbackQuery")
    wait_for(stack.settled, what="the press to be handled")
    pressed = json.loads((PAYLOADS / "tg_callback_query_inline_docs.json").read_bytes())["callback_query"]["id"]
    assert [c["callback_query_id"] for c in stack.telegram.calls_to("answerCallbackQuery")] == [pressed]
    assert stack.rasa.asked() == [] and stack.telegram.sent == []


def blocked(stack: Stack) -> None:
    wait_for(lambda: stack.contact("tg:0") is not None and stack.contact("tg:0").unreachable_since is not None,
             what="tg:0 marked unreachable")
    assert stack.rasa.asked() == [] and stack.telegram.sent == []


def deep_link(stack: Stack) -> None:
    assert stack.rasa.metadata("tg:1111111") == [{"language": "nl", "start_parameter": "ref-4f9a_2b"}]


def told_rasa(sender: str, lang: str) -> Check:
    """Rasa is told the language the gateway decided, with the message (issue 15: "en-US" is en)."""
    def check(stack: Stack) -> None:
        assert stack.rasa.metadata(sender) == [{"language": lang}]
    return check


def status(name: str, expected: str) -> Callable[[Stack], None]:
    """A delivery status for a message we sent: recorded on its outbox row; no reply, no Rasa turn."""
    def check(stack: Stack) -> None:
        row = next(m for m in stack.outbox() if m.provider_message_id == stack.seeded)
        assert row.delivery_status == expected
        assert stack.rasa.asked() == [] and stack.whatsapp.sent == []
        if expected == "failed":
            assert row.status == OutboxStatus.FAILED
            error = json.loads(row.delivery_error)
            source = json.loads((PAYLOADS / name).read_bytes())["entry"][0]["changes"][0]["value"]["statuses"][0]
            assert error["code"] == source["errors"][0]["code"]
            assert error["title"] == source["errors"][0]["title"]
            for key in ("message", "href"):
                assert error.get(key) == source["errors"][0].get(key)
            assert error.get("details") == (source["errors"][0].get("error_data") or {}).get("details")
            assert row.next_attempt_at is None or row.status == OutboxStatus.FAILED, "not retried blindly"
    return check


WA = "972987654321"
EXPECTED: dict[str, Check] = {
    "tg_private_text.json": rasa_turn("tg:408258968", "4", 408258968),
    "tg_command_start.json": rasa_turn("tg:1111111", "/start", 1111111),
    "tg_command_start_deeplink.json": rasa_turn("tg:1111111", "/start", 1111111, deep_link),
    "tg_text_entities_formatting.json": rasa_turn("tg:1111111", "Bold and italics", 1111111),
    "tg_edited_message.json": stored_only("edited"),
    "tg_callback_query.json": rasa_turn("tg:1111111", "answer_yes", 1111111, callback_acknowledged),
    "tg_callback_query_inline_docs.json": inline_callback,
    "tg_callback_query_inaccessible_message.json": rasa_turn("tg:1111111", "answer_no", 1111111,
                                                             callback_acknowledged),
    "tg_voice.json": kind_reply("channel_media_voice", 1111111, "tg:1111111"),
    "tg_photo_caption.json": kind_reply("channel_media_photo", 27433968, "tg:27433968", caption="www.example.com",
                                        lang="en"),
    "tg_sticker.json": kind_reply("channel_media_sticker", 250918540, "tg:250918540", lang="en"),
    # ru is not one of ours; the language decision (not this file's) gives all four, Dutch first.
    "tg_location.json": kind_reply("channel_media_location", 12345678, "tg:12345678"),
    "tg_document.json": kind_reply("channel_media_document", 1111111, "tg:1111111"),
    "tg_my_chat_member_blocked.json": blocked,
    "tg_language_code_ru.json": rasa_turn("tg:12345678", "Hi, world!", 12345678, told_rasa("tg:12345678", "en")),
    "tg_language_code_region_tag.json": rasa_turn("tg:97201077", "test", 97201077, told_rasa("tg:97201077", "en")),
    "tg_text_language_mismatch.json": rasa_turn("tg:250918540", "Лол кек 😂", 250918540,
                                                told_rasa("tg:250918540", "en")),
    "tg_group_text.json": ignored,
    "tg_group_service_message.json": ignored,
    "tg_supergroup_command_reply.json": ignored,
    "tg_supergroup_topic_text.json": ignored,
    "tg_channel_post.json": ignored,
    "tg_forwarded_message.json": rasa_turn("tg:215983066", "Jupp", 215983066),
    "tg_forwarded_message_origin_only.json": rasa_turn("tg:215983066", "Jupp", 215983066),
    # A forwarded "/start" is something the person shows us, not a command: its slash goes.
    "tg_forwarded_message_legacy_docs.json": rasa_turn("tg:1111111", "start", 1111111),
    "wa_text.json": rasa_turn("wa:16505551234", "Does it come in another color?", "16505551234"),
    "wa_interactive_button_reply.json": rasa_turn(f"wa:{WA}", "callback_data", WA),
    "wa_interactive_list_reply.json": rasa_turn(f"wa:{WA}", "callback_data", WA),
    "wa_template_quick_reply_button.json": rasa_turn(f"wa:{WA}", "callback_data", WA),
    "wa_image_caption.json": kind_reply("channel_media_photo", "WHATSAPP_ID", "wa:WHATSAPP_ID",
                                        caption="CAPTION_TEXT", lang="caption"),
    "wa_image_no_caption.json": kind_reply("channel_media_photo", WA, f"wa:{WA}"),
    "wa_voice.json": kind_reply("channel_media_voice", WA, f"wa:{WA}"),
    "wa_audio_forwarded.json": kind_reply("channel_media_voice", WA, f"wa:{WA}"),
    "wa_location.json": kind_reply("channel_media_location", WA, f"wa:{WA}"),
    "wa_location_named.json": kind_reply("channel_media_location", WA, f"wa:{WA}"),
    "wa_sticker.json": kind_reply("channel_media_sticker", WA, f"wa:{WA}"),
    "wa_reaction.json": stored_only("reaction"),
    "wa_reaction_removed.json": stored_only("reaction"),
    "wa_unsupported.json": kind_reply("channel_media_other", WA, f"wa:{WA}"),
    "wa_unsupported_with_type.json": kind_reply("channel_media_other", WA, f"wa:{WA}"),
    "wa_text_reply_context.json": rasa_turn(f"wa:{WA}", "replied text", WA),
    "wa_status_sent.json": status("wa_status_sent.json", "sent"),
    "wa_status_delivered.json": status("wa_status_delivered.json", "delivered"),
    "wa_status_read.json": status("wa_status_read.json", "read"),
    "wa_status_failed.json": status("wa_status_failed.json", "failed"),
    "wa_status_failed_minimal.json": status("wa_status_failed_minimal.json", "failed"),
    "wa_text_bsuid_only.json": rasa_turn("wa:BSUID_123", "MESSAGE_BODY", "BSUID_123"),
}


def test_every_payload_file_has_an_expected_handling() -> None:
    assert set(payload_files()) - {"README.md", "sources.md"} == set(EXPECTED) | {"wa_text_two_changes.json"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_payload(name: str, stack_for: Callable[[str], Stack]) -> None:
    stack = stack_for(name)
    stack.whatsapp.last_inbound.update({WA: time.time(), "16505551234": time.time(), "WHATSAPP_ID": time.time(),
                                        "BSUID_123": time.time()})
    if name.startswith("wa_status_"):
        statuses = json.loads((PAYLOADS / name).read_bytes())["entry"][0]["changes"][0]["value"]["statuses"]
        stack.seeded = str(statuses[0]["id"])
        seed_sent(stack, f"wa:{statuses[0]['recipient_id']}", stack.seeded)
    response = stack.post(name)
    assert response.status_code == 200, response.text
    EXPECTED[name](stack)
    assert stack.whatsapp.violations == [] and stack.telegram.violations == []


def test_two_changes_in_one_call_are_both_answered_in_order(stack_for: Callable[[str], Stack]) -> None:
    name = "wa_text_two_changes.json"
    stack = stack_for(name)
    stack.whatsapp.last_inbound["PHONE_NUMBER"] = time.time()
    data = json.loads((PAYLOADS / name).read_bytes())
    second = data["entry"][0]["changes"][1]["value"]["messages"][0]
    second["id"] = "wamid.ID-second"  # both use the placeholder wamid.ID; one would be a duplicate
    assert stack.post(name, raw=json.dumps(data, ensure_ascii=False).encode("utf-8")).status_code == 200
    wait_for(lambda: len(stack.rasa.asked("wa:PHONE_NUMBER")) == 2 and stack.settled(), what="two turns")
    assert stack.rasa.asked("wa:PHONE_NUMBER") == ["MESSAGE_BODY", "MESSAGE_BODY2"]
    assert stack.whatsapp_texts("PHONE_NUMBER") == ["echo: MESSAGE_BODY", "echo: MESSAGE_BODY2"]


@pytest.mark.parametrize("name", ["wa_text.json", "tg_private_text.json"])
def test_a_payload_delivered_twice_is_answered_once(name: str, stack_for: Callable[[str], Stack]) -> None:
    stack = stack_for(name)
    stack.whatsapp.last_inbound["16505551234"] = time.time()
    assert stack.post(name).status_code == 200
    assert stack.post(name).status_code == 200
    wait_for(lambda: stack.rasa.asked() and stack.settled(), what="the answer")
    assert len(stack.rasa.asked()) == 1 and len(stack.inbox()) == 1
    assert len(stack.telegram.sent) + len(stack.whatsapp.sent) == 1


def test_a_wrong_signature_or_secret_is_refused_and_nothing_is_stored(stack_for: Callable[[str], Stack]) -> None:
    stack = stack_for("wa_text.json")
    raw = (PAYLOADS / "wa_text.json").read_bytes()
    other = "sha256=" + hmac.new(b"not-our-secret", raw, hashlib.sha256).hexdigest()
    for signature in (None, other, "sha256=" + "0" * 64):
        assert stack.post("wa_text.json", signature=signature).status_code == 401
    for secret in (None, "wrong", SECRET[:-1]):
        assert stack.post("tg_private_text.json", secret=secret).status_code == 403
    assert stack.inbox() == [] and stack.rasa.asked() == []


def test_a_locked_database_answers_503_with_retry_after_and_the_resend_is_answered(
        stack_for: Callable[[str], Stack]) -> None:
    import sqlite3

    stack = stack_for("wa_text.json")
    stack.whatsapp.last_inbound["16505551234"] = time.time()
    lock = sqlite3.connect(stack.database_url.removeprefix("sqlite:///"), timeout=0)
    lock.execute("BEGIN EXCLUSIVE")  # held past the gateway's busy timeout
    try:
        refused = stack.post("wa_text.json")
    finally:
        lock.rollback()
        lock.close()
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
    assert stack.inbox() == []
    assert stack.post("wa_text.json").status_code == 200  # WhatsApp sends it again
    wait_for(lambda: stack.rasa.asked() and stack.settled(), what="the answer after the resend")
    assert stack.rasa.asked() == ["Does it come in another color?"]
