"""Portal fixtures: an application on a fresh database and a copy of the kennisbank, users of every role."""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from wegwijz import db
from wegwijz.portal.models import PortalUser
from wegwijz.portal.passwords import hash_password
from wegwijz.portal.roles import Role
from wegwijz.settings import ROOT
from wegwijz.settings import load as load_settings
from wegwijz.web.app import create_app

PASSWORD = "een lange zin als wachtwoord"
"""The password of every test user."""
ROLE_NAMES = ("caseworker", "editor", "admin")
USERNAMES = {"caseworker": "klantmanager.anna", "editor": "redacteur.bram", "admin": "beheerder.chris"}
"""A user of each role (plus a second caseworker, `klantmanager.dirk`, for 'not your newcomer')."""
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


@pytest.fixture
def kennisbank_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the kennisbank: the portal writes files, never in the real folder."""
    copy = tmp_path / "kennisbank"
    shutil.copytree(ROOT / "kennisbank", copy)
    monkeypatch.setenv("WEGWIJZ_KENNISBANK", str(copy))
    return copy


@pytest.fixture
def portal_app(database_url: str, kennisbank_copy: Path, tmp_path: Path) -> Iterator[Flask]:
    """The web application with the portal, on a fresh database, with one user of every role."""
    settings = dataclasses.replace(load_settings(), database_url=database_url, var_dir=tmp_path / "var",
                                   secret_key="test-secret-key-that-is-long-enough-for-tests")
    assert settings.kennisbank_dir == kennisbank_copy
    app = create_app(settings)
    app.config["TESTING"] = True
    with db.session_factory(database_url)() as session:
        for role in ROLE_NAMES:
            add_user(session, USERNAMES[role], Role(role))
        add_user(session, "klantmanager.dirk", Role.CASEWORKER)
        session.commit()
    yield app


@functools.lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)


def add_user(session: Session, username: str, role: Role) -> PortalUser:
    """A test account with `PASSWORD` (hashed once per test run: Argon2id is slow on purpose)."""
    user = PortalUser(username=username, password_hash=_password_hash(), role=role.value, active=True,
                      must_change_password=False, failed_logins=0)
    session.add(user)
    return user


def csrf_from(html: str) -> str:
    """The CSRF token in a rendered page."""
    match = _CSRF.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form."""
    page = client.get("/portal/login")
    response = client.post("/portal/login", data={"username": username, "password": password,
                                                   "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


@pytest.fixture
def client_for(portal_app: Flask):  # type: ignore[no-untyped-def]
    """A signed-in test client for a role name ('anonymous' stays signed out)."""
    def make(role: str) -> FlaskClient:
        client = portal_app.test_client()
        if role != "anonymous":
            login(client, USERNAMES.get(role, role))
        return client
    return make


def page_token(client: FlaskClient, url: str) -> str:
    """The CSRF token on the page at `url` for this client."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return csrf_from(response.get_data(as_text=True))
