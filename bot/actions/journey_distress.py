"""Distress inside the intake: "my daughter does not sleep and I am exhausted" is heard, not filed as an answer.

A real crisis never reaches the form (the crisis rule takes over, `wegwijz.crisis`). This is the milder
case: a person who is worn out, sleeps badly, worries or is sad says so where the intake expects an
answer. They get a kind word and the right door first (the CJG when a child is named, the huisarts
always), and then the intake goes on with the same question. Only the care-worries question takes
such a sentence as its answer (it asks for exactly that, with consent), so it is stored there.

The cues are matched on the shared normalisation (Arabic folded, Ge'ez variants folded) at word
starts; a cue with "=" must be a whole word. Kept narrow: a false notice costs one kind word, but a
sentence that is an answer ("I worked in night shifts") must not lose its place.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from wegwijz.conversation.replies import Reply
from wegwijz.crisis.detect import fold
from wegwijz.texts import say

STRAIN: dict[str, tuple[str, ...]] = {
    "en": ("exhausted", "=tired", "worn out", "cannot sleep", "can't sleep", "cant sleep", "does not sleep",
           "doesn't sleep", "doesnt sleep", "do not sleep", "don't sleep", "dont sleep", "not sleeping",
           "sleeps badly", "sleep badly", "no sleep", "nightmares", "worried", "i worry", "so much stress",
           "stressed", "=sad", "depressed", "lonely", "crying", "i cry", "can't cope", "cannot cope",
           "too much for me", "overwhelmed", "panic"),
    "nl": ("uitgeput", "doodmoe", "=moe", "kapot van", "op van de zenuwen", "slaap niet", "slaapt niet",
           "slapen niet", "slaap slecht", "slaapt slecht", "slecht slapen", "niet slapen", "kan niet slapen",
           "nachtmerries", "maak me zorgen", "maak mij zorgen", "veel zorgen", "bezorgd", "stress",
           "verdrietig", "somber", "depressief", "eenzaam", "huil", "ik kan niet meer", "te veel voor mij",
           "te veel voor me", "paniek"),
    "ar": ("متعب", "تعبان", "تعبانه", "تعبت", "منهك", "مرهق", "ما تنام", "لا تنام", "ما ينام", "لا ينام",
           "ما بتنام", "ما بينام", "ما عم تنام", "ما عم ينام", "ما انام", "لا انام", "ما بنام", "قلة النوم",
           "=ارق", "كوابيس", "قلق", "قلقان", "حزين", "حزينه", "مكتئب",
           "اكتئاب", "اشعر بالوحده", "ابكي", "بكاء", "ما عدت اقدر", "ما بقدر اتحمل", "ضغط نفسي", "مضغوط"),
    "ti": ("ደኺመ", "ደኺማ", "ደኺሙ", "ድኻም", "ኣይድቅስን", "ኣይትድቅስን", "ኣይደቅስን", "ድቃስ የብለይን",
           "ድቃስ የብላን", "ድቃስ የብሉን", "ድቃስ ስኢነ", "ሕማቕ ሕልሚ", "ተሻቒለ", "ስክፍታ", "ጭንቀት", "ሓዚነ",
           "ሓዘን", "እበኪ", "ንብዓት", "ክጻወሮ ኣይከኣልኩን"),
}
"""Signs of strain: sleep, exhaustion, worry, sadness, loneliness."""

CHILD: dict[str, tuple[str, ...]] = {
    "en": ("child", "kid", "=son", "daughter", "baby", "=boy", "=girl"),
    "nl": ("kind", "zoon", "dochter", "baby", "jongen", "meisje"),
    "ar": ("طفل", "اطفال", "ابني", "بنتي", "ابنتي", "ولدي", "اولادي", "الولد", "البنت", "الطفل", "بيبي"),
    "ti": ("ወደይ", "ጓለይ", "ደቀይ", "ውላደይ", "ቆልዓ", "ቆልዑ", "ህጻን", "ሕጻን"),
}
"""A child named: the CJG helps with children's sleep, worries and upbringing."""

_PREFIXES = {"ar": "(?:و|ف|ب|ل|ال|وال|بال|فال|لل)?", "ti": "(?:ን|ብ|ካብ|ናብ|ምስ|ከም|ኣብ|እንተ)?"}


def _pattern(cues: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    parts = []
    for lang, words in cues.items():
        for cue in words:
            whole = cue.startswith("=")
            body = re.escape(fold(cue.lstrip("="))).replace(r"\ ", r"\s+")
            parts.append(r"(?<!\w)" + _PREFIXES.get(lang, "") + body + (r"(?!\w)" if whole else ""))
    return re.compile("|".join(parts), re.UNICODE)


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _pattern(STRAIN), _pattern(CHILD)


@dataclass(frozen=True)
class Distress:
    """A sign of strain in a message, and whether a child is named in it."""

    about_a_child: bool


def notice(text: str | None) -> Distress | None:
    """The strain a message shows, or None (also for a button's payload)."""
    if not text or text.lstrip().startswith("/"):
        return None
    strain, child = _patterns()
    folded = fold(text)
    if not strain.search(folded):
        return None
    return Distress(about_a_child=bool(child.search(folded)))


def replies(distress: Distress, lang: str, answer_kept: bool) -> list[Reply]:
    """A kind word, the CJG (for a child) and the huisarts, and how the intake goes on, in this order."""
    lines = [say("journey_distress_kind", lang)]
    if distress.about_a_child:
        lines.append(say("journey_distress_cjg", lang))
    lines.append(say("journey_distress_huisarts", lang))
    lines.append(say("journey_distress_kept" if answer_kept else "journey_distress_go_on", lang))
    return [Reply(line) for line in lines]
