"""Which profile fields a partner may ever see: a fixed list, never health.

A field is an intake question id (`wegwijz.journey.questions`); its label is that question's
`journey_label_<id>` text, so the chat and the portal name it as the rest of the assistant does.
Care worries, the care consent, the newcomer's background story and their number of contacts are
never shareable: `SHAREABLE` is the only list an organisation's fields are chosen from, and
`visible` applies it again when a partner reads, so a wrong row in the database shows nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable

from wegwijz.journey.questions import CARE_CONSENT, CARE_WORRIES, INTAKE_CONSENT, question
from wegwijz.texts import say

SHAREABLE: tuple[str, ...] = (
    "intake_languages",
    "intake_education",
    "intake_work",
    "intake_ambition",
    "intake_interests",
    "intake_buddy",
    "intake_inburgering",
)
"""The profile fields a partner may ask for: languages, diplomas, work experience, ambitions, interests,
the wish for a buddy, and where inburgering stands."""

NEVER: frozenset[str] = frozenset({CARE_CONSENT, CARE_WORRIES, INTAKE_CONSENT, "intake_background",
                                   "intake_contacts"})
"""Never shown to a partner, whatever a row says: health and care, consents, the person's own story."""

PORTAL_LABELS = {
    "intake_languages": "Talen",
    "intake_education": "Opleiding en diploma's",
    "intake_work": "Werkervaring",
    "intake_ambition": "Wil het liefst (werk, studie, vrijwilligerswerk)",
    "intake_interests": "Interesses",
    "intake_buddy": "Wil een maatje of vrijwilligersteam",
    "intake_inburgering": "Inburgering",
}
"""Dutch labels for the portal (staff read Dutch)."""

assert not NEVER & set(SHAREABLE) and set(PORTAL_LABELS) == set(SHAREABLE)


def valid(chosen: Iterable[str]) -> list[str]:
    """The shareable fields among `chosen`, in the fixed order (anything else is dropped)."""
    wanted = set(chosen)
    return [field for field in SHAREABLE if field in wanted]


def visible(consented: Iterable[str], asked: Iterable[str]) -> list[str]:
    """The fields a partner may see: agreed to by the newcomer, still asked by the organisation, shareable."""
    both = set(consented) & set(asked)
    return [field for field in SHAREABLE if field in both and field not in NEVER]


def label(field: str, lang: str) -> str:
    """The field's name in the newcomer's language."""
    return question(field).label(lang)


def listed(chosen: Iterable[str], lang: str) -> str:
    """The fields as a list in the newcomer's language ("Languages, Education, Work experience")."""
    return say("partners_field_separator", lang).join(label(field, lang) for field in valid(chosen))
