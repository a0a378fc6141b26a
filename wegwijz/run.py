"""`make run`: set up the database, train if needed, start every process, stop them on Ctrl-C."""

from __future__ import annotations

import signal
import sys
import time

from wegwijz import db, doorkeys
from wegwijz.bot_model import ensure_model
from wegwijz.settings import get as get_settings
from wegwijz.stack import (
    Stack,
    action_server_command,
    child_env,
    rasa_server_command,
    wait_until_up,
    write_endpoints,
)


def _step(text: str) -> None:
    print(f"==> {text}", flush=True)


def main() -> int:
    """Start the assistant on embedded defaults and keep it running until Ctrl-C."""
    settings = get_settings()
    settings.check()
    _step(f"Database: {settings.database_url.split('@')[-1]}")
    db.migrate(settings.database_url)
    _maybe_seed_demo(settings)
    from wegwijz.portal.users import first_admin_hint

    hint = first_admin_hint(settings)
    if hint:
        print(hint, flush=True)
    model = ensure_model(settings)
    endpoints = write_endpoints(settings)
    logs = settings.var_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    stack = Stack()

    def stop(*_: object) -> None:
        print("\n==> Stopping every process…", flush=True)
        stack.stop()
        print("Stopped. Tot ziens!", flush=True)
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    rasa_port = int(settings.rasa_url.rsplit(":", 1)[-1].split("/")[0])
    env = child_env(settings, SANIC_HOST="127.0.0.1")
    _step(f"Starting the action server (port {settings.action_port}), Rasa (port {rasa_port}) and the web chat "
          f"(port {settings.web_port}); logs in {logs}")
    keep = settings.log_retention_days
    stack.start("actions", action_server_command(settings.action_port), env, logs / "actions.log", keep)
    stack.start("rasa", rasa_server_command(model, endpoints, rasa_port, env[doorkeys.RASA_TOKEN_ENV]), env,
                logs / "rasa.log", keep)
    stack.start("web", [sys.executable, "-m", "wegwijz.web.app"], env, logs / "web.log", keep)
    for name, module in _optional_processes():
        stack.start(name, [sys.executable, "-m", module], env, logs / f"{name}.log", keep)
    try:
        wait_until_up(f"http://127.0.0.1:{settings.action_port}/health", 120, stack)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", 300, stack)
        wait_until_up(f"http://{settings.web_host}:{settings.web_port}/health", 60, stack)
    except RuntimeError as error:
        print(f"ERROR: {error}. See the logs in {logs}.", file=sys.stderr)
        stack.stop()
        return 1
    print(
        "\nWegwijZ-in-Zeist is running:\n"
        f"  Web chat:        http://localhost:{settings.web_port}/\n"
        f"  Portal:          http://localhost:{settings.web_port}/portal/\n"
        f"  Rasa REST:       http://localhost:{rasa_port}/webhooks/rest/webhook "
        "(header X-WegwijZ-Channel-Secret, see README)\n"
        f"  Action server:   http://localhost:{settings.action_port}/webhook\n"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )
    while True:
        time.sleep(2)
        dead = stack.dead()
        if dead:
            print(f"ERROR: {', '.join(dead)} stopped; see {logs}. Stopping the rest.", file=sys.stderr)
            stack.stop()
            return 1


def _maybe_seed_demo(settings: object) -> None:
    """Fictional demo newcomers when the database is empty (added by the journey feature)."""
    try:
        from wegwijz.demo import seed_if_empty  # type: ignore[attr-defined]
    except ImportError:
        return
    seed_if_empty(settings)


def _optional_processes() -> list[tuple[str, str]]:
    """The check-in scheduler always; the channel gateway when Telegram or WhatsApp is configured."""
    from wegwijz.channels.gateway import is_configured

    processes = [("scheduler", "wegwijz.journey.scheduler")]
    if is_configured():
        processes.append(("gateway", "wegwijz.channels.gateway"))
    else:
        print("    (Telegram/WhatsApp not configured: the channel gateway is not started; "
              "see wegwijz/channels/README.md)", flush=True)
    return processes


if __name__ == "__main__":
    sys.exit(main())
