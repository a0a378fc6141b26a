"""What a chat body must look like."""

from __future__ import annotations

import pytest

from wegwijz import message_body


@pytest.mark.parametrize("raw", [
    b"[]", b"null", b"{", b'{"sender": "a", "message": "\\udfff"}', b'{"sender": "a", "message": null}',
    b'{"sender": "a", "message": "hi", "metadata": ' + b'{"a":' * 30 + b"1" + b"}" * 30 + b"}",
    b"[" * 5000 + b"]" * 5000, b"\xed\xa0\x80",
])
def test_bad_bodies_are_refused(raw: bytes) -> None:
    with pytest.raises(message_body.BadBody):
        message_body.parse(raw)


def test_a_good_body_passes() -> None:
    data = message_body.parse('{"sender": "web:a", "message": "ሰላም", "metadata": {"language": "ti"}}'.encode())
    assert data["message"] == "ሰላም"
    assert message_body.language_of(b'{"metadata": {"language": "ti"}}') == "ti"
    assert message_body.language_of(b'{"metadata": {"language": "xx"}}') is None
