"""Organisations and their staff accounts (issue 16, point 1), and the one check that
holds staff to their own organisation.

An installation serves several Missions Locales. Its administrator (role ``admin``)
makes organisations and staff accounts in any of them; every staff member, the
administrator included, reaches only their own organisation's sessions and what is in
them. ``check_reach`` is that check: ``api.auth`` runs it on the objects a request's
path names and ``api.sockets`` on those a staff event names, before any handler; lists
are filtered by the caller's organisation in their own queries."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from game.rules import organisations as rules
from game.rules.errors import NotFound, RuleViolation
from game.store.models import Award, Facilitator, GameSession, StaffToken, Submission, Team
from game.store.organisations import DEFAULT_ID, Organisation

from . import packs
from .accounts import create_facilitator
from .awards import no_badge
from .common import no_session
from .messages import no_team
from .reviews import no_submission

__all__ = ["DEFAULT_ID", "REACH", "check_reach"]


# ------------------------------------------------------------------ the scope check


# A check per path parameter (or event field): it raises the loader's own « introuvable »
# when the object it names is not within the organisation, and a missing object gets
# exactly the same answer, so that nothing tells another organisation's object exists.
Check = Callable[[Session, object, int], None]


def _owned(owner: Callable[[Session, object], int | None], missing: Callable[[], NotFound]) -> Check:
    def check(db: Session, value: object, organisation_id: int) -> None:
        if owner(db, value) != organisation_id:
            raise missing()

    return check


def _session_owner(db: Session, session_id: object) -> int | None:
    game = db.get(GameSession, session_id)  # the identity map serves the handler's own load after
    return game.organisation_id if game else None


def _team_owner(db: Session, team_id: object) -> int | None:
    team = db.get(Team, team_id)
    return _session_owner(db, team.session_id) if team else None


def _submission_owner(db: Session, submission_id: object) -> int | None:
    submission = db.get(Submission, submission_id)
    return _team_owner(db, submission.team_id) if submission else None


def _award_owner(db: Session, public_id: object) -> int | None:
    return db.scalar(select(Award.organisation_id).where(Award.public_id == str(public_id)))


def _pack(_db: Session, name: object, organisation_id: int) -> None:
    """A shipped pack is everybody's; a copy made here, its organisation's (game/services/packs.py)."""
    packs.readable(organisation_id, str(name))


# path parameter or event field → its check; ids of things inside a session (player,
# slot, alert...) are held to the session in the path by their own services
REACH: dict[str, Check] = {
    "session_id": _owned(_session_owner, no_session),
    "team_id": _owned(_team_owner, no_team),
    "submission_id": _owned(_submission_owner, no_submission),
    "public_id": _owned(_award_owner, no_badge),
    "pack": _pack,
}


def check_reach(db: Session, staff: Facilitator, named: Mapping[str, object]) -> None:
    """Refuse, as « introuvable », any object of ``named`` that is not of the staff
    member's organisation (a missing one gets the same answer)."""
    for name, value in named.items():
        check = REACH.get(name)
        if check is not None:
            check(db, value, staff.organisation_id)


# ------------------------------------------------------------------ organisations


def no_organisation() -> NotFound:
    return NotFound("no_organisation", "Cette organisation n'existe pas.")


def get_organisation(db: Session, organisation_id: int) -> Organisation:
    found = db.get(Organisation, organisation_id)
    if found is None:
        raise no_organisation()
    return found


def by_slug(db: Session, slug: str) -> Organisation:
    found = db.scalar(select(Organisation).where(Organisation.slug == slug.strip()))
    if found is None:
        raise NotFound("no_organisation", f"Aucune organisation « {slug.strip()} ».")
    return found


@dataclass(frozen=True)
class OrganisationLine:
    organisation: Organisation
    accounts: int  # active staff accounts; never the young people
    sessions: int


def list_organisations(db: Session) -> list[OrganisationLine]:
    accounts: dict[int, int] = {
        org: count
        for org, count in db.execute(
            select(Facilitator.organisation_id, func.count())
            .where(Facilitator.disabled_at.is_(None))
            .group_by(Facilitator.organisation_id)
        )
    }
    sessions: dict[int, int] = {
        org: count
        for org, count in db.execute(
            select(GameSession.organisation_id, func.count()).group_by(GameSession.organisation_id)
        )
    }
    return [
        OrganisationLine(o, accounts.get(o.id, 0), sessions.get(o.id, 0))
        for o in db.scalars(select(Organisation).order_by(Organisation.name, Organisation.id))
    ]


def line_of(db: Session, organisation: Organisation) -> OrganisationLine:
    return next(line for line in list_organisations(db) if line.organisation.id == organisation.id)


def create_organisation(db: Session, slug: str, name: str, now: datetime) -> Organisation:
    slug, name = rules.clean_slug(slug), rules.clean_name(name)
    if db.scalar(select(Organisation.id).where(Organisation.slug == slug)) is not None:
        raise RuleViolation("slug_taken", f"L'identifiant court « {slug} » est déjà pris par une autre organisation.")
    organisation = Organisation(slug=slug, name=name, created_at=now)
    db.add(organisation)
    db.flush()
    return organisation


def rename_organisation(db: Session, organisation_id: int, name: str) -> Organisation:
    """The name changes; the slug stays (it is in addresses already given out)."""
    organisation = get_organisation(db, organisation_id)
    organisation.name = rules.clean_name(name)
    db.flush()
    return organisation


# ------------------------------------------------------------------ staff accounts


def accounts_of(db: Session, organisation_id: int) -> list[Facilitator]:
    get_organisation(db, organisation_id)
    return list(
        db.scalars(
            select(Facilitator).where(Facilitator.organisation_id == organisation_id).order_by(Facilitator.username)
        )
    )


def create_account(
    db: Session, organisation_id: int, username: str, password: str, display_name: str, role: str, now: datetime
) -> Facilitator:
    """A staff account (facilitator, counsellor or administrator) of one organisation."""
    rules.check_role(role)
    get_organisation(db, organisation_id)
    account = create_facilitator(db, username, password, display_name, now, organisation_id)
    account.role = role
    db.flush()
    return account


def _active_admins(db: Session) -> int:
    return int(
        db.scalar(
            select(func.count())
            .select_from(Facilitator)
            .where(Facilitator.role == "admin", Facilitator.disabled_at.is_(None))
        )
        or 0
    )


def update_account(
    db: Session, account_id: int, now: datetime, organisation_id: int | None = None, disabled: bool | None = None
) -> Facilitator:
    """Move an account to another organisation, or disable / enable it. Disabling
    revokes its logins at once; the account stays (for what it wrote) and can be enabled
    again. The last active administrator is never disabled."""
    account = db.get(Facilitator, account_id)
    if account is None:
        raise NotFound("no_account", "Ce compte n'existe pas.")
    if organisation_id is not None:
        account.organisation_id = get_organisation(db, organisation_id).id
    if disabled is True and account.disabled_at is None:
        rules.check_not_last_admin(account.role, _active_admins(db), losing_admin=True)
        account.disabled_at = now
        db.execute(
            update(StaffToken)
            .where(StaffToken.facilitator_id == account.id, StaffToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    elif disabled is False:
        account.disabled_at = None
    db.flush()
    return account
