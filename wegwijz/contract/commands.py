"""The registry of typed commands: each command declared once, with the words it is typed as in each language.

One policy on every channel (Telegram, WhatsApp, the web chat and Rasa's REST channel): buttons carry
payloads; what a person types is text, except the commands here. `for_rasa` is that policy for typed text:
a registered command ("/mijngegevens", "/بياناتي", "/intake", "/taal@WegwijzBot") becomes its Rasa intent
("/mijngegevens", "/start_intake"); any other leading "/" is dropped, so nobody can type a Rasa payload
("/intent{...}") to set a slot. Rasa's own `MessageGuard` reads the same registry, for messages that reach
Rasa without passing the gateway.

Only the standard library is used here: everything else may import this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One command a person may type."""

    name: str
    """The canonical name, typed after "/" (Dutch, as the menu shows it)."""
    intent: str | None
    """The Rasa intent it becomes; None for a command whose action reads the typed text itself."""
    aliases: tuple[str, ...] = ()
    """Other words for it, in any of our languages or from habit ("/language", "/لغة")."""
    menu: bool = False
    """Shown in Telegram's command menu (its text is `channel_command_<name>`)."""

    @property
    def words(self) -> tuple[str, ...]:
        """Every word that calls this command (without "/")."""
        return (self.name, *self.aliases)


REGISTRY: tuple[Command, ...] = (
    Command("start", "start", ("restart",), menu=True),
    Command("taal", "taal", ("language", "lang", "languages", "لغة", "ቋንቋ"), menu=True),
    Command("help", "help", ("hulp",), menu=True),
    Command("intake", "start_intake", ("startgesprek", "start_intake")),
    Command("mijngegevens", "mijngegevens", ("mydata", "بياناتي", "ሓበሬታይ"), menu=True),
    Command("verwijder", "verwijder", ("delete", "احذف", "ደምስስ"), menu=True),
    # Ask a person: the answer action reads it (wegwijz.humanhelp.words), and asks for a yes first.
    Command("mens", None, ("person", "human", "medewerker", "شخص", "انسان", "ሰብ"), menu=True),
    # Tips from those who came before: the answer action reads it (wegwijz.tips.words).
    Command("tips", None, ("tip", "نصائح", "نصيحة", "ምኽሪ", "ምኽርታት"), menu=True),
    # The weekly message with news that fits (wegwijz.digest.words): the answer action asks for a yes first.
    Command("nieuws", None, ("weekbericht", "news", "أخبار", "ዜና"), menu=True),
    # Stop the weekly message: Rasa's REST channel turns it (and the plain stop words) into the pause command.
    Command("stop", None, ("afmelden", "unsubscribe", "إيقاف", "ኣቋርጹ")),
    # The chat-link code ("/koppel 123 456"): its action reads the code from the typed text.
    Command("koppel", None, ("link", "ربط", "ኣራኽብ")),
    # Sharing the profile with partners, one organisation at a time: the answer action reads it
    # (wegwijz.partners.words) and asks for a yes per organisation.
    Command("delen", None, ("share", "مشاركة", "ምክፋል"), menu=True),
    # Read aloud (the 🔊 button, "/voorlezen <article>"): the answer action reads it (wegwijz.voice.chat).
    Command("voorlezen", None, ("listen", "voice", "استمع", "ስምዑ")),
)

MENU: tuple[str, ...] = tuple(command.name for command in REGISTRY if command.menu)
"""The commands shown in Telegram's menu, in order."""

_BY_WORD: dict[str, Command] = {word.casefold(): command for command in REGISTRY for word in command.words}

HELP_WORDS = frozenset({"help", "hulp", "menu", "مساعدة", "مساعده", "ساعدني", "ሓገዝ", "ሓግዘኒ"})
"""A message that is only one of these words asks what the assistant can do."""

GREETINGS = frozenset({
    "hallo", "hoi", "hey", "goedemorgen", "goedemiddag", "goedenavond", "hallo daar",
    "hi", "hello", "hey there", "good morning", "good evening", "hii", "helo",
    "مرحبا", "مرحبًا", "السلام عليكم", "سلام", "اهلا", "أهلاً وسهلاً", "صباح الخير", "مساء الخير", "هاي",
    "ሰላም", "ሰላም ኣለኹም", "ከመይ ኣለኹም", "ከመይ ሓዲርኩም", "ከመይ ውዒልኩም", "ሰላም ሰላም", "ሰላም ንዓኹም", "ሃይ", "selam",
})
"""A message that is only one of these greetings is greeted (each is also an example of the `greet` intent):
with many intents, the model's confidence in a lone greeting can fall below the fallback threshold."""

_TYPED_COMMAND = re.compile(r"^/([^\s/@{]+)(?:@\w+)?(?=$|\s|\{)", re.DOTALL)


def find(word: str) -> Command | None:
    """The command typed as `word` (without "/", any case), if it is one."""
    return _BY_WORD.get(word.casefold())


def typed_command(text: str) -> Command | None:
    """The registered command a typed message starts with ("/mijngegevens", "/taal@Bot"), if any."""
    match = _TYPED_COMMAND.match(text.strip())
    return find(match.group(1)) if match else None


def intent_of(text: str) -> str | None:
    """The intent of a registered command that starts `text`; None for anything else."""
    command = typed_command(text)
    return command.intent if command else None


HELP = "/help"
"""What an unknown typed command ("/onbekend") becomes: the list of commands, in the person's language."""


def for_rasa(text: str) -> str:
    """What typed text becomes for Rasa: a command its intent, an unknown command the command list,
    anything else with a leading "/" plain text.

    Rasa reads "/intent{...}" as an intent with entities, bypassing its understanding of language;
    a person must not be able to set slots (say, a consent), or call an intent, by typing one.
    """
    stripped = text.strip()
    command = typed_command(stripped)
    if command is not None and command.intent is not None:
        return "/" + command.intent
    if command is None and _TYPED_COMMAND.match(stripped) and "{" not in stripped:
        return HELP  # "/onbekend", "/start_checkin": a command we do not know; say which ones there are
    return stripped.lstrip("/").strip() if stripped.startswith("/") else text
