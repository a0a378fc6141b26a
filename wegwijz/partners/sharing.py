"""The chat side of sharing: one organisation at a time, a yes or a no, and a way to stop.

`/delen` explains what sharing is and asks about the first active organisation that has no yes yet
(or asks for more than the yes covered). A yes or a no moves on to the next organisation, by the order
they were added; a no stores nothing. When no organisation is left, or on "stop asking", the
overview says who may see what, with a "stop sharing" button per organisation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz.conversation.replies import Button, Reply
from wegwijz.journey.newcomers import find_by_sender
from wegwijz.partners import consents, words
from wegwijz.partners.fields import label, listed, valid
from wegwijz.partners.models import Organisation
from wegwijz.partners.words import Step
from wegwijz.texts import say


def day(moment: dt.datetime | None) -> str:
    """A moment as the chat shows a date (as /mijngegevens does)."""
    return moment.strftime("%d-%m-%Y") if moment else "-"


def kind(organisation: Organisation, lang: str) -> str:
    """What kind of partner the organisation is, in the newcomer's language."""
    return say(f"partners_kind_{organisation.kind}", lang)


def offer(organisation: Organisation, lang: str) -> Reply:
    """The question about one organisation, with yes, no and stop asking."""
    fields = "\n".join(f"- {label(field, lang)}" for field in valid(organisation.fields))
    text = say("partners_offer", lang, organisation=organisation.name, kind=kind(organisation, lang), fields=fields)
    return Reply(text, (Button(say("partners_yes_button", lang), words.payload(Step.YES, int(organisation.id))),
                        Button(say("partners_no_button", lang), words.payload(Step.NO, int(organisation.id))),
                        Button(say("partners_done_button", lang), words.payload(Step.DONE))))


def overview(session: Session, newcomer_id: int, lang: str) -> Reply:
    """Who may see the profile now, with a stop button per organisation."""
    given = consents.active(session, newcomer_id)
    named = {int(o.id): o for o in session.execute(
        select(Organisation).where(Organisation.id.in_(list(given)))).scalars()}
    lines = [say("partners_overview_header", lang)]
    buttons = []
    for organisation_id, consent in given.items():
        organisation = named[organisation_id]
        shown = [f for f in consent.fields if f in set(organisation.fields)] if organisation.active else []
        if not shown:
            continue  # an organisation no longer active (or asking for nothing) sees nothing
        lines.append(say("partners_overview_line", lang, organisation=organisation.name,
                         fields=listed(shown, lang), since=day(consent.given_at)))
        buttons.append(Button(say("partners_stop_button", lang, organisation=organisation.name),
                              words.payload(Step.STOP, organisation_id)))
    if len(lines) == 1:
        lines.append(say("partners_overview_nobody", lang))
    lines.append(say("partners_overview_footer", lang))
    if buttons:
        lines.append(say("partners_overview_footer_stop", lang))
    if any(consents.needs_answer(o, given.get(int(o.id))) for o in consents.organisations(session)):
        buttons.append(Button(say("partners_again_button", lang), "/delen"))
    return Reply("\n".join(lines), tuple(buttons))


def next_question(session: Session, newcomer_id: int, lang: str, after: int = 0) -> Reply:
    """The question about the next organisation after id `after` that needs an answer, else the overview."""
    given = consents.active(session, newcomer_id)
    for organisation in consents.organisations(session):
        if int(organisation.id) > after and valid(organisation.fields) and \
                consents.needs_answer(organisation, given.get(int(organisation.id))):
            return offer(organisation, lang)
    return overview(session, newcomer_id, lang)


def respond(session: Session, sender_id: str, text: str | None, lang: str, now: dt.datetime) -> list[Reply] | None:
    """The replies when the latest message is about sharing; None when it is not (the caller commits).

    Args:
        session: the database session.
        sender_id: the chat address.
        text: the latest message.
        lang: the language of the turn.
        now: the moment (tests pass their own clock).
    """
    asked = words.asked(text)
    if asked is None:
        return None
    newcomer = find_by_sender(session, sender_id)
    if newcomer is None:
        return [Reply(say("partners_not_linked", lang))]
    newcomer_id = int(newcomer.id)
    if not consents.has_profile_consent(session, newcomer_id):
        return [Reply(say("partners_no_profile_consent", lang))]
    if asked.step is Step.START:
        if not any(valid(o.fields) for o in consents.organisations(session)) and \
                not consents.active(session, newcomer_id):
            return [Reply(say("partners_none", lang))]
        return [Reply(say("partners_intro", lang)), next_question(session, newcomer_id, lang)]
    if asked.step is Step.DONE:
        return [overview(session, newcomer_id, lang)]
    organisation = session.get(Organisation, asked.organisation_id)
    if asked.step is Step.STOP:
        if organisation is None:
            return [overview(session, newcomer_id, lang)]
        change = consents.withdraw(session, newcomer_id, organisation, now)
        key = "partners_withdrawn" if change.changed else "partners_not_shared"
        return [Reply(say(key, lang, organisation=organisation.name)), overview(session, newcomer_id, lang)]
    if organisation is None or not organisation.active or not valid(organisation.fields):
        return [Reply(say("partners_gone", lang)), next_question(session, newcomer_id, lang)]
    if asked.step is Step.YES:
        change = consents.give(session, newcomer_id, organisation, lang, now)
        shown = change.consent.fields if change.consent is not None else organisation.fields
        reply = Reply(say("partners_given", lang, organisation=organisation.name, fields=listed(shown, lang)))
    else:
        reply = Reply(say("partners_not_given", lang, organisation=organisation.name))
    return [reply, next_question(session, newcomer_id, lang, after=int(organisation.id))]


def in_chat(session_factory: Any, sender_id: str, text: str | None, lang: str,
            now: dt.datetime | None = None) -> list[Reply] | None:
    """`respond` for a chat turn, with its own session (commits)."""
    if words.asked(text) is None:
        return None
    from wegwijz.db.moments import utcnow

    with session_factory() as session:
        replies = respond(session, sender_id, text, lang, now or utcnow())
        session.commit()
    return replies
