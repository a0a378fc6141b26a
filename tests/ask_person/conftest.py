"""Fixtures for the inbox tests: the portal's (an application, users of every role) and the channel fakes'."""

from tests.channels.conftest import fake_rasa, fake_telegram, fake_whatsapp, gateway_for  # noqa: F401
from tests.portal.conftest import client_for, kennisbank_copy, portal_app  # noqa: F401
