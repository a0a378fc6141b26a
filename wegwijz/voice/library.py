"""Voice messages of kennisbank answers, made once and kept per article, language and version.

What is spoken comes from the article file only (its title and body in one language), never from
what a person wrote, so nothing personal is ever spoken or cached. A cached file is named after the
article, the language, the article's version and a hash of exactly what was spoken (and how): a
changed text makes a new file, an unchanged one is reused, and older files of the same article and
language are removed when a new one is made.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from wegwijz.kennisbank.loader import KennisbankError, load_article
from wegwijz.kennisbank.model import Article
from wegwijz.settings import Settings
from wegwijz.voice import espeak

OPUSENC = "opusenc"
"""Debian's opus-tools encoder (`apt-get install opus-tools`)."""
OPUS_OPTIONS = ("--quiet", "--speech", "--bitrate", "24")
"""Speech at 24 kbit/s: clear on a phone, small enough for a slow connection."""
SPEECH_FORMAT = f"espeak-ng:{espeak.RATE_WORDS_PER_MINUTE}:{' '.join(OPUS_OPTIONS)}"
"""Part of every cache key: a change in how we speak makes new files."""
CONTENT_TYPE = "audio/ogg"
"""What Telegram (voice notes) and WhatsApp (audio messages) accept: OGG with the Opus codec."""

_ARTICLE_ID = re.compile(r"^[a-z0-9_]+$")
_LINK = re.compile(r"<?https?://\S+>?|\bwww\.\S+")
_MARKUP = re.compile(r"\*\*|__|(?<!\w)_|_(?!\w)|`")
_BULLET = re.compile(r"^\s*[-*\u2022]\s+", re.MULTILINE)


class VoiceUnavailable(RuntimeError):
    """No voice message can be made for this article and language."""


def spoken_text(article: Article, lang: str) -> str:
    """What is read aloud: the title and the body in `lang`, without markup and web addresses.

    An address read letter by letter helps nobody; the text message above the voice keeps it.
    """
    translation = article.translations[lang]
    lines = []
    for raw in f"{translation.title}\n{translation.body}".splitlines():
        line = _MARKUP.sub("", _LINK.sub("", _BULLET.sub("", raw))).strip()
        if line:
            lines.append(line if line[-1] in ".!?:;؟።፧,،" else line + ".")
    return "\n".join(lines)


def version_of(article: Article, lang: str) -> str:
    """The cache version of an article in `lang`: its source version and a hash of what is spoken."""
    digest = hashlib.sha256(f"{SPEECH_FORMAT}\n{lang}\n{spoken_text(article, lang)}".encode()).hexdigest()
    return f"v{article.version}-{digest[:16]}"


@dataclass(frozen=True)
class VoiceFile:
    """A voice message on disk."""

    article: str
    lang: str
    version: str
    path: Path

    @property
    def name(self) -> str:
        """The file name people's apps show."""
        return f"{self.article}-{self.lang}.ogg"


def encode_opus(wav: bytes, target: Path) -> None:
    """Encode a WAV file to OGG/Opus at `target` with `opusenc`.

    Raises:
        VoiceUnavailable: when opusenc is missing or fails.
    """
    program = shutil.which(OPUSENC)
    if program is None:
        raise VoiceUnavailable("opusenc is not installed (apt-get install opus-tools)")
    with tempfile.TemporaryDirectory(prefix="wegwijz-voice-") as work:
        source = Path(work) / "speech.wav"
        source.write_bytes(wav)
        done = subprocess.run([program, *OPUS_OPTIONS, str(source), str(target)], capture_output=True,
                              timeout=120, check=False)
    if done.returncode != 0 or not target.exists():
        raise VoiceUnavailable(f"opusenc failed: {done.stderr.decode(errors='replace')[:200]}")


class VoiceLibrary:
    """Makes and keeps the voice messages; one per process is enough (`default_library`)."""

    def __init__(self, kennisbank_dir: Path, cache_dir: Path) -> None:
        self.kennisbank_dir = kennisbank_dir
        self.cache_dir = cache_dir
        self._lock = threading.Lock()

    def article(self, article_id: str) -> Article:
        """One article, read fresh from its files (an editor's change counts at once).

        Raises:
            VoiceUnavailable: for an id that is no article.
        """
        if not _ARTICLE_ID.match(article_id or ""):
            raise VoiceUnavailable(f"not an article id: {article_id!r}")
        folder = self.kennisbank_dir / "articles" / article_id
        if not (folder / "nl.md").is_file():
            raise VoiceUnavailable(f"no article {article_id!r}")
        try:
            return load_article(folder)
        except KennisbankError as error:
            raise VoiceUnavailable(str(error)) from error

    def version(self, article_id: str, lang: str) -> str:
        """The current cache version of an article in `lang`."""
        article = self.article(article_id)
        if lang not in article.translations:
            raise VoiceUnavailable(f"article {article_id!r} has no {lang!r} text")
        return version_of(article, lang)

    def _path(self, article_id: str, lang: str, version: str) -> Path:
        return self.cache_dir / article_id / f"{lang}-{version}.ogg"

    def voice(self, article_id: str, lang: str) -> VoiceFile:
        """The voice message of the article's current text in `lang`, made now if it is not cached.

        Raises:
            VoiceUnavailable: no such article or language, or eSpeak NG / opusenc failed.
        """
        article = self.article(article_id)
        if lang not in article.translations:
            raise VoiceUnavailable(f"article {article_id!r} has no {lang!r} text")
        version = version_of(article, lang)
        path = self._path(article.id, lang, version)
        with self._lock:
            if not path.is_file():
                self._make(article, lang, path)
        return VoiceFile(article.id, lang, version, path)

    def _make(self, article: Article, lang: str, path: Path) -> None:
        try:
            wav = espeak.speak_wav(spoken_text(article, lang), lang)
        except espeak.SpeechError as error:
            raise VoiceUnavailable(str(error)) from error
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        try:
            encode_opus(wav, partial)
            os.replace(partial, path)  # whole or not at all: another process may be reading the folder
        finally:
            partial.unlink(missing_ok=True)
        for old in path.parent.glob(f"{lang}-*.ogg"):
            if old != path:
                old.unlink(missing_ok=True)


_libraries: dict[tuple[Path, Path], VoiceLibrary] = {}


def library_for(settings: Settings) -> VoiceLibrary:
    """The library for `settings`: their kennisbank folder and `var/voice/` (one per pair of folders)."""
    key = (settings.kennisbank_dir, settings.var_dir / "voice")
    if key not in _libraries:
        _libraries[key] = VoiceLibrary(*key)
    return _libraries[key]


def default_library() -> VoiceLibrary:
    """The library for this process's settings."""
    from wegwijz.settings import get as get_settings

    return library_for(get_settings())
