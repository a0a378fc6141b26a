"""Check the whole kennisbank, as an editor would before publishing (`make validate`)."""

from __future__ import annotations

import datetime as dt
import sys

from wegwijz import LANGUAGES
from wegwijz.kennisbank.glossary import inconsistencies, load_glossary, missing_explanations
from wegwijz.kennisbank.loader import KennisbankError, load_kennisbank
from wegwijz.kennisbank.model import TranslationStatus
from wegwijz.kennisbank.voice import voice_problems
from wegwijz.settings import get as get_settings


def main() -> int:
    """Validate every article and the glossary; print a short report for editors."""
    root = get_settings().kennisbank_dir
    try:
        kb = load_kennisbank(root)
    except KennisbankError as error:
        print(f"ERROR {error}")
        return 1
    terms = load_glossary(root)
    voice = voice_problems(kb, terms)
    problems = missing_explanations(terms) + inconsistencies(kb, terms) + voice
    for problem in problems:
        print(f"ERROR {problem}")
    today = dt.date.today()
    verify = [a.id for a in kb.articles.values() if a.verify]
    overdue = [a.id for a in kb.articles.values() if a.review_by < today]
    unreviewed = [a.id for a in kb.articles.values() if not a.reviewed]
    outdated = [f"{a.id}/{lang}" for a in kb.articles.values() for lang in LANGUAGES
                if a.status(lang) is TranslationStatus.OUTDATED]
    print(f"kennisbank: {len(kb)} articles in {len(LANGUAGES)} languages, {len(terms)} glossary terms")
    print(f"  to verify by an editor: {len(verify)}; not reviewed by a person yet: {len(unreviewed)}; "
          f"review date passed: {len(overdue)}; "
          f"outdated translations: {len(outdated)}; breaks of the one voice: {len(voice)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
