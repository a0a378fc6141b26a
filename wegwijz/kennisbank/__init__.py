"""The kennisbank: curated articles in four languages, read from `kennisbank/`."""

from wegwijz.kennisbank.model import Article, Kennisbank, Translation, TranslationStatus
from wegwijz.kennisbank.loader import load_kennisbank

__all__ = ["Article", "Kennisbank", "Translation", "TranslationStatus", "load_kennisbank"]
