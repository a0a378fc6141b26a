"""Injecting faults into the real stack (`rasa_stack`): killing and restarting its processes."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from pathlib import Path

from tests.rasa_stack import RasaStack
from wegwijz.stack import action_server_command, child_env, wait_until_up


def kill(stack: RasaStack, name: str) -> None:
    """Kill one process of the stack at once (SIGKILL: no clean shutdown, as in a crash)."""
    for entry in list(stack.stack.processes):
        process_name, process = entry
        if process_name == name:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)
            stack.stack.processes.remove(entry)


def start_actions(stack: RasaStack) -> None:
    """Start the action server again on its port, and wait until it answers."""
    port = stack.action_url.rsplit(":", 1)[1]
    env = child_env(stack.settings, SANIC_HOST="127.0.0.1", ACTION_PORT=port, RASA_URL=stack.rasa_url)
    stack.stack.start("actions", action_server_command(int(port)), env, Path(stack.settings.var_dir) / "actions.log")
    wait_until_up(f"{stack.action_url}/health", 120, stack.stack)


@contextlib.contextmanager
def action_server_down(stack: RasaStack) -> Iterator[None]:
    """The action server is killed for the block, and started again after it (also when the block fails)."""
    kill(stack, "actions")
    try:
        yield
    finally:
        start_actions(stack)


def restart_rasa(stack: RasaStack) -> None:
    """Kill the Rasa server (SIGKILL, as in a crash) and start it again on its port with the same model."""
    from wegwijz.bot_model import ensure_model
    from wegwijz.stack import rasa_server_command, write_endpoints

    kill(stack, "rasa")
    action_port = int(stack.action_url.rsplit(":", 1)[1])
    model = ensure_model(stack.settings, quiet=True)  # the model the stack runs; not trained again
    endpoints = write_endpoints(stack.settings, action_port)
    env = child_env(stack.settings, SANIC_HOST="127.0.0.1", ACTION_PORT=str(action_port), RASA_URL=stack.rasa_url)
    port = int(stack.rasa_url.rsplit(":", 1)[1])
    stack.stack.start("rasa", rasa_server_command(model, endpoints, port, stack.api_token), env,
                      Path(stack.settings.var_dir) / "rasa.log")
    wait_until_up(f"{stack.rasa_url}/", 300, stack.stack)
