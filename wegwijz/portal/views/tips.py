"""Tips from those who came before: editors review them (clean up, topic, approve or reject, translate).

A waiting tip shows the giver's own words, never who gave them; every view of those words and every
decision is in the audit log (`wegwijz.tips.review`).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from wegwijz import LANGUAGES
from wegwijz.humanhelp.office_hours import TIMEZONE
from wegwijz.portal import access, audit
from wegwijz.portal.access import allow
from wegwijz.portal.kennisbank_view import TEXT_DIRECTION
from wegwijz.portal.newcomer_page import LANGUAGE_NAMES
from wegwijz.portal.roles import Role
from wegwijz.tips import review, translate
from wegwijz.tips.models import Tip, TipStatus

EDITORS = (Role.EDITOR, Role.ADMIN)

STATUS_LABELS = {"source": "brontekst", "reviewed": "nagekeken", "machine": "machinevertaling, niet nagekeken",
                 "outdated": "verouderd (de brontekst is veranderd): niet getoond"}
"""A text's status as editors read it."""


class TipAction:
    """What an editor did with a tip; the `what` of an audit entry."""

    VIEWED_TIPS = "portal: tips bekeken"
    """Saw the list of tips (the first words of the waiting ones)."""
    VIEWED_TIP = "portal: tip bekeken"
    """Opened one tip (a waiting one with the giver's own words)."""
    APPROVED_TIP = "portal: tip goedgekeurd"
    """Approved or updated a tip (cleaned text, topic, translations)."""
    REJECTED_TIP = "portal: tip afgewezen"
    """Rejected a tip; its original words were removed."""
    TRANSLATED_TIP = "portal: tip machinaal vertaald"
    """Had the missing languages of a tip translated by machine."""


def _local(moment):  # type: ignore[no-untyped-def]
    return moment.astimezone(TIMEZONE).strftime("%Y-%m-%d %H:%M") if moment else "—"


def _tip(tip_id: int) -> Tip:
    tip = access.database().get(Tip, tip_id)
    if tip is None:
        abort(404)
    return tip


def _who() -> str:
    user = access.current_user()
    assert user is not None
    return str(user.username)


def add_routes(bp: Blueprint) -> None:
    """Add the editors' tip review pages to the portal blueprint."""

    @bp.get("/tips")
    @allow(*EDITORS)
    def tips_list() -> str:
        session = access.database()
        groups = {status: review.tips_in(session, status) for status in TipStatus.ALL}
        shown = [t for tips in groups.values() for t in tips]
        audit.record(session, _who(), TipAction.VIEWED_TIPS, None,
                     f"{len(shown)}: " + ", ".join(f"#{t.id}" for t in shown))
        session.commit()
        return render_template("portal/tips.html", groups=groups, languages=LANGUAGE_NAMES, local=_local,
                               all_languages=LANGUAGES, statuses=STATUS_LABELS, numbers=review.numbers(session))

    @bp.get("/tips/<int:tip_id>")
    @allow(*EDITORS)
    def tip_page(tip_id: int) -> str:
        session = access.database()
        tip = _tip(tip_id)
        audit.record(session, _who(), TipAction.VIEWED_TIP, None, f"tip #{tip.id}")
        session.commit()
        texts = {lang: (t.text if (t := tip.text_in(lang)) else "") for lang in LANGUAGES}
        if tip.status == TipStatus.WAITING and not texts[tip.lang]:
            texts[tip.lang] = tip.original or ""
        ordered = (tip.lang, *(lang for lang in LANGUAGES if lang != tip.lang))  # the source first
        return render_template("portal/tip.html", tip=tip, texts=texts, languages=LANGUAGE_NAMES,
                               all_languages=ordered, direction=TEXT_DIRECTION, topics=review.TOPICS,
                               statuses=STATUS_LABELS, local=_local, tip_length=review.TIP_LENGTH,
                               can_translate=translate.from_env() is not None)

    @bp.post("/tips/<int:tip_id>/goedkeuren")
    @allow(*EDITORS)
    def approve_tip(tip_id: int) -> ResponseReturnValue:
        session = access.database()
        tip = _tip(tip_id)
        texts = {lang: request.form.get(f"text_{lang}", "") for lang in LANGUAGES}
        reviewed = {lang for lang in LANGUAGES if request.form.get(f"reviewed_{lang}")}
        try:
            review.approve(session, tip, request.form.get("topic", ""), texts, reviewed, _who(), access.now())
        except ValueError as problem:
            session.rollback()
            flash(str(problem), "error")
            return redirect(url_for("portal.tip_page", tip_id=tip_id))
        audit.record(session, _who(), TipAction.APPROVED_TIP, None, f"tip #{tip.id}, onderwerp {tip.topic}")
        session.commit()
        flash("Tip goedgekeurd: nieuwe nieuwkomers zien hem na antwoorden over dit onderwerp.", "success")
        return redirect(url_for("portal.tip_page", tip_id=tip_id))

    @bp.post("/tips/<int:tip_id>/afwijzen")
    @allow(*EDITORS)
    def reject_tip(tip_id: int) -> ResponseReturnValue:
        session = access.database()
        tip = _tip(tip_id)
        review.reject(session, tip, _who(), access.now())
        audit.record(session, _who(), TipAction.REJECTED_TIP, None, f"tip #{tip.id}")
        session.commit()
        flash("Tip afgewezen: hij wordt nooit getoond, de oorspronkelijke woorden zijn gewist.", "success")
        return redirect(url_for("portal.tips_list"))

    @bp.post("/tips/<int:tip_id>/vertalen")
    @allow(*EDITORS)
    def translate_tip(tip_id: int) -> ResponseReturnValue:
        session = access.database()
        tip = _tip(tip_id)
        translator = translate.from_env()
        if translator is None:
            flash("Er is geen vertaaldienst ingesteld (WEGWIJZ_TRANSLATE_URL); schrijf de vertalingen zelf.", "error")
            return redirect(url_for("portal.tip_page", tip_id=tip_id))
        filled = review.machine_translate(session, tip, translator, _who(), access.now())
        audit.record(session, _who(), TipAction.TRANSLATED_TIP, None, f"tip #{tip.id}: {', '.join(filled) or '-'}")
        session.commit()
        names = ", ".join(LANGUAGE_NAMES.get(lang, lang) for lang in filled)
        flash(f"Machinaal vertaald: {names}. Kijk de vertalingen na." if filled
              else "Niets vertaald: alle talen hebben al een tekst, of de vertaaldienst kon het niet.",
              "success" if filled else "error")
        return redirect(url_for("portal.tip_page", tip_id=tip_id))
