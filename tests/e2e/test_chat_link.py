"""End to end: a link code from the portal typed in the chat, through the real Rasa and action servers."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from wegwijz import db
from wegwijz.journey import linking
from wegwijz.journey.models import ChatIdentity, Newcomer
from wegwijz.texts import say


def test_a_typed_code_links_the_address_and_a_wrong_one_does_not(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    sender, stranger = f"web:e2e{uuid.uuid4().hex[:10]}", f"web:e2e{uuid.uuid4().hex[:10]}"
    with db.session_factory(rasa_stack.database_url)() as session:
        person = Newcomer(name="Koppel Testpersoon", preferred_language="ar", caseworker="klantmanager.anna")
        session.add(person)
        session.flush()
        code = linking.offer(session, person, sender, "klantmanager.anna").code
        session.commit()
        person_id = person.id
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    replies = rasa_stack.talk(sender, f"/koppel {wrong}")
    assert [r.get("text") for r in replies] == [say("link_wrong_code", "nl")]
    assert say("link_confirmed", "nl") not in [r.get("text") for r in rasa_stack.talk(stranger, code)]
    replies = rasa_stack.talk(sender, f"/koppel {code[:3]} {code[3:]}")
    assert [r.get("text") for r in replies] == [say("link_confirmed", "nl")]
    with db.session_factory(rasa_stack.database_url)() as session:
        linked = session.execute(select(ChatIdentity.newcomer_id).where(ChatIdentity.sender_id == sender))
        assert linked.scalar_one() == person_id
        assert session.execute(select(ChatIdentity).where(ChatIdentity.sender_id == stranger)).first() is None
