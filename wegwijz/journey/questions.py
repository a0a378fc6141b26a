"""What the startgesprek intake and the check-ins ask, in the order they ask it.

Each question's id is also its Rasa slot name and the `question` column of its
stored answer. Texts live in `texts.yml`: the question is `journey_q_<id>`, the
short label for overviews (/mijngegevens, the portal) is `journey_label_<id>`,
and option `code` of option set `name` is `journey_opt_<name>_<code>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from wegwijz.journey.constants import AnswerKind, CheckInKind, ConsentKind
from wegwijz.texts import say


@dataclass(frozen=True)
class Options:
    """A named set of answer options (codes are stored; labels are shown)."""

    name: str
    codes: tuple[str, ...]

    def label(self, code: str, lang: str) -> str:
        """The option's label in `lang`."""
        return say(f"journey_opt_{self.name}_{code}", lang)


YES_NO = Options("yes_no", ("yes", "no"))
CONSENT = Options("consent", ("yes", "no"))


@dataclass(frozen=True)
class Question:
    """One question of the intake or a check-in."""

    id: str
    kind: str
    options: Options | None = None  # the choices; for open questions, quick-answer buttons
    consent: str | None = ConsentKind.PROFILE  # the consent needed to store the answer (None: it IS a consent)
    skippable: bool = True

    def text(self, lang: str) -> str:
        """The question as asked."""
        return say(f"journey_q_{self.id}", lang)

    def label(self, lang: str) -> str:
        """The short name of the question for overviews."""
        return say(f"journey_label_{self.id}", lang)

    def show(self, value: str | None, lang: str) -> str:
        """A stored value as a person reads it (an option's label, else the value itself)."""
        if value is not None and self.options and value in self.options.codes:
            return self.options.label(value, lang)
        return value or ""


INTAKE_CONSENT = "intake_consent"
CARE_CONSENT = "intake_care_consent"
CARE_WORRIES = "intake_care_worries"

INTAKE: tuple[Question, ...] = (
    Question(INTAKE_CONSENT, AnswerKind.CHOICE, CONSENT, consent=None, skippable=False),
    Question("intake_background", AnswerKind.TEXT),
    Question("intake_languages", AnswerKind.TEXT),
    Question("intake_education", AnswerKind.CHOICE,
             Options("education", ("none", "primary", "secondary", "vocational", "higher"))),
    Question("intake_work", AnswerKind.TEXT),
    Question("intake_ambition", AnswerKind.CHOICE, Options("ambition", ("work", "study", "volunteer", "unsure"))),
    Question("intake_interests", AnswerKind.TEXT),
    Question("intake_contacts", AnswerKind.NUMBER),
    Question("intake_buddy", AnswerKind.CHOICE, Options("buddy", ("buddy", "team", "both", "no"))),
    Question("intake_inburgering", AnswerKind.CHOICE,
             Options("inburgering", ("not_started", "started", "finished", "exempt", "unknown"))),
    Question(CARE_CONSENT, AnswerKind.CHOICE, YES_NO, consent=None, skippable=False),
    Question(CARE_WORRIES, AnswerKind.TEXT, Options("care", ("none",)), consent=ConsentKind.CARE),
)
"""The startgesprek: consent first, then the profile, then (with its own consent) care worries."""

PROFILE_QUESTIONS = tuple(q.id for q in INTAKE if q.consent == ConsentKind.PROFILE)
"""The profile proper: what "profile completeness" (a monitoring indicator) counts."""

_CHECKIN_CORE: tuple[Question, ...] = (
    Question("checkin_how_going", AnswerKind.CHOICE, Options("how_going", ("good", "okay", "hard"))),
    Question("checkin_goes_well", AnswerKind.TEXT),
    Question("checkin_could_be_better", AnswerKind.TEXT),
    Question("checkin_language_lessons", AnswerKind.CHOICE,
             Options("lessons", ("inburgering", "inburgering_extra", "extra", "none"))),
    Question("checkin_contacts", AnswerKind.NUMBER),
    Question("checkin_contacts_satisfied", AnswerKind.CHOICE, Options("satisfied", ("yes", "partly", "no"))),
    Question("checkin_useful_seen", AnswerKind.CHOICE, Options("useful", ("yes", "sometimes", "no"))),
    Question("checkin_own_activities", AnswerKind.TEXT, Options("activities", ("none",))),
    Question("checkin_finds_help", AnswerKind.CHOICE, Options("finds_help", ("yes", "no", "not_needed"))),
)
_TIPS = Question("checkin_tips", AnswerKind.TEXT)
_WANTS_CONTACT = Question("checkin_wants_contact", AnswerKind.CHOICE, YES_NO)

CHECKIN: dict[str, tuple[Question, ...]] = {
    CheckInKind.SIX_MONTHS: (*_CHECKIN_CORE, _WANTS_CONTACT),
    CheckInKind.TWO_YEARS: (*_CHECKIN_CORE, _TIPS, _WANTS_CONTACT),
}
"""The questions per check-in kind; the two-year visit adds tips for new newcomers."""

ALL: dict[str, Question] = {q.id: q for q in (*INTAKE, *_CHECKIN_CORE, _TIPS, _WANTS_CONTACT)}
"""Every question by id."""

INTAKE_IDS = tuple(q.id for q in INTAKE)
CHECKIN_IDS = tuple(q.id for q in (*_CHECKIN_CORE, _TIPS, _WANTS_CONTACT))


def question(question_id: str) -> Question:
    """The question with this id.

    Raises:
        KeyError: for an unknown id.
    """
    return ALL[question_id]
