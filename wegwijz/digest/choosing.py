"""What goes in a person's weekly message: activities and articles that fit their profile, not sent before.

The profile is what the person told us, and nothing more:
- their answer in this feature: children at school → the `school` and `cjg` articles, activities for children;
- the startgesprek, when this chat is linked to a newcomer who consented to their profile: the ambition
  (work → `werk`; volunteering → `werk`, `meedoen`; study → `school`) and their interests in their own
  words (sport, culture, children, language, meeting people, work; the activity words of
  `wegwijz.activities.query`).
Everyone also gets what the integration plan wants for all newcomers: Dutch (`taal`) and taking part
(`meedoen`), and activities to meet people. What fits the profile comes first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz.activities.model import Activity
from wegwijz.activities.query import read_question
from wegwijz.digest.models import DigestItem, DigestSubscription
from wegwijz.journey.constants import ConsentKind
from wegwijz.journey.newcomers import find_by_sender, has_consent
from wegwijz.kennisbank.model import Kennisbank

MAX_ACTIVITIES = 2
MAX_ARTICLES = 2
"""A short message: at most two activities and two articles."""
LOOK_AHEAD_DAYS = 14
"""Activities taking place within this many days of the message."""

BASE_TOPICS = ("taal", "meedoen")
BASE_INTERESTS = ("ontmoeten", "taal", "cultuur")

CHILDREN_TOPICS = ("school", "cjg")
AMBITION_TOPICS = {"work": ("werk",), "volunteer": ("werk", "meedoen"), "study": ("school",)}
AMBITION_INTERESTS = {"work": ("werk",), "volunteer": ("werk",), "study": ()}
INTEREST_TOPICS = {"sport": ("meedoen",), "cultuur": ("meedoen",), "ontmoeten": ("meedoen",), "taal": ("taal",),
                   "werk": ("werk",), "kinderen": ("school",)}


@dataclass(frozen=True)
class Profile:
    """Kennisbank topics and activity interests for one person, most fitting first."""

    topics: tuple[str, ...]
    interests: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One thing in the message: its key in `digest_items`, and what the message says about it."""

    key: str
    kind: str
    """"activity" or "article"."""
    id: str
    day: dt.date | None = None


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def interests_in(text: str, today: dt.date) -> list[str]:
    """The activity interests named in the person's own words ("voetbal en muziek" → sport, cultuur)."""
    found = []
    for part in re.split(r"[,;/\n]|\s+(?:en|and|و)\s+", text):
        interest = read_question(part, today).interest if part.strip() else None
        if interest:
            found.append(interest)
    return found


def profile_of(session: Session, subscription: DigestSubscription, today: dt.date) -> Profile:
    """The profile of the person behind a subscription (see the module's docstring)."""
    topics: list[str] = []
    interests: list[str] = []
    if subscription.school_children:
        topics += CHILDREN_TOPICS
        interests.append("kinderen")
    newcomer = find_by_sender(session, str(subscription.sender_id))
    if newcomer is not None and has_consent(newcomer, ConsentKind.PROFILE):
        answers = {a.question: a for a in newcomer.intake_answers if not a.skipped and a.value}
        ambition = answers.get("intake_ambition")
        if ambition is not None:
            topics += AMBITION_TOPICS.get(str(ambition.value), ())
            interests += AMBITION_INTERESTS.get(str(ambition.value), ())
        told = answers.get("intake_interests")
        if told is not None:
            for interest in interests_in(str(told.value), today):
                interests.append(interest)
                topics += INTEREST_TOPICS.get(interest, ())
    return Profile(_unique([*topics, *BASE_TOPICS]), _unique([*interests, *BASE_INTERESTS]))


def already_sent(session: Session, subscription: DigestSubscription) -> set[str]:
    """The keys of every item this subscription was ever sent."""
    return set(session.execute(select(DigestItem.item).where(
        DigestItem.subscription_id == subscription.id)).scalars())


def choose(profile: Profile, kennisbank: Kennisbank, activities: list[Activity], sent: set[str],
           today: dt.date) -> list[Item]:
    """The activities (soonest first) and articles (most fitting topic first) for this week's message."""
    upcoming: list[tuple[int, dt.date, str]] = []
    for activity in activities:
        if not activity.published:
            continue
        fits = [profile.interests.index(i) for i in activity.interests if i in profile.interests]
        if not fits or f"activity:{activity.id}" in sent:
            continue
        days = activity.occurrences(today, today + dt.timedelta(days=LOOK_AHEAD_DAYS))
        if days:
            upcoming.append((min(fits), days[0], activity.id))
    chosen = [Item(f"activity:{a}", "activity", a, day) for _, day, a in sorted(upcoming, key=lambda u: (u[1], u[0]))]
    articles = sorted((profile.topics.index(article.topic), article.id) for article in kennisbank.articles.values()
                      if article.topic in profile.topics and f"article:{article.id}" not in sent)
    return [*chosen[:MAX_ACTIVITIES], *(Item(f"article:{a}", "article", a) for _, a in articles[:MAX_ARTICLES])]
