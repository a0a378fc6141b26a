"""The action server: rasa-sdk's app behind the action secret, on loopback unless told otherwise.

rasa-sdk itself checks nobody and binds all interfaces.  Here every request except `/health` must carry
the header `X-WegwijZ-Action-Secret` (Rasa sends it: see the endpoints file written by `wegwijz.stack`).
`python -m wegwijz.action_server --port 5055`; `ACTION_HOST` (default 127.0.0.1) sets the interface.
"""

from __future__ import annotations

import argparse
import logging
import os

from rasa_sdk.endpoint import create_app as create_sdk_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from wegwijz import log_privacy
from wegwijz.doorkeys import ACTION_HEADER, action_secret, matches
from wegwijz.settings import load

EMBEDDING_THREADS = {"OMP_NUM_THREADS": "1"}
"""One core per question for the embedding engine (OpenMP), unless the environment says otherwise.

The answer threads (`wegwijz.conversation.rasa_bridge.off_the_loop`) embed questions side by side; an
OpenMP team per question would spin on cores the others, and Rasa, need.  Set before the engine loads.
"""

OPEN_PATHS = frozenset({"/health"})
"""Paths that answer without the secret (they reveal nothing)."""


def create_app(secret: str, actions: str = "bot.actions") -> Sanic:
    """rasa-sdk's application for `actions`, refusing requests without `secret` (401).

    Args:
        secret: the shared action secret.
        actions: the package with the actions.
    """
    if not secret:
        raise ValueError("the action server needs a secret")
    app = create_sdk_app(actions, cors_origins=None)

    @app.middleware("request")
    async def require_secret(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        if not matches(request.headers.get(ACTION_HEADER), secret):
            return response.json({"error": "unauthorized"}, status=401)
        _remember_latest_text(request)
        return None

    return app


def _remember_latest_text(request: Request) -> None:
    """Note the person's last message, so no log line of the actions shows it."""
    try:
        call = request.json
    except Exception:  # noqa: BLE001 - rasa-sdk answers a bad body itself
        return
    if isinstance(call, dict) and isinstance(call.get("tracker"), dict):
        latest = call["tracker"].get("latest_message")
        if isinstance(latest, dict):
            log_privacy.remember(latest.get("text"))


def main() -> None:
    """Serve the actions (one worker) on `ACTION_HOST`:`--port`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", "5055")))
    parser.add_argument("--actions", default="bot.actions")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log_privacy.install()
    for name, value in EMBEDDING_THREADS.items():
        os.environ.setdefault(name, value)  # read once, when the actions load the embedding engine
    settings = load()
    settings.check()
    host = os.environ.get("ACTION_HOST", "127.0.0.1")
    app = create_app(action_secret(settings.var_dir), args.actions)
    logging.getLogger(__name__).info("action server on http://%s:%d", host, args.port)
    app.run(host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
