"""The web side: the newcomers' web chat (and the staff portal) on one port."""
