"""Shape of a quest (``quests/*.yaml``): the fields common to every kind, and the fields
of each kind (FORMAT.md, "Kind-specific fields")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError, validate, validates_schema

from content.catalog import DAYS_IN_SESSION, QuestKind

from .documents import DocumentSchema, VariantValues
from .fields import (
    AT_LEAST_ONE,
    POSITIVE_OR_ZERO,
    Flag,
    Identifier,
    ListOf,
    Object,
    PackFileSchema,
    RawText,
    Text,
    WholeNumber,
    at_least,
    no_duplicates,
)

SEPARATORS = ("", " ")

#: Fields each quest kind requires (FORMAT.md, "Kind-specific fields").
KIND_REQUIRED_FIELDS: dict[QuestKind, tuple[str, ...]] = {
    QuestKind.RIDDLE: ("question", "answers"),
    QuestKind.QUIZ: ("questions",),
    QuestKind.DIALOGUE: ("lines", "choices"),
    QuestKind.CODE_LOCK: ("question", "pieces"),
    QuestKind.CLUE_LOCK: ("question", "documents", "code"),
    QuestKind.FREE_TEXT: ("question",),
    QuestKind.PHOTO: ("question",),
    QuestKind.APPOINTMENT: ("question",),
    QuestKind.PLACE: ("question", "place"),
}
#: Kind-specific fields a kind accepts without requiring them.
KIND_OPTIONAL_FIELDS: dict[QuestKind, tuple[str, ...]] = {
    QuestKind.CODE_LOCK: ("separator",),
    QuestKind.PLACE: ("team_min", "window_minutes", "hot_cold", "alternative"),
}
#: Every kind-specific field: one of them on the wrong kind is a mistake, not noise.
KIND_FIELDS: frozenset[str] = frozenset(
    name for table in (KIND_REQUIRED_FIELDS, KIND_OPTIONAL_FIELDS) for names in table.values() for name in names
)


class HintSchema(PackFileSchema):
    text = Text(required=True)
    cost = WholeNumber(required=True, validate=POSITIVE_OR_ZERO)


class QuizQuestionSchema(PackFileSchema):
    question = Text(required=True)
    choices = ListOf(Text(), required=True, validate=at_least(2, "choix"))
    correct = WholeNumber(required=True, validate=POSITIVE_OR_ZERO)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _check_correct_in_range(self, data: dict[str, Any], original_data: Any, **kwargs: Any) -> None:
        """A wrong index makes the quiz unwinnable, so it is caught at load time.

        The raw list is counted: the loaded one loses the choices that had errors.
        """
        correct = data.get("correct")
        choices = original_data.get("choices") if isinstance(original_data, Mapping) else None
        if not isinstance(choices, list) or correct is None or correct < len(choices):
            return
        raise ValidationError(
            f"numéro de la bonne réponse hors des choix : {correct} "
            f"(les choix sont numérotés de 0 à {len(choices) - 1})",
            field_name="correct",
        )


class DialogueLineSchema(PackFileSchema):
    speaker = Identifier(required=True)
    text = Text(required=True)


class DialogueChoiceSchema(PackFileSchema):
    text = Text(required=True)
    correct = Flag(required=True)
    reply = Text(required=True)


class AlternativeSchema(PackFileSchema):
    """A weekend place quest's in-town alternative (FORMAT.md, « Weekend alternatives »)."""

    place = Identifier(required=True)
    question = Text(required=True)
    team_min = WholeNumber(load_default=1, validate=AT_LEAST_ONE)
    window_minutes = WholeNumber(load_default=20, validate=AT_LEAST_ONE)


class QuestSchema(PackFileSchema):
    """One quest of a ``quests/*.yaml`` file.

    Kind-specific fields are all declared here and policed by ``_check_kind`` rather
    than by one schema per kind, so that a quest whose ``kind`` is misspelt still gets
    its other fields checked.
    """

    id = Identifier(required=True)
    day = WholeNumber(
        required=True,
        validate=validate.Range(
            min=1, max=DAYS_IN_SESSION, error=f"numéro de jour entre 1 et {DAYS_IN_SESSION} attendu"
        ),
    )
    kind = Text(
        required=True,
        validate=validate.OneOf(
            [kind.value for kind in QuestKind],
            error="type de quête inconnu : « {input} » (possibles : {choices})",
        ),
    )
    title = Text(required=True)
    story = Text(required=True)
    character = Identifier(load_default=None)
    prerequisites = ListOf(Identifier(), load_default=list, validate=no_duplicates)
    reward = WholeNumber(required=True, validate=POSITIVE_OR_ZERO)
    offers = ListOf(Identifier(), load_default=list, validate=no_duplicates)
    skills = ListOf(Identifier(), load_default=list, validate=no_duplicates)
    hints = ListOf(Object(HintSchema), load_default=list)
    max_attempts = WholeNumber(load_default=None, validate=AT_LEAST_ONE)
    duration_minutes = WholeNumber(required=True, validate=AT_LEAST_ONE)
    success = Text(required=True)

    question = Text()
    answers = ListOf(Text(), validate=at_least(1, "réponse acceptée"))
    questions = ListOf(Object(QuizQuestionSchema), validate=at_least(1, "question"))
    lines = ListOf(Object(DialogueLineSchema), validate=at_least(1, "réplique"))
    choices = ListOf(Object(DialogueChoiceSchema), validate=at_least(1, "choix"))
    pieces = ListOf(Text(), validate=at_least(2, "morceaux de code"))
    separator = RawText(
        validate=validate.OneOf(
            SEPARATORS,
            error='séparateur invalide : « {input} » ("" pour des chiffres, " " pour des mots)',
        ),
    )
    place = Identifier()
    team_min = WholeNumber(validate=AT_LEAST_ONE)
    window_minutes = WholeNumber(validate=AT_LEAST_ONE)
    hot_cold = Flag()
    alternative = Object(AlternativeSchema)
    documents = ListOf(Object(DocumentSchema), validate=at_least(1, "document"))
    code = Text()
    variants = ListOf(VariantValues(), validate=at_least(2, "variantes"))

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _check_kind(self, data: dict[str, Any], original_data: Any, **kwargs: Any) -> None:
        """Each kind needs its own fields and nothing from the other kinds.

        Presence is judged on the raw data: a field that is present but invalid
        already has its own message and must not also be called missing.
        """
        if not isinstance(original_data, Mapping):
            return
        kind_value = original_data.get("kind")
        if not isinstance(kind_value, str) or kind_value not in {kind.value for kind in QuestKind}:
            return  # an unknown kind has its own message; its fields cannot be judged
        kind = QuestKind(kind_value)
        errors: dict[str, list[str]] = {}
        for name in KIND_REQUIRED_FIELDS[kind]:
            if name not in original_data:
                errors[name] = [f"champ obligatoire pour une quête « {kind.value} »"]
        allowed = set(KIND_REQUIRED_FIELDS[kind]) | set(KIND_OPTIONAL_FIELDS.get(kind, ()))
        for name in sorted(KIND_FIELDS - allowed):
            if name in original_data:
                errors[name] = [f"champ non prévu pour une quête « {kind.value} »"]
        if kind is QuestKind.DIALOGUE and _no_correct_choice(original_data.get("choices")):
            errors["choices"] = ["aucun choix correct : au moins un choix doit avoir correct: true"]
        if errors:
            raise ValidationError(errors)


def _no_correct_choice(choices: Any) -> bool:
    """True only when every choice clearly says ``correct: false``.

    A choice with a missing or malformed ``correct`` already has its own message;
    calling the dialogue unwinnable on top of it would be noise.
    """
    if not isinstance(choices, list) or not choices:
        return False
    flags = [c.get("correct") if isinstance(c, Mapping) else None for c in choices]
    return all(flag is False for flag in flags)
