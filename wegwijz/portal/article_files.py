"""Reading and writing kennisbank article files without losing what the portal did not change.

The files stay the source of truth and are reviewed in git, so a save keeps
every untouched front-matter entry byte for byte (comments and quoting
included) and writes only the entries that changed, in the house style.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from wegwijz.kennisbank.loader import split_front_matter

ALWAYS_QUOTED = {"verify_note"}
"""Entries the house style always writes in double quotes (like every value inside `sources`)."""

_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(?:\s|$)")


@dataclass
class ArticleFile:
    """One language file of an article: its front matter (parsed and as written) and its body."""

    path: Path
    front: dict[str, Any]
    body: str
    blocks: dict[str, str]
    """Each top-level key's lines exactly as written (comments and quoting kept)."""
    fingerprint: str
    """SHA-256 of the file as read, to notice that someone else saved it meanwhile."""


def fingerprint(text: str) -> str:
    """The fingerprint of a file's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _blocks(front_text: str) -> dict[str, str]:
    blocks: dict[str, str] = {}
    key: str | None = None
    lines: list[str] = []
    for line in front_text.splitlines(keepends=True):
        match = _KEY_LINE.match(line)
        if match:
            if key is not None:
                blocks[key] = "".join(lines)
            key, lines = match.group(1), [line]
        elif key is not None:
            lines.append(line)
    if key is not None:
        blocks[key] = "".join(lines)
    return blocks


def read(path: Path) -> ArticleFile:
    """Read one article file.

    Raises:
        KennisbankError: when the front matter is missing or not valid YAML.
    """
    text = path.read_text(encoding="utf-8")
    front, body = split_front_matter(text, path)
    front_text = text.split("---", 2)[1].lstrip("\n")
    return ArticleFile(path=path, front=front, body=body, blocks=_blocks(front_text), fingerprint=fingerprint(text))


def _scalar(value: Any, quoted: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    text = str(value)
    if not quoted and text and text == text.strip() and "\n" not in text:
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def render_entry(key: str, value: Any) -> str:
    """One top-level front-matter entry in the house style (2-space lists, plain where safe)."""
    if isinstance(value, list):
        lines = [f"{key}:\n"]
        for item in value:
            if isinstance(item, dict):
                parts = list(item.items())
                first_key, first_value = parts[0]
                lines.append(f"  - {first_key}: {_scalar(first_value, quoted=True)}\n")
                for sub_key, sub_value in parts[1:]:
                    lines.append(f"    {sub_key}: {_scalar(sub_value, quoted=True)}\n")
            else:
                lines.append(f"  - {_scalar(item)}\n")
        return "".join(lines)
    return f"{key}: {_scalar(value, quoted=key in ALWAYS_QUOTED)}\n"


def render(original: ArticleFile | None, front: dict[str, Any], body: str) -> str:
    """The full text of an article file: unchanged entries as they were, changed ones freshly written."""
    parts = ["---\n"]
    for key, value in front.items():
        if original is not None and key in original.blocks and original.front.get(key) == value:
            parts.append(original.blocks[key])
        else:
            parts.append(render_entry(key, value))
    parts.append("---\n")
    parts.append(body.strip() + "\n")
    return "".join(parts)


def write_atomically(path: Path, text: str) -> None:
    """Replace a file in one step, so the assistant never reads half a file."""
    temporary = path.with_name(f".{path.name}.saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
