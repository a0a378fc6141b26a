"""No log file holds what a newcomer typed: names, a BSN, an address, raw control bytes.

A stack of its own (Rasa with --debug, which logs every message it receives, the action server and the
web chat in-process), a conversation with the demo newcomers' names, then every log file is read after
the processes stopped, so nothing can still be on its way.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import uuid
from pathlib import Path

import requests
from waitress.server import create_server

from tests.rasa_stack import free_port
from wegwijz import db, log_privacy
from wegwijz.bot_model import ensure_model
from wegwijz.doorkeys import CHANNEL_HEADER, CHANNEL_SECRET_ENV
from wegwijz.settings import load
from wegwijz.stack import Stack, action_server_command, child_env, rasa_server_command, wait_until_up, write_endpoints
from wegwijz.web.app import create_app

NAMES = ["Amina Voorbeeld", "Yonas Voorbeeld", "Karim Voorbeeld", "Sara Voorbeeld", "Dawit Voorbeeld"]
BSN = "123456782"
ADDRESS = "Slotlaan 123"
MESSAGES = [
    "hallo",
    f"/ik ben {NAMES[0]}, BSN {BSN}, ik woon op {ADDRESS}",
    f"/intake{{\"name\": \"{NAMES[1]}\", \"bsn\": \"{BSN}\"}}",
    f"Mijn naam is {NAMES[2]} en mijn BSN is {BSN}",
    f"\x1b[31m{NAMES[3]}\x1b[0m woont op {ADDRESS}\x07",
    f"/{NAMES[4]} {BSN[:3]} {BSN[3:6]} {BSN[6:]}",
]


def test_no_log_shows_what_people_typed(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    rasa_port, action_port = free_port(), free_port()
    settings = dataclasses.replace(load(), database_url=f"sqlite:///{var_dir / 'logs.db'}", var_dir=var_dir,
                                   action_port=action_port, rasa_url=f"http://127.0.0.1:{rasa_port}",
                                   web_port=free_port())
    db.migrate(settings.database_url)
    model = ensure_model(settings, quiet=True)
    env = child_env(settings, SANIC_HOST="127.0.0.1", ACTION_PORT=str(action_port), RASA_URL=settings.rasa_url)
    logs = var_dir / "logs"
    logs.mkdir()
    stack = Stack()
    stack.start("actions", action_server_command(action_port), env, logs / "actions.log")
    stack.start("rasa", [*rasa_server_command(model, write_endpoints(settings, action_port), rasa_port,
                                              env["RASA_TOKEN"]), "--debug"], env, logs / "rasa.log")
    previous = os.environ.get(CHANNEL_SECRET_ENV)
    os.environ[CHANNEL_SECRET_ENV] = env[CHANNEL_SECRET_ENV]
    server = create_server(create_app(settings), host="127.0.0.1", port=settings.web_port, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", 120, stack)
        wait_until_up(f"{settings.rasa_url}/", 300, stack)
        rest_sender = f"web:logs{uuid.uuid4().hex[:8]}"
        web_sender = uuid.uuid4().hex[:12]
        for message in MESSAGES:
            rest = requests.post(f"{settings.rasa_url}/webhooks/rest/webhook",
                                 json={"sender": rest_sender, "message": message},
                                 headers={CHANNEL_HEADER: env[CHANNEL_SECRET_ENV]}, timeout=120)
            assert rest.status_code == 200 and rest.json()
            web = requests.post(f"http://127.0.0.1:{settings.web_port}/chat",
                                json={"sender": web_sender, "message": message}, timeout=120)
            assert web.status_code == 200 and web.json()["replies"]
    finally:
        server.close()
        stack.stop()
        if previous is None:
            os.environ.pop(CHANNEL_SECRET_ENV, None)
        else:
            os.environ[CHANNEL_SECRET_ENV] = previous
    files = sorted(logs.glob("*.log*"))
    assert {f.name for f in files} >= {"rasa.log", "actions.log"}
    text = "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)
    assert '"parse_data_text": "[tekst]"' in text  # --debug really logged the messages, redacted
    assert log_privacy.REDACTED_TEXT in text
    for secret in [*NAMES, *(n.split()[0] for n in NAMES), BSN, f"{BSN[:3]} {BSN[3:6]}", ADDRESS, "\x1b", "\x07"]:
        assert secret not in text, f"{secret!r} is in a log file"
