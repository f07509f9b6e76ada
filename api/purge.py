"""``eclats purge``: erase the young people of the sessions whose retention period is over
(a daily cron job), each against its own organisation's retention, one session per
transaction, through the erasure a young person can ask for. Written for a cron mail:
one line per organisation with its retention, one per session, a total, exit status 1
only when a session could not be erased (it is then left exactly as it was)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click
from flask import Flask
from sqlalchemy import select

from game.services import retention, settings
from game.store.organisations import Organisation


def parse_now(text: str | None) -> datetime | None:
    """``--now``: a date (``2027-03-01``) or a date and time (``2027-03-01T03:30:00+01:00``),
    as naive UTC like the database's times."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            f"« {text} » n'est pas une date ISO : écrivez par exemple 2027-03-01 ou 2027-03-01T03:30:00+01:00.",
            param_hint="--now",
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _kept(found: settings.RetentionSettings, days: int) -> str:
    if found.source == "console":
        when = f" le {found.updated_at:%Y-%m-%d}" if found.updated_at else ""
        return f"{found.months} mois (réglée dans la console{when})"
    return f"{found.months} mois (par défaut : ECLATS_RETENTION_DAYS={days} jours, arrondi au mois supérieur)"


def _line(due: retention.Due) -> str:
    return (
        f"session {due.session_id} « {due.name} », finie le {due.last_day.isoformat()} "
        f"(conservée jusqu'au {due.kept_until.isoformat()}) : {due.players} jeune(s), {due.badges} badge(s) retiré(s)"
    )


def run(dry_run: bool, at: datetime | None) -> int:
    """The exit status: 0, or 1 if a session could not be erased."""
    from . import create_app

    app = create_app()
    try:
        return _run(app, dry_run, at)
    finally:
        if (engine := app.extensions.get("eclats.engine")) is not None:
            engine.dispose()  # the cron's process ends; a test's goes on


def _run(app: Flask, dry_run: bool, at: datetime | None) -> int:
    from .clock import now
    from .extensions import db, transaction, upload_dir

    with app.app_context():
        moment = at or now()
        today = moment.date()
        days = int(app.config["RETENTION_DAYS"])
        kept = settings.retention_by_organisation(db(), days)
        names = {row.id: row.name for row in db().execute(select(Organisation.id, Organisation.name))}
        due = retention.due(db(), today, {organisation: found.months for organisation, found in kept.items()})
        db().rollback()  # end the read: each session gets its own transaction
        click.echo(f"Éclats — purge du {today.isoformat()}.")
        if dry_run:
            click.echo("Simulation (--dry-run) : rien n'est effacé.")
        erased = sessions = 0
        failed: list[str] = []
        # one organisation after the other, each with its own retention and its sessions
        order = [(organisation, one) for organisation in kept for one in due if one.organisation_id == organisation]
        for index, (organisation, one) in enumerate(order):
            if index == 0 or order[index - 1][0] != organisation:
                click.echo(f"{names[organisation]} — durée de conservation : {_kept(kept[organisation], days)}.")
            if dry_run:
                click.echo(f"À effacer : {_line(one)}.")
                continue
            try:
                with transaction() as session:
                    done = retention.purge_session(
                        session, one.session_id, today, kept[organisation].months, upload_dir(), moment
                    )
            except Exception as exc:  # this session stays as it was; the others go on
                failed.append(f"session {one.session_id} « {one.name} »")
                click.echo(
                    f"ÉCHEC : session {one.session_id} « {one.name} » non effacée, rien n'a changé pour elle "
                    f"({exc.__class__.__name__} : {exc}).",
                    err=True,
                )
                continue
            if done is None:
                continue  # erased meanwhile by another run
            for path in done.photos:
                path.unlink(missing_ok=True)
            erased, sessions = erased + done.due.players, sessions + 1
            click.echo(f"Effacée : {_line(done.due)}.")
        if not due:
            for organisation, found in kept.items():
                click.echo(f"{names[organisation]} — durée de conservation : {_kept(found, days)}.")
            click.echo("Rien à effacer : aucune session n'a dépassé sa durée de conservation.")
        if dry_run:
            players = sum(one.players for one in due)
            click.echo(f"{players} jeune(s) à effacer dans {len(due)} session(s).")
            return 0
        click.echo(f"{erased} jeune(s) effacé(s) dans {sessions} session(s).")
        if failed:
            click.echo(
                f"{len(failed)} session(s) non effacée(s) : {', '.join(failed)}. Relancez avec --debug "
                "pour le détail ; la prochaine purge les reprendra.",
                err=True,
            )
            sys.stdout.flush()
            return 1
    return 0
