"""Starting the Telegram bridge: the bot, its command menu, and updates by polling or webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from sqlalchemy.orm import sessionmaker
from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from wegwijz.channels import turns
from wegwijz.channels.config import ChannelConfig
from wegwijz.channels.constants import Channel
from wegwijz.channels.inbox import Inbound
from wegwijz.channels.sending import Sender
from wegwijz.channels.telegram_in import ALLOWED_UPDATES, make_bot, poll, register_commands
from wegwijz.channels.telegram_out import TelegramSender

log = logging.getLogger(__name__)


async def _initialise(bot: Bot, stop: asyncio.Event) -> bool:
    """Introduce ourselves to Telegram (getMe), trying again while it cannot be reached."""
    delay = 1.0
    while not stop.is_set():
        try:
            await bot.initialize()
            return True
        except InvalidToken:
            log.error("Telegram does not know TELEGRAM_BOT_TOKEN; the Telegram bridge does not start")
            return False
        except TelegramError as error:
            log.warning("Telegram not reachable (%s); trying again in %.0f s", error, delay)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)
            delay = min(60.0, delay * 2)
    return False


async def start_telegram(config: ChannelConfig, factory: sessionmaker, senders: dict[str, Sender],
                         stop: asyncio.Event, received: Callable[[], None],
                         tasks: list[asyncio.Task[None]]) -> Bot | None:
    """Set up the bot and start receiving; returns the bot (None when it could not start).

    In polling mode a task named "telegram-poll" is added to `tasks`; in webhook
    mode Telegram is told our webhook URL and secret, and the webhook server
    receives the updates.
    """
    bot = make_bot(config)
    if not await _initialise(bot, stop):
        return None
    try:
        await register_commands(bot)
    except TelegramError as error:
        log.warning("Telegram command menu not registered: %s", error)
    senders[Channel.TELEGRAM] = TelegramSender(bot)
    if config.telegram_webhook:
        await bot.set_webhook(config.telegram_webhook_url, secret_token=config.telegram_webhook_secret,
                              allowed_updates=list(ALLOWED_UPDATES))
        log.info("Telegram bridge ready as @%s (webhook)", bot.username)
        return bot
    await bot.delete_webhook()  # Telegram delivers by webhook or by polling, not both

    async def store(batch: list[Inbound]) -> None:
        if not batch:
            return
        new: int = await asyncio.to_thread(turns.receive_batch, factory, batch)
        if new:
            received()

    tasks.append(asyncio.create_task(poll(bot, store, stop, config.telegram_poll_timeout), name="telegram-poll"))
    log.info("Telegram bridge ready as @%s (long polling)", bot.username)
    return bot
