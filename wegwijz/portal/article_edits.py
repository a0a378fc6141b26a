"""What editors do to an article: edit a language, mark it reviewed; checked against the schema first.

A save is validated by loading the whole article, with the new file in place,
through the kennisbank's own loader (schema and extra rules) in a scratch
folder; only then are the real files replaced. The assistant re-reads changed
files by itself, so a new answer text is live at once; new example questions
(and titles, which are examples too) need a retrain.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wegwijz import LANGUAGES
from wegwijz.kennisbank.loader import KennisbankError, load_article
from wegwijz.portal import article_files, source_history
from wegwijz.portal.article_files import ArticleFile

MAX_REVIEW_INTERVAL = dt.timedelta(days=365)
"""An article is looked at again within a year (kennisbank/README.md)."""
DEFAULT_REVIEW_INTERVAL = dt.timedelta(days=182)
"""Half a year: after an article's first review, or when its own interval cannot be read."""


class EditRefused(ValueError):
    """An edit that was not saved; the message (Dutch) says why."""


@dataclass(frozen=True)
class SourceEdit:
    """What the Dutch edit form sends."""

    title: str
    body: str
    questions: list[str]
    topic: str
    owner: str
    review_by: dt.date
    verify: bool
    verify_note: str
    sources: list[dict[str, Any]]
    minor: bool


@dataclass(frozen=True)
class TranslationEdit:
    """What a translation's edit form sends."""

    title: str
    body: str
    questions: list[str]
    status: str
    follows_current_source: bool
    """The editor says this text matches the current Dutch version (so it is not outdated)."""


@dataclass
class EditResult:
    """What a save did, for the message the editor sees."""

    changed: bool = False
    version_bumped: bool = False
    new_version: int = 0
    retrain_needed: bool = False
    files: list[str] = field(default_factory=list)


def article_folder(kennisbank_dir: Path, article_id: str) -> Path:
    """The folder of one article.

    Raises:
        KeyError: when there is no such article (or the id tries to leave the folder).
    """
    folder = (kennisbank_dir / "articles" / article_id).resolve()
    if folder.parent != (kennisbank_dir / "articles").resolve() or not (folder / "nl.md").is_file():
        raise KeyError(article_id)
    return folder


def read_all(kennisbank_dir: Path, article_id: str) -> dict[str, ArticleFile]:
    """Every language file of one article, as written."""
    folder = article_folder(kennisbank_dir, article_id)
    return {lang: article_files.read(folder / f"{lang}.md") for lang in LANGUAGES}


def unix_lines(text: str) -> str:
    """`text` with `\\n` line ends: a browser's textarea sends `\\r\\n`, which would make git see every line changed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """Non-empty lines of a textarea (one example question per line)."""
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


SOURCE_SEEN = "gezien"
"""The word before a source's `seen` date in the sources textarea."""


def parse_sources(text: str) -> list[dict[str, Any]]:
    """Sources from a textarea, one `title | https://… | gezien: 2026-12-01 | en: https://…` per line.

    After the title and the page come, optionally, the date the page was seen and the same page in
    another language (`en:`, `ar:`, `ti:`), so a save keeps what the file records (see `source_lines`).

    Raises:
        EditRefused: when a line has no `|`, or an extra part is not one of these.
    """
    sources: list[dict[str, Any]] = []
    for number, line in enumerate(split_lines(text), start=1):
        if "|" not in line:
            raise EditRefused(f"Bron op regel {number}: schrijf 'titel | https://…'.")
        title, url, *extras = (part.strip() for part in line.split("|"))
        source: dict[str, Any] = {"title": title, "url": url}
        for extra in extras:
            key, _, value = (part.strip() for part in extra.partition(":"))
            if key == SOURCE_SEEN:
                try:
                    source["seen"] = dt.date.fromisoformat(value)
                except ValueError as error:
                    raise EditRefused(f"Bron op regel {number}: schrijf '{SOURCE_SEEN}: jjjj-mm-dd'.") from error
            elif key in LANGUAGES[1:] and value:
                source[f"url_{key}"] = value
            else:
                raise EditRefused(f"Bron op regel {number}: na de link kan alleen '{SOURCE_SEEN}: jjjj-mm-dd' "
                                  "of 'en: / ar: / ti: https://…' (dezelfde pagina in die taal).")
        sources.append(source)
    return sources


def source_lines(sources: list[dict[str, Any]]) -> str:
    """The sources textarea's text for the sources of a file: the inverse of `parse_sources`."""
    lines = []
    for source in sources:
        parts = [str(source.get("title", "")), str(source.get("url", ""))]
        if source.get("seen"):
            seen = source["seen"]
            parts.append(f"{SOURCE_SEEN}: {seen.isoformat() if isinstance(seen, dt.date) else seen}")
        parts += [f"{lang}: {source[f'url_{lang}']}" for lang in LANGUAGES[1:] if source.get(f"url_{lang}")]
        lines.append(" | ".join(parts))
    return "".join(f"{line}\n" for line in lines)


def _examples(front: dict[str, Any]) -> tuple[str, list[str]]:
    return str(front.get("title", "")), [str(q) for q in front.get("questions", [])]


def _save(folder: Path, new_texts: dict[str, str]) -> None:
    """Validate the article with `new_texts` (lang -> file text) in place, then write them."""
    with tempfile.TemporaryDirectory(prefix="kennisbank-edit-") as scratch:
        trial = Path(scratch) / folder.name
        shutil.copytree(folder, trial)
        new_texts = {lang: unix_lines(text) for lang, text in new_texts.items()}
        for lang, text in new_texts.items():
            (trial / f"{lang}.md").write_text(text, encoding="utf-8")
        try:
            load_article(trial)
        except KennisbankError as error:
            message = str(error).replace(str(trial), folder.name)
            raise EditRefused(f"Niet opgeslagen, want het artikel klopt dan niet met het schema: {message}") \
                from error
    for lang, text in new_texts.items():
        article_files.write_atomically(folder / f"{lang}.md", text)


def _check_unchanged_since_read(current: ArticleFile, base_fingerprint: str) -> None:
    if base_fingerprint and current.fingerprint != base_fingerprint:
        raise EditRefused("Iemand anders heeft deze tekst intussen opgeslagen. Open het artikel opnieuw; "
                          "je wijzigingen zijn niet opgeslagen.")


def edit_source(kennisbank_dir: Path, article_id: str, edit: SourceEdit, base_fingerprint: str) -> EditResult:
    """Save the Dutch source; a non-minor change bumps `version`, which outdates the translations.

    Raises:
        EditRefused: when the result breaks the schema or the file changed since the form was opened.
    """
    folder = article_folder(kennisbank_dir, article_id)
    current = article_files.read(folder / "nl.md")
    _check_unchanged_since_read(current, base_fingerprint)
    front = dict(current.front)
    front.update({"topic": edit.topic, "owner": edit.owner.strip(), "review_by": edit.review_by,
                  "sources": edit.sources, "title": edit.title.strip(), "questions": edit.questions})
    if edit.verify or "verify" in front:
        front["verify"] = edit.verify
    if edit.verify_note.strip():
        front["verify_note"] = unix_lines(edit.verify_note).strip()
    else:
        front.pop("verify_note", None)
    result = EditResult(new_version=int(front["version"]))
    body = unix_lines(edit.body).strip()
    result.changed = front != current.front or body != current.body
    if not result.changed:
        return result
    text_changed = body != current.body or _examples(front) != _examples(current.front)
    if text_changed and not edit.minor:
        front["version"] = int(front["version"]) + 1
        result.version_bumped = True
        result.new_version = front["version"]
    result.retrain_needed = _examples(front) != _examples(current.front)
    if result.version_bumped:  # the old text stays readable, for the review of the translations made from it
        source_history.keep(kennisbank_dir, article_id, current)
    _save(folder, {"nl": article_files.render(current, front, body)})
    result.files = [f"{article_id}/nl.md"]
    return result


def edit_translation(kennisbank_dir: Path, article_id: str, lang: str, edit: TranslationEdit,
                     base_fingerprint: str) -> EditResult:
    """Save one translation (ar, ti or en).

    Raises:
        EditRefused: when the result breaks the schema or the file changed since the form was opened.
    """
    if lang not in LANGUAGES[1:]:
        raise KeyError(lang)
    folder = article_folder(kennisbank_dir, article_id)
    source = article_files.read(folder / "nl.md")
    current = article_files.read(folder / f"{lang}.md")
    _check_unchanged_since_read(current, base_fingerprint)
    front = dict(current.front)
    front.update({"title": edit.title.strip(), "status": edit.status, "questions": edit.questions})
    if edit.follows_current_source:
        front["source_version"] = int(source.front["version"])
    body = unix_lines(edit.body).strip()
    result = EditResult(new_version=int(source.front["version"]))
    result.changed = front != current.front or body != current.body
    if not result.changed:
        return result
    result.retrain_needed = _examples(front) != _examples(current.front)
    _save(folder, {lang: article_files.render(current, front, body)})
    result.files = [f"{article_id}/{lang}.md"]
    return result


def is_outdated(kennisbank_dir: Path, article_id: str, lang: str) -> bool:
    """Whether the translation was made from an older Dutch version than the current one."""
    files = read_all(kennisbank_dir, article_id)
    return lang != "nl" and int(files[lang].front.get("source_version", 0)) < int(files["nl"].front["version"])


def mark_reviewed(kennisbank_dir: Path, article_id: str, lang: str, today: dt.date,
                  contains_change: bool = False, reason: str = "") -> EditResult:
    """Record a review: the Dutch source gets new review dates; a translation becomes reviewed and current.

    An outdated translation becomes current only when the reviewer says it contains the change in the
    Dutch since its version (`contains_change`), or says why it need not (`reason`, for the audit log).

    Raises:
        EditRefused: when the result breaks the schema, or an outdated translation is confirmed without
            either.
    """
    folder = article_folder(kennisbank_dir, article_id)
    source = article_files.read(folder / "nl.md")
    if lang == "nl":
        front = dict(source.front)
        interval = _review_interval(front)
        front["last_reviewed"] = today
        front["review_by"] = today + interval
        _save(folder, {"nl": article_files.render(source, front, source.body)})
    elif lang in LANGUAGES[1:]:
        current = article_files.read(folder / f"{lang}.md")
        outdated = int(current.front.get("source_version", 0)) < int(source.front["version"])
        if outdated and not contains_change and not reason.strip():
            raise EditRefused("Niet gemarkeerd: de Nederlandse tekst is veranderd sinds deze vertaling. Bevestig dat "
                              "de vertaling de wijziging bevat, of schrijf waarom dat niet nodig is.")
        front = dict(current.front)
        front["status"] = "reviewed"
        front["source_version"] = int(source.front["version"])
        _save(folder, {lang: article_files.render(current, front, current.body)})
    else:
        raise KeyError(lang)
    return EditResult(changed=True, new_version=int(source.front["version"]), files=[f"{article_id}/{lang}.md"])


def _review_interval(front: dict[str, Any]) -> dt.timedelta:
    if not front.get("last_reviewed"):
        return DEFAULT_REVIEW_INTERVAL  # the first review: there is no interval of the article's own yet
    try:
        last = dt.date.fromisoformat(str(front["last_reviewed"]))
        due = dt.date.fromisoformat(str(front["review_by"]))
    except (KeyError, ValueError):
        return DEFAULT_REVIEW_INTERVAL
    interval = due - last
    if interval <= dt.timedelta(0):
        return DEFAULT_REVIEW_INTERVAL
    return min(interval, MAX_REVIEW_INTERVAL)
