"""Editors: the article list, an article in four languages side by side, editing and reviewing."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from wegwijz import LANGUAGES
from wegwijz.kennisbank import feedback
from wegwijz.kennisbank.loader import KennisbankError, load_article
from wegwijz.kennisbank.schema import SOURCE_SCHEMA
from wegwijz.portal import access, article_edits, audit, open_questions, source_history
from wegwijz.portal.access import allow
from wegwijz.portal.article_edits import EditRefused, EditResult, SourceEdit, TranslationEdit, split_lines
from wegwijz.portal.kennisbank_view import (
    ARTICLE_FILTERS,
    LANGUAGE_LABELS,
    STATUS_LABELS,
    TEXT_DIRECTION,
    KennisbankCache,
    article_rows,
)
from wegwijz.portal.roles import Role
from wegwijz.retention import Periods

EDITORS = (Role.EDITOR, Role.ADMIN)
TOPICS: list[str] = list(SOURCE_SCHEMA["properties"]["topic"]["enum"])
REVIEWED_TRANSLATION = "portal: verouderde vertaling gecontroleerd"
"""Audit entry: an outdated translation was marked current, with or without the Dutch change and why."""


def _cache() -> KennisbankCache:
    return current_app.extensions.setdefault("wegwijz_portal_kennisbank", KennisbankCache())


def _folder(article_id: str):  # type: ignore[no-untyped-def]
    try:
        return article_edits.article_folder(access.settings().kennisbank_dir, article_id)
    except KeyError:
        abort(404)


def _announce(result: EditResult) -> None:
    if not result.changed:
        flash("Er was niets veranderd; niets opgeslagen.", "info")
        return
    flash(f"Opgeslagen en gepubliceerd ({', '.join(result.files)}). De assistent gebruikt de nieuwe tekst "
          "binnen enkele seconden.", "success")
    if result.version_bumped:
        flash(f"De Nederlandse tekst is nu versie {result.new_version}: de vertalingen staan op 'verouderd' "
              "tot ze zijn bijgewerkt.", "warning")
    if result.retrain_needed:
        flash("De voorbeeldvragen of de titel zijn veranderd. Nieuwe vragen herkent de assistent pas na opnieuw "
              "trainen (make train); de antwoordtekst is wel meteen live.", "warning")


def add_routes(bp: Blueprint) -> None:
    """Add the editors' routes to the portal blueprint."""

    @bp.get("/kennisbank")
    @allow(*EDITORS)
    def articles() -> str:
        kb = _cache().get(access.settings().kennisbank_dir)
        rows = article_rows(kb, feedback.totals(access.database()), dt.date.today())
        chosen = request.args.get("filter", "")
        if chosen not in ARTICLE_FILTERS:
            chosen = ""
        shown = [row for row in rows if ARTICLE_FILTERS[chosen].keeps(row)]
        return render_template("portal/articles.html", rows=shown, all_rows=len(rows), languages=LANGUAGES,
                               status_labels=STATUS_LABELS, language_labels=LANGUAGE_LABELS,
                               overdue=sum(1 for r in rows if r.overdue), filters=ARTICLE_FILTERS, chosen=chosen,
                               filter_counts={key: sum(1 for r in rows if f.keeps(r))
                                              for key, f in ARTICLE_FILTERS.items()})

    @bp.get("/kennisbank/open-vragen")
    @allow(*EDITORS)
    def open_questions_page() -> str:
        days = Periods.from_env().conversation_days
        since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
        unanswered, disliked = open_questions.collect(access.database().connection(), since)
        kb = _cache().get(access.settings().kennisbank_dir)
        titles = {article_id: article.translations["nl"].title for article_id, article in kb.articles.items()}
        return render_template("portal/open_questions.html", unanswered=unanswered, disliked=disliked,
                               days=days, titles=titles, language_labels=LANGUAGE_LABELS,
                               direction=TEXT_DIRECTION)

    @bp.get("/kennisbank/<article_id>")
    @allow(*EDITORS)
    def article(article_id: str) -> str:
        folder = _folder(article_id)
        try:
            loaded = load_article(folder)
        except KennisbankError as error:
            abort(500, description=str(error))
        totals = feedback.totals(access.database())
        return render_template(
            "portal/article.html", article=loaded, languages=LANGUAGES, status_labels=STATUS_LABELS,
            language_labels=LANGUAGE_LABELS, direction=TEXT_DIRECTION, today=dt.date.today(),
            feedback={lang: totals.get((article_id, lang), (0, 0)) for lang in LANGUAGES})

    @bp.route("/kennisbank/<article_id>/<lang>/bewerken", methods=["GET", "POST"])
    @allow(*EDITORS)
    def edit_article(article_id: str, lang: str) -> ResponseReturnValue:
        if lang not in LANGUAGES:
            abort(404)
        _folder(article_id)
        root = access.settings().kennisbank_dir
        files = article_edits.read_all(root, article_id)
        if request.method == "POST":
            form = request.form
            try:
                if lang == "nl":
                    result = article_edits.edit_source(root, article_id, _source_edit(form), form.get("base", ""))
                else:
                    result = article_edits.edit_translation(root, article_id, lang, _translation_edit(form),
                                                            form.get("base", ""))
            except EditRefused as error:
                return render_template("portal/article_edit.html", **_edit_context(article_id, lang, files),
                                       form=form, error=str(error)), 400
            _announce(result)
            return redirect(url_for("portal.article", article_id=article_id) + f"#taal-{lang}")
        return render_template("portal/article_edit.html", **_edit_context(article_id, lang, files),
                               form=None, error=None)

    @bp.get("/kennisbank/<article_id>/<lang>/gecontroleerd")
    @allow(*EDITORS)
    def confirm_review(article_id: str, lang: str) -> ResponseReturnValue:
        if lang not in LANGUAGES[1:]:
            abort(404)
        _folder(article_id)
        return render_template("portal/review_confirm.html", **_review_context(article_id, lang), error=None)

    @bp.post("/kennisbank/<article_id>/<lang>/gecontroleerd")
    @allow(*EDITORS)
    def review_article(article_id: str, lang: str) -> ResponseReturnValue:
        if lang not in LANGUAGES:
            abort(404)
        _folder(article_id)
        root = access.settings().kennisbank_dir
        contains_change = request.form.get("contains_change") == "1"
        reason = article_edits.unix_lines(request.form.get("reason", "")).strip()
        outdated = article_edits.is_outdated(root, article_id, lang)
        if outdated and not contains_change and not reason:
            # One click is not enough for an outdated translation: first the difference, then a confirmation.
            error = None if request.form.get("confirming") != "1" else \
                "Kies één van beide: de vertaling bevat de wijziging, of schrijf waarom dat niet nodig is."
            return render_template("portal/review_confirm.html", **_review_context(article_id, lang),
                                   error=error), 400 if error else 200
        try:
            changed_from = int(article_edits.read_all(root, article_id)[lang].front.get("source_version", 0))
            result = article_edits.mark_reviewed(root, article_id, lang, dt.date.today(), contains_change, reason)
        except EditRefused as error:
            flash(str(error), "error")
        else:
            if outdated:
                session = access.database()
                detail = (f"{article_id}/{lang}: Nederlandse versie {changed_from} → {result.new_version}; "
                          + ("bevat de wijziging" if contains_change else f"zonder de wijziging: {reason}"))
                user = access.current_user()
                audit.record(session, user.username if user else "?", REVIEWED_TRANSLATION, None, detail)
                session.commit()
            if lang == "nl":
                flash("Het artikel is gemarkeerd als gecontroleerd; de nieuwe controledatum staat erbij.", "success")
            else:
                flash(f"De {LANGUAGE_LABELS[lang]}e vertaling is gemarkeerd als gecontroleerd.", "success")
        return redirect(url_for("portal.article", article_id=article_id) + f"#taal-{lang}")


def _review_context(article_id: str, lang: str) -> dict:  # type: ignore[type-arg]
    root = access.settings().kennisbank_dir
    files = article_edits.read_all(root, article_id)
    from_version = int(files[lang].front.get("source_version", 0))
    return {
        "article_id": article_id, "lang": lang, "language_labels": LANGUAGE_LABELS, "direction": TEXT_DIRECTION,
        "translation": files[lang], "source": files["nl"],
        "change": source_history.change_since(root, article_id, files["nl"], from_version),
    }


def _edit_context(article_id: str, lang: str, files: dict) -> dict:  # type: ignore[type-arg]
    current = files[lang]
    return {
        "article_id": article_id, "lang": lang, "file": current, "source": files["nl"],
        "language_labels": LANGUAGE_LABELS, "direction": TEXT_DIRECTION, "topics": TOPICS,
        "source_lines": article_edits.source_lines,
        "source_version": int(files["nl"].front["version"]),
        "outdated": lang != "nl" and int(current.front.get("source_version", 0)) < int(files["nl"].front["version"]),
    }


def _source_edit(form) -> SourceEdit:  # type: ignore[no-untyped-def]
    try:
        review_by = dt.date.fromisoformat(form.get("review_by", ""))
    except ValueError as error:
        raise EditRefused("Controleren vóór: vul een datum in (jjjj-mm-dd).") from error
    return SourceEdit(
        title=form.get("title", ""), body=form.get("body", ""), questions=split_lines(form.get("questions", "")),
        topic=form.get("topic", ""), owner=form.get("owner", ""), review_by=review_by,
        verify=form.get("verify") == "1", verify_note=form.get("verify_note", ""),
        sources=article_edits.parse_sources(form.get("sources", "")), minor=form.get("minor") == "1")


def _translation_edit(form) -> TranslationEdit:  # type: ignore[no-untyped-def]
    return TranslationEdit(
        title=form.get("title", ""), body=form.get("body", ""), questions=split_lines(form.get("questions", "")),
        status=form.get("status", ""), follows_current_source=form.get("follows_source") == "1")
