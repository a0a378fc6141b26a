"""Log lines never show what people typed, long numbers or control characters."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path

import pytest

from wegwijz import log_privacy


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no remembered texts: what other tests sent in this process must not count."""
    monkeypatch.setattr(log_privacy, "_RECENT", log_privacy._RecentTexts())


def test_remembered_texts_long_numbers_and_control_bytes_are_scrubbed() -> None:
    log_privacy.remember("/Hanna Testpersoon woont \x1b[31mKerkweg 9\x1b[0m")
    line = log_privacy.scrub("could not parse '/Hanna Testpersoon woont Kerkweg 9' (Testpersoon) \x1b[2J\x07"
                             " BSN 123 456 782, tel +31 6 1234 5678, wa:31612345678, at 2026-12-01 22:29:33")
    for leaked in ("Hanna", "Testpersoon", "Kerkweg", "123 456 782", "1234 5678", "31612345678", "\x1b", "\x07"):
        assert leaked not in line
    assert "2026-12-01 22:29:33" in line and log_privacy.REDACTED_TEXT in line
    log_privacy.remember("\x1b[31mLea\x1b[0m Proefpersoon woont hier")
    assert "Lea" not in log_privacy.scrub('{"text": "\\u001b[31mLea\\u001b[0m Proefpersoon woont hier"}')  # in JSON
    assert log_privacy.scrub("ok\nnext") == "ok\nnext"
    assert log_privacy.scrub("ok\nnext", keep_newlines=False) == "ok next"


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The scrubber for this test only (other tests see their log records as they are)."""
    monkeypatch.setattr(log_privacy, "_installed", False)
    previous = logging.getLogRecordFactory()
    log_privacy.install()
    yield
    logging.setLogRecordFactory(previous)
    logging.captureWarnings(False)


@pytest.mark.usefixtures("installed")
def test_every_record_of_the_process_is_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    log_privacy.remember("Mijn naam is Ruth Proefnaam")
    try:
        raise ValueError("bad text: Mijn naam is Ruth Proefnaam")
    except ValueError:
        logging.getLogger("some.library").exception("failed on %r with 987654321", "Mijn naam is Ruth Proefnaam")
    (record,) = [r for r in caplog.records if r.name == "some.library"]
    assert "Ruth" not in record.getMessage() and "987654321" not in record.getMessage()
    assert record.exc_text and "Ruth" not in record.exc_text and "ValueError" in record.exc_text


def test_process_logs_rotate_and_expire(tmp_path: Path) -> None:
    logger = log_privacy.rotating_writer(tmp_path / "rasa.log", retention_days=3)
    (handler,) = logger.handlers
    assert isinstance(handler, logging.handlers.TimedRotatingFileHandler)
    assert handler.when == "MIDNIGHT" and handler.backupCount == 3
    logger.info(log_privacy.scrub("line with 123456782"))
    handler.flush()
    assert (tmp_path / "rasa.log").read_text(encoding="utf-8") == "line with [nummer]\n"
