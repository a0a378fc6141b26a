"""Running a gateway against the loopback fakes, in a background thread of the test process."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator

from tests.channels.fake_http import wait_for
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.fake_whatsapp import VERSION, FakeWhatsApp
from wegwijz.channels.config import ChannelConfig
from wegwijz.channels.gateway import Gateway
from wegwijz.channels.rasa_client import RasaClient
from wegwijz.channels.ratelimit import Event

FAST = {
    # Real limits are ~1 s per chat and ~30/s overall; the same logic runs faster here.
    "TELEGRAM_POLL_TIMEOUT": "1",
    "TELEGRAM_PER_CHAT_INTERVAL": "0.02",
    "TELEGRAM_MESSAGES_PER_SECOND": "200",
    "WHATSAPP_MESSAGES_PER_SECOND": "200",
    "CHANNELS_RETRY_BASE_SECONDS": "0.05",
    "CHANNELS_RETRY_MAX_SECONDS": "0.5",
    "CHANNELS_RASA_RETRY_MAX_SECONDS": "0.3",
    "CHANNELS_HOST": "127.0.0.1",
    "CHANNELS_PORT": "0",
    "ACTION_SERVER_HEALTH_URL": "",
}


def telegram_env(fake: FakeTelegram, **extra: str) -> dict[str, str]:
    return {**FAST, "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE": fake.api_base, **extra}


def whatsapp_env(fake: FakeWhatsApp, **extra: str) -> dict[str, str]:
    return {**FAST, "WHATSAPP_ACCESS_TOKEN": fake.token, "WHATSAPP_PHONE_NUMBER_ID": fake.phone_number_id,
            "WHATSAPP_APP_SECRET": fake.app_secret, "WHATSAPP_VERIFY_TOKEN": "verify-me",
            "WHATSAPP_API_BASE": fake.api_base, "WHATSAPP_API_VERSION": VERSION, **extra}


@contextlib.contextmanager
def running_gateway(config: ChannelConfig, database_url: str, rasa_url: str,
                    action_health_url: str = "", journal: list[Event] | None = None) -> Iterator[Gateway]:
    """A gateway in a background thread with its own event loop; stopped (and checked) afterwards.

    With `journal`, every limiter records its sends and pauses there (by its own clock).
    """
    gateway = Gateway(config, database_url, RasaClient(rasa_url, action_health_url=action_health_url))
    for limiter in gateway.limiters.values():
        limiter.journal = journal
    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(gateway.run())
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    thread = threading.Thread(target=target, name="gateway", daemon=True)
    thread.start()
    wait_for(lambda: gateway.ready.is_set() or errors, 15, "the gateway to start")
    assert not errors, errors
    try:
        yield gateway
    finally:
        gateway.stop()
        thread.join(15)
        assert not thread.is_alive(), "the gateway did not stop"
        assert not errors, errors
