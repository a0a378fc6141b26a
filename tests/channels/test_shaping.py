"""Pure pieces: text shaping, Rasa replies, typed commands, webhook parsing and checks, configuration."""

from __future__ import annotations

import hashlib
import hmac

import yaml
from telegram import Update

from tests.channels.fake_telegram import button_update, media_update, message_update, text_update
from tests.channels.fake_whatsapp import FakeWhatsApp, wa_button_reply, wa_message
from wegwijz import LANGUAGES
from wegwijz.channels import config as channel_config
from wegwijz.channels import gateway, telegram_in, whatsapp_in
from wegwijz.channels.constants import COMMANDS, InboundKind
from wegwijz.channels.formatting import (
    RLM,
    right_to_left,
    split_text,
    telegram_html,
    utf16_length,
    whatsapp_markup,
)
from wegwijz.channels.replies import Outgoing, from_rasa
from wegwijz.texts import say


def test_every_channel_text_exists_in_four_languages() -> None:
    from pathlib import Path

    import wegwijz.channels

    data = yaml.safe_load((Path(wegwijz.channels.__file__).parent / "texts.yml").read_text(encoding="utf-8"))
    assert all(key.startswith("channel_") for key in data)
    for key, value in data.items():
        assert set(value) == set(LANGUAGES), key
        assert all(text.strip() for text in value.values()), key
    for name in COMMANDS:
        assert all(3 <= len(say(f"channel_command_{name}", lang)) <= 256 for lang in LANGUAGES)
    assert all(len(say("channel_list_button", lang)) <= 20 for lang in LANGUAGES)


def test_telegram_html_escapes_everything_but_our_bold_and_italic() -> None:
    assert telegram_html("**DigiD** & <script>_alert_</script>") == \
        "<b>DigiD</b> &amp; &lt;script&gt;<i>alert</i>&lt;/script&gt;"
    assert telegram_html("zie www.zeist.nl/some_page_here en 3 < 4") == "zie www.zeist.nl/some_page_here en 3 &lt; 4"
    assert telegram_html("_Deze vertaling is nog niet gecontroleerd._") == \
        "<i>Deze vertaling is nog niet gecontroleerd.</i>"
    assert whatsapp_markup("**Huisarts**\n\n_let op_") == "*Huisarts*\n\n_let op_"


def test_arabic_lines_are_marked_right_to_left_and_other_scripts_untouched() -> None:
    arabic = "حسناً، سنكمل.\n/taal: اختيار لغة أخرى\n\nDigiD هو"
    assert right_to_left(arabic) == f"{RLM}حسناً، سنكمل.\n{RLM}/taal: اختيار لغة أخرى\n\n{RLM}DigiD هو"
    tigrinya = "ጽቡቕ፡ ብትግርኛ ክንቅጽል ኢና።\n/taal: ካልእ ቋንቋ"
    assert right_to_left(tigrinya) == tigrinya
    assert right_to_left("Prima!") == "Prima!"


def test_split_text_cuts_at_paragraphs_and_counts_like_telegram() -> None:
    text = "\n\n".join(f"Alinea {n}. " + "woord " * 80 for n in range(6))
    parts = split_text(text, 1000)
    assert all(len(p) <= 1000 for p in parts) and len(parts) > 1
    assert all(p.startswith("Alinea") for p in parts), "cut between paragraphs"
    assert " ".join(" ".join(parts).split()) == " ".join(text.split()), "nothing lost"
    emoji = "👍" * 3000  # 6000 UTF-16 units
    assert [utf16_length(p) for p in split_text(emoji, 4096, utf16_length)] == [4096, 1904]
    assert split_text("kort", 4096) == ["kort"]


def test_rasa_replies_become_channel_messages() -> None:
    replies = [
        {"recipient_id": "tg:1", "text": "Kies", "buttons": [{"title": "Ja", "payload": "/yes"}, {"title": "x"}]},
        {"recipient_id": "tg:1", "custom": {"source": {"article": "huisarts"}}},
        {"recipient_id": "tg:1", "custom": {"telegram": {"method": "sendLocation", "latitude": 52.1}}},
        {"recipient_id": "tg:1", "custom": {"whatsapp": {"type": "location"}}},
        {"recipient_id": "tg:1", "custom": {"text": "Ook dit", "buttons": [{"title": "Ok", "payload": "/ok"}]}},
        {"recipient_id": "tg:1", "image": "https://www.zeist.nl/kaart.png"},
        "plain",
    ]
    assert from_rasa(replies, "tg") == [
        Outgoing("Kies", (("Ja", "/yes"),)),
        Outgoing(raw={"method": "sendLocation", "latitude": 52.1}),
        Outgoing("Ook dit", (("Ok", "/ok"),)),
        Outgoing("https://www.zeist.nl/kaart.png"),
        Outgoing("plain"),
    ]
    assert Outgoing(raw={"type": "location"}) in from_rasa(replies, "wa")


def test_telegram_updates_become_inbox_entries() -> None:
    def parse(data: dict, update_id: int = 5) -> object:
        return telegram_in.inbound_from_update(Update.de_json({"update_id": update_id, **data}, None))

    text = parse(text_update(42, "hallo", language_code="ar"))
    assert (text.sender_id, text.kind, text.text, text.external_id, text.language_hint) == (
        "tg:42", InboundKind.TEXT, "hallo", "5", "ar")
    button = parse(button_update(42, "/feedback_yes"))
    assert (button.kind, button.text) == (InboundKind.BUTTON, "/feedback_yes") and button.reply_ref
    for kind in ("voice", "photo", "sticker", "location", "document"):
        assert parse(media_update(42, kind)).kind == kind
    assert parse(message_update(42, contact={"phone_number": "1", "first_name": "A"})).kind == InboundKind.OTHER
    assert parse(message_update(-100, chat_type="supergroup", text="hallo")) is None


def test_whatsapp_webhook_calls_become_inbox_entries() -> None:
    fake = FakeWhatsApp()
    payload = fake.envelope([
        wa_message("316", text="hoi", wamid="w1"),
        wa_button_reply("316", "/kb_huisarts"),
        wa_message("316", "button", button={"text": "Ja", "payload": "Ja"}),
        wa_message("316", "audio", audio={"id": "a"}),
        wa_message("316", "video", video={"id": "v"}),
        wa_message("316", "reaction", reaction={"emoji": "👍"}),
    ], statuses=[{"id": "wamid.out1", "status": "failed", "errors": [{"code": 131047, "title": "Re-engagement"}]},
                 {"id": "wamid.out2", "status": "delivered"}])
    inbounds, failures = whatsapp_in.parse(payload, fake.phone_number_id)
    assert [(i.kind, i.text) for i in inbounds] == [
        (InboundKind.TEXT, "hoi"), (InboundKind.BUTTON, "/kb_huisarts"), (InboundKind.TEMPLATE_REPLY, "Ja"),
        (InboundKind.VOICE, None), (InboundKind.OTHER, None), (InboundKind.REACTION, "👍")]
    assert inbounds[0].sender_id == "wa:316" and inbounds[0].external_id == "w1" == inbounds[0].reply_ref
    assert [(f.provider_message_id, f.status, f.reason) for f in failures] == [
        ("wamid.out1", "failed", "131047 Re-engagement"), ("wamid.out2", "delivered", "")]
    assert whatsapp_in.parse(payload, "another-number") == ([], [])
    assert whatsapp_in.parse(["not", "a", "dict"], fake.phone_number_id) == ([], [])


def test_signatures_and_secrets_are_checked() -> None:
    body = b'{"object":"whatsapp_business_account"}'
    good = "sha256=" + hmac.new(b"geheim", body, hashlib.sha256).hexdigest()
    assert whatsapp_in.signature_ok("geheim", body, good)
    assert not whatsapp_in.signature_ok("geheim", body + b" ", good)
    assert not whatsapp_in.signature_ok("geheim", body, good.upper())
    assert not whatsapp_in.signature_ok("geheim", body, "sha256=ü")
    assert not whatsapp_in.signature_ok("geheim", body, None)
    assert not whatsapp_in.signature_ok("", body, "sha256=")
    args = {"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "42"}
    assert whatsapp_in.challenge(args, "tok") == "42"
    assert whatsapp_in.challenge({**args, "hub.verify_token": "tik"}, "tok") is None
    assert whatsapp_in.challenge({**args, "hub.mode": "unsubscribe"}, "tok") is None
    assert whatsapp_in.challenge(args, "") is None
    assert telegram_in.secret_ok("abc", "abc") and not telegram_in.secret_ok("abd", "abc")
    assert not telegram_in.secret_ok(None, "abc") and not telegram_in.secret_ok("", "")


def test_configuration_comes_from_the_environment() -> None:
    assert not gateway.is_configured({})
    assert gateway.is_configured({"TELEGRAM_BOT_TOKEN": "1:x"})
    assert gateway.is_configured({"WHATSAPP_ACCESS_TOKEN": "t"}), "half configured still counts, and is reported"
    assert channel_config.half_configured_whatsapp({"WHATSAPP_ACCESS_TOKEN": "t"}) == [
        "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"]
    config = channel_config.load({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://x/telegram/webhook",
                                  "TELEGRAM_WEBHOOK_SECRET": "short", "WHATSAPP_TEMPLATE_CHECKIN": "checkin_v2",
                                  "WHATSAPP_TEMPLATE_LANGUAGES": "ti:en_GB, xx:yy"})
    assert config.telegram_webhook and config.needs_webhook_server and not config.whatsapp
    assert config.problems() and "TELEGRAM_WEBHOOK_SECRET" in config.problems()[0]
    assert config.whatsapp_templates == {"checkin": "checkin_v2"}
    assert config.template_language("ti") == "en_GB" and config.template_language("ar") == "ar"
    defaults = channel_config.load({})
    assert (defaults.telegram_limits.per_chat_interval, defaults.telegram_limits.per_second) == (1.0, 30.0)
    assert defaults.telegram_api_base == "https://api.telegram.org" and not defaults.needs_webhook_server
