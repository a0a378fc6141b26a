"""The kennisbank: curated articles in four languages, read from `kennisbank/`."""

from wegwijz.kennisbank.loader import load_kennisbank
from wegwijz.kennisbank.model import Article, Kennisbank, Translation, TranslationStatus

__all__ = ["Article", "Kennisbank", "Translation", "TranslationStatus", "load_kennisbank"]
