"""Monitoring: the plan's indicators per pillar over a chosen period, as charts and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue

from wegwijz.digest import numbers as weekly_news
from wegwijz.humanhelp import inbox as person_questions
from wegwijz.partners import numbers as partner_numbers
from wegwijz.portal import access, indicators
from wegwijz.portal.access import allow
from wegwijz.portal.charts import bar_chart, number
from wegwijz.portal.indicators import Period, Pillar
from wegwijz.portal.kennisbank_view import LANGUAGE_LABELS
from wegwijz.portal.roles import Role
from wegwijz.tips import review as tips
from wegwijz.voice import counts as voice_counts

DEFAULT_DAYS = 365
"""Without a choice, the page shows the last year."""


def chosen_period(today: dt.date) -> tuple[Period, str | None]:
    """The period in the query string (`van`, `tot`), or the last year; with a problem to show, if any."""
    default = Period(today - dt.timedelta(days=DEFAULT_DAYS - 1), today)
    raw_start, raw_end = request.args.get("van", ""), request.args.get("tot", "")
    if not raw_start and not raw_end:
        return default, None
    try:
        period = Period(dt.date.fromisoformat(raw_start or default.start.isoformat()),
                        dt.date.fromisoformat(raw_end or default.end.isoformat()))
    except ValueError:
        return default, "Die datum kon ik niet lezen; je ziet het afgelopen jaar."
    if period.end < period.start:
        return default, "De einddatum ligt vóór de begindatum; je ziet het afgelopen jaar."
    return period, None


def csv_text(grouped: dict[str, list[indicators.Indicator]], period: Period) -> str:
    """The indicators as CSV for Dutch spreadsheets (';' between fields, decimal comma)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["pijler", "indicator", "onderdeel", "waarde", "eenheid", "aantal", "van", "tot"])
    for pillar, items in grouped.items():
        for item in items:
            writer.writerow([Pillar.TITLES[pillar], item.title, "", number(item.value), item.unit, item.based_on,
                             period.start.isoformat(), period.end.isoformat()])
            for label, value in item.series:
                writer.writerow([Pillar.TITLES[pillar], item.title, label, number(value), "", "",
                                 period.start.isoformat(), period.end.isoformat()])
    return "\ufeff" + out.getvalue()  # the BOM makes spreadsheet programs read UTF-8


def add_routes(bp: Blueprint) -> None:
    """Add the monitoring routes to the portal blueprint."""

    @bp.get("/monitoring")
    @allow(Role.CASEWORKER, Role.ADMIN)
    def monitoring() -> str:
        period, problem = chosen_period(dt.date.today())
        grouped = indicators.all_indicators(access.database(), period)
        charts = {item.key: bar_chart(item.series, item.title, f"grafiek-{item.key}")
                  for items in grouped.values() for item in items}
        asked = person_questions.numbers(access.database(), access.now())
        shared = partner_numbers.numbers(access.database(), period.start, period.end)
        spoken = voice_counts.per_language(access.database(), period.first_moment, period.after_last_moment)
        news = weekly_news.numbers(access.database(), period.start, period.end)
        return render_template("portal/monitoring.html", grouped=grouped, charts=charts, period=period,
                               problem=problem, titles=Pillar.TITLES, number=number, asked=asked,
                               spoken=spoken, language_labels=LANGUAGE_LABELS, shared=shared,
                               tips=tips.numbers(access.database()), news=news)

    @bp.get("/monitoring.csv")
    @allow(Role.CASEWORKER, Role.ADMIN)
    def monitoring_csv() -> ResponseReturnValue:
        period, _ = chosen_period(dt.date.today())
        grouped = indicators.all_indicators(access.database(), period)
        response = Response(csv_text(grouped, period), mimetype="text/csv")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="wegwijz-indicatoren-{period.start.isoformat()}-{period.end.isoformat()}.csv"')
        return response
