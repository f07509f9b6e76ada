"""Shape of each file of a content pack, as marshmallow schemas.

The schemas only check what one file can tell on its own (required fields, types,
ranges, identifiers, kind-specific fields). Everything that needs several files at
once (unknown ids, duplicates, cycles, reachability) lives in ``content.loader``.

Error messages are in plain French: they are read by pack authors at the Missions
Locales, not by developers. The loader turns marshmallow's nested error dicts into
``file: path: reason`` lines, so a message never repeats the field name.

Schemas return plain dicts; the loader builds the frozen ``content.catalog`` objects
once the whole pack is known to be valid.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any, TypeGuard

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from content.catalog import DAYS_IN_SESSION, MAX_NEED, QuestKind

#: Identifiers of every kind, and of pack folders. ``\Z`` rather than ``$`` so that a
#: trailing newline (``"nova\n"``) is not accepted.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")

OFFER_CATEGORIES = (
    "emploi",
    "formation",
    "engagement",
    "vie-quotidienne",
    "droits",
    "accompagnement",
)
SKILL_CATEGORIES = ("savoir-être", "savoir-faire")
SEPARATORS = ("", " ")
ROUTE_ORDERS = ("ordered", "free")

#: Fields each quest kind requires (FORMAT.md, "Kind-specific fields").
KIND_REQUIRED_FIELDS: dict[QuestKind, tuple[str, ...]] = {
    QuestKind.RIDDLE: ("question", "answers"),
    QuestKind.QUIZ: ("questions",),
    QuestKind.DIALOGUE: ("lines", "choices"),
    QuestKind.CODE_LOCK: ("question", "pieces"),
    QuestKind.FREE_TEXT: ("question",),
    QuestKind.PHOTO: ("question",),
    QuestKind.APPOINTMENT: ("question",),
    QuestKind.PLACE: ("question", "place"),
}
#: Kind-specific fields a kind accepts without requiring them.
KIND_OPTIONAL_FIELDS: dict[QuestKind, tuple[str, ...]] = {
    QuestKind.CODE_LOCK: ("separator",),
    QuestKind.PLACE: ("team_min", "window_minutes", "hot_cold"),
}
#: Every kind-specific field: one of them on the wrong kind is a mistake, not noise.
KIND_FIELDS: frozenset[str] = frozenset(
    name for table in (KIND_REQUIRED_FIELDS, KIND_OPTIONAL_FIELDS) for names in table.values() for name in names
)

# Messages shared by every field. marshmallow's defaults are English and name
# Python types; authors need to know what to write instead.
_COMMON_MESSAGES = {
    "required": "champ obligatoire manquant",
    "null": "valeur vide : ce champ doit être rempli",
    "validator_failed": "valeur invalide",
}


def is_identifier(value: object) -> TypeGuard[str]:
    """Tell whether ``value`` is a well-formed identifier (used on raw YAML too)."""
    return isinstance(value, str) and ID_PATTERN.match(value) is not None


class Text(fields.String):
    """Non-empty French text.

    Surrounding whitespace is dropped (YAML block scalars end with a newline) and the
    text is NFC-normalised, so that "savoir-être" typed on a Mac compares equal to the
    same word typed elsewhere.
    """

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "texte attendu (mettre la valeur entre guillemets)",
        "invalid_utf8": "texte illisible : le fichier doit être en UTF-8",
        "empty": "texte en français manquant : le champ est vide",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = unicodedata.normalize("NFC", super()._deserialize(value, attr, data, **kwargs))
        text = text.strip()
        if not text:
            raise self.make_error("empty")
        return text


class RawText(fields.String):
    """A string kept exactly as written (the code-lock separator is a lone space)."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "texte attendu (mettre la valeur entre guillemets)",
        "invalid_utf8": "texte illisible : le fichier doit être en UTF-8",
    }


class Identifier(fields.String):
    """An ``id`` or a reference to one; whether it exists is the loader's business."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "identifiant attendu (texte)",
        "invalid_utf8": "texte illisible : le fichier doit être en UTF-8",
        "pattern": (
            "identifiant invalide : « {input} » (seulement des minuscules sans accent, "
            "des chiffres et des tirets, sans tiret au début)"
        ),
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not is_identifier(text):
            raise self.make_error("pattern", input=text)
        return text


class WholeNumber(fields.Integer):
    """An integer written as an integer: ``"3"``, ``3.0`` and ``true`` are refused."""

    default_error_messages = {**_COMMON_MESSAGES, "invalid": "nombre entier attendu"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)


class Decimal(fields.Float):
    """A number written as a number (coordinates, radius), never a quoted string."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "nombre attendu",
        "too_large": "nombre trop grand",
        "special": "nombre attendu",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.make_error("invalid")
        return float(super()._deserialize(value, attr, data, **kwargs))


class Flag(fields.Boolean):
    """``true`` or ``false`` only; marshmallow would also take ``"oui"``-like strings."""

    default_error_messages = {**_COMMON_MESSAGES, "invalid": "true ou false attendu"}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class ListOf(fields.List[Any]):
    """A YAML list (a lone value or a mapping is refused, not iterated)."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "invalid": "liste attendue (des éléments commençant par « - »)",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[Any]:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Object(fields.Nested):
    """A nested mapping."""

    default_error_messages = {
        **_COMMON_MESSAGES,
        "type": "objet attendu (des lignes « clé: valeur »)",
    }


def no_duplicates(values: list[Any]) -> None:
    """Refuse a list naming the same id twice: it is always a copy-paste slip."""
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValidationError(f"identifiant en double dans la liste : « {value} »")
        seen.add(value)


def _at_least(count: int, what: str) -> validate.Length:
    return validate.Length(min=count, error=f"il faut au moins {count} {what}")


_POSITIVE_OR_ZERO = validate.Range(min=0, error="doit être un nombre positif ou nul (0 ou plus)")
_AT_LEAST_ONE = validate.Range(min=1, error="doit être au moins 1")


class PackFileSchema(Schema):
    """Base of every schema: French schema-level messages, unknown fields refused."""

    error_messages = {
        "unknown": "champ inconnu (vérifier l'orthographe ; voir content/FORMAT.md)",
        "type": "objet attendu (des lignes « clé: valeur »)",
    }


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
    reflection = ListOf(Text(), load_default=list, validate=_at_least(1, "question"))


class RouteSchema(PackFileSchema):
    """A day's urban game: its places, to reach in order or in any order."""

    title = Text(required=True)
    order = Text(
        required=True,
        validate=validate.OneOf(ROUTE_ORDERS, error="ordre inconnu : « {input} » (possibles : {choices})"),
    )
    stops = ListOf(Identifier(), required=True, validate=[_at_least(1, "étape"), no_duplicates])


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
    contact = Text(required=True)
    how = Text(required=True)


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
    valid_days = WholeNumber(load_default=None, validate=_AT_LEAST_ONE)  # absent: no expiry
    min_evidence = WholeNumber(load_default=2, validate=_AT_LEAST_ONE)  # game evidence before it is suggested
    color = Text(
        load_default=None,
        validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$", error="couleur attendue au format #rrggbb"),
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


class HintSchema(PackFileSchema):
    text = Text(required=True)
    cost = WholeNumber(required=True, validate=_POSITIVE_OR_ZERO)


class QuizQuestionSchema(PackFileSchema):
    question = Text(required=True)
    choices = ListOf(Text(), required=True, validate=_at_least(2, "choix"))
    correct = WholeNumber(required=True, validate=_POSITIVE_OR_ZERO)

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
    reward = WholeNumber(required=True, validate=_POSITIVE_OR_ZERO)
    offers = ListOf(Identifier(), load_default=list, validate=no_duplicates)
    skills = ListOf(Identifier(), load_default=list, validate=no_duplicates)
    hints = ListOf(Object(HintSchema), load_default=list)
    max_attempts = WholeNumber(load_default=None, validate=_AT_LEAST_ONE)
    duration_minutes = WholeNumber(required=True, validate=_AT_LEAST_ONE)
    success = Text(required=True)

    question = Text()
    answers = ListOf(Text(), validate=_at_least(1, "réponse acceptée"))
    questions = ListOf(Object(QuizQuestionSchema), validate=_at_least(1, "question"))
    lines = ListOf(Object(DialogueLineSchema), validate=_at_least(1, "réplique"))
    choices = ListOf(Object(DialogueChoiceSchema), validate=_at_least(1, "choix"))
    pieces = ListOf(Text(), validate=_at_least(2, "morceaux de code"))
    separator = RawText(
        validate=validate.OneOf(
            SEPARATORS,
            error='séparateur invalide : « {input} » ("" pour des chiffres, " " pour des mots)',
        ),
    )
    place = Identifier()
    team_min = WholeNumber(validate=_AT_LEAST_ONE)
    window_minutes = WholeNumber(validate=_AT_LEAST_ONE)
    hot_cold = Flag()

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


# ---------------------------------------------------------------------------
# diagnosis.yaml (optional): the self-diagnosis taken on day 1 and day 10


class DiagnosisFamilySchema(PackFileSchema):
    """A family of needs and the offers (ids of offers.yaml) that serve it."""

    id = Identifier(required=True)
    name = Text(required=True)
    offers = ListOf(Identifier(), required=True, validate=[_at_least(1, "offre"), no_duplicates])


class DiagnosisChoiceSchema(PackFileSchema):
    text = Text(required=True)
    need = WholeNumber(
        required=True,
        validate=validate.Range(
            min=0, max=MAX_NEED, error=f"besoin entre 0 (aucun) et {MAX_NEED} (beaucoup) attendu : {{input}}"
        ),
    )


class DiagnosisQuestionSchema(PackFileSchema):
    id = Identifier(required=True)
    family = Identifier(required=True)
    text = Text(required=True)
    choices = ListOf(Object(DiagnosisChoiceSchema), required=True, validate=_at_least(2, "choix"))

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

    families = ListOf(Object(DiagnosisFamilySchema), required=True, validate=_at_least(1, "famille"))
    questions = ListOf(Object(DiagnosisQuestionSchema), required=True, validate=_at_least(1, "question"))
