"""Voice messages are made offline, cached per article, language and version, and remade when the text changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.voice.fakes import is_ogg_opus
from wegwijz.settings import ROOT
from wegwijz.voice import espeak
from wegwijz.voice.library import VoiceLibrary, VoiceUnavailable, spoken_text


@pytest.fixture
def small_kennisbank(tmp_path: Path) -> Path:
    """A kennisbank of one real article, to change freely."""
    root = tmp_path / "kennisbank"
    shutil.copytree(ROOT / "kennisbank" / "articles" / "huisarts", root / "articles" / "huisarts")
    return root


def test_a_cached_voice_is_reused_and_a_changed_article_makes_a_new_one(small_kennisbank: Path,
                                                                       tmp_path: Path) -> None:
    library = VoiceLibrary(small_kennisbank, tmp_path / "voice")
    first = library.voice("huisarts", "ti")
    assert first.path.parent == tmp_path / "voice" / "huisarts"
    assert first.path.name.startswith("ti-v1-") and first.path.suffix == ".ogg"
    assert is_ogg_opus(first.path.read_bytes())
    made_at = first.path.stat().st_mtime_ns

    again = library.voice("huisarts", "ti")
    assert again == first
    assert again.path.stat().st_mtime_ns == made_at, "the cached file is reused, not made again"

    ti = small_kennisbank / "articles" / "huisarts" / "ti.md"
    ti.write_text(ti.read_text(encoding="utf-8").rstrip() + "\n\nሓድሽ ሓረግ ንፈተና።\n", encoding="utf-8")
    changed = library.voice("huisarts", "ti")
    assert changed.version != first.version and changed.path != first.path
    assert is_ogg_opus(changed.path.read_bytes())
    assert not first.path.exists(), "the old version of the same article and language is removed"
    assert sorted(p.name for p in changed.path.parent.iterdir()) == [changed.path.name]


def test_every_language_has_a_voice_and_other_languages_keep_their_file(small_kennisbank: Path,
                                                                        tmp_path: Path) -> None:
    library = VoiceLibrary(small_kennisbank, tmp_path / "voice")
    files = {lang: library.voice("huisarts", lang) for lang in ("nl", "ar", "en")}
    assert all(is_ogg_opus(f.path.read_bytes()) for f in files.values())
    assert len({f.path for f in files.values()}) == 3
    assert all(f.path.exists() for f in files.values()), "a new language does not remove another's file"


def test_only_kennisbank_articles_are_spoken(small_kennisbank: Path, tmp_path: Path) -> None:
    library = VoiceLibrary(small_kennisbank, tmp_path / "voice")
    for bad in ("../secret", "bestaat_niet", "", "Huisarts"):
        with pytest.raises(VoiceUnavailable):
            library.voice(bad, "nl")
    with pytest.raises(espeak.SpeechError):
        espeak.speak_wav("hallo", "xx")


def test_what_is_spoken_has_no_markup_or_web_addresses(small_kennisbank: Path, tmp_path: Path) -> None:
    article = VoiceLibrary(small_kennisbank, tmp_path / "voice").article("huisarts")
    text = spoken_text(article, "nl")
    assert text.startswith(article.translations["nl"].title)
    assert "**" not in text and "http" not in text and "www." not in text
    assert "huisarts" in text
    wav = espeak.speak_wav(text.splitlines()[0], "nl")
    assert wav[:4] == b"RIFF" and len(wav) > 10_000
