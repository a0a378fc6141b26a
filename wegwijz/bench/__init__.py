"""`make bench`: speed of the real stack under load, beside a bot made with `rasa init`, in one run.

Our stack starts as `make run` starts it (`wegwijz.stack`, SQLite on a fresh database), the baseline is
Rasa's own starter bot (in-memory tracker, no action server); Locust, in its own environment, holds one
conversation per simulated sender against each in turn. See docs/bench.md.
"""
