"""Rasa's own test of the journey's test stories (`bot/tests/test_journey_stories.yml`) on the trained model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from wegwijz.bot_model import ensure_model
from wegwijz.settings import ROOT, load

STORIES = ROOT / "bot" / "tests" / "test_journey_stories.yml"


def test_journey_test_stories_pass(tmp_path: Path) -> None:
    stories = yaml.safe_load(STORIES.read_text(encoding="utf-8"))["stories"]
    assert len(stories) >= 10
    model = ensure_model(load(), quiet=True)  # trains only when the inputs changed
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1",
               PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--model", str(model), "--stories", str(STORIES),
         "--out", str(tmp_path), "--fail-on-prediction-errors", "--no-plot"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    report = json.loads((tmp_path / "story_report.json").read_text()) if (tmp_path / "story_report.json").exists() \
        else {}
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert report["conversation_accuracy"] == {"accuracy": 1.0, "correct": len(stories), "with_warnings": 0,
                                               "total": len(stories)}
