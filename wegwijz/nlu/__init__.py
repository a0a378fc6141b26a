"""Custom Rasa NLU components (imported by Rasa from `bot/config.yml`)."""
