"""Read and check the article files under `kennisbank/articles/`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from wegwijz import LANGUAGES
from wegwijz.kennisbank.model import Article, Kennisbank, Source, Translation, TranslationStatus
from wegwijz.kennisbank.schema import SOURCE_SCHEMA, TRANSLATION_SCHEMA
from wegwijz.language.normalise import clean_input


class KennisbankError(ValueError):
    """An article file that does not follow the format; the message says which and why."""


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Split a Markdown file into its YAML front matter and its body.

    Raises:
        KennisbankError: when there is no front matter or it is not valid YAML.
    """
    if not text.startswith("---"):
        raise KennisbankError(f"{path}: must start with '---' front matter")
    try:
        _, front, body = text.split("---", 2)
        data = yaml.safe_load(front)
    except (ValueError, yaml.YAMLError) as error:
        raise KennisbankError(f"{path}: front matter is not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise KennisbankError(f"{path}: front matter must be a mapping")
    return data, body.strip()


def _dates_as_text(data: Any) -> Any:
    # YAML reads 2026-11-28 as a date; the schema checks the text form (also inside `sources`).
    if isinstance(data, dict):
        return {k: _dates_as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


def _check(data: dict[str, Any], schema: dict[str, Any], path: Path) -> None:
    checker = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(checker.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].path) or "(top)"
        raise KennisbankError(f"{path}: {where}: {errors[0].message}")


def _translation(lang: str, data: dict[str, Any], body: str, path: Path) -> Translation:
    if not body:
        raise KennisbankError(f"{path}: the answer text (body) is empty")
    questions = tuple(clean_input(str(q)) for q in data["questions"])
    return Translation(
        lang=lang,
        title=clean_input(data["title"]),
        body=body,
        questions=questions,
        written_status=TranslationStatus(data["status"]),
        source_version=int(data.get("source_version", data.get("version", 1))),
    )


def _source(data: dict[str, Any]) -> Source:
    seen = data.get("seen")
    if isinstance(seen, str):
        seen = dt.date.fromisoformat(seen)
    urls = {lang: str(data[f"url_{lang}"]) for lang in LANGUAGES[1:] if data.get(f"url_{lang}")}
    return Source(str(data["title"]), str(data["url"]), seen, urls)


def load_article(folder: Path) -> Article:
    """Load one article folder (nl.md plus one file per other language).

    Raises:
        KennisbankError: when a file is missing or does not match the schema.
    """
    source_path = folder / "nl.md"
    if not source_path.exists():
        raise KennisbankError(f"{folder}: nl.md (the Dutch source) is missing")
    meta, body = split_front_matter(source_path.read_text(encoding="utf-8"), source_path)
    meta = _dates_as_text(meta)
    _check(meta, SOURCE_SCHEMA, source_path)
    if meta["id"] != folder.name:
        raise KennisbankError(f"{source_path}: id '{meta['id']}' differs from folder '{folder.name}'")
    # last_reviewed is the day a person reviewed the article: null (or absent) until then.
    last_reviewed = dt.date.fromisoformat(meta["last_reviewed"]) if meta.get("last_reviewed") else None
    review_by = dt.date.fromisoformat(meta["review_by"])
    if last_reviewed is not None and review_by <= last_reviewed:
        raise KennisbankError(f"{source_path}: review_by must be after last_reviewed")
    if meta.get("verify") and not meta.get("verify_note"):
        raise KennisbankError(f"{source_path}: verify is set, so verify_note must say what to check")
    translations = {"nl": _translation("nl", meta, body, source_path)}
    for lang in LANGUAGES[1:]:
        path = folder / f"{lang}.md"
        if not path.exists():
            raise KennisbankError(f"{path}: translation is missing")
        data, text = split_front_matter(path.read_text(encoding="utf-8"), path)
        _check(data, TRANSLATION_SCHEMA, path)
        if data["source_version"] > meta["version"]:
            raise KennisbankError(f"{path}: source_version is newer than the Dutch version")
        translations[lang] = _translation(lang, data, text, path)
    return Article(
        id=meta["id"],
        topic=meta["topic"],
        owner=meta["owner"],
        last_reviewed=last_reviewed,
        review_by=review_by,
        version=int(meta["version"]),
        verify=bool(meta.get("verify", False)),
        verify_note=str(meta.get("verify_note", "")),
        sources=tuple(_source(s) for s in meta["sources"]),
        translations=translations,
        check_at=str(meta.get("check_at", "")),
    )


def load_kennisbank(root: Path) -> Kennisbank:
    """Load every article under `root/articles`.

    Args:
        root: the `kennisbank/` folder.

    Raises:
        KennisbankError: on the first file that does not follow the format.
    """
    folders = sorted(p for p in (root / "articles").iterdir() if p.is_dir())
    articles = {}
    for folder in folders:
        article = load_article(folder)
        articles[article.id] = article
    return Kennisbank(articles=articles)
