"""Portal accounts from the command line: `python -m wegwijz.portal.users create-admin <username>`.

The first admin is made here (there is no default password); admins make
every other account in the portal.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from wegwijz import db
from wegwijz.portal import accounts
from wegwijz.portal.roles import Role
from wegwijz.settings import Settings
from wegwijz.settings import get as get_settings

FIRST_ADMIN_HINT = "python -m wegwijz.portal.users create-admin <gebruikersnaam>"
"""The command `make run` shows while the portal has no admin yet."""


def create_admin(settings: Settings, username: str, ask: Callable[[str], str] = getpass.getpass) -> str:
    """Make an admin account after asking for its password twice.

    Returns:
        The username as stored.

    Raises:
        accounts.AccountError: when the name is taken or malformed, or the password is weak or mistyped.
    """
    db.migrate(settings.database_url)
    password = ask("Wachtwoord (minstens 12 tekens): ")
    if password != ask("Nog een keer: "):
        raise accounts.AccountError("De twee wachtwoorden zijn niet gelijk.")
    with db.session_factory(settings.database_url)() as session:
        user = accounts.create_user(session, username, password, Role.ADMIN)
        session.commit()
        return str(user.username)


def first_admin_hint(settings: Settings) -> str | None:
    """What to tell the person starting the portal when it has no admin yet (None once it has one)."""
    with db.session_factory(settings.database_url)() as session:
        if accounts.count_admins(session) > 0:
            return None
    return f"The portal has no admin yet. Create the first one with:  {FIRST_ADMIN_HINT}"


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    parser = argparse.ArgumentParser(prog="python -m wegwijz.portal.users", description="Portal accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="make an admin account (asks for the password)")
    create.add_argument("username")
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        username = create_admin(settings, args.username)
    except accounts.AccountError as error:
        print(f"Niet gelukt: {error}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nAfgebroken.", file=sys.stderr)
        return 1
    print(f"Beheerder '{username}' aangemaakt. Log in op /portal/login.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
