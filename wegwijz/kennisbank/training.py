"""Generate Rasa training data from the kennisbank.

Editors write example questions once, in the article; this turns them into
`bot/data/nlu/kennisbank.yml` (one intent per article), the rules that send
those intents to `action_answer`, and the intent list in `bot/domain.yml`
(between the GENERATED markers), and the journey's slots, forms and question actions there too
(`wegwijz.journey.domain`). Run by `make train`, checked by the tests.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from wegwijz import LANGUAGES
from wegwijz.journey import domain as journey_domain
from wegwijz.kennisbank.loader import load_kennisbank
from wegwijz.kennisbank.model import Kennisbank
from wegwijz.language.normalise import normalise
from wegwijz.settings import get as get_settings

BEGIN = "  # BEGIN GENERATED kennisbank intents (python -m wegwijz.kennisbank.training)"
END = "  # END GENERATED kennisbank intents"
_ENTITY_SYNTAX = re.compile(r"[\[\]{}]")
HEADER = "# Generated from kennisbank/ by `python -m wegwijz.kennisbank.training`; edit the articles, not this file.\n"


def _clean_example(text: str) -> str:
    return " ".join(_ENTITY_SYNTAX.sub(" ", text).split())


def _hand_written_examples(nlu_dir: Path, skip: Path) -> set[str]:
    seen: set[str] = set()
    for path in sorted(nlu_dir.glob("*.yml")):
        if path == skip:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    seen.add(normalise(line[2:]))
    return seen


def article_examples(kb: Kennisbank, exclude: set[str]) -> dict[str, list[str]]:
    """Example questions per intent, without examples that two intents share.

    Args:
        kb: the kennisbank.
        exclude: normalised examples already used by hand-written intents.

    Returns:
        Intent name to its unique examples (titles included), in file order.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    per_intent: dict[str, list[str]] = {}
    for article in kb.articles.values():
        examples: list[str] = []
        for lang in LANGUAGES:
            tr = article.translations[lang]
            examples.extend([tr.title, *tr.questions])
        cleaned = [e for e in (_clean_example(x) for x in examples) if e]
        per_intent[article.intent] = cleaned
        for e in cleaned:
            owners[normalise(e)].add(article.intent)
    result: dict[str, list[str]] = {}
    for intent, examples in per_intent.items():
        seen: set[str] = set()
        kept = []
        for e in examples:
            key = normalise(e)
            if key in seen or key in exclude or len(owners[key]) > 1:
                continue
            seen.add(key)
            kept.append(e)
        result[intent] = kept
    return result


def render_nlu(examples: dict[str, list[str]]) -> str:
    """The NLU YAML for the article intents."""
    lines = [HEADER, 'version: "3.1"', "nlu:"]
    for intent in sorted(examples):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {e}" for e in examples[intent])
    return "\n".join(lines) + "\n"


def render_rules(intents: list[str]) -> str:
    """One rule per article intent: answer it from the kennisbank."""
    lines = [HEADER, 'version: "3.1"', "rules:"]
    for intent in sorted(intents):
        lines += [
            f"- rule: answer {intent}",
            "  steps:",
            f"  - intent: {intent}",
            "  - action: action_answer",
        ]
    return "\n".join(lines) + "\n"


def render_domain(domain_text: str, intents: list[str]) -> str:
    """The domain text with the generated intent list replaced."""
    start, end = domain_text.index(BEGIN), domain_text.index(END)
    block = "".join(f"  - {i}\n" for i in sorted(intents))
    return domain_text[: start + len(BEGIN)] + "\n" + block + domain_text[end:]


def generate(kennisbank_dir: Path, bot_dir: Path) -> dict[str, str]:
    """Compute every generated file's content (path relative to bot_dir -> text)."""
    kb = load_kennisbank(kennisbank_dir)
    nlu_path = bot_dir / "data" / "nlu" / "kennisbank.yml"
    examples = article_examples(kb, _hand_written_examples(nlu_path.parent, nlu_path))
    intents = sorted(examples)
    domain = (bot_dir / "domain.yml").read_text(encoding="utf-8")
    return {
        "data/nlu/kennisbank.yml": render_nlu(examples),
        "data/rules/kennisbank.yml": render_rules(intents),
        "domain.yml": journey_domain.render(render_domain(domain, intents)),
    }


def write(kennisbank_dir: Path, bot_dir: Path) -> list[str]:
    """Write the generated files; returns those whose content changed."""
    changed = []
    for rel, text in generate(kennisbank_dir, bot_dir).items():
        path = bot_dir / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(rel)
    return changed


def main() -> int:
    """Command line: regenerate the training data from the kennisbank."""
    settings = get_settings()
    changed = write(settings.kennisbank_dir, settings.bot_dir)
    print("training data up to date" if not changed else "updated: " + ", ".join(changed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
