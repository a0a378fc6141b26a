"""End to end over REST through the real Rasa and action servers: /delen, a yes, a no, a stop, /mijngegevens,
/verwijder. No intent of its own: the command and the buttons' payloads reach the answer action."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from tests.partners.known import newcomer, organisations_with_partners
from wegwijz import db
from wegwijz.partners.consents import organisations
from wegwijz.partners.models import Organisation, PartnerConsent
from wegwijz.texts import say


def _payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons", [])]


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def _consents(database_url: str) -> list[PartnerConsent]:
    with db.session_factory(database_url)() as session:
        return list(session.execute(select(PartnerConsent).order_by(PartnerConsent.id)).scalars())


def _with_organisations(database_url: str, sender: str, lang: str) -> list[Organisation]:
    """A newcomer at `sender`, and the test organisations (made once in the shared stack's database)."""
    with db.session_factory(database_url)() as session:
        newcomer(session, sender, lang)
        if not organisations(session):
            organisations_with_partners(session, accounts=False)
        return organisations(session)


def test_sharing_through_the_real_stack(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    sender = f"web:e2eshare{uuid.uuid4().hex[:10]}"
    volunteers, rsd = _with_organisations(rasa_stack.database_url, sender, "ar")[:2]
    volunteers_id, rsd_id, volunteers_name = volunteers.id, rsd.id, volunteers.name
    meta = {"language": "ar"}
    before = len(_consents(rasa_stack.database_url))

    start = rasa_stack.talk(sender, "/delen", metadata=meta)
    assert say("partners_intro", "ar") in _texts(start), start
    assert _payloads(start) == [f"/delen_ja {volunteers_id}", f"/delen_nee {volunteers_id}", "/delen_klaar"]
    assert len(_consents(rasa_stack.database_url)) == before, "nothing before a yes"

    yes = rasa_stack.talk(sender, f"/delen_ja {volunteers_id}", metadata=meta)
    assert volunteers_name in _texts(yes) and f"/delen_ja {rsd_id}" in _payloads(yes)
    no = rasa_stack.talk(sender, f"/delen_nee {rsd_id}", metadata=meta)
    assert say("partners_overview_header", "ar") in _texts(no)
    assert f"/delen_stop {volunteers_id}" in _payloads(no)
    [given] = _consents(rasa_stack.database_url)[before:]
    assert (given.organisation_id, given.lang, given.withdrawn_at) == (volunteers_id, "ar", None)

    mine = _texts(rasa_stack.talk(sender, "/mijngegevens", metadata=meta))
    assert say("partners_mydata_header", "ar") in mine and volunteers_name in mine

    stopped = rasa_stack.talk(sender, f"/delen_stop {volunteers_id}", metadata=meta)
    assert say("partners_withdrawn", "ar", organisation=volunteers_name) in _texts(stopped)
    assert _consents(rasa_stack.database_url)[before].withdrawn_at is not None

    asked = rasa_stack.talk(sender, "/verwijder", metadata=meta)
    erase = next(b["payload"] for r in asked for b in r.get("buttons", [])
                 if b["title"] == say("journey_erase_yes_button", "ar"))
    rasa_stack.talk(sender, erase, metadata=meta)
    assert len(_consents(rasa_stack.database_url)) == before, "/verwijder erases the consents"


def test_the_bare_word_as_telegram_and_whatsapp_pass_it(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    for lang, word in (("nl", "delen"), ("en", "share"), ("ti", "ምክፋል"), ("ar", "مشاركة")):
        sender = f"tg:9{uuid.uuid4().int % 10**9}"
        _with_organisations(rasa_stack.database_url, sender, lang)
        replies = rasa_stack.talk(sender, word, metadata={"language": lang})
        assert say("partners_intro", lang) in _texts(replies), (lang, replies)
