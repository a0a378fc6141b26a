"""Which language a newcomer writes in, and text cleaned for matching."""

from wegwijz.language.decide import decide_language
from wegwijz.language.detect import Detection, detect_language, script_language
from wegwijz.language.normalise import clean_input, normalise

__all__ = ["Detection", "clean_input", "decide_language", "detect_language", "normalise", "script_language"]
