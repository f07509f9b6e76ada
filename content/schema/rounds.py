"""Shape of ``rounds.yaml``: the pack's live « situation → offre » rounds (optional file).

Whether the offers, the skills and the day exist is checked by the loader
(``content.loader.rounds``), which knows the other files.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validate, validates_schema

from content.catalog import DAYS_IN_SESSION

from .fields import AT_LEAST_ONE, Identifier, ListOf, PackFileSchema, Text, WholeNumber, no_duplicates

MIN_CHOICES, MAX_CHOICES = 2, 4
MAX_POINTS = 50


class RoundSchema(PackFileSchema):
    """One entry of ``rounds.yaml``."""

    id = Identifier(required=True)
    day = WholeNumber(
        required=True,
        validate=validate.Range(min=1, max=DAYS_IN_SESSION, error=f"jour entre 1 et {DAYS_IN_SESSION} attendu"),
    )
    situation = Text(required=True)  # a young person's situation, in plain words
    choices = ListOf(
        Identifier(),
        required=True,
        validate=[
            validate.Length(
                min=MIN_CHOICES,
                max=MAX_CHOICES,
                error=f"entre {MIN_CHOICES} et {MAX_CHOICES} offres à proposer",
            ),
            no_duplicates,
        ],
    )
    answer = Identifier(required=True)  # the offer that helps: one of the choices
    explanation = Text(required=True)  # why this offer helps, in 1 to 3 short sentences
    skills = ListOf(Identifier(), load_default=list, validate=no_duplicates)
    points = WholeNumber(
        load_default=5,
        validate=[AT_LEAST_ONE, validate.Range(max=MAX_POINTS, error=f"{MAX_POINTS} éclats au plus")],
    )

    @validates_schema(skip_on_field_errors=False)
    def _answer_is_a_choice(self, data: dict[str, Any], **kwargs: Any) -> None:
        # (not skipped on field errors: with a list, those of *another* round would skip it)
        answer, choices = data.get("answer"), data.get("choices")
        if answer is not None and isinstance(choices, list) and answer not in choices:
            raise ValidationError(f"la bonne réponse « {answer} » doit être une des offres de « choices »", "answer")
