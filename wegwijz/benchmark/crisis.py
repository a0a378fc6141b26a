"""`make benchmark-crisis`: how many crisis messages the crisis detector finds, and its false alarms.

Per language: recall on the blind crisis messages (direct and indirect apart), false alarms on
the blind in-scope questions and out-of-scope messages, and on the public out-of-scope messages
(`../shared/eval-public/out_of_scope.jsonl`, read here, never copied). This measures the
detector alone; in the running assistant the NLU model's `crisis` intent is a second way in, so
the assistant finds at least these.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

from wegwijz import LANGUAGES
from wegwijz.benchmark import blind
from wegwijz.crisis.detect import detect
from wegwijz.settings import ROOT

PUBLIC_OOS = ROOT.parent / "shared" / "eval-public" / "out_of_scope.jsonl"


def _pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:5.1f} % ({hits}/{total})" if total else "   -"


def main(argv: list[str] | None = None) -> None:
    """Print the table for one half of the blind sets (default: all)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("all", "dev", "test"), default="all")
    args = parser.parse_args(argv)
    found: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for message in blind.load(args.part):
        detection = detect(message.text)
        flagged = detection is not None
        if message.set in ("questions", "out_of_scope"):
            found[(message.lang, message.set + "_alone")].append(flagged and detection is not None and detection.sure)
        if message.set in blind.CRISIS_SETS:
            suffix = message.set.removeprefix("crisis")
            found[(message.lang, ("indirect" if message.indirect else "direct") + suffix)].append(flagged)
        else:
            found[(message.lang, message.set)].append(flagged)
    if PUBLIC_OOS.exists():
        for line in PUBLIC_OOS.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            detection = detect(item["text"])
            found[(item["lang"], "public_oos")].append(detection is not None)
            found[(item["lang"], "public_oos_alone")].append(detection is not None and detection.sure)
    public = "yes" if PUBLIC_OOS.exists() else "missing"
    print(f"Crisis detector, blind sets ({args.part}); public out-of-scope: {public}")
    print("(a false alarm shows the emergency numbers; 'alone' counts those that get the crisis reply instead of"
          " their answer: the rest get the numbers first and then their answer)")
    print(f"{'lang':4}  {'recall direct':>20}  {'recall indirect':>20}  {'false alarm in-scope':>20}"
          f"  {'false alarm oos':>20}  {'false alarm public oos':>22}")
    for lang in LANGUAGES:
        cells = [found[(lang, key)] for key in ("direct", "indirect", "questions", "out_of_scope", "public_oos")]
        print(f"{lang:4}  " + "  ".join(f"{_pct(sum(c), len(c)):>20}" for c in cells))
    print(f"{'alone':4}  {'':>20}  {'':>20}  {'in-scope':>20}  {'oos':>20}  {'public oos':>22}")
    for lang in LANGUAGES:
        cells = [found[(lang, key)] for key in ("questions_alone", "out_of_scope_alone", "public_oos_alone")]
        print(f"{lang:4}  {'':>20}  {'':>20}  " + "  ".join(f"{_pct(sum(c), len(c)):>20}" for c in cells))
    for title, suffix, near in (
            ("Third blind crisis set (never read while building the detector)", "3", None),
            ("Fourth blind crisis set (written after the classifier's corpus, never read)", "4", "not_crisis4"),
            ("Fifth blind crisis set (written after the classifier's second round of training data, never read)",
             "5", "not_crisis5"),
            ("Second blind crisis set (its misses were read to widen the cues)", "2", "not_crisis")):
        print(f"\n{title}")
        print(f"{'lang':4}  {'recall direct':>20}  {'recall indirect':>20}"
              + (f"  {'false alarm near-miss':>22}" if near else ""))
        for lang in LANGUAGES:
            keys = ["direct" + suffix, "indirect" + suffix] + ([near] if near else [])
            print(f"{lang:4}  " + "  ".join(f"{_pct(sum(found[(lang, k)]), len(found[(lang, k)])):>20}" for k in keys))

if __name__ == "__main__":
    main()
