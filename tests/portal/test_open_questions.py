"""What the editors' page of questions without a good answer shows of a message: the question, nothing personal."""

from __future__ import annotations

import pytest

from wegwijz.portal.open_questions import MAX_SHOWN, scrub


@pytest.mark.parametrize(("message", "shown"), [
    ("Bel me op 0612345678 over de huisarts", "Bel me op [nummer] over de huisarts"),
    ("mijn BSN is 123 456 789, wat nu?", "mijn BSN is [nummer], wat nu?"),
    ("رقمي +31 6 1234 5678 من فضلك", "رقمي [nummer] من فضلك"),
    ("mail naar amal@example.org graag", "mail naar [e-mail] graag"),
    ("kijk op https://example.org/mijn-zaak?id=42 wat staat er", "kijk op [link] wat staat er"),
    ("ik heb 3 kinderen en woon op nummer 12", "ik heb 3 kinderen en woon op nummer 12"),  # small numbers stay
    ("huur  €  750\n per maand", "huur € 750 per maand"),
])
def test_a_question_is_shown_without_numbers_addresses_or_links(message: str, shown: str) -> None:
    assert scrub(message) == shown


def test_a_long_story_is_cut() -> None:
    story = "Wij zijn met ons gezin naar Zeist gekomen. " * 20 + "Waar vind ik een tandarts?"
    shown = scrub(story)
    assert len(shown) <= MAX_SHOWN + 2 and shown.endswith(" …")
