"""Machine translation of reviewed tips, behind one small client (optional).

With `WEGWIJZ_TRANSLATE_URL` set to a LibreTranslate-compatible service (`POST /translate` with
`q`, `source`, `target`; `WEGWIJZ_TRANSLATE_KEY` when it wants one), editors can fill the missing
languages of a tip in one click; every such text is marked `machine` until an editor reviews it.
Without it (the default, and in tests unless a loopback fake is set), editors write translations
themselves. A language the service cannot do is left empty, never guessed.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import requests

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Translator:
    """A LibreTranslate-compatible service."""

    url: str
    api_key: str = ""
    timeout: float = 15.0

    def translate(self, text: str, source: str, target: str) -> str | None:
        """`text` from `source` into `target`; None when the service cannot (the reason is logged, not the text)."""
        body = {"q": text, "source": source, "target": target, "format": "text"}
        if self.api_key:
            body["api_key"] = self.api_key
        try:
            response = requests.post(self.url.rstrip("/") + "/translate", json=body, timeout=self.timeout)
            response.raise_for_status()
            translated = response.json().get("translatedText")
        except (requests.RequestException, ValueError, AttributeError) as error:
            log.warning("machine translation %s -> %s failed: %s", source, target, type(error).__name__)
            return None
        return translated.strip() if isinstance(translated, str) and translated.strip() else None


def from_env() -> Translator | None:
    """The translator configured in the environment, or None (editors translate by hand)."""
    url = os.environ.get("WEGWIJZ_TRANSLATE_URL", "").strip()
    return Translator(url, os.environ.get("WEGWIJZ_TRANSLATE_KEY", "")) if url else None
