"""Personal data out of the logs: message text redacted, control characters stripped, files rotated.

Rasa logs some typed messages verbatim (a message starting with "/" that it cannot parse, for one), and
raw control or ANSI bytes in a message reach the log as they are.  `install()` puts a record factory in
front of every logger of the process, so whatever a library logs goes through `scrub` first:

- texts of recent messages (`remember`, called where a message enters the process) become `[tekst]`;
- numbers that may be a BSN or a phone number (8 or more digits) become `[nummer]`;
- control characters, ANSI escape sequences and bidi controls are removed.

Logs written by `make run` rotate daily and are deleted after `WEGWIJZ_LOG_RETENTION_DAYS` (see
`rotating_writer`).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import IO, Any

REDACTED_TEXT = "[tekst]"
REDACTED_NUMBER = "[nummer]"

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LONG_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.])(?:[0-9]{8,}"            # a BSN, a phone number written together
    r"|[0-9]{3}[ .][0-9]{3}[ .][0-9]{3}"  # a BSN in groups
    r"|(?:\+|00)[0-9][0-9 ]{7,}[0-9]"     # an international phone number
    r"|0[0-9]{1,3}-[0-9]{6,8})(?![0-9A-Za-z])"  # 06-12345678, 030-1234567
)
_WORD = re.compile(r"\w{3,}", re.UNICODE)

MAX_REMEMBERED = 2000
"""Recent message texts kept in memory (never written anywhere) to redact them from log lines."""


class _RecentTexts:
    """The texts of the last messages, longest first when redacting."""

    def __init__(self, size: int = MAX_REMEMBERED) -> None:
        self.size = size
        self._texts: OrderedDict[str, bool] = OrderedDict()
        """Text -> whether it is redacted only as a whole word."""
        self._lock = threading.Lock()
        self._pattern: re.Pattern[str] | None = None

    def add(self, text: str) -> None:
        pieces = {text.strip(): False}
        if text.lstrip().startswith("/"):  # Rasa may log parts of a payload-like message: whole words
            pieces.update({word: True for word in _WORD.findall(text)})
        with self._lock:
            for piece, whole_word in pieces.items():
                if len(piece) >= 3:
                    self._texts[piece] = self._texts.get(piece, False) or whole_word
                    self._texts.move_to_end(piece)
            while len(self._texts) > self.size:
                self._texts.popitem(last=False)
            self._pattern = None

    def redact(self, line: str) -> str:
        with self._lock:
            if not self._texts:
                return line
            if self._pattern is None:
                variants: dict[str, bool] = {}
                for text, whole_word in self._texts.items():
                    variants[text] = whole_word
                    variants[text.encode("unicode_escape", "backslashreplace").decode("ascii")] = whole_word
                    for ascii_only in (True, False):  # as it appears inside logged JSON
                        variants[json.dumps(text, ensure_ascii=ascii_only)[1:-1]] = whole_word
                ordered = sorted(variants, key=len, reverse=True)
                self._pattern = re.compile("|".join(
                    rf"(?<!\w){re.escape(v)}(?!\w)" if variants[v] else re.escape(v) for v in ordered))
            pattern = self._pattern
        return pattern.sub(REDACTED_TEXT, line)


_RECENT = _RecentTexts()


def remember(text: object) -> None:
    """Note a message's text as it enters the process, so log lines never show it."""
    if isinstance(text, str) and text.strip():
        _RECENT.add(_clean(text))
        if text != _clean(text):
            _RECENT.add(text)


def _clean(line: str) -> str:
    line = _ANSI.sub("", line)
    line = line.encode("utf-8", "replace").decode("utf-8")  # lone surrogates
    return _CONTROL.sub("", line)


def scrub(line: str, keep_newlines: bool = True) -> str:
    """`line` without message texts, long numbers and control characters."""
    line = _RECENT.redact(line)
    parts = line.split("\n") if keep_newlines else [line.replace("\n", " ")]
    cleaned = [_LONG_NUMBER.sub(REDACTED_NUMBER, _RECENT.redact(_clean(part.replace("\t", "    "))))
               for part in parts]
    return "\n".join(cleaned)


_installed = False


def install() -> None:
    """Scrub every log record of this process (idempotent); Python warnings go through logging too."""
    global _installed
    if _installed:
        return
    _installed = True
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        if record.exc_info:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return record

    logging.setLogRecordFactory(factory)
    logging.captureWarnings(True)


def rotating_writer(path: Path, retention_days: int) -> logging.Logger:
    """A logger writing plain lines to `path`, rotated at midnight and kept `retention_days` days."""
    logger = logging.getLogger(f"wegwijz.process_log.{path}")
    logger.propagate = False
    if not logger.handlers:
        handler = logging.handlers.TimedRotatingFileHandler(path, when="midnight", backupCount=retention_days,
                                                            encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return logger


def copy_scrubbed(stream: IO[bytes], logger: logging.Logger) -> None:
    """Copy a child process's output line by line, scrubbed, into `logger` (until the stream ends)."""
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip("\n")
        logger.info(scrub(line, keep_newlines=False))
    stream.close()
