"""WegwijZ-in-Zeist: the multilingual assistant for newcomers in Zeist."""

from wegwijz.contract.languages import CODES as LANGUAGES

# The languages every user-facing text exists in (Dutch is the source): see `wegwijz.contract.languages`.

__version__ = "0.1.0"
