"""A badge's level in an Open Badges 3.0 credential (badges/build.py): the achievement's
``resultDescription`` (resultType "RubricCriterionLevel", its ``rubricCriterionLevel``
entries and the ``requiredLevel``) and the subject's ``result`` with its ``achievedLevel``,
valid against the 1EdTech JSON Schema, fully defined by the OB 3.0 context (nothing dropped
by safe-mode canonicalization), signed and read back."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges import sign
from badges.build import LevelScale, RubricLevel, level_of
from badges.jsonld import canonize
from tests.open_badges_schema import problems

from .conftest import SIGNED, achievement, credential_for

ACHIEVEMENT = "https://eclats.example/badges/achievements/travail-en-equipe"
LEVELS = tuple(
    RubricLevel(f"{ACHIEVEMENT}#niveau-{n}", name, str(n))
    for n, name in enumerate(("Guidé", "Seul, situation simple", "Seul, situation complexe", "Transfère"), start=1)
)
SCALE = LevelScale(f"{ACHIEVEMENT}#niveaux", "Niveau de maîtrise (référentiel RECTEC)", LEVELS, LEVELS[1].id)


def with_level(key: Ed25519PrivateKey, achieved: str | None = LEVELS[1].id) -> dict[str, Any]:
    return credential_for(key, achievement=replace(achievement(), levels=SCALE), achieved_level=achieved)


def test_the_level_is_a_rubric_criterion_level_and_the_result_points_at_it(issuer_key: Ed25519PrivateKey) -> None:
    credential = with_level(issuer_key)
    subject = credential["credentialSubject"]
    assert subject["achievement"]["resultDescription"] == [
        {
            "id": f"{ACHIEVEMENT}#niveaux",
            "type": ["ResultDescription"],
            "name": "Niveau de maîtrise (référentiel RECTEC)",
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [
                {"id": f"{ACHIEVEMENT}#niveau-{n}", "type": ["RubricCriterionLevel"], "name": lv.name, "level": str(n)}
                for n, lv in enumerate(LEVELS, start=1)
            ],
            "requiredLevel": f"{ACHIEVEMENT}#niveau-2",
        }
    ]
    assert subject["result"] == [
        {"type": ["Result"], "resultDescription": f"{ACHIEVEMENT}#niveaux", "achievedLevel": f"{ACHIEVEMENT}#niveau-2"}
    ]
    assert problems(credential) == []  # the 1EdTech AchievementCredential JSON Schema
    assert level_of(credential) == LEVELS[1]


def test_every_level_term_is_defined_by_the_context_and_survives_signing(issuer_key: Ed25519PrivateKey) -> None:
    credential = with_level(issuer_key)
    quads = canonize(credential)  # safe mode: refuses any term the contexts do not define
    for term in ("ResultDescription", "RubricCriterionLevel", "Result", "achievedLevel", "requiredLevel"):
        assert f"<https://purl.imsglobal.org/spec/vc/ob/vocab.html#{term}>" in quads, term
    signed = sign.sign(credential, issuer_key, SIGNED)
    assert level_of(signed) == LEVELS[1]


def test_without_a_level_nothing_is_added() -> None:
    assert "resultDescription" not in achievement().document()
    assert level_of({"credentialSubject": {"achievement": achievement().document()}}) is None


@pytest.mark.parametrize(
    "scale, achieved",
    [
        (SCALE, f"{ACHIEVEMENT}#niveau-9"),  # not one of the scale's levels
        (None, LEVELS[1].id),  # a level without a scale
        (replace(SCALE, required=f"{ACHIEVEMENT}#niveau-9"), LEVELS[1].id),  # a required level outside the scale
    ],
)
def test_a_level_must_be_one_of_the_scale(
    issuer_key: Ed25519PrivateKey, scale: LevelScale | None, achieved: str
) -> None:
    with pytest.raises(ValueError):
        credential_for(issuer_key, achievement=replace(achievement(), levels=scale), achieved_level=achieved)
