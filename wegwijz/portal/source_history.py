"""Earlier versions of a Dutch source text, so a reviewer sees what changed since a translation was made.

When a save bumps an article's `version`, the Dutch file as it was is kept in
`kennisbank/history/<article>/nl-v<version>.md` (outside `articles/`, so the loader and the
training data never see it; in git beside the articles, so a review there shows it too).
Marking an outdated translation reviewed first shows the difference between the version the
translation was made from and the current one.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from wegwijz.portal import article_files
from wegwijz.portal.article_files import ArticleFile

HISTORY = "history"
"""The folder under the kennisbank that keeps earlier Dutch versions."""


def history_file(kennisbank_dir: Path, article_id: str, version: int) -> Path:
    """Where version `version` of an article's Dutch text is kept once it is no longer current."""
    return kennisbank_dir / HISTORY / article_id / f"nl-v{int(version)}.md"


def keep(kennisbank_dir: Path, article_id: str, source: ArticleFile) -> None:
    """Keep the Dutch file as it is now, under its version, before a save replaces it."""
    target = history_file(kennisbank_dir, article_id, int(source.front["version"]))
    if target.exists():
        return  # a version is kept once: the first text that carried this number
    target.parent.mkdir(parents=True, exist_ok=True)
    article_files.write_atomically(target, source.path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Line:
    """One line of a difference: `same`, `removed` (only in the old version) or `added` (only in the new)."""

    kind: str
    text: str


@dataclass(frozen=True)
class SourceChange:
    """What changed in the Dutch text between a translation's version and the current one."""

    from_version: int
    to_version: int
    kept: bool
    """Whether the old version's text is kept (edits from before this history have none)."""
    title: tuple[str, str]
    body: list[Line]
    questions_added: list[str]
    questions_removed: list[str]

    @property
    def changed_lines(self) -> int:
        """How many body lines were removed or added."""
        return sum(1 for line in self.body if line.kind != "same")


def _lines(old: str, new: str) -> list[Line]:
    result = []
    for entry in difflib.ndiff(old.split("\n"), new.split("\n")):
        code, text = entry[:2], entry[2:]
        if code == "? ":
            continue  # ndiff's hint lines
        result.append(Line({"- ": "removed", "+ ": "added"}.get(code, "same"), text))
    return result


def change_since(kennisbank_dir: Path, article_id: str, source: ArticleFile, from_version: int) -> SourceChange:
    """The difference between version `from_version` of the Dutch text and `source` (the current file)."""
    to_version = int(source.front["version"])
    path = history_file(kennisbank_dir, article_id, from_version)
    if from_version == to_version:
        old: ArticleFile | None = source
    else:
        old = article_files.read(path) if path.is_file() else None
    if old is None:
        return SourceChange(from_version, to_version, False, ("", str(source.front.get("title", ""))),
                            [Line("same", line) for line in source.body.split("\n")], [], [])
    old_questions = [str(q) for q in old.front.get("questions", [])]
    new_questions = [str(q) for q in source.front.get("questions", [])]
    return SourceChange(
        from_version, to_version, True,
        (str(old.front.get("title", "")), str(source.front.get("title", ""))),
        _lines(old.body, source.body),
        [q for q in new_questions if q not in old_questions],
        [q for q in old_questions if q not in new_questions],
    )
