"""Shaping text for chat apps: light Markdown, right-to-left lines, and splitting long messages.

The assistant writes **bold** and _italic_ (as the web chat shows them).
Telegram gets that as HTML (everything else escaped, so no text can break the
message), WhatsApp as its own *bold* and _italic_.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from wegwijz.contract import languages
from wegwijz.language import script_language

RLM = "\u200f"
"""RIGHT-TO-LEFT MARK: starts a line right-to-left even when its first word is Latin (`DigiD`, `/taal`)."""

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_ITALIC = re.compile(r"(?<![\w/.])_([^_\n]+)_(?![\w/])")


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji can count twice)."""
    return len(text.encode("utf-16-le")) // 2


def right_to_left(text: str) -> str:
    """Right-to-left (Arabic) paragraphs with every line marked so, so lists and Latin words sit right.

    Each paragraph is judged on its own: in a reply in four languages only the
    Arabic one gets the marks; Dutch, English and Tigrinya stay left-to-right.
    """
    paragraphs = text.split("\n\n")
    for number, paragraph in enumerate(paragraphs):
        lang = languages.known(script_language(paragraph))
        if lang and languages.get(lang).right_to_left:
            paragraphs[number] = "\n".join(RLM + line if line.strip() else line for line in paragraph.split("\n"))
    return "\n\n".join(paragraphs)


def telegram_html(text: str) -> str:
    """The assistant's light Markdown as Telegram HTML; all other text escaped."""
    escaped = html.escape(text, quote=False)
    escaped = _BOLD.sub(r"<b>\1</b>", escaped)
    return _ITALIC.sub(r"<i>\1</i>", escaped)


def whatsapp_markup(text: str) -> str:
    """The assistant's light Markdown in WhatsApp's notation (`**x**` -> `*x*`)."""
    return _BOLD.sub(r"*\1*", text)


def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Cut `text` into parts of at most `limit` (by `measure`), at paragraph, line or word ends.

    Args:
        text: the message.
        limit: the platform's maximum length.
        measure: how the platform counts length.

    Returns:
        The parts in order (one part when the text fits); never an empty list.
    """
    text = text.strip()
    parts: list[str] = []
    while measure(text) > limit:
        cut = _cut_point(text, limit, measure)
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    parts.append(text)
    return parts


def _cut_point(text: str, limit: int, measure: Callable[[str], int]) -> int:
    # The longest prefix that fits, then back to the last paragraph, line or word end in it.
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    fits = text[:low]
    for separator in ("\n\n", "\n", " "):
        at = fits.rfind(separator)
        if at > len(fits) // 3:  # not so early that the parts become tiny
            return at + len(separator)
    return low
