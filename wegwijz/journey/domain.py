"""The journey's part of `bot/domain.yml`, written from `wegwijz.journey.questions`.

Each intake and check-in question is a slot filled from the text while its form asks it, a
required slot of its form and an `action_ask_<id>` action. Those three lists used to be copied by
hand (a question added in `questions.py` but forgotten in the domain passed the unit tests); now the
training-data generator (`python -m wegwijz.kennisbank.training`, run by `make train`) writes them
between GENERATED markers, and a test fails when the domain is stale.
"""

from __future__ import annotations

from wegwijz.journey.questions import CHECKIN_IDS, INTAKE_IDS

INTERRUPTIONS = ("pause_journey", "mijngegevens", "verwijder", "withdraw_consent", "start_checkin", "crisis")
"""Intents that interrupt a form instead of answering its question (their text is never stored as an answer)."""

FORMS = {"intake_form": INTAKE_IDS, "checkin_form": CHECKIN_IDS}
"""Each form with its questions, in the order it asks them."""

_SOURCE = "(python -m wegwijz.kennisbank.training, from wegwijz/journey/questions.py)"
SLOTS = ("  # BEGIN GENERATED journey slots " + _SOURCE, "  # END GENERATED journey slots")
REQUIRED = ("  # BEGIN GENERATED journey forms " + _SOURCE, "  # END GENERATED journey forms")
ASK_ACTIONS = ("  # BEGIN GENERATED journey questions " + _SOURCE, "  # END GENERATED journey questions")


def _slots() -> str:
    lines = []
    for form, ids in FORMS.items():
        for qid in ids:
            lines += [
                f"  {qid}:",
                "    type: text",
                "    influence_conversation: false",
                "    mappings:",
                "      - type: from_text",
                f"        not_intent: [{', '.join(INTERRUPTIONS)}]",
                "        conditions:",
                f"          - active_loop: {form}",
                f"            requested_slot: {qid}",
            ]
    return "\n".join(lines) + "\n"


def _forms() -> str:
    lines = []
    for form, ids in FORMS.items():
        lines += [f"  {form}:", "    required_slots:", *(f"      - {qid}" for qid in ids)]
    return "\n".join(lines) + "\n"


def _ask_actions() -> str:
    return "".join(f"  - action_ask_{qid}\n" for ids in FORMS.values() for qid in ids)


def _replace(text: str, markers: tuple[str, str], block: str) -> str:
    begin, end = markers
    start, stop = text.index(begin), text.index(end)
    return text[: start + len(begin)] + "\n" + block + text[stop:]


def render(domain_text: str) -> str:
    """The domain text with the journey's generated blocks replaced."""
    domain_text = _replace(domain_text, SLOTS, _slots())
    domain_text = _replace(domain_text, REQUIRED, _forms())
    return _replace(domain_text, ASK_ACTIONS, _ask_actions())
