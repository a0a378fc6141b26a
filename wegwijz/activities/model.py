"""Activity files (`kennisbank/activities/*.yml`): schema, loading and when they take place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from wegwijz import LANGUAGES

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
INTERESTS = ("sport", "cultuur", "kinderen", "taal", "ontmoeten", "werk")
"""What an activity can be about; people ask by these."""

_TEXT = {"type": "object", "required": list(LANGUAGES), "additionalProperties": False,
         "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES}}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "status", "interests", "title", "description", "place", "cost", "audience", "time"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,60}$"},
        "status": {"enum": ["published", "concept"]},
        "verify": {"type": "boolean"},
        "verify_note": {"type": "string"},
        "interests": {"type": "array", "items": {"enum": list(INTERESTS)}, "minItems": 1},
        "dates": {"type": "array", "items": {"type": "string", "format": "date"}},
        "weekly": {"type": "array", "items": {"enum": list(WEEKDAYS)}},
        "until": {"type": "string", "format": "date"},
        "title": _TEXT, "description": _TEXT, "place": _TEXT, "cost": _TEXT, "audience": _TEXT, "time": _TEXT,
    },
    "anyOf": [{"required": ["dates"]}, {"required": ["weekly"]}],
}


@dataclass(frozen=True)
class Activity:
    """One activity with its texts per language."""

    id: str
    published: bool
    interests: tuple[str, ...]
    dates: tuple[dt.date, ...]
    weekly: tuple[int, ...]
    until: dt.date | None
    texts: dict[str, dict[str, str]]  # field -> lang -> text

    def occurrences(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The days in [start, end] on which it takes place."""
        days = [d for d in self.dates if start <= d <= end]
        if self.weekly:
            last = min(end, self.until) if self.until else end
            day = start
            while day <= last:
                if day.weekday() in self.weekly:
                    days.append(day)
                day += dt.timedelta(days=1)
        return sorted(set(days))


def _as_text(data: dict[str, Any]) -> dict[str, Any]:
    def fix(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    return {k: fix(v) for k, v in data.items()}


def load_activities(kennisbank_dir: Path) -> list[Activity]:
    """Every activity file, checked against the schema.

    Raises:
        ValueError: naming the file and the problem.
    """
    result = []
    checker = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    for path in sorted((kennisbank_dir / "activities").glob("*.yml")):
        data = _as_text(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        errors = list(checker.iter_errors(data))
        if errors:
            raise ValueError(f"{path}: {errors[0].message}")
        if data["id"] != path.stem:
            raise ValueError(f"{path}: id '{data['id']}' differs from the file name")
        result.append(Activity(
            id=data["id"],
            published=data["status"] == "published",
            interests=tuple(data["interests"]),
            dates=tuple(dt.date.fromisoformat(d) for d in data.get("dates", [])),
            weekly=tuple(WEEKDAYS.index(d) for d in data.get("weekly", [])),
            until=dt.date.fromisoformat(data["until"]) if data.get("until") else None,
            texts={f: data[f] for f in ("title", "description", "place", "cost", "audience", "time")},
        ))
    return result
