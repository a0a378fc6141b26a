"""A trained crisis classifier: the signal that finds crisis messages in words nobody listed.

The cue lexicon and the nearest exemplar find what their authors wrote down; on crisis messages
by other writers they found about half. This classifier is trained on many writers' crisis
messages (our exemplars, the blind training corpora in `corpus/`, the first two blind crisis
sets) against ordinary messages (the kennisbank's example questions and titles, the writers'
near-misses, the development half of the blind questions). Features: character 2–5-grams within
words and word 1–2-grams on the folded text, so it works alike in Latin, Arabic and Ge'ez script;
a multinomial logistic regression gives the probability of each kind and of "none".

Trained once per change of its inputs and kept in `models/` (about half a minute on two cores);
loading takes well under a second.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from wegwijz import LANGUAGES

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
CORPUS_DIR = HERE / "corpus"
NONE = "none"

SURE = 0.90
"""Probability of a crisis (1 − P(none)) at which the message is taken for a crisis outright."""
UNSURE = 0.50
"""From here up to `SURE` the emergency numbers come first and the question is answered after them.

Both chosen on leave-one-writer-out predictions of the training writers (the development data): at 0.50
the writers left out had 97–99 % of their crisis messages found (98–99 % with the cues), while 5 % of the
ordinary messages of the two writers of ordinary messages got the numbers first; at 0.90 almost no
ordinary message is taken for a crisis outright."""

MIN_WORDS = 4
"""Shorter messages ("from Homs", "two children") are left to the cues: too little text to weigh."""

FORMAT = 1
"""Bumped when the stored classifier's shape changes."""


@dataclass(frozen=True)
class Verdict:
    """The classifier's view of one message."""

    probability: float
    """1 − P(none)."""
    kind: str
    """The likeliest crisis kind."""


def _texts_of(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    crisis = [(str(i["q"]), str(i["kind"])) for i in data.get("crisis") or []]
    return crisis, [str(i["q"]) for i in data.get("not_crisis") or []]


def corpus_files() -> list[Path]:
    """The crisis corpora of the training writers, the first two blind crisis sets, the blind development
    set and our exemplars."""
    from wegwijz.benchmark import blind  # the blind sets live with the benchmark

    files = sorted(CORPUS_DIR.glob("*/*.yml"))
    files += [blind.SECOND_CRISIS_DIR / f"{lang}.yml" for lang in LANGUAGES]
    files += [blind.BLIND_DIR / f"{lang}.yml" for lang in LANGUAGES]
    files += [blind.DEVELOPMENT_DIR / f"{lang}.yml" for lang in LANGUAGES]  # its questions are contrast too
    files = [f for f in files if f.exists()]  # a new language may have no blind set yet
    return files + [HERE / "exemplars.yml", Path(__file__)]


def training_data(contrast: list[str]) -> tuple[list[str], list[str]]:
    """(texts, labels): crisis messages labelled with their kind, ordinary ones with `NONE`."""
    from wegwijz.benchmark import blind
    from wegwijz.crisis.detect import CRISIS_ARTICLES, load_exemplars

    texts: list[str] = []
    labels: list[str] = []
    second = [blind.SECOND_CRISIS_DIR / f"{lang}.yml" for lang in LANGUAGES]
    for path in sorted(CORPUS_DIR.glob("*/*.yml")) + [f for f in second if f.exists()]:
        crisis, ordinary = _texts_of(path)
        texts += [t for t, _ in crisis] + ordinary
        labels += [k for _, k in crisis] + [NONE] * len(ordinary)
    for message in blind.load("all", sets=("crisis",)):
        texts.append(message.text)
        labels.append(str(message.kind))
    for message in blind.load("dev", sets=("questions", "out_of_scope")):
        if message.article in CRISIS_ARTICLES:  # "which number is for an ambulance": no contrast
            continue
        texts.append(message.text)
        labels.append(NONE)
    for kind, by_lang in load_exemplars().items():
        for lang in LANGUAGES:
            texts += by_lang.get(lang) or []
            labels += [kind] * len(by_lang.get(lang) or [])
    texts += contrast
    labels += [NONE] * len(contrast)
    return texts, labels


class CrisisClassifier:
    """Character and word n-grams, logistic regression over the kinds and `NONE`."""

    def __init__(self, texts: list[str], labels: list[str]) -> None:
        from wegwijz.crisis.detect import fold

        folded = [fold(t) for t in texts]
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, max_features=200_000)
        self.words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                     token_pattern=r"(?u)\b\w+\b")
        features = hstack([self.chars.fit_transform(folded), self.words.fit_transform(folded)]).tocsr()
        self.model = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
        self.model.fit(features, labels)
        self._none = list(self.model.classes_).index(NONE)

    def verdicts(self, texts: list[str]) -> list[Verdict]:
        """The verdict for each text."""
        from wegwijz.crisis.detect import fold

        folded = [fold(t) for t in texts]
        features = hstack([self.chars.transform(folded), self.words.transform(folded)]).tocsr()
        probabilities = self.model.predict_proba(features)
        out = []
        for row in probabilities:
            kinds = row.copy()
            kinds[self._none] = -1.0
            out.append(Verdict(float(1.0 - row[self._none]), str(self.model.classes_[int(np.argmax(kinds))])))
        return out

    def verdict(self, text: str) -> Verdict | None:
        """The verdict for one text; None for a message of fewer than `MIN_WORDS` words."""
        if len(text.split()) < MIN_WORDS:
            return None
        return self.verdicts([text])[0]


def inputs_hash(contrast: list[str]) -> str:
    """A short hash of what shapes the classifier."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for path in corpus_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for text in contrast:
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()[:16]


def stored_path(models_dir: Path, contrast: list[str]) -> Path:
    """Where the classifier for these inputs is kept."""
    return models_dir / f"crisis-{inputs_hash(contrast)}.pkl"


def load_or_train(models_dir: Path, contrast: list[str]) -> CrisisClassifier:
    """The stored classifier for these inputs, trained and stored first when there is none."""
    path = stored_path(models_dir, contrast)
    if path.exists():
        try:
            loaded: Any = pickle.loads(path.read_bytes())  # our own file, written below
            if isinstance(loaded, CrisisClassifier):
                return loaded
        except Exception:  # noqa: BLE001 - a damaged or foreign file is trained again
            log.warning("stored crisis classifier unreadable; training it again")
    classifier = CrisisClassifier(*training_data(contrast))
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_bytes(pickle.dumps(classifier))
    partial.replace(path)
    return classifier
