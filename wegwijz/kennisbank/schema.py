"""JSON Schemas for the front matter of article files (checked on load)."""

from __future__ import annotations

from typing import Any

_QUESTIONS = {
    "type": "array",
    "minItems": 8,
    "items": {"type": "string", "minLength": 2, "maxLength": 300},
}

SOURCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "topic", "owner", "review_by", "version", "sources",
                 "title", "status", "questions"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,60}$"},
        "topic": {"enum": [
            "inburgering", "taal", "cjg", "sociaal_team", "gezondheid", "noodgeval",
            "vluchtelingenwerk", "wonen", "geld", "werk", "school", "meedoen", "gemeente",
            "discriminatie", "gezinshereniging",
        ]},
        "owner": {"type": "string", "minLength": 2},
        # the day a person reviewed the article; null (or absent) until someone has
        "last_reviewed": {"type": ["string", "null"], "format": "date"},
        "review_by": {"type": "string", "format": "date"},
        "version": {"type": "integer", "minimum": 1},
        "verify": {"type": "boolean"},
        "verify_note": {"type": "string"},
        "check_at": {"type": "string", "pattern": "^https://"},
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["title", "url"],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string", "minLength": 2},
                    "url": {"type": "string", "pattern": "^https://"},
                    # the date an editor last read the page and found the fact on it
                    "seen": {"type": "string", "format": "date"},
                    # the same page in another language, shown to people who read that language
                    "url_ar": {"type": "string", "pattern": "^https://"},
                    "url_ti": {"type": "string", "pattern": "^https://"},
                    "url_en": {"type": "string", "pattern": "^https://"},
                },
            },
        },
        "title": {"type": "string", "minLength": 2, "maxLength": 120},
        "status": {"const": "source"},
        "questions": _QUESTIONS,
    },
}

TRANSLATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["title", "status", "source_version", "questions"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 2, "maxLength": 120},
        "status": {"enum": ["machine", "reviewed"]},
        "source_version": {"type": "integer", "minimum": 1},
        "questions": _QUESTIONS,
    },
}
