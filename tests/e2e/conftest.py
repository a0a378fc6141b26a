"""Browser fixtures for the web chat tests: Debian's chromium via Playwright, at a phone's size."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.e2e.browser import ARGS, CHROMIUM, PHONE


@pytest.fixture(scope="module")
def page_factory() -> Iterator[Callable[..., Any]]:
    """New pages (each in its own browser context, so its own cookies and storage) at a phone's size."""
    if not CHROMIUM.exists():
        message = "Debian's chromium is missing: run `make browser-deps`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield lambda **options: browser.new_context(viewport=PHONE, **options).new_page()
        finally:
            browser.close()
