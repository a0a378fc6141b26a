"""`python -m wegwijz.portal.users create-admin <username>`: the first admin, with a typed password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import update

from wegwijz import db
from wegwijz.portal import accounts
from wegwijz.portal.models import PortalUser
from wegwijz.portal.roles import Role
from wegwijz.portal.throttle import LoginRules
from wegwijz.portal.users import first_admin_hint
from wegwijz.settings import ROOT
from wegwijz.settings import load as load_settings


def _run(database_url: str, username: str, typed: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    # A new session has no terminal, so getpass reads the password from stdin (as when piped).
    return subprocess.run([sys.executable, "-m", "wegwijz.portal.users", "create-admin", username], input=typed,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, start_new_session=True)


def test_create_admin_asks_twice_and_stores_an_argon2id_hash(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'portal.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    settings = load_settings()
    db.migrate(url)
    assert "create-admin" in (first_admin_hint(settings) or "")
    mistyped = _run(url, "eerste.beheerder", "een lange wachtzin 1\neen lange wachtzin 2\n")
    assert mistyped.returncode == 1 and "niet gelijk" in mistyped.stderr
    weak = _run(url, "eerste.beheerder", "kort\nkort\n")
    assert weak.returncode == 1 and "12 tekens" in weak.stderr
    done = _run(url, "eerste.beheerder", "een lange wachtzin 1\neen lange wachtzin 1\n")
    assert done.returncode == 0, done.stderr
    with db.session_factory(url)() as session:
        user = accounts.find_user(session, "eerste.beheerder")
        assert user is not None and user.role == Role.ADMIN.value
        assert user.password_hash.startswith("$argon2id$")
        assert accounts.authenticate(session, "eerste.beheerder", "een lange wachtzin 1", "127.0.0.1",
                                     LoginRules.from_config(5, 15, 20), "test-secret").user is not None
    assert first_admin_hint(settings) is None
    again = _run(url, "eerste.beheerder", "een lange wachtzin 1\neen lange wachtzin 1\n")
    assert again.returncode == 1 and "bestaat al" in again.stderr


def test_the_login_page_says_how_to_make_the_first_admin(portal_app, database_url: str) -> None:  # type: ignore[no-untyped-def]
    assert "create-admin" not in portal_app.test_client().get("/portal/login").get_data(as_text=True)
    with db.session_factory(database_url)() as session:
        session.execute(update(PortalUser).where(PortalUser.role == Role.ADMIN.value).values(active=False))
        session.commit()
    assert "create-admin" in portal_app.test_client().get("/portal/login").get_data(as_text=True)
