"""A small, safe preview of article Markdown: everything escaped first, then bold, lists, links, paragraphs.

Only the Markdown the kennisbank uses (kennisbank/README.md) is shown as
such; anything else stays visible as text, never as HTML.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"&lt;(https://[^\s&]+(?:&amp;[^\s&]+)*)&gt;")


def _inline(text: str) -> str:
    html = str(escape(text))
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _LINK.sub(r'<a href="\1" rel="noopener noreferrer">\1</a>', html)


def preview(markdown: str) -> Markup:
    """HTML for an article body: paragraphs, `- ` lists, `**bold**` and `<https://…>` links."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        items: list[str] = []
        text: list[str] = []
        for line in lines:
            stripped = line.lstrip()
            if stripped.startswith(("- ", "* ")):
                if text:
                    blocks.append("<p>" + "<br>".join(text) + "</p>")
                    text = []
                items.append("<li>" + _inline(stripped[2:]) + "</li>")
            else:
                if items:
                    blocks.append("<ul>" + "".join(items) + "</ul>")
                    items = []
                text.append(_inline(stripped))
        if items:
            blocks.append("<ul>" + "".join(items) + "</ul>")
        if text:
            blocks.append("<p>" + "<br>".join(text) + "</p>")
    return Markup("\n".join(blocks))
