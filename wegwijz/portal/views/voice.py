"""Editors: listen to the read-aloud voice of each language, and switch it on or off.

Every language is off until an editor has listened to a sample and switched it on: a synthetic
voice that nobody understands, or that says a Dutch term wrongly, does harm. Switching is audited.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from wegwijz import LANGUAGES
from wegwijz.portal import access
from wegwijz.portal.access import allow
from wegwijz.portal.kennisbank_view import LANGUAGE_LABELS, TEXT_DIRECTION
from wegwijz.portal.roles import Role
from wegwijz.voice import switch
from wegwijz.voice.library import CONTENT_TYPE, VoiceLibrary, VoiceUnavailable, library_for, spoken_text

EDITORS = (Role.EDITOR, Role.ADMIN)
SAMPLE_ARTICLE = "huisarts"
"""The article read as a sample unless the editor chooses another."""


def _library() -> VoiceLibrary:
    return library_for(access.settings())


def _article_ids() -> list[str]:
    root = access.settings().kennisbank_dir / "articles"
    return sorted(folder.name for folder in root.iterdir() if (folder / "nl.md").is_file())


def add_routes(bp: Blueprint) -> None:
    """Add the read-aloud page to the portal blueprint."""

    @bp.get("/voorlezen")
    @allow(*EDITORS)
    def voice_languages() -> str:
        articles = _article_ids()
        chosen = request.args.get("artikel", SAMPLE_ARTICLE)
        if chosen not in articles:
            chosen = SAMPLE_ARTICLE if SAMPLE_ARTICLE in articles else (articles[0] if articles else "")
        texts = {}
        if chosen:
            article = _library().article(chosen)
            texts = {lang: spoken_text(article, lang) for lang in LANGUAGES if lang in article.translations}
        return render_template("portal/voice.html", settings=switch.settings(access.database()),
                               labels=LANGUAGE_LABELS, direction=TEXT_DIRECTION, articles=articles,
                               chosen=chosen, texts=texts)

    @bp.get("/voorlezen/<lang>/voorbeeld.ogg")
    @allow(*EDITORS)
    def voice_sample(lang: str) -> ResponseReturnValue:
        # The sample plays whether or not the language is on: editors listen before they decide.
        if lang not in LANGUAGES:
            abort(404)
        try:
            made = _library().voice(request.args.get("artikel", SAMPLE_ARTICLE), lang)
        except VoiceUnavailable:
            abort(404)
        return send_file(made.path, mimetype=CONTENT_TYPE, conditional=True, download_name=made.name)

    @bp.post("/voorlezen/<lang>")
    @allow(*EDITORS)
    def switch_voice(lang: str) -> ResponseReturnValue:
        if lang not in LANGUAGES:
            abort(404)
        on = request.form.get("aan") == "1"
        if on and request.form.get("beluisterd") != "1":
            flash(f"Zet voorlezen in het {LANGUAGE_LABELS[lang]} pas aan als je het voorbeeld hebt beluisterd "
                  "en het goed te verstaan is: vink dat aan.", "error")
            return redirect(url_for("portal.voice_languages"))
        session, user = access.database(), access.current_user()
        assert user is not None  # allow() lets only signed-in editors in
        changed = switch.switch(session, lang, on, user.username, access.now())
        session.commit()
        state = "aan" if on else "uit"
        flash(f"Voorlezen in het {LANGUAGE_LABELS[lang]} staat nu {state}." if changed
              else f"Voorlezen in het {LANGUAGE_LABELS[lang]} stond al {state}.", "success" if changed else "info")
        return redirect(url_for("portal.voice_languages"))
