"""One voice per language: the same address, the same spelling of Zeist and the glossary's gloss everywhere.

Dutch articles say "je", not "u" (titles too: they are the buttons of "did you mean"); Tigrinya
articles address the reader in the polite plural, never in the masculine singular (in the bodies and in the
glossary's explanations and glosses alike); each language spells Zeist one way;
and where a glossary term has a short gloss for a language, the first use of
the term in a body is followed by that gloss.
"""

from __future__ import annotations

import re

from wegwijz import LANGUAGES
from wegwijz.kennisbank.glossary import Term
from wegwijz.kennisbank.model import Kennisbank

_ETHIOPIC_WORD = r"(?<![\u1200-\u137F]){}(?![\u1200-\u137F])"

TI_MASCULINE_SINGULAR = (
    "ኣለካ", "የብልካ", "የብልካን", "ኢኻ", "ንዓኻ", "ምሳኻ", "ይሕግዘካ", "የድልየካ", "ክወሃበካ",
    "ትደሊ", "ሕተት", "ሕተቶ", "ግበር", "ኪድ", "ደውል", "ንገር", "ተጠቐም", "ኣንብብ", "ተኸታተል", "ተለማመድ",
    "ኣለኻ", "ዘለካ", "ዝሰማማዓካ", "ትሕብረካ", "ኣየድልየካን", "ባዕልኻ", "ሰብካ", "ንገሮ", "ስማዕ", "ተዓዘብ",
)
"""Common second-person masculine-singular verb and pronoun forms; the polite plural ends in -ኹም/-ኩም/-u."""

OTHER_ZEIST_SPELLINGS = {
    "ti": ("ዘይስት", "ዜይስት", "ዛይስት"),
    "ar": ("زايست", "زيست"),
}
"""Zeist is written "Zeist" in every language, as on letters and signs; these spellings are refused."""

NL_FORMAL_ADDRESS = re.compile(r"(?<![\w'])(?:u|uw|U|Uw)(?![\w'])")
"""The formal Dutch address; the kennisbank says "je" (kennisbank/README.md)."""

GLOSS_WINDOW = 120
"""How many characters after a term's first use its gloss must start within."""


def _ti_pattern() -> re.Pattern[str]:
    return re.compile("|".join(_ETHIOPIC_WORD.format(re.escape(w)) for w in TI_MASCULINE_SINGULAR))


def voice_problems(kb: Kennisbank, terms: list[Term]) -> list[str]:
    """Every place where an article breaks the one voice of its language."""
    problems: list[str] = []
    ti_masculine = _ti_pattern()
    for term in terms:
        for kind, text in (("explanation", term.explanation.get("ti", "")), ("gloss", term.gloss.get("ti", ""))):
            if found := ti_masculine.findall(text):
                problems.append(f"glossary.yml: the Tigrinya {kind} of '{term.term}' uses the masculine singular "
                                f"{sorted(set(found))}; use the polite plural")
    for article in kb.articles.values():
        for lang in LANGUAGES:
            body = article.translations[lang].body
            title = article.translations[lang].title
            where = f"{article.id}/{lang}.md"
            if lang == "nl" and (found := NL_FORMAL_ADDRESS.findall(title + "\n" + body)):
                problems.append(f"{where}: addresses the reader with 'u' ({len(found)}x); write 'je'")
            if lang == "ti" and (found := ti_masculine.findall(title + "\n" + body)):
                problems.append(f"{where}: masculine singular address {sorted(set(found))}; use the polite plural")
            for spelling in OTHER_ZEIST_SPELLINGS.get(lang, ()):
                if spelling in body:
                    problems.append(f"{where}: writes Zeist as '{spelling}'; write 'Zeist'")
            for term in terms:
                gloss = term.gloss.get(lang)
                if not gloss:
                    continue
                first = term.pattern().search(body)
                if first and gloss not in body[first.end(): first.end() + GLOSS_WINDOW]:
                    problems.append(f"{where}: first '{term.term}' is not followed by the gloss '{gloss}'")
    return problems
