"""What the browser tests share: Debian's chromium, a phone's screen, where screenshots go."""

from __future__ import annotations

from pathlib import Path

from wegwijz.settings import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
"""Screenshots for people to look at (not kept in git)."""
PHONE = {"width": 390, "height": 844}
