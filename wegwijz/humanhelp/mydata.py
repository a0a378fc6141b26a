"""The person's questions to a person in the registry of personal data: export, erasure, /mijngegevens."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz.contract.personal_data import Feature, Senders, sender_feature
from wegwijz.humanhelp.asking import quote
from wegwijz.humanhelp.models import PersonQuestion
from wegwijz.humanhelp.office_hours import shown
from wegwijz.texts import say


def describe(session: Session, senders: Senders, lang: str) -> list[str]:
    """The person's questions to a person, one line each, in their language."""
    questions = list(session.execute(select(PersonQuestion).where(PersonQuestion.sender_id.in_(senders))
                                     .order_by(PersonQuestion.asked_at, PersonQuestion.id)).scalars())
    if not questions:
        return []
    return [say("ask_person_mydata", lang, count=len(questions)),
            *(say("ask_person_mydata_line", lang, asked=shown(q.asked_at), question=quote(q.question, 80),
                  state=say(f"ask_person_state_{q.status}", lang)) for q in questions)]


_ROWS = sender_feature("humanhelp", PersonQuestion.__table__)
FEATURE = Feature(_ROWS.name, _ROWS.tables, _ROWS.erase, _ROWS.export, describe)
"""Questions are kept by chat address; erasing them sets their kennisbank gaps' link to NULL."""
