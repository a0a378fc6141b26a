"""Signing in and out: Argon2id, lockout, inactivity expiry, logout, CSRF, first-password change."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select, update

from tests.portal.conftest import PASSWORD, USERNAMES, csrf_from, login, page_token
from wegwijz import db
from wegwijz.portal import accounts
from wegwijz.portal.access import SESSION_COOKIE
from wegwijz.portal.models import PortalSession, PortalUser
from wegwijz.portal.roles import Role


def _attempt(client, username: str, password: str):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/portal/login").get_data(as_text=True))
    return client.post("/portal/login", data={"username": username, "password": password, "csrf_token": token})


def test_passwords_are_stored_as_argon2id(portal_app: Flask, database_url: str) -> None:
    with db.session_factory(database_url)() as session:
        user = accounts.find_user(session, USERNAMES["editor"])
        assert user is not None
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


def test_right_password_signs_in_and_lands_on_the_roles_home(client_for) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    response = editor.get("/portal/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/portal/kennisbank")


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(portal_app: Flask) -> None:
    client = portal_app.test_client()
    wrong_password = _attempt(client, USERNAMES["editor"], "niet het goede wachtwoord")
    unknown_user = _attempt(client, "bestaat.niet", PASSWORD)
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert "De gebruikersnaam of het wachtwoord klopt niet." in wrong_password.get_data(as_text=True)
    assert "De gebruikersnaam of het wachtwoord klopt niet." in unknown_user.get_data(as_text=True)
    assert client.get("/portal/kennisbank").status_code == 302


def test_five_failures_pause_this_name_from_this_address_even_for_the_right_password(portal_app: Flask) -> None:
    client = portal_app.test_client()
    for _ in range(4):
        assert _attempt(client, USERNAMES["editor"], "fout fout fout fout").status_code == 401
    assert _attempt(client, USERNAMES["editor"], "fout fout fout fout").status_code == 429
    locked = _attempt(client, USERNAMES["editor"], PASSWORD)
    assert locked.status_code == 429
    assert "even geblokkeerd" in locked.get_data(as_text=True)
    # Another account is not affected.
    assert _attempt(client, USERNAMES["admin"], PASSWORD).status_code == 302


def test_idle_session_expires(portal_app: Flask, client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    assert editor.get("/portal/kennisbank").status_code == 200
    idle = dt.timedelta(minutes=portal_app.config["PORTAL_IDLE_MINUTES"] + 1)
    with db.session_factory(database_url)() as session:
        session.execute(update(PortalSession).values(
            last_seen_at=dt.datetime.now(dt.timezone.utc) - idle))
        session.commit()
    response = editor.get("/portal/kennisbank")
    assert response.status_code == 302
    assert "verlopen=1" in response.headers["Location"]
    assert "Je sessie is verlopen" in editor.get(response.headers["Location"]).get_data(as_text=True)
    with db.session_factory(database_url)() as session:
        assert session.execute(select(PortalSession)).first() is None


def test_activity_keeps_the_session_alive(portal_app: Flask, client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    almost = dt.timedelta(minutes=portal_app.config["PORTAL_IDLE_MINUTES"] - 1)
    with db.session_factory(database_url)() as session:
        session.execute(update(PortalSession).values(last_seen_at=dt.datetime.now(dt.timezone.utc) - almost))
        session.commit()
    assert editor.get("/portal/kennisbank").status_code == 200
    with db.session_factory(database_url)() as session:
        last_seen = session.execute(select(PortalSession.last_seen_at)).scalar_one()
    assert dt.datetime.now(dt.timezone.utc) - last_seen.replace(tzinfo=dt.timezone.utc) < dt.timedelta(minutes=1)


def test_logout_ends_the_session_on_the_server(portal_app: Flask, client_for) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    cookie = editor.get_cookie(SESSION_COOKIE, path="/portal")
    assert cookie is not None
    token = page_token(editor, "/portal/kennisbank")
    response = editor.post("/portal/logout", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/portal/login")
    # Replaying the old cookie (as a thief would) no longer works.
    thief = portal_app.test_client()
    thief.set_cookie(SESSION_COOKIE, cookie.value, path="/portal")
    assert thief.get("/portal/kennisbank").status_code == 302


def test_logout_is_not_a_get(client_for) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    assert editor.get("/portal/logout").status_code == 405
    assert editor.get("/portal/kennisbank").status_code == 200


def test_post_without_or_with_a_foreign_csrf_token_is_refused(client_for) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    other = client_for("admin")
    url = "/portal/kennisbank/huisarts/ti/gecontroleerd"
    assert editor.post(url).status_code == 400
    assert editor.post(url, data={"csrf_token": "0" * 64}).status_code == 400
    assert editor.post(url, data={"csrf_token": page_token(other, "/portal/kennisbank")}).status_code == 400
    assert editor.post(url, data={"csrf_token": page_token(editor, "/portal/kennisbank")}).status_code == 302


def test_login_form_needs_its_csrf_token(portal_app: Flask) -> None:
    client = portal_app.test_client()
    response = client.post("/portal/login", data={"username": USERNAMES["admin"], "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/portal/beheer/gebruikers").status_code == 302


def test_a_new_session_gets_new_csrf_tokens(portal_app: Flask) -> None:
    client = portal_app.test_client()
    before = csrf_from(client.get("/portal/login").get_data(as_text=True))
    login(client, USERNAMES["editor"])
    after = page_token(client, "/portal/kennisbank")
    assert before != after


def test_next_goes_only_to_portal_pages(portal_app: Flask) -> None:
    client = portal_app.test_client()
    first = client.get("/portal/kennisbank/huisarts")
    assert first.status_code == 302
    token = csrf_from(client.get(first.headers["Location"]).get_data(as_text=True))
    ok = client.post("/portal/login", data={"username": USERNAMES["editor"], "password": PASSWORD,
                                            "csrf_token": token, "next": "/portal/kennisbank/huisarts"})
    assert ok.headers["Location"].endswith("/portal/kennisbank/huisarts")
    other = portal_app.test_client()
    token = csrf_from(other.get("/portal/login").get_data(as_text=True))
    evil = other.post("/portal/login", data={"username": USERNAMES["editor"], "password": PASSWORD,
                                             "csrf_token": token, "next": "//evil.example/portal/"})
    assert evil.headers["Location"].endswith("/portal/")


def test_a_temporary_password_must_be_replaced_first(portal_app: Flask, database_url: str) -> None:
    with db.session_factory(database_url)() as session:
        accounts.create_user(session, "nieuw.iemand", "tijdelijk-1234-abcd", Role.EDITOR, must_change_password=True)
        session.commit()
    client = portal_app.test_client()
    login(client, "nieuw.iemand", "tijdelijk-1234-abcd")
    forced = client.get("/portal/kennisbank")
    assert forced.status_code == 302 and forced.headers["Location"].endswith("/portal/wachtwoord")
    token = page_token(client, "/portal/wachtwoord")
    weak = client.post("/portal/wachtwoord", data={"csrf_token": token, "current": "tijdelijk-1234-abcd",
                                                   "new": "kort", "repeat": "kort"})
    assert weak.status_code == 400 and "minstens 12 tekens" in weak.get_data(as_text=True)
    chosen = "mijn eigen lange wachtzin"
    done = client.post("/portal/wachtwoord", data={"csrf_token": token, "current": "tijdelijk-1234-abcd",
                                                   "new": chosen, "repeat": chosen})
    assert done.status_code == 302
    assert client.get("/portal/kennisbank").status_code == 200
    with db.session_factory(database_url)() as session:
        user = session.execute(select(PortalUser).where(PortalUser.username == "nieuw.iemand")).scalar_one()
        assert not user.must_change_password


def test_deactivated_user_is_signed_out_at_once(portal_app: Flask, client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    with db.session_factory(database_url)() as session:
        user = accounts.find_user(session, USERNAMES["editor"])
        assert user is not None
        accounts.set_active(session, user, False)
        session.commit()
    assert editor.get("/portal/kennisbank").status_code == 302


def test_the_last_admin_cannot_be_removed(session) -> None:  # type: ignore[no-untyped-def]
    admin = accounts.create_user(session, "enige.beheerder", PASSWORD, Role.ADMIN)
    for change in (lambda: accounts.set_role(session, admin, Role.EDITOR),
                   lambda: accounts.set_active(session, admin, False)):
        try:
            change()
        except accounts.AccountError:
            continue
        raise AssertionError("the last admin was removed")
