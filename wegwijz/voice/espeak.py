"""eSpeak NG, called through ctypes on the library that the `espeakng-loader` package ships.

The package brings `libespeak-ng.so` (1.52, which has a Tigrinya voice) and its data folder;
there is no command-line program in it, so the library's own C API is used: synchronous
synthesis into a callback that collects 16-bit mono samples.
"""

from __future__ import annotations

import ctypes
import io
import threading
import wave

AUDIO_OUTPUT_SYNCHRONOUS = 2
"""`espeak_AUDIO_OUTPUT`: samples go to the callback, nothing is played."""
INITIALIZE_DONT_EXIT = 0x8000
"""Without it, eSpeak calls exit() when its data cannot be read, taking the whole process down."""
CHARS_UTF8 = 1
"""`espeak_Synth` flag: the text is UTF-8."""
PARAMETER_RATE = 1
"""`espeakRATE`: words per minute."""
RATE_WORDS_PER_MINUTE = 145
"""A little slower than eSpeak's 175: the listeners are learning, or read little."""

VOICES = {"nl": "nl", "ar": "ar", "ti": "ti", "en": "en"}
"""eSpeak NG's voice for each language of the registry."""

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class SpeechError(RuntimeError):
    """eSpeak NG could not be loaded, or could not speak a text."""


class _Engine:
    """The loaded library (eSpeak keeps global state: one engine per process, one text at a time)."""

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as error:  # pragma: no cover - pinned in requirements.txt
            raise SpeechError("the espeakng-loader package is not installed") from error
        try:
            self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data = espeakng_loader.get_data_path()
        except (OSError, RuntimeError) as error:
            raise SpeechError(f"eSpeak NG could not be loaded: {error}") from error
        self.lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                          ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self.lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self.sample_rate = int(self.lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(),
                                                           INITIALIZE_DONT_EXIT))
        if self.sample_rate <= 0:
            raise SpeechError("eSpeak NG did not start (its data folder could not be read)")
        self._chunks: list[bytes] = []
        self._callback = _CALLBACK(self._collect)  # kept on self: the library holds only a raw pointer
        self.lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, samples: ctypes.Array[ctypes.c_short], count: int, _events: int) -> int:
        if samples and count > 0:
            self._chunks.append(ctypes.string_at(samples, count * 2))
        return 0  # go on

    def speak(self, text: str, voice: str) -> bytes:
        self._chunks = []
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise SpeechError(f"eSpeak NG has no voice {voice!r}")
        self.lib.espeak_SetParameter(PARAMETER_RATE, RATE_WORDS_PER_MINUTE, 0)
        data = text.encode("utf-8") + b"\0"
        if self.lib.espeak_Synth(data, len(data), 0, 0, 0, CHARS_UTF8, None, None) != 0:
            raise SpeechError("eSpeak NG could not speak the text")
        self.lib.espeak_Synchronize()
        pcm, self._chunks = b"".join(self._chunks), []
        return pcm


_lock = threading.Lock()
_engine: _Engine | None = None


def speak_wav(text: str, lang: str) -> bytes:
    """`text` spoken by eSpeak NG's voice for `lang`, as a WAV file (16-bit mono).

    Raises:
        SpeechError: when eSpeak NG cannot be loaded, has no voice for `lang`, or makes no sound.
    """
    global _engine
    voice = VOICES.get(lang)
    if voice is None:
        raise SpeechError(f"no voice for language {lang!r}")
    with _lock:
        if _engine is None:
            _engine = _Engine()
        pcm = _engine.speak(text, voice)
        rate = _engine.sample_rate
    if not pcm:
        raise SpeechError("eSpeak NG made no sound for the text")
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)
    return out.getvalue()
