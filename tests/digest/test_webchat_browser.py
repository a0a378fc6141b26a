"""The weekly tips in the web chat in a real browser against the real Rasa: /tips, yes, the two questions,
the week's message shown when the page opens (its article button opens the article), and STOP."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.e2e.browser import ARTIFACTS
from tests.e2e.conftest import page_factory, webchat_url  # noqa: F401
from tests.e2e.test_webchat_browser import _ask, _bot_texts, _tap
from wegwijz import db
from wegwijz.digest.models import Delivery, DigestMessage, DigestSubscription, SubscriptionStatus
from wegwijz.digest.sending import DigestRound, content_from
from wegwijz.journey.checkins import Schedule
from wegwijz.settings import ROOT
from wegwijz.texts import say


def test_tips_in_the_web_chat(page_factory, webchat_url: str, rasa_stack) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    page = page_factory()
    page.goto(webchat_url)
    page.locator("li.intro button", has_text="English").click()
    page.locator("li.msg.bot").nth(1).wait_for(timeout=60000)
    offer = _ask(page, "/nieuws", page.locator("li.msg.bot").count())
    assert say("digest_offer", "en").split("\n")[0] in "\n".join(_bot_texts(page)), offer
    _tap(page, say("digest_yes", "en"))
    _tap(page, say("digest_children_yes", "en"))
    done = _tap(page, say("digest_hours_any", "en"))
    assert "Done." in "\n".join(_bot_texts(page)), done
    with db.session_factory(rasa_stack.database_url)() as session:
        subscription = session.execute(select(DigestSubscription).where(
            DigestSubscription.sender_id.like("web:%")).order_by(DigestSubscription.id.desc())).scalars().first()
        assert subscription is not None and subscription.school_children is True
        sender, due = str(subscription.sender_id), subscription.next_due_on
    noon = dt.datetime.combine(due, dt.time(11), tzinfo=dt.timezone.utc)
    DigestRound(db.session_factory(rasa_stack.database_url), content_from(ROOT / "kennisbank"),
                Schedule()).run_once(noon)
    page.reload()
    tips = page.locator("li.msg.bot", has_text=say("digest_header", "en"))
    tips.wait_for(timeout=30000)
    page.screenshot(path=str(ARTIFACTS / "webchat-tips-per-week.png"))
    with db.session_factory(rasa_stack.database_url)() as session:
        [message] = session.execute(select(DigestMessage).where(DigestMessage.sender_id == sender)).scalars()
        assert message.delivery == Delivery.WEB_SHOWN and message.opened_at is not None
        first = message.buttons[0]["title"]
    count = len(_bot_texts(page))
    _tap(page, first)  # the article button in the week's message opens the article
    assert first in "\n".join(_bot_texts(page)[count:]), _bot_texts(page)[count:]
    stopped = _ask(page, "STOP", page.locator("li.msg.bot").count())
    assert say("digest_stopped", "en") in "\n".join(_bot_texts(page)), stopped
    with db.session_factory(rasa_stack.database_url)() as session:
        assert session.get(DigestSubscription, subscription.id).status == SubscriptionStatus.STOPPED  # type: ignore[union-attr]
