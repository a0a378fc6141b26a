"""What the assistant says in a turn, independent of Rasa (the actions are thin wrappers)."""
