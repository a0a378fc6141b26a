"""Train the Rasa model only when its inputs changed.

The model file is named after a hash of everything that shapes it (config,
domain, training data, our NLU components), so a second `make run` or
`make test` reuses it. Changing an answer's text does not change the inputs:
answers are read from the kennisbank at run time.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

from wegwijz.kennisbank import training
from wegwijz.settings import ROOT, Settings
from wegwijz.settings import get as get_settings


def model_inputs(bot_dir: Path) -> list[Path]:
    """Every file whose content changes the trained model."""
    files = [bot_dir / "config.yml", bot_dir / "domain.yml"]
    files += sorted((bot_dir / "data").rglob("*.yml"))
    files += sorted((ROOT / "wegwijz" / "nlu").glob("*.py"))
    files += [ROOT / "wegwijz" / "language" / "normalise.py"]
    return files


def inputs_hash(bot_dir: Path, config: Path | None = None) -> str:
    """A short hash of the model's inputs (and of an alternative config, if given)."""
    digest = hashlib.sha256()
    files = model_inputs(bot_dir)
    if config is not None:
        files = [config] + files[1:]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(settings: Settings, name: str = "wegwijz", config: Path | None = None) -> Path:
    """Where the model for the current inputs lives."""
    return settings.models_dir / f"{name}-{inputs_hash(settings.bot_dir, config)}.tar.gz"


def ensure_model(settings: Settings | None = None, name: str = "wegwijz", config: Path | None = None,
                 quiet: bool = False) -> Path:
    """Regenerate the kennisbank training data, then train unless a model for these inputs exists.

    Returns:
        The path of the model to serve.
    """
    settings = settings or get_settings()
    training.write(settings.kennisbank_dir, settings.bot_dir)
    target = model_path(settings, name, config)
    _prepare_embeddings(settings)
    _prepare_crisis_classifier(settings)
    if target.exists():
        if not quiet:
            print(f"Model is up to date: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        return target
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    print(f"Training the assistant ({name}); this takes a few minutes the first time...", flush=True)
    started = time.monotonic()
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(config or settings.bot_dir / "config.yml"),
        "--domain", str(settings.bot_dir / "domain.yml"),
        "--data", str(settings.bot_dir / "data"),
        "--out", str(settings.models_dir),
        "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]
    subprocess.run(command, check=True, cwd=ROOT)
    print(f"Trained in {time.monotonic() - started:.0f} s: {target.name}", flush=True)
    return target


def _prepare_embeddings(settings: Settings) -> None:
    """Embed every example question once, so the action server starts warm."""
    from wegwijz.answering.embeddings import embeddings_cache_path
    from wegwijz.answering.matcher import matcher_for
    from wegwijz.kennisbank import load_kennisbank

    matcher_for(settings.kennisbank_dir, load_kennisbank(settings.kennisbank_dir), embeddings_cache_path(settings))


def _prepare_crisis_classifier(settings: Settings) -> None:
    """Train the crisis classifier when its inputs changed, so the servers only load it."""
    from wegwijz.crisis import classifier
    from wegwijz.crisis.detect import contrast_questions

    classifier.load_or_train(settings.models_dir, contrast_questions(settings.kennisbank_dir))


def test_stories(settings: Settings | None = None) -> int:
    """Run Rasa's test stories (`bot/tests/`) against the current model; non-zero on any wrong prediction."""
    settings = settings or get_settings()
    model = ensure_model(settings, quiet=True)
    out = settings.var_dir / "rasa-test"
    command = [
        sys.executable, "-m", "rasa", "test", "core", "--model", str(model),
        "--stories", str(settings.bot_dir / "tests"), "--endpoints", str(settings.bot_dir / "endpoints.yml"),
        "--out", str(out), "--fail-on-prediction-errors",
    ]
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode:
        print(f"Test stories failed; see {out / 'failed_test_stories.yml'}", file=sys.stderr)
    return result.returncode


def main() -> int:
    """Command line: `make train`, or `--test-stories` for Rasa's test stories."""
    if "--test-stories" in sys.argv[1:]:
        return test_stories()
    ensure_model()
    return 0


if __name__ == "__main__":
    sys.exit(main())
