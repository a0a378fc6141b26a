"""End to end over REST through the real Rasa and action servers (the project's own model, no intent of
this feature's own): the yes in four languages, STOP in every state, the offer at the end of the intake,
/mijngegevens and /verwijder, and the weekly round writing to the outbox on the same database."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from tests.journey.conftest import Clock
from wegwijz import db
from wegwijz.channels.models import OutboxMessage
from wegwijz.digest.models import DigestMessage, DigestSubscription, SubscriptionStatus
from wegwijz.digest.sending import DigestRound, content_from
from wegwijz.journey.checkins import Schedule
from wegwijz.settings import ROOT
from wegwijz.texts import say


def _sender(channel: str = "tg") -> str:
    return f"{channel}:{uuid.uuid4().int % 10**9}" if channel == "tg" else f"{channel}:e2etips{uuid.uuid4().hex[:8]}"


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def _payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons", [])]


def _subscription(url: str, sender: str) -> DigestSubscription | None:
    with db.session_factory(url)() as session:
        return session.execute(select(DigestSubscription).where(
            DigestSubscription.sender_id == sender)).scalar_one_or_none()


def _sign_up(stack, sender: str, lang: str, typed: str) -> None:  # type: ignore[no-untyped-def]
    meta = {"language": lang}
    offer = stack.talk(sender, typed, metadata=meta)
    assert say("digest_offer", lang) in _texts(offer) and _payloads(offer) == ["/nieuws_ja", "/nieuws_nee"], offer
    assert _subscription(stack.database_url, sender) is None, "nothing is stored before the yes"
    assert say("digest_children_question", lang) in _texts(stack.talk(sender, "/nieuws_ja", metadata=meta))
    assert say("digest_hours_question", lang) in _texts(stack.talk(sender, "/nieuws_kinderen_ja", metadata=meta))
    done = stack.talk(sender, "/nieuws_tijd_morning", metadata=meta)
    assert say("digest_done", lang, part=say("digest_part_morning", lang)) in _texts(done)


def test_yes_in_four_languages_and_stop_words_outside_any_form(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    # The typed command, an alias in the person's script, and the word the gateway leaves of "/nieuws".
    for lang, typed, stop in (("nl", "/nieuws", "afmelden"), ("ar", "أخبار", "إيقاف"),
                              ("ti", "ዜና", "ደው በሉ"), ("en", "news", "STOP")):
        sender = _sender()
        _sign_up(rasa_stack, sender, lang, typed)
        subscription = _subscription(rasa_stack.database_url, sender)
        assert subscription is not None and subscription.status == SubscriptionStatus.ACTIVE
        assert subscription.school_children is True and subscription.lang == lang
        again = rasa_stack.talk(sender, typed, metadata={"language": lang})
        assert _payloads(again) == ["/nieuws_stop"], (lang, again)
        stopped = rasa_stack.talk(sender, stop, metadata={"language": lang})
        assert say("digest_stopped", lang) in _texts(stopped), (lang, stopped)
        assert _subscription(rasa_stack.database_url, sender).status == SubscriptionStatus.STOPPED  # type: ignore[union-attr]


def test_stop_inside_the_intake_pauses_it_and_stops_the_tips(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    sender, meta = _sender(), {"language": "ti"}
    _sign_up(rasa_stack, sender, "ti", "/nieuws")
    asked = rasa_stack.talk(sender, "/start_intake", metadata=meta)
    assert say("journey_q_intake_consent", "ti") in _texts(asked)
    stopped = rasa_stack.talk(sender, "ደው በሉ", metadata=meta)
    text = _texts(stopped)
    assert say("journey_paused", "ti") in text and say("digest_stopped", "ti") in text
    assert _subscription(rasa_stack.database_url, sender).status == SubscriptionStatus.STOPPED  # type: ignore[union-attr]
    # Without tips on, STOP outside a form says what it always said.
    assert say("journey_nothing_open", "ti") in _texts(rasa_stack.talk(sender, "STOP", metadata=meta))


def test_the_end_of_the_intake_offers_the_tips(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    sender, meta = _sender(), {"language": "en"}
    last = rasa_stack.talk(sender, "/start_intake", metadata=meta)
    consent = next(b["payload"] for r in last for b in r.get("buttons", [])
                   if b["title"] == say("journey_opt_consent_yes", "en"))
    last = rasa_stack.talk(sender, consent, metadata=meta)
    for _ in range(12):  # skip every profile question, then no to the care question
        titles = {b["title"]: b["payload"] for r in last for b in r.get("buttons", [])}
        if say("journey_opt_yes_no_no", "en") in titles and say("journey_q_intake_care_consent", "en") in _texts(last):
            last = rasa_stack.talk(sender, titles[say("journey_opt_yes_no_no", "en")], metadata=meta)
            break
        last = rasa_stack.talk(sender, titles[say("journey_skip_button", "en")], metadata=meta)
    assert say("digest_offer_after_intake", "en") in _texts(last), last
    assert _payloads(last)[-2:] == ["/nieuws_ja", "/nieuws_nee"]
    rasa_stack.talk(sender, "/nieuws_ja", metadata=meta)
    assert _subscription(rasa_stack.database_url, sender) is not None


def test_the_weekly_round_mydata_and_erasure(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    sender, meta = _sender(), {"language": "nl"}
    _sign_up(rasa_stack, sender, "nl", "/nieuws")
    subscription = _subscription(rasa_stack.database_url, sender)
    assert subscription is not None
    due = subscription.next_due_on
    clock = Clock(dt.datetime.combine(due, dt.time(8, 30), tzinfo=dt.timezone.utc))  # morning in Zeist
    tips = DigestRound(db.session_factory(rasa_stack.database_url), content_from(ROOT / "kennisbank"),
                       Schedule(send_from_hour=9, send_until_hour=20))
    assert tips.run_once(clock()).sent, "the shared database may hold other people's tips too"
    with db.session_factory(rasa_stack.database_url)() as session:
        [row] = session.execute(select(OutboxMessage).where(OutboxMessage.sender_id == sender)).scalars().all()
        [message] = session.execute(select(DigestMessage).where(DigestMessage.sender_id == sender)).scalars().all()
    assert row.proactive and say("digest_header", "nl") in str(row.payload)
    article = message.buttons[0]["payload"]
    opened = rasa_stack.talk(sender, article, metadata=meta)  # tapping an article in the message opens it
    assert any((r.get("custom") or {}).get("source", {}).get("article") == article.removeprefix("/kb_")
               for r in opened), opened
    mine = _texts(rasa_stack.talk(sender, "/mijngegevens", metadata=meta))
    assert "Weekbericht: aan sinds" in mine and "Berichten gestuurd: 1." in mine, mine
    asked = rasa_stack.talk(sender, "/verwijder", metadata=meta)
    yes = next(b["payload"] for r in asked for b in r.get("buttons", [])
               if b["title"] == say("journey_erase_yes_button", "nl"))
    rasa_stack.talk(sender, yes, metadata=meta)
    assert _subscription(rasa_stack.database_url, sender) is None, "/verwijder erases the tips"
    clock.advance(days=8)
    tips.run_once(clock())
    with db.session_factory(rasa_stack.database_url)() as session:
        assert session.execute(select(DigestMessage).where(DigestMessage.sender_id == sender)).first() is None
        assert session.execute(select(OutboxMessage).where(OutboxMessage.sender_id == sender)).first() is None, \
            "nothing after erasure"
