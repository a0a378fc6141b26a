"""Production refuses to start with a missing or placeholder secret."""

from __future__ import annotations

import pytest

from wegwijz.settings import load

GOOD = "x7Qp2m9LwR4tZ8vK1nB6cY3hD5fJ0gSa"
NAMES = ("WEGWIJZ_SECRET_KEY", "WEGWIJZ_CHANNEL_SECRET", "WEGWIJZ_ACTION_SECRET", "RASA_TOKEN")


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("WEGWIJZ_ENV", "production")
    for name in NAMES:
        monkeypatch.setenv(name, GOOD)
    return monkeypatch


def test_production_starts_with_real_secrets(production: pytest.MonkeyPatch) -> None:
    load().check()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("value", ["", "change-me", "secret", "short-but-random-7Qp2"])
def test_production_refuses_a_placeholder(production: pytest.MonkeyPatch, name: str, value: str) -> None:
    production.setenv(name, value)
    with pytest.raises(RuntimeError, match=name):
        load().check()


def test_development_makes_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEGWIJZ_ENV", "development")
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    load().check()
