"""« Mon carnet de parcours »: what a young person takes away at the end of the ten
days — the offers discovered and whom to contact (theirs in priority first), the
self-diagnosis of day 1 beside day 10, the counsellor appointment, the badges with
their verification links. A PDF made with reportlab (platypus), in memory."""

from __future__ import annotations

import json
from datetime import datetime
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from badges.cv import pdf_fonts
from game.rules.localtime import local
from game.rules.quests import unlocked_offers
from game.store.models import Player

from . import appointments, awards, diagnosis
from .common import catalog_of, snapshot_of
from .pdf import a4_pdf
from .play import team_of


def booklet_pdf(db: Session, player: Player, links: awards.Links, now: datetime, zone: ZoneInfo) -> bytes:
    """``now`` is naive UTC, like the stored times; dates are written at ``zone``'s hour."""
    session = player.session
    catalog = catalog_of(session)
    regular, bold = pdf_fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#4a5163"))
    h1 = ParagraphStyle("h1", parent=styles["Title"], fontName=bold, fontSize=22, leading=26, alignment=0)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=14, leading=18, spaceBefore=10)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list[object] = [
        p("Mon carnet de parcours", h1),
        p(f"{player.nickname} · {catalog.organisation} · {session.name}"),
        p(
            f"Fait le {local(now, zone):%d/%m/%Y}. Garde-le : tout ce que tu as découvert pendant les 10 jours, "
            "et à qui t'adresser.",
            small,
        ),
        Spacer(1, 4 * mm),
    ]

    # offers discovered, the ones put forward for me first
    team = team_of(player)
    unlocked = unlocked_offers(catalog, snapshot_of(db, team.id))
    results = diagnosis.results(db, player)
    priority = [p_.offer for p_ in results.order.priority]
    order = {offer_id: i for i, offer_id in enumerate(results.order.ordered)}
    offers = sorted((o for o in catalog.offers if o.id in unlocked), key=lambda o: order.get(o.id, 999))
    story.append(p(f"Les offres découvertes ({len(offers)} sur {len(catalog.offers)})", h2))
    if not offers:
        story.append(p("Pas encore d'offre découverte."))
    for offer in offers:
        mark = " — pour toi en priorité" if offer.id in priority else ""
        story.append(Paragraph(f"<b>{escape(offer.title)}</b>{escape(mark)}", body))
        story.append(p(offer.brings))
        story.append(p(f"Qui contacter : {offer.contact}", small))
        story.append(Spacer(1, 2 * mm))

    # self-diagnosis, day 1 beside day 10
    story.append(p("Mon diagnostic", h2))
    taken = [r for r in results.rounds if r.taken]
    if not taken:
        story.append(p("Tu n'as pas fait le diagnostic."))
    else:
        by_round = {r.round: {s.family: s for s in r.scores} for r in taken}
        families = next(iter(by_round.values()))
        rows = [["Besoin", "Jour 1", "Jour 10", "Évolution"]]
        for family_id, score in families.items():
            before = by_round.get(1, {}).get(family_id)
            after = by_round.get(10, {}).get(family_id)
            change = f"{after.priority - before.priority:+d}" if before is not None and after is not None else "—"
            rows.append([
                score.name,
                f"{before.priority} %" if before is not None else "—",
                f"{after.priority} %" if after is not None else "—",
                change,
            ])  # fmt: skip
        table = Table(rows, hAlign="LEFT", colWidths=[60 * mm, 25 * mm, 25 * mm, 25 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), regular, 9.5),
                    ("FONT", (0, 0), (-1, 0), bold, 9.5),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#c4c9d6")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef0f6")),
                ]
            )
        )
        story.append(table)
        story.append(p("Plus le pourcentage est haut, plus ce sujet compte pour toi en ce moment.", small))

    # the appointment
    story.append(p("Mon rendez-vous avec mon conseiller", h2))
    found = appointments.mine(db, player)
    if found is None:
        story.append(p("Pas encore de rendez-vous : demande à ta Mission Locale, c'est gratuit."))
    else:
        appointment, slot, counsellor = found
        where = slot.place if slot.mode == "in_person" else appointments.MODES[slot.mode]
        starts = local(slot.starts_at, zone)
        story.append(p(f"Le {starts:%d/%m/%Y à %H:%M}, {slot.duration_minutes} min, avec {counsellor.display_name}."))
        story.append(p(f"Où : {where}"))
        story.append(p(f"Ce dont tu veux parler : {appointment.note}"))
        interested = [o.title for o in (catalog.offer(i) for i in json.loads(appointment.offers)) if o]
        if interested:
            story.append(p("Offres qui t'intéressent : " + ", ".join(interested)))

    # badges
    story.append(p("Mes badges", h2))
    mine = [a for a in awards.awards_of(db, player) if awards.status(a, now) == "valid"]
    if not mine:
        story.append(p("Pas encore de badge."))
    for award in mine:
        url = links.page(award.public_id)
        story.append(Paragraph(f"<b>{escape(award.name)}</b> — délivré le {award.issued_at:%d/%m/%Y}", body))
        story.append(Paragraph(f'Vérifier : <link href="{escape(url)}" color="#1d4ed8">{escape(url)}</link>', small))

    return a4_pdf(story, f"Carnet de parcours — {player.nickname}", catalog.organisation)
