"""WegwijZ-in-Zeist: the multilingual assistant for newcomers in Zeist."""

from wegwijz.contract.languages import CODES as LANGUAGES

__all__ = ["LANGUAGES", "__version__"]

# LANGUAGES: the languages every user-facing text exists in, Dutch (the source) first; what each one
# is (names, script, direction, locale codes) is in `wegwijz.contract.languages`.

__version__ = "0.1.0"
