"""Sign-in back-off: per address and per (address, username), never per account, and the same for every name.

Time is the portal's own clock (`PORTAL_CLOCK`), moved by the tests; addresses are the test
client's `REMOTE_ADDR`.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.portal.conftest import PASSWORD, USERNAMES, csrf_from, login, page_token
from wegwijz import db
from wegwijz.portal import accounts
from wegwijz.portal.models import LoginThrottle
from wegwijz.portal.roles import Role
from wegwijz.portal.throttle import BackOff, LoginRules

ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.20"
UNKNOWN = "bestaat.niet"
_CSRF_FIELD = re.compile(r'name="csrf_token" value="[0-9a-f]{64}"')


class Clock:
    """A clock that stands still until the test moves it."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


@pytest.fixture
def clock(portal_app: Flask) -> Clock:
    made = Clock()
    portal_app.config["PORTAL_CLOCK"] = made
    return made


def _from(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _attempt(client: FlaskClient, username: str, password: str):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/portal/login").get_data(as_text=True))
    return client.post("/portal/login", data={"username": username, "password": password, "csrf_token": token})


def _seen(response) -> tuple[int, str, str | None]:  # type: ignore[no-untyped-def]
    """What an attacker sees of a refusal, with the form's own token and the echoed name taken out."""
    body = _CSRF_FIELD.sub("", response.get_data(as_text=True))
    body = re.sub(r'id="username" name="username"([^>]*)value="[^"]*"', r"\\1", body)
    return response.status_code, body, response.headers.get("Retry-After")


def test_an_unknown_name_gets_the_same_replies_as_a_known_one_attempt_by_attempt(
        portal_app: Flask, clock: Clock) -> None:
    known, unknown = _from(portal_app, ATTACKER), _from(portal_app, ATTACKER)
    for attempt in range(8):
        seen_known = _seen(_attempt(known, USERNAMES["caseworker"], "geraden wachtwoord"))
        seen_unknown = _seen(_attempt(unknown, UNKNOWN, "geraden wachtwoord"))
        assert seen_known == seen_unknown, f"attempt {attempt + 1} tells the names apart"
        clock.advance(seconds=1)
    assert seen_unknown[0] == 429  # the unknown name is paused too, as a real one is


def test_an_attacker_cannot_lock_out_a_caseworker_who_signs_in_from_elsewhere(
        portal_app: Flask, clock: Clock) -> None:
    attacker = _from(portal_app, ATTACKER)
    for _ in range(30):
        _attempt(attacker, USERNAMES["caseworker"], "geraden wachtwoord")
        clock.advance(seconds=2)
    assert _attempt(attacker, USERNAMES["caseworker"], PASSWORD).status_code == 429
    anna = _from(portal_app, OFFICE)
    assert _attempt(anna, USERNAMES["caseworker"], PASSWORD).status_code == 302
    assert anna.get("/portal/werklijst").status_code == 200


def test_many_names_from_one_address_back_off_doubling_and_other_addresses_go_on(
        portal_app: Flask, clock: Clock) -> None:
    attacker = _from(portal_app, ATTACKER)
    free = int(portal_app.config["PORTAL_MAX_FAILED_LOGINS_PER_ADDRESS"])
    for number in range(free - 1):  # a new name each time: the per-name count never fills
        assert _attempt(attacker, f"naam.{number}", "wachtwoord").status_code == 401
    paused = _attempt(attacker, "naam.laatste", "wachtwoord")
    assert paused.status_code == 429 and paused.headers["Retry-After"] == "60"
    # While paused, not even a right password from there is checked.
    assert _attempt(attacker, USERNAMES["editor"], PASSWORD).status_code == 429
    assert _attempt(_from(portal_app, OFFICE), USERNAMES["editor"], PASSWORD).status_code == 302
    clock.advance(seconds=61)
    again = _attempt(attacker, "naam.volgende", "wachtwoord")
    assert again.status_code == 429 and again.headers["Retry-After"] == "120"  # doubled
    clock.advance(seconds=121)
    # One right password does not reset the address's count: the next wrong one pauses again.
    assert _attempt(_from(portal_app, ATTACKER), USERNAMES["editor"], PASSWORD).status_code == 302
    assert _attempt(attacker, "naam.nog-een", "wachtwoord").headers["Retry-After"] == "240"


def test_pauses_end_on_the_clock_and_a_success_clears_the_names_count(
        portal_app: Flask, clock: Clock) -> None:
    client = _from(portal_app, OFFICE)
    for _ in range(5):
        _attempt(client, USERNAMES["editor"], "verkeerd getypt")
    assert _attempt(client, USERNAMES["editor"], PASSWORD).status_code == 429
    clock.advance(minutes=14)
    assert _attempt(client, USERNAMES["editor"], PASSWORD).status_code == 429
    clock.advance(minutes=2)
    assert _attempt(client, USERNAMES["editor"], PASSWORD).status_code == 302
    other = _from(portal_app, OFFICE)
    for _ in range(4):  # four fresh free tries again after the success
        assert _attempt(other, USERNAMES["editor"], "verkeerd getypt").status_code == 401


def test_unknown_and_known_names_cost_one_password_check_each(
        portal_app: Flask, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    checks: list[str] = []
    real_verify = PasswordHasher.verify

    def counting(self, stored, password):  # type: ignore[no-untyped-def]
        checks.append(stored[:9])
        return real_verify(self, stored, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    client = _from(portal_app, ATTACKER)
    _attempt(client, USERNAMES["caseworker"], "geraden wachtwoord")
    _attempt(client, UNKNOWN, "geraden wachtwoord")
    assert checks == ["$argon2id", "$argon2id"]


def test_the_table_keeps_neither_addresses_nor_usernames(portal_app: Flask, clock: Clock,
                                                          database_url: str) -> None:
    _attempt(_from(portal_app, ATTACKER), USERNAMES["caseworker"], "geraden wachtwoord")
    with db.session_factory(database_url)() as session:
        rows = session.execute(select(LoginThrottle)).scalars().all()
    assert len(rows) == 2
    stored = " ".join(f"{r.key} {r.username_key}" for r in rows)
    assert ATTACKER not in stored and USERNAMES["caseworker"] not in stored


def test_an_admin_lifts_the_pause_on_a_name_from_every_address(portal_app: Flask, clock: Clock) -> None:
    attacker = _from(portal_app, ATTACKER)
    for _ in range(5):
        _attempt(attacker, USERNAMES["editor"], "geraden wachtwoord")
    admin = _from(portal_app, OFFICE)
    login(admin, USERNAMES["admin"])
    page = admin.get("/portal/beheer/gebruikers").get_data(as_text=True)
    assert "geblokkeerd" in page
    with db.session_factory(portal_app.config["WEGWIJZ_SETTINGS"].database_url)() as session:
        editor = accounts.find_user(session, USERNAMES["editor"])
        assert editor is not None
        editor_id = editor.id
    token = page_token(admin, "/portal/beheer/gebruikers")
    assert admin.post(f"/portal/beheer/gebruikers/{editor_id}",
                      data={"csrf_token": token, "action": "unlock"}).status_code == 302
    assert _attempt(_from(portal_app, ATTACKER), USERNAMES["editor"], PASSWORD).status_code == 302


def test_back_off_rules() -> None:
    rule = BackOff(free=3, first=dt.timedelta(minutes=1), longest=dt.timedelta(minutes=5))
    assert [rule.pause_after(n) for n in range(1, 8)] == [
        None, None, dt.timedelta(minutes=1), dt.timedelta(minutes=2), dt.timedelta(minutes=4),
        dt.timedelta(minutes=5), dt.timedelta(minutes=5)]


def test_authenticate_counts_a_missing_account_like_an_existing_one(session) -> None:  # type: ignore[no-untyped-def]
    accounts.create_user(session, "bestaat.wel", PASSWORD, Role.EDITOR)
    rules = LoginRules(per_address=BackOff(100, dt.timedelta(minutes=1), dt.timedelta(minutes=15)),
                       per_name=BackOff(3, dt.timedelta(minutes=15), dt.timedelta(hours=2)))
    start = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.timezone.utc)
    results = {}
    for name in ("bestaat.wel", "bestaat.niet"):
        results[name] = [accounts.authenticate(session, name, "fout", "192.0.2.1", rules, "geheim",
                                               now=start + dt.timedelta(minutes=minute)).result
                         for minute in range(4)]
    assert results["bestaat.wel"] == results["bestaat.niet"] == [
        accounts.LoginResult.REFUSED, accounts.LoginResult.REFUSED,
        accounts.LoginResult.LOCKED, accounts.LoginResult.LOCKED]
    later = accounts.authenticate(session, "bestaat.wel", PASSWORD, "192.0.2.1", rules, "geheim",
                                  now=start + dt.timedelta(minutes=20))
    assert later.result is accounts.LoginResult.OK
