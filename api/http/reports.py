"""The facilitator's report on a session: JSON for the console's printable page, a CSV
export for a spreadsheet, and the chart of the teams' progress as an SVG image.

All three are for staff only (bearer token): the report names young people.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import datetime
from typing import Any

from flask import Response
from flask_smorest import Blueprint

from game.rules.localtime import local
from game.rules.report import Mark, chart_svg
from game.services.reports import DAYS, PlayerLine, Report, build_report

from ..clock import now
from ..extensions import db
from ..organisation_settings import zone
from ..schemas import reports as rs

reports_blp = Blueprint("reports", __name__, url_prefix="/api", description="Rapports de session (animateurs)")

PRIVATE = {"Cache-Control": "private, no-store"}


# ---------------------------------------------------------------- CSV

# French Excel: ";" separates the columns (the "," is the decimal mark there), and the
# file starts with a UTF-8 byte order mark, without which Excel reads it as Windows-1252
# and mangles the accents. (A "sep=;" first line would also force the separator, but
# Excel then ignores the byte order mark: not used.) LibreOffice reads both.
DELIMITER = ";"
MARK_CELL = {Mark.PRESENT: "P", Mark.ABSENT: "A", Mark.NOT_ENROLLED: "—", Mark.NOT_OPEN: ""}


def safe_cell(text: str) -> str:
    """A nickname is typed by a young person: one starting like a formula (=, +, -, @)
    would be run by the spreadsheet (CSV injection), so it is prefixed with a quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _when(at: datetime | None) -> str:
    """An appointment's instant (naive UTC) as the Mission Locale's clock shows it."""
    return local(at, zone()).strftime("%d/%m/%Y %H:%M") if at else ""


def csv_header(offers_total: int) -> list[str]:
    return [
        "Pseudo",
        "Équipe",
        "Statut",
        *(f"Jour {d}" for d in range(1, DAYS + 1)),
        "Jours présents",
        "Missions réussies",
        "Morceaux de code",
        "Lieux atteints",
        "Réponses validées",
        "Réflexions écrites",
        "Rendez-vous",
        "Date du rendez-vous",
        "Badges (nombre)",
        "Badges",
        "Éclats de l'équipe",
        f"Offres découvertes par l'équipe (sur {offers_total})",
    ]


def csv_row(p: PlayerLine, team_eclats: int | None, team_offers: int | None) -> list[str | int]:
    return [
        safe_cell(p.nickname),
        safe_cell(p.team_name or ""),
        "déconnecté" if p.revoked else "actif",
        *(MARK_CELL[m] for m in p.marks),
        p.days_present,
        p.quests_solved,
        p.pieces,
        p.places,
        p.answers_approved,
        p.reflections,
        "oui" if p.appointment else "non",
        _when(p.appointment.starts_at) if p.appointment else "",
        len(p.badges),
        safe_cell(", ".join(p.badges)),
        "" if team_eclats is None else team_eclats,
        "" if team_offers is None else team_offers,
    ]


def report_csv(report: Report) -> bytes:
    """One row per young person (attendance: P present, A absent, — not in the session
    that day, empty for the days not opened yet)."""
    teams = {t.team_id: t for t in report.teams}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(csv_header(len(report.catalog.offers)))
    for p in report.players:
        team = teams.get(p.team_id) if p.team_id is not None else None
        writer.writerow(csv_row(p, team.eclats if team else None, len(team.offers) if team else None))
    return buffer.getvalue().encode("utf-8-sig")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "session"


# ---------------------------------------------------------------- endpoints


@reports_blp.route("/sessions/<int:session_id>/report")
@reports_blp.response(200, rs.ReportOut)
def report(session_id: int) -> Report:
    """Attendance per day, progress per team and young person, offers discovered,
    appointments, badges, and the teams' running totals per day. A young person is
    present on a day when they did something in the game during it (presence on the
    live link is not kept as history)."""
    return build_report(db(), session_id, now())


@reports_blp.route("/sessions/<int:session_id>/report.csv")
@reports_blp.response(200, content_type="text/csv", description="Une ligne par jeune ; séparateur « ; », UTF-8 (BOM)")
def report_csv_file(session_id: int) -> Response:
    """The report as a spreadsheet: one row per young person, for French Excel (";"
    separator, UTF-8 with a byte order mark)."""
    built = build_report(db(), session_id, now())
    name = f"eclats-rapport-{built.session.id}-{_slug(built.session.name)}.csv"
    return Response(
        report_csv(built),
        content_type="text/csv; charset=utf-8",
        headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'},
    )


@reports_blp.route("/sessions/<int:session_id>/report/chart.svg")
@reports_blp.arguments(rs.ChartQuery, location="query")
@reports_blp.response(200, content_type="image/svg+xml", description="Graphique accessible (role=img, title, desc)")
def report_chart(query: dict[str, Any], session_id: int) -> Response:
    """The teams' running total at the end of each day (``metric=quests``: missions
    solved, the default; ``metric=eclats``), one line per team."""
    built = build_report(db(), session_id, now())
    eclats = query["metric"] == "eclats"
    unit = "éclats (cumul)" if eclats else "missions réussies (cumul)"
    title = f"Progression des équipes sur les {DAYS} jours — {built.session.name}"
    svg = chart_svg(built.series(query["metric"]), title, unit, DAYS)
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, mimetype="image/svg+xml", headers=PRIVATE)
