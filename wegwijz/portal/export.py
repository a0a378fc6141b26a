"""One newcomer's data as a readable text file (the right of access).

Headings are in the newcomer's own language with the Dutch beside them, so
the newcomer and the caseworker can read it together; answers stay in the
language they were given.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from wegwijz import LANGUAGES
from wegwijz.contract import personal_data
from wegwijz.journey import audit as journey_audit
from wegwijz.journey.models import Newcomer
from wegwijz.journey.questions import question
from wegwijz.portal.answers_view import show
from wegwijz.portal.newcomer_page import MATCH_KIND_LABELS, channel_of
from wegwijz.texts import LANGUAGE_NAMES, MissingText, say


def _heading(key: str, lang: str, **values: object) -> str:
    own, dutch = say(key, lang, **values), say(key, "nl", **values)
    return own if own == dutch else f"{own} / {dutch}"


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "—"
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()


def _section(lines: list[str], key: str, lang: str) -> None:
    title = _heading(key, lang)
    lines.extend(["", title, "=" * min(len(title), 80)])


def export_text(session: Session, newcomer: Newcomer, now: dt.datetime) -> str:
    """Everything stored about `newcomer`, as plain UTF-8 text."""
    lang = newcomer.preferred_language if newcomer.preferred_language in LANGUAGES else "nl"
    lines = [_heading("portal_export_title", lang), _heading("portal_export_made_on", lang, date=_day(now)),
             _heading("portal_export_questions", lang)]
    _section(lines, "portal_export_profile", lang)
    lines += [
        f"- {_heading('portal_export_name', lang)}: {newcomer.name or '—'}",
        f"- {_heading('portal_export_linked_on', lang)}: {_day(newcomer.linked_on)}",
        f"- {_heading('portal_export_intake_date', lang)}: {_day(newcomer.intake_date)}",
        f"- {_heading('portal_export_language', lang)}: {LANGUAGE_NAMES.get(newcomer.preferred_language, '—')}",
        f"- {_heading('portal_export_caseworker', lang)}: {newcomer.caseworker or '—'}",
    ]
    _section(lines, "portal_export_chat", lang)
    lines += [f"- {identity.sender_id} ({channel_of(identity.sender_id)})" for identity in newcomer.identities] \
        or [f"- {say('portal_export_nothing', lang)}"]
    _section(lines, "portal_export_consent", lang)
    for consent in newcomer.consents:
        line = f"- {say(f'portal_export_consent_{consent.kind}', lang)}: " \
               f"{say('portal_export_given', lang, date=_day(consent.given_at))}"
        if consent.withdrawn_at:
            line += f"; {say('portal_export_withdrawn', lang, date=_day(consent.withdrawn_at))}"
        lines.append(line)
    if not newcomer.consents:
        lines.append(f"- {say('portal_export_nothing', lang)}")
    _section(lines, "portal_export_intake", lang)
    lines += _answers(newcomer.intake_answers, lang)
    for checkin in newcomer.checkins:
        _section(lines, f"portal_export_checkin_{checkin.kind}", lang)
        lines.append(f"({_day(checkin.due_date)}, {checkin.state})")
        lines += _answers(checkin.answers, lang)
    _section(lines, "portal_export_flags", lang)
    for flag in newcomer.flags:
        lines.append(f"- {_day(flag.created_at)}: {flag.reason}")
        if flag.handled_at:
            lines.append(f"  → {_day(flag.handled_at)} ({flag.handled_by}): {flag.note or ''}")
    if not newcomer.flags:
        lines.append(f"- {say('portal_export_nothing', lang)}")
    _section(lines, "portal_export_matches", lang)
    lines += [f"- {MATCH_KIND_LABELS.get(m.kind, m.kind)}: {m.partner}, {_day(m.started_on)} – {_day(m.ended_on)}"
              for m in newcomer.buddy_matches] or [f"- {say('portal_export_nothing', lang)}"]
    _section(lines, "portal_export_activities", lang)
    lines += [f"- {_day(a.attended_on)}: {a.activity}{' (zelfstandig)' if a.on_own else ''}"
              for a in newcomer.activities] or [f"- {say('portal_export_nothing', lang)}"]
    _section(lines, "portal_export_kept", lang)
    lines += _kept(session, tuple(i.sender_id for i in newcomer.identities), lang)
    # What other features keep by chat address and list for /mijngegevens (questions to a person, ...).
    kept = personal_data.describe(session, tuple(i.sender_id for i in newcomer.identities), lang)
    if kept:
        lines += ["", *kept]
    _section(lines, "portal_export_access", lang)
    for entry in reversed(journey_audit.entries(session, newcomer.id, limit=1000)):
        detail = f" ({entry.detail})" if entry.detail else ""
        lines.append(f"- {_day(entry.at)}: {entry.who} — {entry.what}{detail}")
    return "\n".join(lines) + "\n"


_NOT_SHOWN = {"id", "sender_id", "code_hash", "claimed_until", "attempts", "next_attempt_at", "newcomer_id"}
"""Columns that say nothing to a person (internal keys, a hash, queue bookkeeping)."""


def _kept(session: Session, senders: tuple[str, ...], lang: str) -> list[str]:
    """Every row the registered features keep by chat address (`wegwijz.contract.personal_data`)."""
    lines = []
    for table, rows in personal_data.export(session, senders).items():
        lines.append(f"- {_in_both(say(f'kept_{table}', lang), say(f'kept_{table}', 'nl'))} ({table}): {len(rows)}")
        for row in rows:
            fields = [f"{column}={_day(value) if isinstance(value, (dt.date, dt.datetime)) else value}"
                      for column, value in row.items() if column not in _NOT_SHOWN and value not in (None, "")]
            lines.append("  · " + "; ".join(fields))
    return lines or [f"- {say('portal_export_nothing', lang)}"]


def _in_both(own: str, dutch: str) -> str:
    return own if own == dutch else f"{own} / {dutch}"


def _answers(answers: list, lang: str) -> list[str]:  # type: ignore[type-arg]
    lines = []
    for answer in answers:
        shown = show(answer)
        try:
            asked = question(answer.question)
            label = _in_both(asked.label(lang), shown.label)
            option = _in_both(asked.show(answer.value, lang), shown.text) if not shown.free_text else ""
        except (KeyError, MissingText):  # an unknown question still shows, under its id
            label, option = shown.label, shown.text
        value = shown.text if shown.free_text else option
        if shown.skipped:
            value = say("portal_export_skipped", lang)
        lines.append(f"- {label}: {value}")
    return lines or [f"- {say('portal_export_nothing', lang)}"]
