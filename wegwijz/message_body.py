"""What a chat request must look like before anything reads it: one JSON object, text as text.

Used by our REST channel for Rasa and by the web chat, so a JSON array, `null`, deep nesting, a lone
surrogate or a message that is not a string gets a 400 with a kind reply instead of a crash.
"""

from __future__ import annotations

import json
from typing import Any

from wegwijz import LANGUAGES
from wegwijz.contract import languages
from wegwijz.texts import say

MAX_DEPTH = 20
"""Deeper JSON than this is refused (the real bodies are two levels deep)."""


class BadBody(ValueError):
    """The request body cannot be a chat message; the text says why (for the log, not the person)."""


def _depth_ok(value: Any, depth: int = 0) -> bool:
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return all(_depth_ok(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_depth_ok(v, depth + 1) for v in value)
    return True


def _text_ok(value: Any) -> bool:
    """Every string inside `value` is valid Unicode (no lone surrogates)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_text_ok(k) and _text_ok(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_text_ok(v) for v in value)
    return True


def parse(raw: bytes, required: tuple[str, ...] = ("sender", "message")) -> dict[str, Any]:
    """The body as a JSON object whose `required` fields are strings.

    Raises:
        BadBody: when it is not JSON, not an object, too deep, holds a lone surrogate, or a required
            field is missing or not a string.
    """
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise BadBody(f"not JSON: {type(error).__name__}") from None
    if not isinstance(data, dict):
        raise BadBody(f"not a JSON object but {type(data).__name__}")
    if not _depth_ok(data):
        raise BadBody("nested too deep")
    if not _text_ok(data):
        raise BadBody("text that is not valid Unicode")
    for name in required:
        if not isinstance(data.get(name), str):
            raise BadBody(f"{name} is not a string")
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadBody("metadata is not an object")
    return data


def kind_text(key: str, lang: str | None) -> str:
    """`key` in the person's language, or one short line in each language when it is unknown."""
    if lang in LANGUAGES:
        return say(key, str(lang))
    return "\n".join(say(key, code) for code in LANGUAGES)


def language_of(raw: bytes) -> str | None:
    """The language named in a body's metadata (`metadata.language`), when it can be read at all."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return languages.from_metadata(data.get("metadata")) if isinstance(data, dict) else None
