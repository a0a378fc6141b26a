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
    PARTNER = "partner"
    """Works for one partner organisation (volunteers, the volunteer centre, the RSD, an employer): sees only
    the profile fields newcomers agreed to share with that organisation (`wegwijz.partners`)."""

    @property
    def label(self) -> str:
        """The Dutch name shown in the portal."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CASEWORKER: "Klantmanager",
    Role.EDITOR: "Redacteur",
    Role.ADMIN: "Beheerder",
    Role.PARTNER: "Partner",
}
"""Dutch names of the roles (the portal is in the staff's language)."""

EVERYONE = (Role.CASEWORKER, Role.EDITOR, Role.ADMIN, Role.PARTNER)
"""Every signed-in user, whatever the role."""
STAFF_ROLES = (Role.CASEWORKER, Role.EDITOR, Role.ADMIN)
"""The roles an admin gives on the accounts page; partner accounts are made with their organisation."""
