"""The conversations Locust holds: a realistic mix for our assistant, plain small talk for the baseline.

Questions come from the blind benchmark set (written by people who never saw the training examples), in
all four languages; buttons, the intake and the check-in use the payloads the assistant itself offers
(`wegwijz.journey.prompts`). A check-in needs a newcomer whose check-in the scheduler has sent: those are
made in the bench database beforehand, as the scheduler's claim leaves them, and the conversation opens
with the scheduler's own turn (`trigger_intent`).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from wegwijz import LANGUAGES, db
from wegwijz.benchmark import blind
from wegwijz.journey import intake
from wegwijz.journey.checkins import Schedule
from wegwijz.journey.constants import CheckInKind, CheckInState
from wegwijz.journey.prompts import PAUSE_PAYLOAD, START_INTAKE_PAYLOAD, choice_payload
from wegwijz.journey.scheduler import START_CHECKIN_INTENT

GREETINGS = {"nl": ("hallo", "goedemiddag", "hoi"), "en": ("hi", "hello", "good morning"),
             "ar": ("مرحبا", "السلام عليكم", "أهلا"), "ti": ("ሰላም", "ከመይ ኣለኹም", "ሰላም ኣለኹም")}
BACKGROUND = {"nl": "Ik kom uit Syrië", "en": "I come from Eritrea", "ar": "أنا من سوريا", "ti": "ካብ ኤርትራ እየ"}
GOES_WELL = {"nl": "Mijn kinderen gaan naar school", "en": "My children go to school",
             "ar": "أولادي في المدرسة", "ti": "ደቀይ ቤት ትምህርቲ ይኸዱ"}
BETTER = {"nl": "Meer contact met buren", "en": "More contact with neighbours", "ar": "تواصل أكثر مع الجيران",
          "ti": "ምስ ጎረባብቲ ዝያዳ ርክብ"}
BASELINE_TURNS = (("hi", "hello", "hey there", "good morning"),
                  ("I am feeling great", "very good", "I am sad", "not good"),
                  ("yes", "indeed", "no", "never"),
                  ("are you a bot?", "am I talking to a human?"),
                  ("perfect", "I am great"),
                  ("bye", "goodbye", "see you later"))


def questions() -> dict[str, list[tuple[str, str]]]:
    """(text, article) of the blind in-scope questions per language, follow-ups left out."""
    result: dict[str, list[tuple[str, str]]] = {lang: [] for lang in LANGUAGES}
    for message in blind.load("all", sets=("questions",)):
        if message.article and not message.after and message.lang in result:
            result[message.lang].append((message.text, str(message.article)))
    return result


def _language_steps(rng: random.Random, lang: str) -> list[dict[str, Any]]:
    return [{"text": rng.choice(GREETINGS[lang])},
            {"press": f'/choose_language{{"language":"{lang}"}}'}]


def newcomer_conversation(rng: random.Random, sender: str, lang: str,
                          asked: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    """Greeting, the language button, three kennisbank questions and an article button (six turns)."""
    picked = rng.sample(asked[lang], 3)
    steps = _language_steps(rng, lang) + [{"text": picked[0][0]}, {"text": picked[1][0]},
                                          {"text": f"/kb_{picked[1][1]}"}, {"text": picked[2][0]}]
    return {"sender": sender, "kind": "newcomer", "lang": lang, "steps": steps}


def intake_conversation(rng: random.Random, sender: str, lang: str,
                        asked: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    """Greeting, the language button, the startgesprek: consent, one answer, pause; then a question."""
    steps = _language_steps(rng, lang) + [
        {"text": START_INTAKE_PAYLOAD}, {"press": choice_payload("yes")}, {"text": BACKGROUND[lang]},
        {"press": PAUSE_PAYLOAD}, {"text": rng.choice(asked[lang])[0]}]
    return {"sender": sender, "kind": "intake", "lang": lang, "steps": steps}


def checkin_conversation(rng: random.Random, sender: str, lang: str,
                         asked: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    """The scheduler opens the six-month check-in; the newcomer answers three questions, then asks one."""
    steps = [{"kind": "trigger", "intent": START_CHECKIN_INTENT, "entities": {"checkin_kind": CheckInKind.SIX_MONTHS}},
             {"press": choice_payload("okay")}, {"text": GOES_WELL[lang]}, {"text": BETTER[lang]},
             {"text": rng.choice(asked[lang])[0]}]
    # A check-in is sent once: this sender cannot hold it a second time.
    return {"sender": sender, "kind": "checkin", "lang": lang, "steps": steps, "reusable": False}


def prepare_checkins(database_url: str, senders: list[tuple[str, str]], now: dt.datetime | None = None) -> None:
    """Newcomers whose six-month check-in is due and was just sent to them, as the scheduler leaves it."""
    now = now or dt.datetime.now(dt.timezone.utc)
    schedule = Schedule()
    factory = db.session_factory(database_url)
    with factory() as session:
        for sender, lang in senders:
            days = schedule.days_after_intake(CheckInKind.SIX_MONTHS)
            newcomer = intake.begin(session, sender, lang, now - dt.timedelta(days=days), schedule)
            checkin = next(c for c in newcomer.checkins if c.kind == CheckInKind.SIX_MONTHS)
            checkin.state, checkin.sent_at, checkin.sent_to = CheckInState.SENT, now, sender
        session.commit()


def ours(run_id: str, count: int, checkin_pool: int,
         seed: int = 12) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """`count` conversations (three in five newcomer questions, one intake, one check-in) and the check-in
    senders to prepare; languages in turn, so every load speaks all four."""
    rng = random.Random(seed)
    asked = questions()
    languages = list(LANGUAGES)
    conversations: list[dict[str, Any]] = []
    checkin_senders: list[tuple[str, str]] = []
    for n in range(count):
        lang = languages[n % len(languages)]
        sender = f"web:bench-{run_id}-{n}"
        slot = n % 5
        if slot == 3:
            conversations.append(intake_conversation(rng, sender, lang, asked))
        elif slot == 4 and len(checkin_senders) < checkin_pool:
            sender = f"wa:bench-{run_id}-{n}"
            checkin_senders.append((sender, lang))
            conversations.append(checkin_conversation(rng, sender, lang, asked))
        else:
            conversations.append(newcomer_conversation(rng, sender, lang, asked))
    return conversations, checkin_senders


def baseline(run_id: str, count: int, seed: int = 12) -> list[dict[str, Any]]:
    """Six plain English turns per conversation, what the starter bot understands."""
    rng = random.Random(seed)
    return [{"sender": f"bench-{run_id}-{n}", "kind": "smalltalk", "lang": "en",
             "steps": [{"text": rng.choice(turn)} for turn in BASELINE_TURNS]} for n in range(count)]
