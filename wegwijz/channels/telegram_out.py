"""Telegram, outbound: replies as Bot API calls, sent with python-telegram-bot.

Each outbox payload is one `sendMessage` (text as HTML, buttons as an inline
keyboard), a channel's own payload (`{"raw": {"method": ..., ...}}`) or a
kennisbank article read aloud (`{"voice": {...}}`, uploaded with `sendVoice`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings
from typing import Any

from sqlalchemy.orm import Session
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ChatAction, InlineKeyboardButtonLimit, MessageLimit, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, RetryAfter, TelegramError

from wegwijz.channels.button_keys import button_data
from wegwijz.channels.constants import Channel
from wegwijz.channels.formatting import right_to_left, split_text, telegram_html, utf16_length
from wegwijz.channels.replies import Outgoing
from wegwijz.channels.sending import Delivery, Outcome
from wegwijz.voice.library import VoiceUnavailable, default_library

log = logging.getLogger(__name__)

SHORT_TITLE = 14
"""Buttons with titles up to this length go two to a row (the four languages, 👍/👎)."""


def _keyboard(session: Session, buttons: tuple[tuple[str, str], ...]) -> list[list[dict[str, str]]]:
    limit = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)
    keys = [{"text": title, "callback_data": button_data(session, payload, limit)} for title, payload in buttons]
    per_row = 2 if all(len(title) <= SHORT_TITLE for title, _ in buttons) else 1
    return [keys[i:i + per_row] for i in range(0, len(keys), per_row)]


def render(session: Session, messages: list[Outgoing]) -> list[dict[str, Any]]:
    """The Bot API payloads for `messages`: long texts split, buttons on the last part."""
    payloads: list[dict[str, Any]] = []
    for message in messages:
        if message.raw is not None:
            payloads.append({"raw": message.raw})
            continue
        if message.voice is not None:
            payloads.append({"voice": message.voice})
            continue
        parts = split_text(right_to_left(message.text), int(MessageLimit.MAX_TEXT_LENGTH), utf16_length)
        for number, part in enumerate(parts, start=1):
            payload: dict[str, Any] = {"text": telegram_html(part)}
            if number == len(parts) and message.buttons:
                payload["keyboard"] = _keyboard(session, message.buttons)
            payloads.append(payload)
    return payloads


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asks us to wait, in seconds."""
    with warnings.catch_warnings():  # python-telegram-bot 22 warns that this becomes a timedelta; both work here
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class TelegramSender:
    """Sends outbox payloads with a python-telegram-bot `Bot` (already initialised)."""

    channel = Channel.TELEGRAM

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def deliver(self, address: str, kind: str, payload: dict[str, Any]) -> Delivery:
        """Send one payload; the outcome tells the outbox what to do next."""
        try:
            message_id: Any
            if "voice" in payload:
                message_id = await self._send_voice(int(address), payload["voice"])
            elif "raw" in payload:
                raw = dict(payload["raw"])
                method = str(raw.pop("method", "sendMessage"))
                raw["chat_id"] = int(address)
                result = await self.bot.do_api_request(method, api_kwargs=raw)
                message_id = result.get("message_id") if isinstance(result, dict) else None
            else:
                markup = None
                if payload.get("keyboard"):
                    markup = InlineKeyboardMarkup(
                        [[InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row]
                         for row in payload["keyboard"]])
                sent = await self.bot.send_message(
                    chat_id=int(address), text=payload["text"], parse_mode=ParseMode.HTML, reply_markup=markup,
                    link_preview_options=LinkPreviewOptions(is_disabled=True))
                message_id = sent.message_id
        except VoiceUnavailable as error:
            log.error("voice message not made: %s", error)
            return Delivery(Outcome.REJECTED, error=f"VoiceUnavailable: {error}")
        except RetryAfter as error:
            return Delivery(Outcome.RATE_LIMITED, retry_after=retry_seconds(error), error=str(error))
        except (Forbidden, BadRequest, ChatMigrated) as error:
            return Delivery(Outcome.REJECTED, error=f"{type(error).__name__}: {error}")
        except InvalidToken as error:
            log.error("Telegram refuses our bot token (check TELEGRAM_BOT_TOKEN): %s", error)
            return Delivery(Outcome.RETRY, error=f"InvalidToken: {error}")
        except TelegramError as error:  # NetworkError, TimedOut, 5xx
            return Delivery(Outcome.RETRY, error=f"{type(error).__name__}: {error}")
        return Delivery(Outcome.SENT, provider_message_id=str(message_id) if message_id is not None else None)

    async def _send_voice(self, chat_id: int, voice: dict[str, str]) -> int:
        """Upload a kennisbank article read aloud as a Telegram voice note (sendVoice, multipart)."""
        made = await asyncio.to_thread(default_library().voice, voice["article"], voice["lang"])
        with made.path.open("rb") as audio:
            sent = await self.bot.send_voice(chat_id=chat_id, voice=audio, filename=made.name,
                                             read_timeout=60, write_timeout=60)
        return int(sent.message_id)

    async def typing(self, address: str, reply_ref: str | None = None) -> None:
        """Show "typing…" in the chat (Telegram shows it for about five seconds)."""
        try:
            await self.bot.send_chat_action(chat_id=int(address), action=ChatAction.TYPING)
        except TelegramError as error:
            log.debug("typing indicator not shown: %s", error)

    async def acknowledge(self, reply_ref: str) -> None:
        """Answer a button press, so the button stops spinning."""
        try:
            await self.bot.answer_callback_query(reply_ref)
        except TelegramError as error:
            log.debug("button press not acknowledged: %s", error)
