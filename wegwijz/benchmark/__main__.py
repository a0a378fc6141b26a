"""`make benchmark`: correct-article rate, out-of-scope declined and reply language, per language.

Three systems on the same held-out test questions, in one run:
- WegwijZ: our Rasa model + BM25 + embeddings, with the thresholds in `Tuning`;
- Rasa's default pipeline (the config `rasa init` uses), trained on the same data;
- BM25 alone over the same articles.
With `--tune`, the matcher's weights and thresholds are searched on the
development half and the best are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import itertools
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from wegwijz import LANGUAGES
from wegwijz.answering.embeddings import embeddings_cache_path
from wegwijz.answering.matcher import ALL_SIGNALS, Decision, Matcher, Signals, Tuning
from wegwijz.benchmark import heldout
from wegwijz.bot_model import ensure_model
from wegwijz.kennisbank import load_kennisbank
from wegwijz.language import detect_language
from wegwijz.settings import ROOT
from wegwijz.settings import get as get_settings

DEFAULT_CONFIG = Path(__file__).with_name("rasa_default_config.yml")
BM25_FLOOR = 12.0
"""BM25 alone declines below this score (about two shared words)."""


def _parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def run() -> list[dict[str, Any]]:
        return [await agent.parse_message(t) for t in texts]

    return asyncio.run(run())


@dataclasses.dataclass
class Outcome:
    """What one system did with one question."""

    answered: str | None  # article answered with confidence
    top3: list[str]
    declined: bool
    lang: str


def ours(matcher: Matcher, signals: Signals, text: str, use: tuple[str, ...] = ALL_SIGNALS) -> Outcome:
    """Our decision for one question (the same code the action server runs)."""
    match = matcher.decide_from(signals, use)
    ranked = matcher.combine(signals, use)
    answered = match.article if match.decision is Decision.ANSWER else None
    return Outcome(answered, [a for a, _ in ranked[:3]], match.decision is Decision.DECLINE,
                   detect_language(text).language)


def rasa_default(parse: dict[str, Any], text: str) -> Outcome:
    """Rasa's default pipeline: its top intent, with its own fallback threshold."""
    intent = (parse.get("intent") or {}).get("name") or ""
    ranking = [r["name"][3:] for r in parse.get("intent_ranking") or [] if str(r.get("name", "")).startswith("kb_")]
    answered = intent[3:] if intent.startswith("kb_") else None
    return Outcome(answered, ranking[:3], answered is None, detect_language(text).language)


def bm25_alone(matcher: Matcher, text: str, floor: float) -> Outcome:
    """BM25 alone: the best-scoring article, declined below a score floor."""
    scores = sorted(matcher.bm25.scores(text).items(), key=lambda kv: kv[1], reverse=True)
    top = [a for a, _ in scores[:3]]
    answered = top[0] if scores and scores[0][1] >= floor else None
    return Outcome(answered, top, answered is None, detect_language(text).language)


def score(questions: list[heldout.Question], outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    """Per-language rates: top1, top3, wrong (answered with the wrong article), oos_declined, lang."""
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for q, o in zip(questions, outcomes):
        c = counts[q.lang]
        c["lang_ok"] += o.lang == q.lang
        c["n"] += 1
        if q.article is None:
            c["oos"] += 1
            c["oos_declined"] += o.declined
        else:
            c["in"] += 1
            c["top1"] += o.answered == q.article
            c["top3"] += q.article in o.top3
            c["wrong"] += o.answered is not None and o.answered != q.article
    table = {}
    for lang in LANGUAGES:
        c = counts[lang]
        table[lang] = {
            "top1": c["top1"] / max(c["in"], 1), "top3": c["top3"] / max(c["in"], 1),
            "wrong": c["wrong"] / max(c["in"], 1), "oos_declined": c["oos_declined"] / max(c["oos"], 1),
            "lang": c["lang_ok"] / max(c["n"], 1), "in": c["in"], "oos": c["oos"],
        }
    return table


def dialogue_misroutes(parses: list[dict[str, Any]], threshold: float) -> int:
    """Questions the model would hand to a dialogue action (greet, help, ...) at a FallbackClassifier threshold."""
    count = 0
    for parse in parses:
        ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
        if ranking and ranking[0]["confidence"] >= threshold and not (
                str(ranking[0]["name"]).startswith("kb_") or ranking[0]["name"] == "out_of_scope"):
            count += 1
    return count


def print_table(name: str, table: dict[str, dict[str, float]]) -> None:
    """One system's figures, one line per language."""
    print(f"\n{name}")
    print(f"  {'lang':4} {'in':>4} {'oos':>4} {'top-1':>7} {'top-3':>7} {'wrong':>7} "
          f"{'oos declined':>13} {'reply lang':>11}")
    for lang, r in table.items():
        print(f"  {lang:4} {r['in']:4.0f} {r['oos']:4.0f} {r['top1']:7.1%} {r['top3']:7.1%} {r['wrong']:7.1%} "
              f"{r['oos_declined']:13.1%} {r['lang']:11.1%}")


def tune(matcher: Matcher, questions: list[heldout.Question], signals: list[Signals]) -> Tuning:
    """Grid-search weights and thresholds on the development half.

    Objective, per question: an in-scope question scores +1 when answered right
    and -2 when answered wrong (a confident wrong answer is worse than a "did
    you mean"); an out-of-scope one +4 when declined and -2 when answered (there
    are about four times fewer of them).
    """
    start, best, best_value = matcher.tuning, matcher.tuning, -1e9
    grid = itertools.product([0.3, 0.4, 0.5], [0.15, 0.2, 0.3], [0.1, 0.15, 0.25], [10.0, 15.0], [0.003, 0.005],
                             [0.25, 0.3, 0.35], [0.5, 0.7], [0.2, 0.25], [0.0, 0.84, 0.86, 0.88])
    for rasa_w, bm25_w, dense_w, bm25_t, dense_t, answer, oos, suggest, floor in grid:
        matcher.tuning = dataclasses.replace(start, rasa=rasa_w, bm25=bm25_w, dense=dense_w,
                                             bm25_temperature=bm25_t, dense_temperature=dense_t, answer=answer,
                                             out_of_scope=oos, suggest=min(suggest, answer), dense_floor=floor)
        outcomes = [ours(matcher, s, q.text) for q, s in zip(questions, signals)]
        value = 0.0
        for q, o in zip(questions, outcomes):
            if q.article is None:
                value += 4 * o.declined - 2 * (o.answered is not None)
            else:
                value += (o.answered == q.article) - 2 * (o.answered not in (None, q.article))
        if value > best_value:
            best, best_value = matcher.tuning, value
    matcher.tuning = best
    return best


def main() -> int:
    """Run the benchmark and print the figures."""
    import logging

    import structlog

    logging.disable(logging.INFO)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", action="store_true", help="search weights/thresholds on the dev half")
    parser.add_argument("--no-baseline", action="store_true", help="skip training Rasa's default pipeline")
    parser.add_argument("--part", default="test", choices=["test", "dev", "all"])
    args = parser.parse_args()
    settings = get_settings()
    kb = load_kennisbank(settings.kennisbank_dir)
    matcher = Matcher(kb, embeddings_cache_path(settings))
    model = ensure_model(settings)
    if args.tune:
        dev = heldout.load("dev")
        parses = _parse_all(model, [q.text for q in dev])
        dev_signals = [matcher.signals(q.text, p.get("intent_ranking") or []) for q, p in zip(dev, parses)]
        print("Development questions taken for a dialogue intent, by FallbackClassifier threshold:",
              {t: dialogue_misroutes(parses, t) for t in (0.2, 0.25, 0.3, 0.4, 0.5)})
        print("Best on the development half:", tune(matcher, dev, dev_signals))
    questions = heldout.load(args.part)
    texts = [q.text for q in questions]
    started = time.monotonic()
    parses = _parse_all(model, texts)
    signals = [matcher.signals(t, p.get("intent_ranking") or []) for p, t in zip(parses, texts)]
    outcomes = [ours(matcher, s, t) for s, t in zip(signals, texts)]
    per_question = (time.monotonic() - started) / max(len(texts), 1)
    print(f"Held-out {args.part} half: {len(questions)} questions; matcher tuning: {matcher.tuning}")
    print_table("WegwijZ (Rasa model + BM25 + embeddings)", score(questions, outcomes))
    for label, use in (("Rasa model + embeddings (no BM25)", ("rasa", "dense")),
                       ("Embeddings alone", ("dense",)), ("Rasa model alone (our pipeline)", ("rasa",))):
        print_table(label, score(questions, [ours(matcher, s, t, use) for s, t in zip(signals, texts)]))
    print_table("Baseline: BM25 alone", score(questions, [bm25_alone(matcher, t, BM25_FLOOR) for t in texts]))
    if not args.no_baseline:
        baseline = ensure_model(settings, name="rasa-default", config=DEFAULT_CONFIG)
        base_parses = _parse_all(baseline, texts)
        print_table("Baseline: Rasa default pipeline (rasa init config)",
                    score(questions, [rasa_default(p, t) for p, t in zip(base_parses, texts)]))
    print(f"\nMean time per question (Rasa parse + matcher, in process): {per_question * 1000:.0f} ms")
    print("Reply language: every system uses the same detector here; only WegwijZ's is shown by the assistant.")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
