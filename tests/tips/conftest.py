"""Fixtures for the tip tests: the portal's (an application, users of every role)."""

from tests.portal.conftest import client_for, kennisbank_copy, portal_app  # noqa: F401
