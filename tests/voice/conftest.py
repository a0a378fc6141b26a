"""Fixtures for read-aloud: a voice cache of its own, the portal's fixtures, and the channel fakes with voice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.channels.conftest import fake_rasa, gateway_for  # noqa: F401
from tests.portal.conftest import client_for, kennisbank_copy, portal_app  # noqa: F401
from tests.voice.fakes import VoiceTelegram, VoiceWhatsApp
from wegwijz import settings


@pytest.fixture
def voice_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This process's `var/` (and so its voice cache) in a scratch folder."""
    var = tmp_path / "var"
    monkeypatch.setenv("WEGWIJZ_VAR_DIR", str(var))
    settings.get.cache_clear()
    yield var
    settings.get.cache_clear()


@pytest.fixture
def fake_telegram() -> Iterator[VoiceTelegram]:
    telegram = VoiceTelegram().start()
    yield telegram
    telegram.stop()


@pytest.fixture
def fake_whatsapp() -> Iterator[VoiceWhatsApp]:
    whatsapp = VoiceWhatsApp().start()
    yield whatsapp
    whatsapp.stop()
