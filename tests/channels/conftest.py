"""Fixtures for the channel tests: loopback fakes of Telegram, WhatsApp and Rasa, and a running gateway."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.fake_whatsapp import FakeWhatsApp
from tests.channels.running import running_gateway
from wegwijz.channels import config as channel_config
from wegwijz.channels.gateway import Gateway


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    rasa = FakeRasa().start()
    yield rasa
    rasa.stop()


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    telegram = FakeTelegram().start()
    yield telegram
    telegram.stop()


@pytest.fixture
def fake_whatsapp() -> Iterator[FakeWhatsApp]:
    whatsapp = FakeWhatsApp().start()
    yield whatsapp
    whatsapp.stop()


@pytest.fixture
def gateway_for(database_url: str, fake_rasa: FakeRasa, fake_telegram: FakeTelegram,
                fake_whatsapp: FakeWhatsApp) -> Iterator[Callable[..., Gateway]]:
    """Start a gateway with the given environment; it stops before the fakes do."""
    stack = contextlib.ExitStack()

    def start(env: dict[str, str], **kwargs: Any) -> Gateway:
        return stack.enter_context(running_gateway(channel_config.load(env), database_url, fake_rasa.url, **kwargs))

    with stack:
        yield start
