"""Shape of ``finale.yaml``: the group's final puzzle, the « Cœur d'Avenir » (optional).

One fragment a day, earned by a team that wins enough éclats on that day's missions;
the whole group pools its fragments and answers one question together on the last day.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validate, validates_schema

from content.catalog import DAYS_IN_SESSION

from .fields import (
    AT_LEAST_ONE,
    POSITIVE_OR_ZERO,
    Identifier,
    ListOf,
    Object,
    PackFileSchema,
    Text,
    WholeNumber,
    at_least,
)


class FragmentSchema(PackFileSchema):
    day = WholeNumber(
        required=True,
        validate=validate.Range(
            min=1, max=DAYS_IN_SESSION, error=f"numéro de jour entre 1 et {DAYS_IN_SESSION} attendu"
        ),
    )
    text = Text(required=True)
    eclats = WholeNumber(required=True, validate=POSITIVE_OR_ZERO)
    places = WholeNumber(load_default=0, validate=POSITIVE_OR_ZERO)


class FinaleSchema(PackFileSchema):
    id = Identifier(required=True)
    title = Text(required=True)
    story = Text(required=True)
    fragments = ListOf(Object(FragmentSchema), required=True, validate=at_least(1, "fragment"))
    question = Text(required=True)
    answers = ListOf(Text(), required=True, validate=at_least(1, "réponse acceptée"))
    hints = ListOf(Text(), load_default=list)
    reward = WholeNumber(required=True, validate=AT_LEAST_ONE)
    success = Text(required=True)

    @validates_schema(skip_on_field_errors=True)
    def _one_fragment_a_day(self, data: dict[str, Any], **kwargs: Any) -> None:
        days = [f["day"] for f in data.get("fragments", [])]
        repeated = sorted({d for d in days if days.count(d) > 1})
        if repeated:
            raise ValidationError(
                f"un seul fragment par jour : le jour {repeated[0]} en a plusieurs", field_name="fragments"
            )
