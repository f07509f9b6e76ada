"""The facilitator's report on a session: JSON for the console's printable page, a CSV
export for a spreadsheet, and the chart of the teams' progress as an SVG image.

All three are for staff only (bearer token): the report names young people.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import asdict
from datetime import datetime
from typing import Any

from flask import Response
from flask_smorest import Blueprint

from game.rules.localtime import local
from game.rules.report import Mark, chart_svg
from game.services.reports import DAYS, PlayerLine, Report, build_report

from ..clock import now, zone
from ..extensions import db
from ..schemas import reports as rs

reports_blp = Blueprint("reports", __name__, url_prefix="/api", description="Rapports de session (animateurs)")

PRIVATE = {"Cache-Control": "private, no-store"}


def report_out(report: Report) -> dict[str, Any]:
    session, catalog = report.session, report.catalog
    return {
        "session": {
            "id": session.id,
            "name": session.name,
            "pack_title": catalog.title,
            "organisation": catalog.organisation,
            "status": session.status,
            "current_day": session.current_day,
            "days_total": len(catalog.days),
            "start_date": session.start_date,
            "generated_at": report.generated_at,
            "time_zone": zone().key,
        },
        "players_count": report.active_players,
        "days": [
            {
                "day": d.day,
                "title": d.title,
                "opened": d.opened_at is not None,
                "opened_at": d.opened_at,
                "closed_at": d.closed_at,
                "present": d.present,
                "enrolled": d.enrolled,
            }
            for d in report.days
        ],
        "teams": [
            {
                "id": t.team_id,
                "name": t.name,
                "members": t.members,
                "eclats": t.eclats,
                "quests_solved": t.quests_solved,
                "quests_total": t.quests_total,
                "offers_unlocked": len(t.offers),
                "offers_total": t.offers_total,
                "offers": [o.id for o in t.offers],
            }
            for t in report.teams
        ],
        "players": [
            {
                "id": p.player_id,
                "nickname": p.nickname,
                "team_id": p.team_id,
                "team_name": p.team_name,
                "revoked": p.revoked,
                "joined_at": p.joined_at,
                "attendance": [m.value for m in p.marks],
                "days_present": p.days_present,
                "quests_solved": p.quests_solved,
                "pieces": p.pieces,
                "places": p.places,
                "answers_approved": p.answers_approved,
                "reflections": p.reflections,
                "appointment": p.appointment is not None,
                "appointment_at": p.appointment.starts_at if p.appointment else None,
                "badges_count": len(p.badges),
                "badges": list(p.badges),
            }
            for p in report.players
        ],
        "offers": [{"id": o.id, "title": o.title, "category": o.category} for o in catalog.offers],
        "appointments": {
            "booked": report.appointments_booked,
            "players": report.active_players,
            "items": [{**asdict(a), "time_zone": zone().key} for a in report.appointments],
        },
        "badges": {
            "issued": report.badges_issued,
            "revoked": report.badges_revoked,
            "by_skill": [asdict(b) for b in report.badges],
        },
        "chart": {
            "days": list(range(1, DAYS + 1)),
            "series": [
                {"team_id": t.team_id, "name": t.name, "quests": list(t.solved_by_day), "eclats": list(t.eclats_by_day)}
                for t in report.teams
            ],
        },
    }


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
def report(session_id: int) -> dict[str, Any]:
    """Attendance per day, progress per team and young person, offers discovered,
    appointments, badges, and the teams' running totals per day. A young person is
    present on a day when they did something in the game during it (presence on the
    live link is not kept as history)."""
    return report_out(build_report(db(), session_id, now()))


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
