"""WegwijZ-in-Zeist: the multilingual assistant for newcomers in Zeist."""

LANGUAGES = ("nl", "ar", "ti", "en")
"""The four languages every user-facing text exists in; Dutch is the source."""

__version__ = "0.1.0"
