"""Crisis first: recognise a message about danger to life or safety, in any of the four languages.

A crisis message (medical emergency, danger now, violence at home, child abuse, suicidal
thoughts) must get the emergency guidance in the first reply, in every dialogue state. The
decision does not hang on one signal; a message is a crisis when any of these says so:

1. the cue lexicon (`cues.yml`): phrases, and pairs of word groups in one message ("afraid" +
   "husband"), matched at word starts on the normalised text;
2. nearest neighbour over character n-grams: the message is closer to one of our own crisis
   exemplars (`exemplars.yml`, four languages, direct and indirect) than to any ordinary
   kennisbank question, and close enough;
3. the NLU model's `crisis` intent (trained on the same exemplars), read by the message guard.

The kind decides which kennisbank article follows the emergency numbers.
"""

from wegwijz.crisis.detect import CRISIS_INTENT, KIND_ARTICLE, Detection, detect, detector

__all__ = ["CRISIS_INTENT", "KIND_ARTICLE", "Detection", "detect", "detector"]
