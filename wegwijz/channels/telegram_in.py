"""Telegram, inbound: updates into the inbox, by long polling (default) or by webhook.

Long polling needs no public address. We use python-telegram-bot's `Bot`
directly rather than its `Application`, because an update must be stored
before Telegram is told we have it (the next `getUpdates` offset), and the
`Application` moves the offset on before its handlers run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hmac
import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, BotCommand, Message, Update
from telegram.constants import ChatType
from telegram.error import RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from wegwijz import LANGUAGES
from wegwijz.channels.config import ChannelConfig
from wegwijz.channels.constants import COMMANDS, Channel, InboundKind
from wegwijz.channels.inbox import Inbound
from wegwijz.channels.telegram_out import retry_seconds
from wegwijz.texts import say

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "my_chat_member")
"""The updates we ask Telegram for: messages, edits (stored, not answered), button presses, and
`my_chat_member` (the person blocked the bot, or unblocked it). Channel posts and the like are not for us."""

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def make_bot(config: ChannelConfig) -> Bot:
    """A python-telegram-bot `Bot` for our token, on `TELEGRAM_API_BASE` (a loopback fake in tests)."""
    read_timeout = config.telegram_poll_timeout + 10.0
    return Bot(
        config.telegram_token,
        base_url=f"{config.telegram_api_base}/bot",
        base_file_url=f"{config.telegram_api_base}/file/bot",
        request=HTTPXRequest(connection_pool_size=64, read_timeout=20.0, connect_timeout=10.0),
        get_updates_request=HTTPXRequest(connection_pool_size=1, read_timeout=read_timeout),
    )


def secret_ok(received: str | None, expected: str) -> bool:
    """Whether a webhook call carries our secret (compared in constant time)."""
    if not received or not expected:
        return False
    return hmac.compare_digest(received.encode("utf-8", "replace"), expected.encode("utf-8"))


def _media_kind(message: Message) -> str:
    if message.voice or message.audio:
        return InboundKind.VOICE
    if message.photo:
        return InboundKind.PHOTO
    if message.sticker:
        return InboundKind.STICKER
    if message.location or message.venue:
        return InboundKind.LOCATION
    if message.document:
        return InboundKind.DOCUMENT
    return InboundKind.OTHER


def inbound_from_update(update: Update) -> Inbound | None:
    """The inbox entry for an update; None for updates that are not for us (groups, edits).

    The update_id is the update's place in Telegram's order (it only grows), so the inbox answers a
    person's messages in that order however they arrive.
    """
    inbound = _inbound_from_update(update)
    return dataclasses.replace(inbound, platform_order=int(update.update_id)) if inbound is not None else None


def _inbound_from_update(update: Update) -> Inbound | None:
    hint = None
    query = update.callback_query
    if query is not None and query.message is None and query.inline_message_id and query.from_user:
        # A button on an inline-mode message: no chat to answer in, but the spinner must stop.
        return Inbound(Channel.TELEGRAM, str(update.update_id), f"tg:{query.from_user.id}",
                       InboundKind.INLINE_BUTTON, reply_ref=query.id)
    if query is not None:
        chat = query.message.chat if query.message is not None else None
        if chat is None or chat.type != ChatType.PRIVATE or not query.data:
            return None
        hint = query.from_user.language_code if query.from_user else None
        return Inbound(Channel.TELEGRAM, str(update.update_id), f"tg:{chat.id}", InboundKind.BUTTON,
                       text=query.data, reply_ref=query.id, language_hint=hint)
    member = update.my_chat_member
    if member is not None:
        if member.chat.type != ChatType.PRIVATE or member.new_chat_member.status != "kicked":
            return None  # unblocking needs nothing: the person's next message resumes everything
        return Inbound(Channel.TELEGRAM, str(update.update_id), f"tg:{member.chat.id}", InboundKind.BLOCKED)
    edited = update.edited_message
    if edited is not None:
        if edited.chat.type != ChatType.PRIVATE:
            return None
        # Stored (without its text) so nothing is lost, but not answered again: the answer to the
        # first version stands, and a second answer to a corrected typo would only confuse.
        return Inbound(Channel.TELEGRAM, str(update.update_id), f"tg:{edited.chat.id}", InboundKind.EDITED)
    message = update.message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return None
    hint = message.from_user.language_code if message.from_user else None
    if message.text:
        text = message.text
        if message.forward_origin is not None or message.api_kwargs.get("forward_from") or \
                message.api_kwargs.get("forward_date"):
            # Something the person shows us, not a command they give: a forwarded "/start" starts nothing.
            text = text.lstrip("/") or text
        return Inbound(Channel.TELEGRAM, str(update.update_id), f"tg:{message.chat.id}", InboundKind.TEXT,
                       text=text, language_hint=hint)
    return Inbound(Channel.TELEGRAM, str(update.update_id), f"tg:{message.chat.id}", _media_kind(message),
                   text=message.caption or None, language_hint=hint)


async def register_commands(bot: Bot) -> None:
    """Show /start, /taal, /help, /mijngegevens and /verwijder in Telegram's menu, in each language.

    The default list (for apps in other languages) names each command in Dutch and English.
    """
    for lang in LANGUAGES:
        commands = [BotCommand(name, say(f"channel_command_{name}", lang)) for name in COMMANDS]
        await bot.set_my_commands(commands, language_code=lang)
    default = [BotCommand(name, f"{say(f'channel_command_{name}', 'nl')} · {say(f'channel_command_{name}', 'en')}")
               for name in COMMANDS]
    await bot.set_my_commands(default)


async def poll(bot: Bot, store: Callable[[list[Inbound]], Awaitable[None]], stop: asyncio.Event,
               timeout: int = 25) -> None:
    """Fetch updates until `stop` is set; each batch is stored before its offset is confirmed.

    Args:
        bot: an initialised bot.
        store: stores a batch (raises when it could not; the batch is then fetched again).
        stop: ends the loop.
        timeout: seconds Telegram may hold a long poll open.
    """
    offset: int | None = None
    failures = 0
    while not stop.is_set():
        try:
            updates = await bot.get_updates(offset=offset, timeout=timeout, allowed_updates=list(ALLOWED_UPDATES))
            if updates:
                items = [inbound_from_update(update) for update in updates]
                await store([item for item in items if item is not None])
                offset = updates[-1].update_id + 1  # only now may Telegram forget them
            failures = 0
        except asyncio.CancelledError:
            raise
        except RetryAfter as error:
            await asyncio.sleep(retry_seconds(error))
        except Exception as error:  # noqa: BLE001 - network, Telegram or database trouble: wait and fetch again
            failures += 1
            delay = min(60.0, 0.5 * 2 ** min(failures, 7))
            level = logging.WARNING if isinstance(error, TelegramError) else logging.ERROR
            log.log(level, "Telegram updates not fetched or stored (%s); again in %.0f s", error, delay)
            await asyncio.sleep(delay)
