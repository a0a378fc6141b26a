"""The crisis detector: a cue lexicon and nearest-neighbour similarity to crisis exemplars."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from wegwijz import LANGUAGES
from wegwijz.crisis import classifier
from wegwijz.crisis.classifier import CrisisClassifier
from wegwijz.language.normalise import normalise

HERE = Path(__file__).parent
CUES_FILE = HERE / "cues.yml"
EXEMPLARS_FILE = HERE / "exemplars.yml"
OUT_OF_SCOPE_FILE = HERE.parent.parent / "bot" / "data" / "nlu" / "out_of_scope.yml"
"""Everyday messages outside the kennisbank (the NLU's `out_of_scope` examples): contrast for the detector."""

CRISIS_INTENT = "crisis"
"""The NLU intent (and the guard's override) for a crisis message."""

KIND_ARTICLE = {
    "medical": "noodgeval_112",
    "danger": "noodgeval_112",
    "violence": "huiselijk_geweld",
    "child_abuse": "huiselijk_geweld",
    "suicide": "mentale_gezondheid",
}
"""The kennisbank article whose text follows the emergency numbers, per kind of crisis."""

CRISIS_ARTICLES = frozenset(KIND_ARTICLE.values()) | {"huisartsenpost"}
"""Articles about emergencies: their example questions are neither crisis exemplars nor contrast."""

UNSURE_SIGNAL = "unsure"

NEIGHBOUR_THRESHOLD = 0.42
"""Cosine similarity (character 2-4-grams, tf-idf) a crisis exemplar must reach to count."""

_ARABIC_PREFIXES = "(?:و|ف|ب|ل|ال|وال|بال|فال|لل)?"
_TIGRINYA_PREFIXES = "(?:ን|ብ|ካብ|ናብ|ምስ|ከም|ኣብ|እንተ)?"

# Ge'ez letters people write for one another in Tigrinya (ፀ/ጸ, ሠ/ሰ, ሐ/ሀ, ቐ/ቀ, ኸ/ከ, አ/ኣ): each
# row of seven vowel orders is folded onto one row, so "ዓመፅ" meets "ዓመጽ".
_ETHIOPIC_ROWS = ((0x1340, 0x1338), (0x1220, 0x1230), (0x1210, 0x1200), (0x1250, 0x1240), (0x12B8, 0x12A8))
_ETHIOPIC_FOLD = {src + i: dst + i for src, dst in _ETHIOPIC_ROWS for i in range(8)} | {0x12A0: 0x12A3}


def fold(text: str | None) -> str:
    """The shared normalisation, plus the Tigrinya spelling variants."""
    return normalise(text).translate(_ETHIOPIC_FOLD)


@dataclass(frozen=True)
class Detection:
    """Why a message is taken for a crisis."""

    kind: str
    """One of `KIND_ARTICLE`'s keys."""
    signal: str
    """"cue", "neighbour", "classifier" (sure) or "unsure" (the classifier, between its two thresholds)."""
    evidence: str
    """The cue or the exemplar that matched, or the probability (for tests and tuning, never logged)."""

    @property
    def sure(self) -> bool:
        """False when only the classifier, unsure, says so: the numbers come first, then the answer."""
        return self.signal != UNSURE_SIGNAL


def _cue_pattern(cue: str, lang: str) -> str:
    whole = cue.startswith("=")
    body = re.escape(fold(cue.lstrip("="))).replace(r"\ ", r"\s+")
    prefix = {"ar": _ARABIC_PREFIXES, "ti": _TIGRINYA_PREFIXES}.get(lang, "")
    return r"(?<!\w)" + prefix + body + (r"(?!\w)" if whole else "")


def _compile(cues_by_lang: dict[str, list[str]]) -> re.Pattern[str] | None:
    parts = [_cue_pattern(str(cue), lang) for lang, cues in (cues_by_lang or {}).items() for cue in cues or []]
    return re.compile("|".join(parts), re.UNICODE) if parts else None


class CrisisDetector:
    """Finds crisis messages with the cue lexicon and nearest crisis exemplars."""

    def __init__(self, cues: dict, exemplars: dict[str, dict[str, list[str]]], contrast: list[str],
                 classifier: CrisisClassifier | None = None):
        """Builds the detector.

        Args:
            cues: the parsed `cues.yml`.
            exemplars: kind -> language -> crisis messages.
            contrast: ordinary questions (not about emergencies) the neighbours are compared with.
            classifier: the trained classifier (`wegwijz.crisis.classifier`), the third signal.
        """
        self.classifier = classifier
        self.groups = {name: _compile(by_lang) for name, by_lang in cues["groups"].items()}
        self.kinds: list[tuple[str, re.Pattern[str] | None, list[list[str]]]] = [
            (kind, _compile(spec.get("phrases") or {}), [list(p) for p in spec.get("pairs") or []])
            for kind, spec in cues["kinds"].items()
        ]
        texts: list[str] = []
        self._labels: list[str | None] = []
        for kind, by_lang in exemplars.items():
            for lang in LANGUAGES:
                for text in by_lang.get(lang) or []:
                    texts.append(fold(text))
                    self._labels.append(kind)
        self._exemplars = list(texts)
        for text in contrast:
            texts.append(fold(text))
            self._labels.append(None)
        self._vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform(texts)

    def by_cue(self, text: str) -> Detection | None:
        """The first kind whose phrases or word-group pairs occur in the message."""
        folded = fold(text)
        found_groups: dict[str, str] = {}
        for name, pattern in self.groups.items():
            match = pattern.search(folded) if pattern else None
            if match:
                found_groups[name] = match.group(0)
        for kind, phrases, pairs in reversed(self.kinds):  # the more specific kinds are listed last
            match = phrases.search(folded) if phrases else None
            if match:
                return Detection(kind, "cue", match.group(0))
            for pair in pairs:
                if all(group in found_groups for group in pair):
                    return Detection(kind, "cue", " + ".join(found_groups[g] for g in pair))
        return None

    def by_neighbour(self, text: str, threshold: float = NEIGHBOUR_THRESHOLD) -> Detection | None:
        """The kind of the nearest exemplar, when it is a crisis exemplar and similar enough."""
        query = self._vectorizer.transform([fold(text)])
        sims = (self._matrix @ query.T).toarray().ravel()
        best = int(np.argmax(sims))
        kind = self._labels[best]
        if kind is None or sims[best] < threshold:
            return None
        return Detection(kind, "neighbour", self._exemplars[best])

    def by_classifier(self, text: str) -> Detection | None:
        """The classifier's kind when its crisis probability reaches `classifier.UNSURE`."""
        if self.classifier is None:
            return None
        verdict = self.classifier.verdict(text)
        if verdict is None or verdict.probability < classifier.UNSURE:
            return None
        signal = "classifier" if verdict.probability >= classifier.SURE else UNSURE_SIGNAL
        return Detection(verdict.kind, signal, f"{verdict.probability:.2f}")

    def detect(self, text: str | None) -> Detection | None:
        """Whether (and why) a message is a crisis; None for an ordinary message."""
        if not text or not text.strip() or text.lstrip().startswith("/"):
            return None
        return self.by_cue(text) or self.by_neighbour(text) or self.by_classifier(text)


def load_exemplars(path: Path = EXEMPLARS_FILE) -> dict[str, dict[str, list[str]]]:
    """Our own crisis exemplars: kind -> language -> messages."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): {str(lang): [str(t) for t in v] for lang, v in by_lang.items()} for k, by_lang in data.items()}


def contrast_questions(kennisbank_dir: Path) -> list[str]:
    """Ordinary messages: the kennisbank's example questions and titles outside the emergency articles, and
    the NLU's out-of-scope examples (everyday messages the kennisbank does not answer)."""
    from wegwijz.kennisbank import load_kennisbank  # the kennisbank loader is only needed here

    kb = load_kennisbank(kennisbank_dir)
    out: list[str] = []
    for article_id, article in kb.articles.items():
        if article_id in CRISIS_ARTICLES:
            continue
        for tr in article.translations.values():
            out.extend([tr.title, *tr.questions])
    return out + out_of_scope_examples()


def out_of_scope_examples(path: Path = OUT_OF_SCOPE_FILE) -> list[str]:
    """The examples of the NLU's `out_of_scope` intent."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [line.strip()[2:].strip() for block in data.get("nlu") or [] if block.get("intent") == "out_of_scope"
            for line in str(block.get("examples") or "").splitlines() if line.strip().startswith("- ")]


@functools.lru_cache(maxsize=1)
def detector(kennisbank_dir: Path | None = None) -> CrisisDetector:
    """The process-wide detector, made on first use."""
    from wegwijz import settings

    if kennisbank_dir is None:
        kennisbank_dir = settings.get().kennisbank_dir

    cues = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
    contrast = contrast_questions(kennisbank_dir)
    trained = classifier.load_or_train(settings.get().models_dir, contrast)
    return CrisisDetector(cues, load_exemplars(), contrast, trained)


def detect(text: str | None) -> Detection | None:
    """Whether (and why) a message is a crisis, with the process-wide detector."""
    return detector().detect(text)
