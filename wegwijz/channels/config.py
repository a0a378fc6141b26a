"""Channel configuration, read from the environment only (see `wegwijz/channels/README.md`).

Nothing here is required: without a Telegram token or WhatsApp settings the
bridges do not start and the rest of the assistant runs as before.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from wegwijz import LANGUAGES
from wegwijz.contract import languages

WHATSAPP_REQUIRED = ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET",
                     "WHATSAPP_VERIFY_TOKEN")
"""WhatsApp runs only when all four are set; some but not all is a configuration error."""

DEFAULT_TEMPLATE_LANGUAGES = {language.code: language.whatsapp_template for language in languages.REGISTRY}
"""Language of a WhatsApp template per conversation language. WhatsApp has no Tigrinya templates."""


@dataclass(frozen=True)
class Limits:
    """Sending limits of one channel."""

    per_chat_interval: float
    """Seconds between two messages to the same chat."""
    per_second: float
    """Messages per second over all chats."""


@dataclass(frozen=True)
class ChannelConfig:
    """Everything the gateway needs to know about Telegram and WhatsApp."""

    telegram_token: str = ""
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    telegram_api_base: str = "https://api.telegram.org"
    telegram_poll_timeout: int = 25
    telegram_limits: Limits = Limits(per_chat_interval=1.0, per_second=30.0)
    whatsapp_access_token: str = ""
    whatsapp_phone_number_id: str = ""
    whatsapp_app_secret: str = ""
    whatsapp_verify_token: str = ""
    whatsapp_api_base: str = "https://graph.facebook.com"
    whatsapp_api_version: str = "v21.0"
    whatsapp_templates: Mapping[str, str] = field(default_factory=dict)
    whatsapp_template_languages: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_TEMPLATE_LANGUAGES))
    whatsapp_limits: Limits = Limits(per_chat_interval=0.0, per_second=20.0)
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 8010
    retry_base_seconds: float = 1.0
    retry_max_seconds: float = 300.0
    max_attempts: int = 15
    rasa_retry_max_seconds: float = 15.0
    turn_give_up_seconds: float = 600.0
    """A message Rasa keeps failing on while it is reachable (a timeout, an error, no answer) is tried for
    this long; then the person gets a kind "that did not work, please try again" and their next messages
    go on. While Rasa cannot be reached at all, messages wait without limit."""
    rasa_timeout_seconds: float = 30.0
    """How long the gateway and the web chat wait for Rasa's answer to one turn."""
    retention_days: int = 30
    action_health_url: str | None = None
    """Where to ask whether the action server is up; None: next to Rasa on this machine; "": never ask."""

    @property
    def telegram(self) -> bool:
        """Whether the Telegram bridge runs."""
        return bool(self.telegram_token)

    @property
    def telegram_webhook(self) -> bool:
        """Whether Telegram delivers updates to our webhook (else we poll)."""
        return self.telegram and bool(self.telegram_webhook_url)

    @property
    def whatsapp(self) -> bool:
        """Whether the WhatsApp bridge runs."""
        return all((self.whatsapp_access_token, self.whatsapp_phone_number_id, self.whatsapp_app_secret,
                    self.whatsapp_verify_token))

    @property
    def needs_webhook_server(self) -> bool:
        """Whether the gateway listens for webhooks (WhatsApp always; Telegram in webhook mode)."""
        return self.whatsapp or self.telegram_webhook

    def template_language(self, lang: str | None) -> str:
        """The WhatsApp template language code for a conversation language."""
        return self.whatsapp_template_languages.get(lang or "nl", "nl")

    def problems(self) -> list[str]:
        """What is wrong with this configuration (empty when it can run)."""
        found = []
        if self.telegram_webhook and len(self.telegram_webhook_secret) < 16:
            found.append("TELEGRAM_WEBHOOK_SECRET must be set (16+ characters of A-Z, a-z, 0-9, _ and -) "
                         "when TELEGRAM_WEBHOOK_URL is set")
        return found


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    return float(env.get(name) or default)


def half_configured_whatsapp(env: Mapping[str, str] | None = None) -> list[str]:
    """The WhatsApp variables missing when some but not all are set (else empty)."""
    env = os.environ if env is None else env
    present = [name for name in WHATSAPP_REQUIRED if env.get(name)]
    if not present or len(present) == len(WHATSAPP_REQUIRED):
        return []
    return [name for name in WHATSAPP_REQUIRED if not env.get(name)]


def load(env: Mapping[str, str] | None = None) -> ChannelConfig:
    """Read the channel configuration from the environment (or from `env`)."""
    env = os.environ if env is None else env
    prefix = "WHATSAPP_TEMPLATE_"
    templates = {key[len(prefix):].lower(): value for key, value in env.items()
                 if key.startswith(prefix) and key != "WHATSAPP_TEMPLATE_LANGUAGES" and value}
    languages = dict(DEFAULT_TEMPLATE_LANGUAGES)
    for pair in (env.get("WHATSAPP_TEMPLATE_LANGUAGES") or "").split(","):
        lang, _, code = pair.partition(":")
        if lang.strip() in LANGUAGES and code.strip():
            languages[lang.strip()] = code.strip()
    return ChannelConfig(
        telegram_token=env.get("TELEGRAM_BOT_TOKEN", ""),
        telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL", ""),
        telegram_webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET", ""),
        telegram_api_base=(env.get("TELEGRAM_API_BASE") or "https://api.telegram.org").rstrip("/"),
        telegram_poll_timeout=int(env.get("TELEGRAM_POLL_TIMEOUT") or 25),
        telegram_limits=Limits(_float(env, "TELEGRAM_PER_CHAT_INTERVAL", 1.0),
                               _float(env, "TELEGRAM_MESSAGES_PER_SECOND", 30.0)),
        whatsapp_access_token=env.get("WHATSAPP_ACCESS_TOKEN", ""),
        whatsapp_phone_number_id=env.get("WHATSAPP_PHONE_NUMBER_ID", ""),
        whatsapp_app_secret=env.get("WHATSAPP_APP_SECRET", ""),
        whatsapp_verify_token=env.get("WHATSAPP_VERIFY_TOKEN", ""),
        whatsapp_api_base=(env.get("WHATSAPP_API_BASE") or "https://graph.facebook.com").rstrip("/"),
        whatsapp_api_version=env.get("WHATSAPP_API_VERSION") or "v21.0",
        whatsapp_templates=templates,
        whatsapp_template_languages=languages,
        whatsapp_limits=Limits(_float(env, "WHATSAPP_PER_CHAT_INTERVAL", 0.0),
                               _float(env, "WHATSAPP_MESSAGES_PER_SECOND", 20.0)),
        webhook_host=env.get("CHANNELS_HOST") or "127.0.0.1",
        webhook_port=int(env.get("CHANNELS_PORT") or 8010),
        retry_base_seconds=_float(env, "CHANNELS_RETRY_BASE_SECONDS", 1.0),
        retry_max_seconds=_float(env, "CHANNELS_RETRY_MAX_SECONDS", 300.0),
        max_attempts=int(env.get("CHANNELS_MAX_ATTEMPTS") or 15),
        rasa_retry_max_seconds=_float(env, "CHANNELS_RASA_RETRY_MAX_SECONDS", 15.0),
        turn_give_up_seconds=_float(env, "CHANNELS_TURN_GIVE_UP_SECONDS", 600.0),
        rasa_timeout_seconds=_float(env, "CHANNELS_RASA_TIMEOUT_SECONDS", 30.0),
        retention_days=int(env.get("CHANNELS_RETENTION_DAYS") or 30),
        action_health_url=env.get("ACTION_SERVER_HEALTH_URL"),
    )
