"""Rasa custom actions: one module per feature, each action a thin call into `wegwijz`."""
