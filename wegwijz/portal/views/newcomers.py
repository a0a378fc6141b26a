"""Caseworkers: the worklist, a newcomer's page, handling flags, recording matches and activities, export."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from wegwijz import db
from wegwijz.digest import numbers as weekly_news
from wegwijz.journey import linking, rights
from wegwijz.journey.checkins import TIMEZONE
from wegwijz.journey.constants import MatchKind
from wegwijz.journey.models import ActivityAttendance, BuddyMatch, ChatIdentity, Flag, Newcomer, utcnow
from wegwijz.partners import casework
from wegwijz.portal import access, accounts, audit, caseload, flag_kinds, newcomer_page
from wegwijz.portal.access import allow
from wegwijz.portal.audit import PortalAction
from wegwijz.portal.export import export_text
from wegwijz.portal.roles import Role

CASEWORKERS = (Role.CASEWORKER, Role.ADMIN)
ERASE_WORD = "WISSEN"
"""What the caseworker types to confirm erasing a newcomer (nothing can bring the data back)."""
NOTE_LENGTH = 2000
"""Longest note a caseworker can write on a flag or match."""


def _newcomer(newcomer_id: int) -> Newcomer:
    user = access.current_user()
    assert user is not None
    newcomer = caseload.newcomer_for(access.database(), user, newcomer_id)
    if newcomer is None:
        abort(404)  # someone else's newcomer looks the same as no newcomer
    return newcomer


def _who() -> str:
    user = access.current_user()
    assert user is not None
    return str(user.username)


def _date(name: str, required: bool = True) -> dt.date | None:
    raw = request.form.get(name, "").strip()
    if not raw and not required:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        abort(400, description="Vul een geldige datum in (jjjj-mm-dd).")


def _back(newcomer_id: int, anchor: str) -> ResponseReturnValue:
    return redirect(url_for("portal.newcomer", newcomer_id=newcomer_id) + f"#{anchor}")


def add_routes(bp: Blueprint) -> None:
    """Add the caseworkers' routes to the portal blueprint."""

    @bp.get("/werklijst")
    @allow(*CASEWORKERS)
    def worklist() -> str:
        session, user = access.database(), access.current_user()
        assert user is not None
        chosen = request.args.get("klantmanager", "").strip() or None
        rows = caseload.worklist(session, user, dt.date.today(), caseworker=chosen)
        choice = caseload.ListChoice.from_args(request.args.to_dict())
        listing = caseload.choose(rows, choice)
        ids = ", ".join(f"#{row.newcomer.id}" for row in listing.rows)
        audit.record(session, user.username, PortalAction.VIEWED_WORKLIST, None, f"{len(listing.rows)}: {ids}")
        session.commit()
        query = {key: value for key, value in request.args.to_dict().items()
                 if key in ("zoek", "signaal", "checkin", "taal", "klantmanager", "sorteer", "richting") and value}
        return render_template("portal/worklist.html", listing=listing, choice=choice, query=query,
                               labels=caseload.CheckInAttention.LABELS, kinds=newcomer_page.CHECKIN_KIND_LABELS,
                               languages=newcomer_page.LANGUAGE_NAMES, flag_kinds=flag_kinds.KINDS,
                               no_checkin=caseload.NO_CHECKIN, see_all=caseload.may_see_all(user),
                               caseworkers=caseload.caseworkers(session) if caseload.may_see_all(user) else [],
                               chosen=chosen)

    @bp.get("/niet-toegewezen")
    @allow(*CASEWORKERS)
    def unassigned() -> str:
        session, user = access.database(), access.current_user()
        assert user is not None
        rows = caseload.unassigned(session, dt.date.today())
        ids = ", ".join(f"#{row.newcomer.id}" for row in rows)
        audit.record(session, user.username, PortalAction.VIEWED_UNASSIGNED, None, f"{len(rows)}: {ids}")
        session.commit()
        return render_template("portal/unassigned.html", rows=rows, labels=caseload.CheckInAttention.LABELS,
                               kinds=newcomer_page.CHECKIN_KIND_LABELS, languages=newcomer_page.LANGUAGE_NAMES)

    @bp.post("/niet-toegewezen/<int:newcomer_id>")
    @allow(*CASEWORKERS)
    def claim(newcomer_id: int) -> ResponseReturnValue:
        session, user = access.database(), access.current_user()
        assert user is not None
        person = session.get(Newcomer, newcomer_id)
        if person is None:
            abort(404)
        if not caseload.claim(person, user):
            flash("Deze nieuwkomer heeft al een klantmanager.", "error")
            return redirect(url_for("portal.unassigned"))
        audit.record(session, user.username, PortalAction.CLAIMED_NEWCOMER, person.id)
        session.commit()
        flash("Je bent nu de klantmanager van deze nieuwkomer.", "success")
        return redirect(url_for("portal.newcomer", newcomer_id=person.id))

    @bp.get("/nieuwkomers/<int:newcomer_id>")
    @allow(*CASEWORKERS)
    def newcomer(newcomer_id: int) -> str:
        person = _newcomer(newcomer_id)
        session = access.database()
        page = newcomer_page.build(person, dt.date.today())
        audit.record(session, _who(), PortalAction.VIEWED_NEWCOMER, person.id)
        session.commit()
        user = access.current_user()
        news = weekly_news.states_for(session, tuple(str(i.sender_id) for i in person.identities))
        return render_template("portal/newcomer.html", page=page, person=person, news=news,
                               waiting_links=[(w, w.expires_at.astimezone(ZoneInfo(TIMEZONE)).strftime("%H:%M"))
                                              for w in linking.waiting(session, person)],
                               match_kinds=newcomer_page.MATCH_KIND_LABELS, today=dt.date.today(),
                               buddy_flag=next((f for f in page.open_flags if f.rule == flag_kinds.BUDDY_RULE), None),
                               may_assign=bool(user and caseload.may_see_all(user)),
                               sharing=casework.for_caseworker(session, person.id))

    @bp.post("/nieuwkomers/<int:newcomer_id>/signalen/<int:flag_id>")
    @allow(*CASEWORKERS)
    def handle_flag(newcomer_id: int, flag_id: int) -> ResponseReturnValue:
        person = _newcomer(newcomer_id)
        session = access.database()
        flag = session.get(Flag, flag_id)
        if flag is None or flag.newcomer_id != person.id:
            abort(404)
        note = request.form.get("note", "").strip()[:NOTE_LENGTH]
        if not note:
            flash("Schrijf kort op wat je hebt gedaan; dan weet een collega het ook.", "error")
            return _back(person.id, f"signaal-{flag.id}")
        if flag.handled_at is None:
            flag.handled_at, flag.handled_by, flag.note = utcnow(), _who(), note
            audit.record(session, _who(), PortalAction.HANDLED_FLAG, person.id, f"signaal #{flag.id} ({flag.rule})")
            session.commit()
            flash("Het signaal is afgehandeld.", "success")
        return _back(person.id, "signalen")

    @bp.post("/nieuwkomers/<int:newcomer_id>/koppelingen")
    @allow(*CASEWORKERS)
    def add_match(newcomer_id: int) -> ResponseReturnValue:
        person = _newcomer(newcomer_id)
        kind = request.form.get("kind", "")
        partner = request.form.get("partner", "").strip()[:200]
        if kind not in MatchKind.ALL or not partner:
            abort(400, description="Kies het soort koppeling en vul de naam van het maatje of team in.")
        session = access.database()
        person.buddy_matches.append(BuddyMatch(
            kind=kind, partner=partner, started_on=_date("started_on"), recorded_by=_who(),
            note=request.form.get("note", "").strip()[:NOTE_LENGTH] or None))
        audit.record(session, _who(), PortalAction.RECORDED_MATCH, person.id, f"nieuw: {kind}")
        closed = _close_buddy_flag(person, request.form.get("close_flag", ""),
                                   f"Koppeling vastgelegd: {newcomer_page.MATCH_KIND_LABELS.get(kind, kind)} "
                                   f"({partner}).")
        session.commit()
        flash("De koppeling is vastgelegd." + (" Het signaal 'Wil een maatje' is afgehandeld." if closed else ""),
              "success")
        return _back(person.id, "koppelingen")

    def _close_buddy_flag(person: Newcomer, flag_id: str, note: str) -> bool:
        flag = next((f for f in person.flags if str(f.id) == flag_id and f.rule == flag_kinds.BUDDY_RULE
                     and f.handled_at is None), None)
        if flag is None:
            return False
        flag.handled_at, flag.handled_by, flag.note = utcnow(), _who(), note[:NOTE_LENGTH]
        audit.record(access.database(), _who(), PortalAction.HANDLED_FLAG, person.id,
                     f"signaal #{flag.id} ({flag.rule})")
        return True

    @bp.post("/nieuwkomers/<int:newcomer_id>/tolk")
    @allow(*CASEWORKERS)
    def mark_interpreter(newcomer_id: int) -> ResponseReturnValue:
        person = _newcomer(newcomer_id)
        session = access.database()
        person.interpreter_needed = request.form.get("needed") == "1"
        audit.record(session, _who(), PortalAction.CHANGED_PROFILE, person.id,
                     "tolk nodig" if person.interpreter_needed else "geen tolk nodig")
        session.commit()
        flash("Opgeslagen: " + ("er is een tolk nodig." if person.interpreter_needed else "geen tolk nodig."),
              "success")
        return _back(person.id, "profiel")

    @bp.post("/nieuwkomers/<int:newcomer_id>/koppelingen/<int:match_id>/einde")
    @allow(*CASEWORKERS)
    def end_match(newcomer_id: int, match_id: int) -> ResponseReturnValue:
        person = _newcomer(newcomer_id)
        session = access.database()
        match = session.get(BuddyMatch, match_id)
        if match is None or match.newcomer_id != person.id:
            abort(404)
        ended = _date("ended_on")
        if ended is not None and ended < match.started_on:
            abort(400, description="De einddatum ligt vóór de begindatum.")
        match.ended_on = ended
        audit.record(session, _who(), PortalAction.RECORDED_MATCH, person.id, f"beëindigd: #{match.id}")
        session.commit()
        flash("De koppeling is beëindigd.", "success")
        return _back(person.id, "koppelingen")

    @bp.post("/nieuwkomers/<int:newcomer_id>/activiteiten")
    @allow(*CASEWORKERS)
    def add_activity(newcomer_id: int) -> ResponseReturnValue:
        person = _newcomer(newcomer_id)
        activity = request.form.get("activity", "").strip()[:200]
        if not activity:
            abort(400, description="Vul in aan welke activiteit de nieuwkomer deelnam.")
        session = access.database()
        person.activities.append(ActivityAttendance(
            activity=activity, attended_on=_date("attended_on"), on_own=request.form.get("on_own") == "1",
            recorded_by=_who()))
        audit.record(session, _who(), PortalAction.RECORDED_ACTIVITY, person.id)
        session.commit()
        flash("De activiteit is vastgelegd.", "success")
        return _back(person.id, "activiteiten")

    @bp.post("/nieuwkomers/<int:newcomer_id>/gegevens")
    @allow(*CASEWORKERS)
    def update_newcomer(newcomer_id: int) -> ResponseReturnValue:
        person = _newcomer(newcomer_id)
        session = access.database()
        person.name = request.form.get("name", "").strip()[:120] or None
        person.linked_on = _date("linked_on", required=False)
        changed = ["naam", "koppeldatum"]
        user = access.current_user()
        if user is not None and caseload.may_see_all(user) and "caseworker" in request.form:
            chosen = request.form.get("caseworker", "").strip().lower() or None
            follower = accounts.find_user(session, chosen) if chosen else None
            if chosen and (follower is None or follower.role == Role.EDITOR.value):
                abort(400, description=f"'{chosen}' is geen klantmanager of beheerder in het portaal.")
            person.caseworker = chosen
            changed.append("klantmanager")
        audit.record(session, _who(), PortalAction.CHANGED_PROFILE, person.id, ", ".join(changed))
        session.commit()
        flash("De gegevens zijn opgeslagen.", "success")
        if person.caseworker != _who() and not (user and caseload.may_see_all(user)):
            return redirect(url_for("portal.worklist"))
        return _back(person.id, "profiel")

    @bp.post("/nieuwkomers/<int:newcomer_id>/chatadressen")
    @allow(*CASEWORKERS)
    def link_identity(newcomer_id: int) -> ResponseReturnValue:
        person = _newcomer(newcomer_id)
        sender = request.form.get("sender_id", "").strip()
        if not newcomer_page.valid_sender_id(sender):
            abort(400, description="Een chatadres begint met tg:, wa: of web: (bijvoorbeeld tg:123456).")
        session = access.database()
        existing = session.execute(select(ChatIdentity).where(ChatIdentity.sender_id == sender)).scalar_one_or_none()
        user = access.current_user()
        if existing is not None and existing.newcomer_id != person.id and user is not None \
                and caseload.newcomer_for(session, user, existing.newcomer_id) is None:
            abort(403)  # moving someone else's address would take it from their caseworker
        if existing is not None and existing.newcomer_id == person.id:
            flash("Dit chatadres is al gekoppeld.", "info")
            return _back(person.id, "chatadressen")
        made = linking.offer(session, person, sender, _who())
        audit.record(session, _who(), PortalAction.CHANGED_PROFILE, person.id, "koppelcode voor chatadres gemaakt")
        session.commit()
        until = made.expires_at.astimezone(ZoneInfo(TIMEZONE)).strftime("%H:%M")
        flash(f"Geef de nieuwkomer deze code: {linking.shown(made.code)} (geldig tot {until}, alleen nu zichtbaar). "
              f"De nieuwkomer typt in die chat: /koppel {linking.shown(made.code)}. "
              "Pas dan is het adres gekoppeld.", "success")
        return _back(person.id, "chatadressen")

    @bp.get("/nieuwkomers/<int:newcomer_id>/export")
    @allow(*CASEWORKERS)
    def export_newcomer(newcomer_id: int) -> ResponseReturnValue:
        person = _newcomer(newcomer_id)
        session = access.database()
        audit.record(session, _who(), PortalAction.EXPORTED_NEWCOMER, person.id)
        session.commit()
        text = export_text(session, person, utcnow())
        response = Response(text, mimetype="text/plain")
        response.headers["Content-Disposition"] = f'attachment; filename="wegwijz-gegevens-{person.id}.txt"'
        return response


    @bp.post("/nieuwkomers/<int:newcomer_id>/wissen")
    @allow(*CASEWORKERS)
    def erase_newcomer(newcomer_id: int) -> ResponseReturnValue:
        person = _newcomer(newcomer_id)
        if request.form.get("confirm", "").strip().upper() != ERASE_WORD:
            flash(f"Niets gewist: typ {ERASE_WORD} in het vak om te bevestigen.", "error")
            return _back(person.id, "wissen")
        session = access.database()
        number = person.id
        erased = rights.erase_newcomer(session, person, _who())
        audit.record(session, _who(), PortalAction.ERASED_NEWCOMER, None,
                     f"nieuwkomer #{number}, {len(erased.senders)} chatadres(sen)")
        session.commit()
        db.write_back(session)
        flash(f"Alle gegevens van nieuwkomer #{number} zijn gewist, ook de gesprekken en berichten van "
              f"{len(erased.senders)} chatadres(sen).", "success")
        return redirect(url_for("portal.worklist"))
