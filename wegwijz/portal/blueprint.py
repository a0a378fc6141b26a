"""The portal blueprint: request checks, error pages and the views of every part."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from wegwijz.portal import access, flag_kinds
from wegwijz.portal.markdown_preview import preview
from wegwijz.portal.roles import Role

HERE = Path(__file__).parent


@dataclass(frozen=True)
class NavItem:
    """One link in the main menu, with the pages that belong to it."""

    endpoint: str
    label: str
    roles: tuple[Role, ...]
    pages: tuple[str, ...] = ()
    current: bool = False


NAVIGATION = (
    NavItem("portal.worklist", "Werklijst", (Role.CASEWORKER, Role.ADMIN), ("portal.newcomer",)),
    NavItem("portal.unassigned", "Niet toegewezen", (Role.CASEWORKER, Role.ADMIN)),
    NavItem("portal.inbox_list", "Vragen", (Role.CASEWORKER, Role.ADMIN), ("portal.inbox_question",)),
    NavItem("portal.monitoring", "Monitoring", (Role.CASEWORKER, Role.ADMIN)),
    NavItem("portal.articles", "Kennisbank", (Role.EDITOR, Role.ADMIN), ("portal.article", "portal.edit_article")),
    NavItem("portal.kennisbank_gaps", "Ontbreekt", (Role.EDITOR, Role.ADMIN)),
    NavItem("portal.voice_languages", "Voorlezen", (Role.EDITOR, Role.ADMIN)),
    NavItem("portal.tips_list", "Tips", (Role.EDITOR, Role.ADMIN), ("portal.tip_page",)),
    NavItem("portal.users", "Gebruikers", (Role.ADMIN,)),
    NavItem("portal.audit_log", "Auditlog", (Role.ADMIN,)),
    NavItem("portal.portal_settings", "Instellingen", (Role.ADMIN,)),
)
"""The main menu; each user sees the items of their role."""


def nav_items(role: Role | None) -> list[NavItem]:
    """The menu for `role`, with the item of the current page marked."""
    if role is None:
        return []
    here = request.endpoint or ""
    return [NavItem(item.endpoint, item.label, item.roles, item.pages,
                    current=here == item.endpoint or here in item.pages)
            for item in NAVIGATION if role in item.roles and item.endpoint in current_app.view_functions]


def _error_page(error: HTTPException) -> tuple[str, int]:
    return render_template("portal/error.html", error=error), error.code or 500


def make_blueprint() -> Blueprint:
    """A new portal blueprint with every route (a new one per application, so tests can make many)."""
    from wegwijz.portal.views import admin, auth, inbox, kennisbank, monitoring, newcomers, tips, voice

    bp = Blueprint("portal", __name__, template_folder=str(HERE / "templates"),
                   static_folder=str(HERE / "static"), static_url_path="/static")
    bp.before_request(access.before_request)
    bp.after_request(access.after_request)
    bp.teardown_request(access.teardown_request)
    for code in (400, 403, 404, 405, 413, 500):
        bp.register_error_handler(code, _error_page)

    @bp.app_template_global()
    def csrf_field():  # type: ignore[no-untyped-def]
        return access.csrf_field()

    bp.add_app_template_filter(preview, "article_markdown")
    bp.add_app_template_global(flag_kinds.kind_of, "flag_kind")

    @bp.context_processor
    def who() -> dict[str, object]:
        role = access.current_role()
        return {"user": access.current_user(), "role": role, "Role": Role, "nav_items": nav_items(role)}

    for part in (auth, admin, kennisbank, newcomers, monitoring, inbox, voice, tips):
        part.add_routes(bp)
    return bp
