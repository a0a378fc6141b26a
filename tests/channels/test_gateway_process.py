"""`python -m wegwijz.channels.gateway` as a process: runs when configured, idles when not, stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.channels.fake_http import wait_for
from tests.channels.fake_rasa import FakeRasa
from tests.channels.fake_telegram import FakeTelegram, text_update
from wegwijz.settings import ROOT


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WHATSAPP_", "CHANNELS_"))}
    env.update({"PYTHONPATH": str(ROOT), "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


@pytest.fixture
def start(tmp_path: Path) -> Iterator:
    processes: list[subprocess.Popen[bytes]] = []

    def run(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], Path]:
        log = tmp_path / f"gateway-{len(processes)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen([sys.executable, "-m", "wegwijz.channels.gateway"], cwd=ROOT, env=env,
                                       stdout=out, stderr=subprocess.STDOUT)
        processes.append(process)
        return process, log

    yield run
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_gateway_process_answers_and_stops_cleanly(
        start, database_url: str, fake_telegram: FakeTelegram, fake_rasa: FakeRasa) -> None:
    process, log = start(clean_env(TELEGRAM_BOT_TOKEN=fake_telegram.token, TELEGRAM_API_BASE=fake_telegram.api_base,
                                   TELEGRAM_POLL_TIMEOUT="1", DATABASE_URL=database_url, RASA_URL=fake_rasa.url,
                                   ACTION_SERVER_HEALTH_URL=""))
    fake_telegram.push(text_update(4242, "hallo"))
    wait_for(lambda: fake_telegram.messages_to(4242) or process.poll() is not None, timeout=60,
             what="an answer from the gateway process")
    assert process.poll() is None, log.read_text()
    assert fake_telegram.texts_to(4242)[0].startswith("Welkom")
    process.send_signal(signal.SIGTERM)
    assert process.wait(15) == 0
    assert "Telegram bridge ready as @WegwijzTestBot (long polling)" in log.read_text()


def test_without_configuration_the_gateway_idles_until_stopped(start) -> None:
    process, log = start(clean_env())
    wait_for(lambda: "No channel configured" in log.read_text(), timeout=60, what="the idle notice")
    assert process.poll() is None, "stays up, so `make run` sees nothing wrong"
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) == 0


def test_half_a_whatsapp_configuration_is_an_error(start) -> None:
    process, log = start(clean_env(WHATSAPP_ACCESS_TOKEN="token-only"))
    assert process.wait(30) == 2
    assert "WHATSAPP_PHONE_NUMBER_ID" in log.read_text()


def test_the_gateway_starts_and_stops_fifty_times_without_an_error_in_any_thread(
        tmp_path: Path, fake_whatsapp, fake_rasa: FakeRasa, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from tests.channels.running import running_gateway, whatsapp_env
    from wegwijz import db
    from wegwijz.channels import config as channel_config

    database_url = f"sqlite:///{tmp_path / 'stops.db'}"  # the shutdown is the same on every database
    db.migrate(database_url)
    errors: list[str] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(f"{args.exc_type.__name__}: "
                                                                           f"{args.exc_value}"))
    config = channel_config.load(whatsapp_env(fake_whatsapp))
    for _ in range(50):
        with running_gateway(config, database_url, fake_rasa.url) as gateway:
            assert gateway.webhook_port
    assert errors == [], errors
