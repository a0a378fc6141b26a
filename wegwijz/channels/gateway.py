"""The channel gateway: `python -m wegwijz.channels.gateway`.

Telegram (long polling, or a webhook) and WhatsApp (a webhook) put updates in
the inbox; the inbox worker asks Rasa and fills the outbox; the outbox worker
sends, within each platform's limits. The web chat uses the same steps
synchronously (`answer_web`). Without configuration nothing starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import sessionmaker

from wegwijz import log_privacy
from wegwijz.channels import config as channel_config
from wegwijz.channels import retention, turns
from wegwijz.channels.config import ChannelConfig
from wegwijz.channels.constants import Channel, InboundKind
from wegwijz.channels.delivery import DeliveryWorker
from wegwijz.channels.inbox import Inbound
from wegwijz.channels.models import InboxItem
from wegwijz.channels.processor import Processor
from wegwijz.channels.rasa_client import RasaClient, RasaUnavailable
from wegwijz.channels.ratelimit import RateLimiter
from wegwijz.channels.sending import Sender
from wegwijz.db import session_factory
from wegwijz.settings import Settings
from wegwijz.settings import get as get_settings

log = logging.getLogger("wegwijz.channels")

PURGE_EVERY = 3600.0
"""Seconds between clean-ups of old inbox and outbox rows."""


def is_configured(env: Mapping[str, str] | None = None) -> bool:
    """Whether at least one channel (Telegram or WhatsApp) is configured, even if only partly."""
    env = os.environ if env is None else env
    config = channel_config.load(env)
    return config.telegram or config.whatsapp or bool(channel_config.half_configured_whatsapp(env))


def rasa_client(settings: Settings, config: ChannelConfig | None = None) -> RasaClient:
    """The Rasa REST client for `settings` (action server health next to Rasa unless configured)."""
    config = config or channel_config.load()
    health = config.action_health_url
    if health is None:
        health = f"http://127.0.0.1:{settings.action_port}/health"
    return RasaClient(settings.rasa_url, settings.rasa_token, timeout=config.rasa_timeout_seconds,
                      action_health_url=health)


def answer_web(settings: Settings, sender: str, text: str, rasa: RasaClient | None = None,
               language_hint: str | None = None, button: bool = False) -> list[dict[str, Any]]:
    """The web chat's turn, answered directly: stored, asked to Rasa, closed.

    Args:
        settings: the web process's settings (database, Rasa).
        sender: the browser's random id (without the `web:` prefix).
        text: what the person typed, or the payload of a button they pressed.
        rasa: a Rasa client (made from `settings` when not given).
        language_hint: the language the chat page is in, kept on the person's device (a hint, like
            Telegram's app language: it counts only when nothing else says the language, as after /verwijder).
        button: whether `text` is a tapped button's payload; typed text follows the one command policy
            (`wegwijz.contract.commands`), the same as on Telegram and WhatsApp.

    Returns:
        Rasa's replies, as the web chat shows them.

    Raises:
        RasaUnavailable: Rasa cannot answer now; the person is asked to try again.
    """
    factory = session_factory(settings.database_url)
    rasa = rasa or rasa_client(settings)
    kind = InboundKind.BUTTON if button else InboundKind.TEXT
    inbound = Inbound(Channel.WEB, uuid.uuid4().hex, f"{Channel.WEB}:{sender}", kind, text=text,
                      language_hint=language_hint)
    with factory.begin() as session:
        item = turns.receive(session, inbound)
        assert item is not None  # a fresh id is never a duplicate
        turn = turns.begin(session, item)
        item_id = int(item.id)
    try:
        replies = rasa.talk(turn.sender_id, turn.message or "", turn.metadata)
    except RasaUnavailable as error:
        with factory.begin() as session:
            turns.give_up(session, session.get(InboxItem, item_id), str(error))
        error.lang = turn.lang
        raise
    with factory.begin() as session:
        item = session.get(InboxItem, item_id)
        if item is not None:  # None when this turn erased the person (/verwijder): nothing is left to close
            turns.complete(session, item, turn, replies)
    return replies


class Gateway:
    """The running bridges and workers of one gateway process.

    Args:
        config: the channel configuration.
        database_url: where the inbox and outbox live.
        rasa: the Rasa REST client.
    """

    def __init__(self, config: ChannelConfig, database_url: str, rasa: RasaClient) -> None:
        self.config = config
        self.factory: sessionmaker = session_factory(database_url)
        self.rasa = rasa
        self.senders: dict[str, Sender] = {}
        self.limiters = {
            Channel.TELEGRAM: RateLimiter(config.telegram_limits.per_chat_interval, config.telegram_limits.per_second),
            Channel.WHATSAPP: RateLimiter(config.whatsapp_limits.per_chat_interval, config.whatsapp_limits.per_second),
        }
        self.webhook_port: int | None = None
        self.ready = threading.Event()
        """Set once the webhook server listens and Telegram is set up (for tests and health checks)."""
        self._stop: asyncio.Event | None = None
        self._stop_requested = False
        self._loop: asyncio.AbstractEventLoop | None = None

    async def run(self) -> None:
        """Run until `stop()` is called."""
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        stop = self._stop
        if self._stop_requested:  # asked to stop before we were running
            stop.set()
        delivery = DeliveryWorker(self.factory, self.senders, self.limiters, self.config)
        processor = Processor(self.factory, self.rasa, self.senders, self.limiters, self.config,
                              delivered=delivery.wakeup.set)
        tasks = [asyncio.create_task(processor.run(stop)), asyncio.create_task(delivery.run(stop)),
                 asyncio.create_task(self._purge(stop))]
        server = None
        if self.config.needs_webhook_server:
            from wegwijz.channels.webhooks import create_webhook_app

            received = self._threadsafe(processor.wakeup.set)
            server = _serve(create_webhook_app(self.config, self.factory, received),
                            self.config.webhook_host, self.config.webhook_port)
            self.webhook_port = int(server.effective_port)
            log.info("Webhooks listen on %s:%s", self.config.webhook_host, self.webhook_port)
        if self.config.whatsapp:
            from wegwijz.channels.whatsapp_client import WhatsAppClient, WhatsAppSender

            self.senders[Channel.WHATSAPP] = WhatsAppSender(WhatsAppClient(self.config))
            log.info("WhatsApp bridge ready (phone number id %s)", self.config.whatsapp_phone_number_id)
        bot = None
        if self.config.telegram:
            from wegwijz.channels.telegram_bridge import start_telegram

            bot = await start_telegram(self.config, self.factory, self.senders, stop, processor.wakeup.set, tasks)
        if not stop.is_set():
            self.ready.set()
        await stop.wait()
        for task in tasks:
            if task.get_name().startswith("telegram-poll"):
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if server is not None:
            await asyncio.to_thread(server.stop)
        if bot is not None:
            await bot.shutdown()

    def _threadsafe(self, callback: Any) -> Any:
        loop = self._loop
        assert loop is not None

        def call() -> None:
            loop.call_soon_threadsafe(callback)

        return call

    def stop(self) -> None:
        """Ask the gateway to stop (from any thread)."""
        self._stop_requested = True
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)

    async def _purge(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                gone = await asyncio.to_thread(self._forget_old)
                if gone:
                    log.info("Forgot %s handled messages older than %s days", gone, self.config.retention_days)
            except Exception:  # noqa: BLE001 - clean-up can wait for the next round
                log.exception("clean-up of old messages failed")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=PURGE_EVERY)


    def _forget_old(self) -> int:
        with self.factory.begin() as session:
            return retention.forget_old(session, self.config.retention_days)


class _WebhookServer:
    """waitress in a background thread, stopped from its own thread.

    Closing waitress's sockets from another thread while its loop waits in
    `select` made that loop fail now and then with "Bad file descriptor"; here
    the loop runs in short rounds, sees the stop request, and closes the
    server itself after its last round.
    """

    def __init__(self, app: Any, host: str, port: int) -> None:
        from waitress.server import create_server

        self.server = create_server(app, host=host, port=port, threads=4, clear_untrusted_proxy_headers=True)
        self.effective_port = int(self.server.effective_port)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                self.server.asyncore.loop(timeout=0.1, map=self.server._map, count=1)
        finally:
            self.server.close()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening, then let requests in progress finish (up to `timeout` seconds)."""
        self._stopping.set()
        self._thread.join(timeout + 1.0)
        self.server.task_dispatcher.shutdown(timeout=timeout)


def _serve(app: Any, host: str, port: int) -> _WebhookServer:
    """Serve `app` with waitress in a background thread; `.stop()` stops it."""
    return _WebhookServer(app, host, port)


def main() -> int:
    """Start the configured bridges; without configuration, stay idle so `make run` carries on."""
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log_privacy.install()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per Telegram request is too much
    if not is_configured():
        log.info("No channel configured (TELEGRAM_BOT_TOKEN or WHATSAPP_*): the bridges do not start. "
                 "See wegwijz/channels/README.md.")
        _idle()
        return 0
    missing = channel_config.half_configured_whatsapp()
    config = channel_config.load()
    problems = config.problems() + ([f"WhatsApp needs {', '.join(missing)} as well"] if missing else [])
    if problems:
        for problem in problems:
            log.error("Channel configuration: %s", problem)
        return 2
    settings = get_settings()
    settings.check()
    gateway = Gateway(config, settings.database_url, rasa_client(settings, config))

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, gateway.stop)
        await gateway.run()

    asyncio.run(serve())
    log.info("Gateway stopped")
    return 0


def _idle() -> None:
    """Wait for SIGTERM/SIGINT without doing anything (a supervisor sees a healthy process)."""
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    while not stopped.wait(3600):
        pass


if __name__ == "__main__":
    sys.exit(main())
