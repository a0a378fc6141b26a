"""Channels: Telegram, WhatsApp and the web chat, all through one gateway.

    Telegram (polling/webhook) ─┐                        ┌─> Rasa REST (/webhooks/rest/webhook)
    WhatsApp (webhook) ─────────┼─> inbox ─> processor ──┤
    web chat (answer_web) ──────┘      (dedup, order)    └─> outbox ─> delivery (limits, retries)

Sender ids carry the channel: `tg:<chat id>`, `wa:<phone>`, `web:<id>`.
Start it with `python -m wegwijz.channels.gateway`; configuration and setup
steps are in `wegwijz/channels/README.md`. Other features send proactive
messages with `wegwijz.channels.outbox.enqueue_proactive`.
"""
