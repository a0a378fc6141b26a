"""Browser fixtures for the web chat tests: Debian's chromium via Playwright, at a phone's size."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.e2e.browser import ARGS, CHROMIUM, PHONE
from tests.rasa_stack import RasaStack, free_port
from wegwijz.web.app import create_app


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


@contextlib.contextmanager
def serve_webchat(rasa_stack: RasaStack, **app_options: Any) -> Iterator[str]:
    """Serve the web chat (waitress in a thread) in front of the real Rasa and action server; its address."""
    from waitress.server import create_server

    settings = dataclasses.replace(rasa_stack.settings, web_port=free_port())
    server = create_server(create_app(settings, **app_options), host="127.0.0.1", port=settings.web_port,
                           threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{settings.web_port}/"
    finally:
        server.close()


@pytest.fixture(scope="module")
def webchat_url(rasa_stack: RasaStack) -> Iterator[str]:
    """The web chat, with its own rate limit, in front of the real assistant."""
    # The action server loads the answer matcher (embeddings) on the first question; on a busy machine
    # that can outlast a page's wait, so one question goes first, with room to take its time.
    rasa_stack.talk("web:warm-up", "huisarts", timeout=600, metadata={"language": "nl"})
    with serve_webchat(rasa_stack) as url:
        yield url
