"""Giving a tip after the two-year check-in, on SQLite and PostgreSQL: share only on yes, keep only on yes."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.tips.known import NOW, answered_two_year_checkin, approved_tip, shared_tip
from wegwijz.contract import personal_data
from wegwijz.journey import rights
from wegwijz.journey.models import AuditLog
from wegwijz.texts import say
from wegwijz.tips import giving, showing, words
from wegwijz.tips.models import Tip, TipStatus, TipText


def _tips(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Tip)).scalar_one())


def test_the_end_of_the_two_year_checkin_asks_before_anything_is_shared(session: Session) -> None:
    checkin = answered_two_year_checkin(session, "tg:501", "ti", "ቋንቋ ቀልጢፍኩም ተማሃሩ")
    [offer] = giving.offer(session, "tg:501", checkin.id, "ti")
    assert offer.text == say("tips_share_question", "ti", tip="ቋንቋ ቀልጢፍኩም ተማሃሩ")
    assert [b.payload for b in offer.buttons] == ["/tip_delen", "/tip_niet_delen"]
    assert _tips(session) == 0, "nothing is stored for sharing before the yes"
    replies = showing.respond(session, "tg:501", "/tip_delen", [], "ti", None, NOW)
    session.commit()
    assert replies is not None and replies[0].text == say("tips_shared", "ti")
    assert [b.payload for b in replies[1].buttons] == ["/tip_bewaren", "/tip_niet_bewaren"]
    [tip] = giving.tips_of(session, ("tg:501",))
    assert (tip.status, tip.original, tip.lang, tip.keep_after_erasure) == (TipStatus.WAITING, "ቋንቋ ቀልጢፍኩም ተማሃሩ",
                                                                            "ti", False)
    assert giving.offer(session, "tg:501", checkin.id, "ti") == [], "offered once"
    again = showing.respond(session, "tg:501", "/tip_delen", [], "ti", None, NOW)
    assert again is not None and again[0].text == say("tips_already_shared", "ti") and _tips(session) == 1
    kept = showing.respond(session, "tg:501", "/tip_bewaren", [], "ti", None, NOW)
    session.commit()
    assert kept is not None and kept[0].text == say("tips_keep_chosen_yes", "ti")
    assert session.get(Tip, tip.id).keep_after_erasure is True
    whats = set(session.execute(select(AuditLog.what).where(AuditLog.newcomer_id == checkin.newcomer_id)).scalars())
    assert {giving.SHARED, giving.KEEP_CHOSEN} <= whats


def test_no_offer_without_a_tip_and_no_means_no(session: Session) -> None:
    skipped = answered_two_year_checkin(session, "wa:502", "nl", None)
    assert giving.offer(session, "wa:502", skipped.id, "nl") == []
    none = answered_two_year_checkin(session, "wa:503", "en", "No tips")
    assert giving.offer(session, "wa:503", none.id, "en") == []
    tip = answered_two_year_checkin(session, "wa:504", "ar", "تعلّموا اللغة بسرعة")
    assert giving.offer(session, "wa:504", tip.id, "ar")
    no = showing.respond(session, "wa:504", "/tip_niet_delen", [], "ar", None, NOW)
    assert no is not None and no[0].text == say("tips_not_shared", "ar") and _tips(session) == 0
    nothing = showing.respond(session, "tg:none", "/tip_delen", [], "nl", None, NOW)
    assert nothing is not None and nothing[0].text == say("tips_nothing_to_share", "nl")


def test_changing_ones_mind_takes_back_a_waiting_tip(session: Session) -> None:
    shared_tip(session, "tg:505", "nl", "Ga naar het taalcafé in de bibliotheek")
    showing.respond(session, "tg:505", "/tip_niet_delen", [], "nl", None, NOW)
    session.commit()
    assert _tips(session) == 0


def test_erasure_keeps_only_an_approved_anonymous_tip_the_giver_agreed_to_keep(session: Session) -> None:
    kept = approved_tip(session, "tg:506", "nl", "Vraag bij de bibliotheek naar het taalcafé. Ik ben Fatima.",
                        "taal", keep=True)
    gone = approved_tip(session, "tg:507", "nl", "Schrijf je snel in bij een huisarts", "gezondheid", keep=False)
    waiting = shared_tip(session, "tg:508", "nl", "Fiets veel, Zeist is mooi", keep=True)
    kept_id, gone_id, waiting_id = kept.id, gone.id, waiting.id
    kept.texts[0].text = "Vraag bij de bibliotheek naar het taalcafé."  # the editor took the name out
    session.commit()
    for sender in ("tg:506", "tg:507", "tg:508"):
        mine = personal_data.export(session, (sender,))
        assert [row["sender_id"] for row in mine["tips"]] == [sender]
        rights.erase(session, sender)
        session.commit()
        assert personal_data.export(session, (sender,)) == {}
    session.expire_all()
    anonymous = session.get(Tip, kept_id)
    assert anonymous is not None and anonymous.status == TipStatus.APPROVED
    assert (anonymous.sender_id, anonymous.checkin_id, anonymous.original) == (None, None, None)
    assert anonymous.anonymised_at is not None
    assert [t.text for t in anonymous.texts] == ["Vraag bij de bibliotheek naar het taalcafé."]
    assert session.get(Tip, gone_id) is None and session.get(Tip, waiting_id) is None, \
        "a tip without the yes to keeping it, or not yet reviewed, goes with the person"
    left = list(session.execute(select(TipText.tip_id)).scalars())
    assert left == [kept_id]


def test_mijngegevens_lists_the_tips_in_the_persons_language(session: Session) -> None:
    shared_tip(session, "tg:509", "en", "Learn to cycle early", keep=False)
    lines = personal_data.describe(session, ("tg:509",), "en")
    assert lines[0] == say("tips_mydata", "en", count=1)
    assert lines[1] == say("tips_mydata_line", "en", tip="Learn to cycle early", state=say("tips_state_waiting", "en"),
                           keep=say("tips_mydata_keep_no", "en"))
    assert "tips" in personal_data.tables()
    replies = rights.describe(session, "tg:509", "en")
    assert "Learn to cycle early" in "\n".join(r.text for r in replies)


def test_the_words_that_ask_for_tips() -> None:
    for text in ("tips", "/tips", "Tips!", "/tip@WegwijzBot", "any tips?", "نصائح", "/نصيحة", "أعطني نصائح",
                 "ምኽሪ", "/ምኽርታት", "geef me een tip"):
        assert words.command_of(text) is words.TIPS, text
    for text in ("tips voor het vinden van een huisarts in Zeist?", "waar is de huisarts", "", "/mens",
                 "ik heb een tip gekregen van de buurvrouw over de huur"):
        assert words.command_of(text) is None, text
    assert words.command_of("/tip_bewaren") is words.KEEP_YES


def test_a_tip_nobody_reviewed_is_forgotten_after_the_checkin_period(session: Session) -> None:
    import datetime as dt

    from wegwijz.retention import Periods, forget_expired

    waiting = shared_tip(session, "tg:510", "nl", "Neem de bus naar Utrecht, dat is goedkoop")
    approved = approved_tip(session, "tg:511", "nl", "Ga naar het taalcafé", "taal")
    waiting_id, approved_id = waiting.id, approved.id
    periods = Periods(conversation_days=90, channel_days=30, checkin_days=365)
    assert forget_expired(session, periods, NOW + dt.timedelta(days=300)).waiting_tips == 0
    later = forget_expired(session, periods, NOW + dt.timedelta(days=366))
    session.commit()
    assert later.waiting_tips == 1
    assert session.get(Tip, waiting_id) is None and session.get(Tip, approved_id) is not None
