"""The roles a portal user can have; each user has exactly one."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    """What a portal user may do."""

    CASEWORKER = "caseworker"
    """Reads and acts on their own newcomers (intake, check-ins, flags, matches) and sees the indicators."""
    EDITOR = "editor"
    """Keeps the kennisbank true; never sees personal data."""
    ADMIN = "admin"
    """Manages users and roles, reads the audit log, and may see every newcomer."""

    @property
    def label(self) -> str:
        """The Dutch name shown in the portal."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CASEWORKER: "Klantmanager",
    Role.EDITOR: "Redacteur",
    Role.ADMIN: "Beheerder",
}
"""Dutch names of the roles (the portal is in the staff's language)."""

EVERYONE = (Role.CASEWORKER, Role.EDITOR, Role.ADMIN)
"""Every signed-in user, whatever the role."""
