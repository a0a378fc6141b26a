"""The newcomer's journey: the startgesprek intake, the six-month and two-year check-ins, kept safely.

- `models`: the tables (newcomers, chat identities, consent, answers, check-ins, flags, matches, audit);
  `constants`: their enumerations; `moments`: timezone-aware UTC columns;
- `questions`: what the intake and the check-ins ask; `answers`: reading what people type or press;
- `newcomers`, `intake`, `checkins`: storing what newcomers say, only with consent;
- `dialogue`: one turn of the intake or a check-in (used by `bot/actions/journey.py`); `prompts`: its buttons;
- `escalation`: the rules that turn answers into flags for the caseworker;
- `scheduler`: the process that starts due check-ins through Rasa (`python -m wegwijz.journey.scheduler`);
- `rights`: what is stored about a person (/mijngegevens), withdrawing consent, erasure (/verwijder);
- `audit`: the trail of who did or read what.
"""
