"""The Rasa server's command line: a random token is always read back as the token."""

from __future__ import annotations

from pathlib import Path

import pytest

from wegwijz.stack import rasa_server_command


@pytest.mark.parametrize("token", ["-Zq3dash-first", "plain_token_123", "--looks-like-an-option"])
def test_rasa_reads_the_token_even_when_it_starts_with_a_dash(token: str) -> None:
    from rasa.__main__ import create_argument_parser

    command = rasa_server_command(Path("models/m.tar.gz"), Path("endpoints.yml"), 5005, token)
    assert command[1:3] == ["-m", "rasa"]
    args = create_argument_parser().parse_args(command[3:])  # Rasa's own parser, as `rasa run` uses it
    assert args.auth_token == token
    assert args.port == 5005 and args.enable_api


def test_an_empty_token_is_refused() -> None:
    with pytest.raises(ValueError):
        rasa_server_command(Path("m"), Path("e"), 5005, "")
