"""The loopback fakes of Telegram and WhatsApp, taught the calls a voice message needs.

Telegram: `sendVoice` as a multipart upload (the file must be OGG with the Opus codec, as
Telegram's voice notes are). WhatsApp: `POST /{phone_number_id}/media` as a multipart upload
(`messaging_product`, `type` and an `audio/ogg` file), answered with a media id, then an `audio`
message that must name an uploaded id.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from tests.channels.fake_http import Request
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.fake_whatsapp import VERSION, FakeWhatsApp, graph_error


@dataclass(frozen=True)
class Upload:
    """One file of a multipart body."""

    filename: str
    content_type: str
    data: bytes


def multipart(request: Request) -> tuple[dict[str, str], dict[str, Upload]]:
    """(fields, files) of a multipart/form-data body; raises ValueError when it is not one."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise ValueError(f"not multipart: {content_type!r}")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.body)
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if part.get_filename():
            files[str(name)] = Upload(str(part.get_filename()), part.get_content_type(), data)
        else:
            fields[str(name)] = data.decode("utf-8")
    return fields, files


def is_ogg_opus(data: bytes) -> bool:
    """An OGG stream whose first packet is an Opus header."""
    return data.startswith(b"OggS") and b"OpusHead" in data[:200]


@dataclass
class VoiceTelegram(FakeTelegram):
    """The fake Bot API with `sendVoice`."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.voices: list[tuple[int, Upload]] = []

    def handle(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        prefix = f"/bot{self.token}/"
        if request.path != prefix + "sendVoice":
            return super().handle(request)
        try:
            fields, files = multipart(request)
        except ValueError as problem:
            return self.error(400, f"Bad Request: {problem}")
        with self._condition:
            self.calls.append(("sendVoice", {**fields, "files": sorted(files)}))
        voice = files.get("voice")
        if voice is None:
            return self.error(400, "Bad Request: there is no voice in the request")
        if not is_ogg_opus(voice.data):
            return self.error(400, "Bad Request: VOICE_MESSAGES_FORBIDDEN or not OGG/Opus")
        chat_id = int(fields["chat_id"])
        with self._condition:
            self.voices.append((chat_id, voice))
            message_id = 5000 + len(self.voices)
        return self.ok({"message_id": message_id, "date": 0,
                        "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
                        "voice": {"file_id": f"voice{message_id}", "file_unique_id": f"u{message_id}",
                                  "duration": 3, "mime_type": "audio/ogg"}})


@dataclass
class VoiceWhatsApp(FakeWhatsApp):
    """The fake Graph API with media uploads and audio messages."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.media: dict[str, Upload] = {}
        self._media_ids = itertools.count(1)

    def handle(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        if request.path == f"/{VERSION}/{self.phone_number_id}/media" and request.method == "POST":
            return self._upload(request)
        if request.path == f"/{VERSION}/{self.phone_number_id}/messages" and \
                "application/json" in request.headers.get("content-type", ""):
            body = request.json()
            if isinstance(body, dict) and body.get("type") == "audio":
                return self._audio(request, body)
        return super().handle(request)

    def _upload(self, request: Request) -> tuple[int, Any, dict[str, str]]:
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return graph_error(401, 190, "Invalid OAuth access token")
        try:
            fields, files = multipart(request)
        except ValueError as problem:
            return graph_error(400, 100, f"Invalid parameter: {problem}")
        upload = files.get("file")
        if fields.get("messaging_product") != "whatsapp" or upload is None or not fields.get("type"):
            return graph_error(400, 100, "messaging_product, type and file are required")
        if upload.content_type != "audio/ogg" or fields["type"] != "audio/ogg" or not is_ogg_opus(upload.data):
            return graph_error(400, 131053, "Media upload error: audio/ogg must be OGG with the Opus codec")
        media_id = f"media{next(self._media_ids)}"
        with self._lock:
            self.media[media_id] = upload
        return 200, {"id": media_id}, {}

    def _audio(self, request: Request, body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return graph_error(401, 190, "Invalid OAuth access token")
        media_id = (body.get("audio") or {}).get("id")
        if body.get("messaging_product") != "whatsapp" or not body.get("to") or media_id not in self.media:
            return graph_error(400, 131009, "Parameter value is not valid: audio.id must be an uploaded media id")
        with self._lock:
            wamid = f"wamid.audio{len(self.sent) + 1}"
            self.sent.append(dict(body, id=wamid))
        return 200, {"messaging_product": "whatsapp", "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                     "messages": [{"id": wamid}]}, {}
