"""The portal: caseworkers act on check-ins, editors keep the kennisbank true, the town sees its indicators.

A Flask blueprint under `/portal/`, added to the web application by
`register(app)`. Server-rendered pages in Dutch, the staff's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def register(app: Flask) -> None:
    """Mount the portal on `app` under `/portal/`."""
    from wegwijz.portal import access
    from wegwijz.portal.blueprint import make_blueprint

    access.install(app)
    app.register_blueprint(make_blueprint(), url_prefix="/portal")


__all__ = ["register"]
