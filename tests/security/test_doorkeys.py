"""The shared secrets: from the environment, else made once in var/ with mode 0600."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from wegwijz import doorkeys


def test_a_secret_is_made_once_with_mode_0600(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(doorkeys.CHANNEL_SECRET_ENV, raising=False)
    first = doorkeys.channel_secret(tmp_path)
    path = tmp_path / doorkeys.CHANNEL_SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 40 and doorkeys.channel_secret(tmp_path) == first
    assert doorkeys.action_secret(tmp_path) != first  # one secret per door


def test_the_environment_overrides_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(doorkeys.CHANNEL_SECRET_ENV, "from-the-environment")
    assert doorkeys.channel_secret(tmp_path) == "from-the-environment"
    assert not (tmp_path / doorkeys.CHANNEL_SECRET_FILE).exists()


@pytest.mark.parametrize(("given", "expected", "result"), [
    ("abc", "abc", True), ("abd", "abc", False), ("", "abc", False), (None, "abc", False), ("", "", False),
    ("\udcff", "abc", False),
])
def test_matches(given: str | None, expected: str, result: bool) -> None:
    assert doorkeys.matches(given, expected) is result
