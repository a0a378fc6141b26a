"""The chat's side of linking an address: a newcomer types the code the gemeente gave them."""

from __future__ import annotations

from wegwijz.conversation.rasa_bridge import db_session
from wegwijz.conversation.replies import Reply, simple
from wegwijz.journey import linking


def reply_to_code(sender_id: str | None, text: str | None, lang: str) -> list[Reply] | None:
    """The reply to a typed link code, or None when the message is no link code for this chat.

    `/koppel 482913` reaches `action_answer` as every unknown command does (the message
    guard gives it `nlu_fallback`), so no intent and no training were needed. Six digits
    alone, when the model sends them here, count only when a code waits for this address,
    so a number typed for another reason is answered as usual.
    """
    if not sender_id:
        return None
    code = linking.typed_code(text)
    command = (text or "").strip().casefold()
    if code is None:
        return None
    with db_session() as session:
        outcome = linking.confirm(session, sender_id, code)
        session.commit()
    if outcome is linking.Confirmation.GONE and not command.startswith("/"):
        return None
    key = {linking.Confirmation.LINKED: "link_confirmed", linking.Confirmation.WRONG: "link_wrong_code",
           linking.Confirmation.GONE: "link_no_code"}[outcome]
    return simple(key, lang)
