"""The installation administrator's endpoints: organisations (the Missions Locales the
installation serves) and their staff accounts. Nothing here shows a young person's data:
an administrator sees the sessions of their own organisation only, as its facilitator."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from game.services import organisations
from game.store.models import Facilitator

from ..clock import now
from ..extensions import db, transaction
from ..schemas import admin as s

admin_blp = Blueprint("admin", __name__, url_prefix="/api/admin", description="Administration : organisations, comptes")


@admin_blp.route("/organisations")
@admin_blp.response(200, s.OrganisationOut(many=True))
def list_organisations() -> list[organisations.OrganisationLine]:
    """Every organisation, with its number of active staff accounts and of sessions."""
    return organisations.list_organisations(db())


@admin_blp.route("/organisations", methods=["POST"])
@admin_blp.arguments(s.OrganisationIn)
@admin_blp.response(201, s.OrganisationOut)
def create_organisation(body: dict[str, Any]) -> organisations.OrganisationLine:
    """A new Mission Locale; its slug (in its badges' addresses) cannot change afterwards."""
    with transaction() as session:
        made = organisations.create_organisation(session, body["slug"], body["name"], now())
        return organisations.line_of(session, made)


@admin_blp.route("/organisations/<int:organisation_id>", methods=["PATCH"])
@admin_blp.arguments(s.RenameIn)
@admin_blp.response(200, s.OrganisationOut)
def rename_organisation(body: dict[str, Any], organisation_id: int) -> organisations.OrganisationLine:
    """Rename an organisation (its slug stays)."""
    with transaction() as session:
        renamed = organisations.rename_organisation(session, organisation_id, body["name"])
        return organisations.line_of(session, renamed)


@admin_blp.route("/organisations/<int:organisation_id>/accounts")
@admin_blp.response(200, s.AccountOut(many=True))
def accounts(organisation_id: int) -> list[Facilitator]:
    """The staff accounts of an organisation, disabled ones included."""
    return organisations.accounts_of(db(), organisation_id)


@admin_blp.route("/organisations/<int:organisation_id>/accounts", methods=["POST"])
@admin_blp.arguments(s.AccountIn)
@admin_blp.response(201, s.AccountOut)
def create_account(body: dict[str, Any], organisation_id: int) -> Facilitator:
    """A facilitator, counsellor or administrator account of the organisation."""
    with transaction() as session:
        return organisations.create_account(
            session, organisation_id, body["username"], body["password"], body["display_name"], body["role"], now()
        )


@admin_blp.route("/accounts/<int:account_id>", methods=["PATCH"])
@admin_blp.arguments(s.AccountPatchIn)
@admin_blp.response(200, s.AccountOut)
def update_account(body: dict[str, Any], account_id: int) -> Facilitator:
    """Move an account to another organisation (``organisation_id``) or disable it
    (``disabled``: its logins are closed at once; the last active administrator stays)."""
    with transaction() as session:
        return organisations.update_account(
            session, account_id, now(), organisation_id=body.get("organisation_id"), disabled=body.get("disabled")
        )
