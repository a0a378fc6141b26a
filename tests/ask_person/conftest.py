"""The portal's fixtures (an application on a fresh database, users of every role) for the inbox tests."""

from tests.portal.conftest import client_for, kennisbank_copy, portal_app  # noqa: F401
