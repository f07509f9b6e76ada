"""Shape of the pack's other files: ``pack.yaml`` (and its days), ``characters.yaml``,
``offers.yaml``, ``skills.yaml``, ``places.yaml`` and the optional ``diagnosis.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError, validate, validates_schema

from content.catalog import DAYS_IN_SESSION, EVIDENCE_KINDS, LEVELS, MAX_NEED

from .fields import (
    AT_LEAST_ONE,
    Decimal,
    Flag,
    Identifier,
    ListOf,
    Object,
    PackFileSchema,
    Text,
    WholeNumber,
    at_least,
    no_duplicates,
)
from .local import Checked, sources_field

OFFER_CATEGORIES = (
    "emploi",
    "formation",
    "engagement",
    "vie-quotidienne",
    "droits",
    "accompagnement",
)
SKILL_CATEGORIES = ("savoir-être", "savoir-faire")
ROUTE_ORDERS = ("ordered", "free")


class DaySchema(PackFileSchema):
    number = WholeNumber(
        required=True,
        validate=validate.Range(
            min=1, max=DAYS_IN_SESSION, error=f"numéro de jour entre 1 et {DAYS_IN_SESSION} attendu"
        ),
    )
    title = Text(required=True)
    intro = Text(required=True)
    autonomous = Flag(required=True)
    route = Object(lambda: RouteSchema(), load_default=None)
    # questions the young person answers at the end of the day (analyse the experience)
    reflection = ListOf(Text(), load_default=list, validate=at_least(1, "question"))


class RouteSchema(PackFileSchema):
    """A day's urban game: its places, to reach in order or in any order."""

    title = Text(required=True)
    order = Text(
        required=True,
        validate=validate.OneOf(ROUTE_ORDERS, error="ordre inconnu : « {input} » (possibles : {choices})"),
    )
    stops = ListOf(Identifier(), required=True, validate=[at_least(1, "étape"), no_duplicates])


class PackSchema(PackFileSchema):
    """``pack.yaml``: metadata and the 10 days."""

    title = Text(required=True)
    organisation = Text(required=True)
    town = Text(required=True)
    company = Text(required=True)
    description = Text(required=True)
    days = ListOf(Object(DaySchema), required=True)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _check_days(self, data: dict[str, Any], original_data: Any, **kwargs: Any) -> None:
        """Exactly days 1..10, each once, because the calendar rules rely on it.

        Works on the raw list so that indices in messages match the file even when
        some days have errors of their own.
        """
        if not isinstance(original_data, Mapping):
            return
        days = original_data.get("days")
        if not isinstance(days, list):
            return
        errors: dict[str, Any] = {}
        first_seen: dict[int, int] = {}
        numbers_complete = True
        for index, day in enumerate(days):
            number = day.get("number") if isinstance(day, Mapping) else None
            if isinstance(number, bool) or not isinstance(number, int):
                numbers_complete = False
                continue
            if number in first_seen:
                errors.setdefault("days", {})[index] = {
                    "number": [f"jour {number} en double (déjà en days[{first_seen[number]}])"]
                }
            else:
                first_seen[number] = index
        problems: list[str] = []
        if len(days) != DAYS_IN_SESSION:
            problems.append(f"il y en a {len(days)}")
        missing = sorted(set(range(1, DAYS_IN_SESSION + 1)) - set(first_seen))
        if missing and numbers_complete:
            problems.append("manquant : " + ", ".join(str(n) for n in missing))
        if problems:
            errors.setdefault("days", {})["_schema"] = [
                f"il faut exactement {DAYS_IN_SESSION} jours numérotés de 1 à "
                f"{DAYS_IN_SESSION} ({' ; '.join(problems)})"
            ]
        if errors:
            raise ValidationError(errors)


class CharacterSchema(PackFileSchema):
    """One entry of ``characters.yaml``."""

    id = Identifier(required=True)
    name = Text(required=True)
    role = Text(required=True)
    description = Text(required=True)


class OfferSchema(PackFileSchema):
    """One entry of ``offers.yaml``: a service offer of the Mission Locale."""

    id = Identifier(required=True)
    title = Text(required=True)
    category = Text(
        required=True,
        validate=validate.OneOf(OFFER_CATEGORIES, error="catégorie inconnue : « {input} » (possibles : {choices})"),
    )
    summary = Text(required=True)
    brings = Text(required=True)
    # whom to ask: here, or in mission_locale.yaml's ``contacts`` (which wins)
    contact = Text(load_default=None)
    how = Text(required=True)
    verified_on = Checked(required=True)  # the day its facts were checked against its sources
    sources = sources_field()


class SkillSchema(PackFileSchema):
    """One entry of ``skills.yaml``."""

    id = Identifier(required=True)
    name = Text(required=True)
    category = Text(
        required=True,
        validate=validate.OneOf(SKILL_CATEGORIES, error="catégorie inconnue : « {input} » (possibles : {choices})"),
    )
    description = Text(required=True)
    # the skill's Open Badge (Saint-Lô skills incubator): a skill with criteria is a badge
    criteria = Text(load_default=None)  # what the young person showed, in plain words
    valid_days = WholeNumber(load_default=None, validate=AT_LEAST_ONE)  # absent: no expiry
    min_evidence = WholeNumber(load_default=2, validate=AT_LEAST_ONE)  # game evidence before it is suggested
    color = Text(
        load_default=None,
        validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$", error="couleur attendue au format #rrggbb"),
    )
    level = WholeNumber(
        load_default=None,
        validate=validate.Range(min=1, max=len(LEVELS), error=f"niveau entre 1 et {len(LEVELS)} attendu (RECTEC)"),
    )
    evidence = ListOf(
        Text(validate=validate.OneOf(EVIDENCE_KINDS, error="preuve inconnue : « {input} » (possibles : {choices})")),
        load_default=lambda: list(EVIDENCE_KINDS),
        validate=[at_least(1, "sorte de preuve"), no_duplicates],
    )

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _check_badge(self, data: dict[str, Any], original_data: Any, **kwargs: Any) -> None:
        """A badge (a skill with criteria) says at which level it was shown."""
        if not isinstance(original_data, Mapping) or original_data.get("criteria") is None:
            return
        if original_data.get("level") is None:
            raise ValidationError(
                f"un badge (compétence avec « criteria ») a besoin d'un niveau : level: 1 à {len(LEVELS)}",
                field_name="level",
            )


class PlaceSchema(PackFileSchema):
    """One entry of ``places.yaml``: a real place for urban games."""

    id = Identifier(required=True)
    name = Text(required=True)
    latitude = Decimal(
        required=True,
        validate=validate.Range(min=-90, max=90, error="latitude entre -90 et 90 attendue"),
    )
    longitude = Decimal(
        required=True,
        validate=validate.Range(min=-180, max=180, error="longitude entre -180 et 180 attendue"),
    )
    radius_m = Decimal(
        required=True,
        validate=validate.Range(min=0, min_inclusive=False, error="rayon en mètres plus grand que 0 attendu"),
    )
    description = Text(required=True)
    address = Text(load_default="")


# ---------------------------------------------------------------------------
# diagnosis.yaml (optional): the self-diagnosis taken on day 1 and day 10


class DiagnosisFamilySchema(PackFileSchema):
    """A family of needs and the offers (ids of offers.yaml) that serve it."""

    id = Identifier(required=True)
    name = Text(required=True)
    offers = ListOf(Identifier(), required=True, validate=[at_least(1, "offre"), no_duplicates])


class DiagnosisChoiceSchema(PackFileSchema):
    text = Text(required=True)
    need = WholeNumber(
        required=True,
        validate=validate.Range(
            min=0, max=MAX_NEED, error=f"besoin entre 0 (aucun) et {MAX_NEED} (beaucoup) attendu : {{input}}"
        ),
    )
    # helpline ids (content/helplines.yaml): this answer shows them at once and alerts the staff
    urgent = ListOf(Identifier(), load_default=list, validate=no_duplicates)


class DiagnosisQuestionSchema(PackFileSchema):
    id = Identifier(required=True)
    family = Identifier(required=True)
    text = Text(required=True)
    choices = ListOf(Object(DiagnosisChoiceSchema), required=True, validate=at_least(2, "choix"))
    follow_up = Flag(load_default=False)  # asked only when the family's first question showed a need

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _check_some_need(self, data: dict[str, Any], original_data: Any, **kwargs: Any) -> None:
        """A question whose every answer says "no need" can never raise a priority, and
        its family's score would divide by zero: it is a slip, not a choice."""
        choices = original_data.get("choices") if isinstance(original_data, Mapping) else None
        if not isinstance(choices, list) or not choices:
            return
        needs = [c.get("need") if isinstance(c, Mapping) else None for c in choices]
        if all(need == 0 and not isinstance(need, bool) for need in needs):
            raise ValidationError(
                f"aucun choix n'exprime de besoin : au moins un choix doit avoir need: 1, 2 ou {MAX_NEED}",
                field_name="choices",
            )


class DiagnosisSchema(PackFileSchema):
    """``diagnosis.yaml``: families of needs, then the questions, in the order asked."""

    families = ListOf(Object(DiagnosisFamilySchema), required=True, validate=at_least(1, "famille"))
    questions = ListOf(Object(DiagnosisQuestionSchema), required=True, validate=at_least(1, "question"))
