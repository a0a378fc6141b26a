"""The "ask a person" inbox: caseworkers read and answer newcomers' questions; editors see the kennisbank gaps.

A caseworker sees the questions of her own newcomers and those for the welcome desk; an admin
sees all (`wegwijz.humanhelp.inbox`). Every view of a question and every answer is audited.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from wegwijz.humanhelp import inbox
from wegwijz.humanhelp.models import PersonQuestion
from wegwijz.humanhelp.office_hours import TIMEZONE
from wegwijz.portal import access, audit, caseload
from wegwijz.portal.access import allow
from wegwijz.portal.newcomer_page import LANGUAGE_NAMES, channel_of
from wegwijz.portal.roles import Role

CASEWORKERS = (Role.CASEWORKER, Role.ADMIN)
EDITORS = (Role.EDITOR, Role.ADMIN)


class InboxAction:
    """What a member of staff did with a question; the `what` of an audit entry."""

    VIEWED_INBOX = "portal: vragen aan een mens bekeken"
    """Saw the list of questions (first words of each)."""
    VIEWED_QUESTION = "portal: vraag aan een mens bekeken"
    """Opened one question with the turns before it."""
    ANSWERED_QUESTION = "portal: vraag aan een mens beantwoord"
    """Answered a question; the answer went back through the newcomer's channel."""
    MARKED_GAP = "portal: ontbreekt in kennisbank gemeld"
    """Told the editors the kennisbank has no answer for a question."""
    RESOLVED_GAP = "portal: ontbrekend onderwerp afgehandeld"
    """An editor dealt with a gap."""


DELIVERY_LABELS = {
    "queued": "verstuurd via het kanaal van de nieuwkomer",
    "template": "WhatsApp-sjabloon verstuurd (buiten 24 uur); het antwoord volgt zodra de nieuwkomer reageert",
    "held": "wacht: de nieuwkomer heeft de bot geblokkeerd; gaat mee zodra hij of zij weer schrijft",
    "refused": "niet verstuurd: geen manier om de nieuwkomer nu te bereiken (geen WhatsApp-sjabloon ingesteld)",
    "web_waiting": "wacht tot de nieuwkomer de webchat weer opent",
    "web_shown": "getoond in de webchat",
}
"""How an answer went back, as staff read it."""


def _local(moment):  # type: ignore[no-untyped-def]
    """A moment as staff in Zeist read it."""
    return moment.astimezone(TIMEZONE).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _user():  # type: ignore[no-untyped-def]
    user = access.current_user()
    assert user is not None
    return user


def _question(question_id: int) -> PersonQuestion:
    user = _user()
    found = inbox.question_for(access.database(), user.username, caseload.may_see_all(user), question_id)
    if found is None:
        abort(404)  # someone else's client's question looks the same as no question
    return found


def add_routes(bp: Blueprint) -> None:
    """Add the inbox routes and the editors' list of gaps to the portal blueprint."""

    @bp.get("/vragen")
    @allow(*CASEWORKERS)
    def inbox_list() -> str:
        session, user = access.database(), _user()
        shown = request.args.get("toon", inbox.Filter.OPEN)
        if shown not in inbox.Filter.CHOICES:
            shown = inbox.Filter.OPEN
        questions = inbox.questions_for(session, user.username, caseload.may_see_all(user), shown)
        ids = ", ".join(f"#{q.id}" for q in questions)
        audit.record(session, user.username, InboxAction.VIEWED_INBOX, None, f"{len(questions)}: {ids}")
        session.commit()
        now = access.now()
        return render_template("portal/inbox.html", questions=questions, shown=shown, now=now,
                               overdue=lambda q: inbox.is_overdue(q, now), languages=LANGUAGE_NAMES,
                               channel_of=channel_of, filters=inbox.Filter, local=_local)

    @bp.get("/vragen/<int:question_id>")
    @allow(*CASEWORKERS)
    def inbox_question(question_id: int) -> str:
        session, user = access.database(), _user()
        question = _question(question_id)
        audit.record(session, user.username, InboxAction.VIEWED_QUESTION, question.newcomer_id,
                     f"vraag #{question.id}")
        session.commit()
        return render_template("portal/inbox_question.html", question=question, languages=LANGUAGE_NAMES,
                               channel_of=channel_of, overdue=inbox.is_overdue(question, access.now()),
                               gaps=inbox.gaps_of(session, question), deliveries=DELIVERY_LABELS,
                               answer_length=inbox.ANSWER_LENGTH, note_length=inbox.GAP_NOTE_LENGTH, local=_local)

    @bp.post("/vragen/<int:question_id>/antwoord")
    @allow(*CASEWORKERS)
    def answer_question(question_id: int) -> ResponseReturnValue:
        session, user = access.database(), _user()
        question = _question(question_id)
        try:
            how = inbox.answer(session, question, request.form.get("answer", ""), user.username, access.now())
        except ValueError as problem:
            session.rollback()
            flash(str(problem), "error")
            return redirect(url_for("portal.inbox_question", question_id=question_id) + "#antwoord")
        audit.record(session, user.username, InboxAction.ANSWERED_QUESTION, question.newcomer_id,
                     f"vraag #{question.id}: {how}")
        session.commit()
        flash(f"Antwoord opgeslagen: {DELIVERY_LABELS.get(how, how)}.", "success")
        return redirect(url_for("portal.inbox_question", question_id=question_id))

    @bp.post("/vragen/<int:question_id>/kennisbank")
    @allow(*CASEWORKERS)
    def mark_gap(question_id: int) -> ResponseReturnValue:
        session, user = access.database(), _user()
        question = _question(question_id)
        try:
            gap = inbox.mark_gap(session, question, request.form.get("note", ""), user.username, access.now())
        except ValueError as problem:
            session.rollback()
            flash(str(problem), "error")
            return redirect(url_for("portal.inbox_question", question_id=question_id) + "#kennisbank")
        audit.record(session, user.username, InboxAction.MARKED_GAP, question.newcomer_id,
                     f"vraag #{question.id}, melding #{gap.id}")
        session.commit()
        flash("Gemeld bij de redacteuren van de kennisbank.", "success")
        return redirect(url_for("portal.inbox_question", question_id=question_id))

    @bp.get("/kennisbank-ontbreekt")
    @allow(*EDITORS)
    def kennisbank_gaps() -> str:
        return render_template("portal/kennisbank_gaps.html", gaps=inbox.open_gaps(access.database()),
                               languages=LANGUAGE_NAMES, local=_local)

    @bp.post("/kennisbank-ontbreekt/<int:gap_id>")
    @allow(*EDITORS)
    def resolve_gap(gap_id: int) -> ResponseReturnValue:
        session, user = access.database(), _user()
        if not inbox.resolve_gap(session, gap_id, user.username, access.now()):
            abort(404)
        audit.record(session, user.username, InboxAction.RESOLVED_GAP, None, f"melding #{gap_id}")
        session.commit()
        flash("Afgehandeld.", "success")
        return redirect(url_for("portal.kennisbank_gaps"))
