"""Read aloud: a kennisbank answer as a voice message, for people who read little.

The audio is made offline (eSpeak NG through the `espeakng-loader` package, encoded to
OGG/Opus with Debian's `opusenc`) from the article's own text — never from anything a
person wrote — and cached per article, language and version under `var/voice/`. A
language is offered only after an editor has listened to its voice and switched it on
in the portal (off by default): a voice nobody understands does harm.
"""
