from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from badges import keys
from badges.build import Achievement, Issuer, identity_hash, open_badge_credential
from badges.jsonld import canonize

from .conftest import ISSUED, STATUS_LIST, achievement, credential_for


def test_open_badge_credential_shape(credential: dict[str, Any], issuer_key: Any) -> None:
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == "https://eclats.example/badges/credentials/1b6f0c1e"
    assert credential["issuer"] == {
        "id": keys.did_key(issuer_key),
        "type": ["Profile"],
        "name": "Mission Locale de Test",
        "url": "https://ml.example",
    }
    assert credential["validFrom"] == "2025-03-14T09:26:53Z"
    assert "validUntil" not in credential
    assert credential["name"] == "Travail en équipe"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert "id" not in subject
    assert subject["identifier"] == [
        {
            "type": "IdentityObject",
            "identityHash": "sha256$" + hashlib.sha256(b"jeune@example.orgf00dfeed").hexdigest(),
            "identityType": "emailAddress",
            "hashed": True,
            "salt": "f00dfeed",
        }
    ]
    assert subject["achievement"] == {
        "id": "https://eclats.example/badges/achievements/travail-en-equipe",
        "type": ["Achievement"],
        "name": "Travail en équipe",
        "description": "A coopéré avec son équipe pendant les dix jours de l'aventure.",
        "criteria": {"narrative": "Avoir réussi les trois épreuves collectives."},
        "image": {"id": "https://eclats.example/badges/achievements/travail-en-equipe.png", "type": "Image"},
        "achievementType": "Badge",
        "tag": ["savoir-être", "coopération"],
    }
    assert credential["credentialStatus"] == {
        "id": f"{STATUS_LIST}#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": STATUS_LIST,
    }


def test_identity_hash_known_value() -> None:
    # sha256("jeune@example.orgf00dfeed"), computed independently
    expected = "sha256$" + hashlib.sha256(b"jeune@example.orgf00dfeed").hexdigest()
    assert identity_hash("jeune@example.org", "f00dfeed") == expected
    assert identity_hash("a@b.c", "") == "sha256$" + hashlib.sha256(b"a@b.c").hexdigest()


def test_every_term_is_defined_and_nothing_is_dropped(credential: dict[str, Any]) -> None:
    canonical = canonize(credential, allow_undefined_terms=False)
    ob = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
    status = "https://www.w3.org/ns/credentials/status#"
    for iri in [
        f"{ob}OpenBadgeCredential",
        f"{ob}Profile",
        f"{ob}AchievementSubject",
        f"{ob}IdentityObject",
        f"{ob}identityHash",
        f"{ob}identityType",
        f"{ob}hashed",
        f"{ob}salt",
        f"{ob}achievement",
        f"{ob}Achievement",
        f"{ob}Criteria",
        f"{ob}narrative",
        f"{ob}Image",
        f"{ob}achievementType",
        "https://schema.org/keywords",
        "https://schema.org/url",
        f"{status}BitstringStatusListEntry",
        f"{status}statusPurpose",
        f"{status}statusListIndex",
        f"{status}statusListCredential",
        "https://www.w3.org/2018/credentials#validFrom",
        "https://www.w3.org/2018/credentials#credentialStatus",
    ]:
        assert f"<{iri}>" in canonical, iri
    assert '"sha256$' in canonical and '"savoir-être"' in canonical


def test_without_email_the_subject_gets_an_id(issuer_key: Any) -> None:
    anonymous = credential_for(issuer_key, email=None, salt=None)
    subject = anonymous["credentialSubject"]
    assert subject["id"].startswith("urn:uuid:") and "identifier" not in subject
    assert credential_for(issuer_key, email=None, salt=None)["credentialSubject"]["id"] != subject["id"]
    chosen = credential_for(
        issuer_key, email=None, salt=None, subject_id="did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    )
    assert chosen["credentialSubject"]["id"] == "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    canonize(anonymous, allow_undefined_terms=False)


def test_random_salt_and_optional_fields(issuer_key: Any) -> None:
    first = credential_for(issuer_key, salt=None, credential_status=None, valid_until=ISSUED + timedelta(days=365))
    second = credential_for(issuer_key, salt=None)
    salts = {c["credentialSubject"]["identifier"][0]["salt"] for c in (first, second)}
    assert len(salts) == 2 and all(len(s) == 32 for s in salts)
    assert "credentialStatus" not in first
    assert first["validUntil"] == "2026-03-14T09:26:53Z"
    minimal = Achievement(
        id="urn:uuid:6a3f1e2c-0b7d-4c8e-9f21-3d4b5a6c7e8f",
        name="n",
        description="d",
        criteria_narrative="c",
        image_url="data:image/png;base64,iVBORw0KGgo=",
    )
    document = credential_for(issuer_key, achievement=minimal)["credentialSubject"]["achievement"]
    assert "achievementType" not in document and "tag" not in document
    canonize(credential_for(issuer_key, achievement=minimal), allow_undefined_terms=False)


def test_https_issuer(issuer_key: Any) -> None:
    issuer = Issuer(id="https://ml.example/issuer", name="Mission Locale", url="https://ml.example")
    assert credential_for(issuer_key, issuer=issuer)["issuer"]["id"] == "https://ml.example/issuer"


@pytest.mark.parametrize(
    "overrides",
    [
        {"credential_id": "ftp://eclats.example/badges/1"},
        {"credential_id": "urn:uuid:1"},
        {"issuer": Issuer(id="did:web:ml.example", name="x", url="https://ml.example")},
        {"issuer": Issuer(id="https://ml.example", name="x", url="ml.example")},
        {"subject_id": "urn:uuid:1"},  # with an e-mail too
        {"valid_until": ISSUED - timedelta(seconds=1)},
        {"valid_from": datetime(2025, 1, 1)},  # naive
        {
            "achievement": Achievement(
                id="a/b", name="n", description="d", criteria_narrative="c", image_url="https://x.example/i.png"
            )
        },
    ],
)
def test_invalid_arguments(overrides: dict[str, Any], issuer_key: Any) -> None:
    with pytest.raises((ValueError, TypeError)):
        credential_for(issuer_key, **overrides)


def test_defaults() -> None:
    credential = open_badge_credential(
        credential_id="https://eclats.example/c/1",
        issuer=Issuer(id="https://ml.example/issuer", name="ML", url="https://ml.example"),
        achievement=achievement(),
        valid_from=datetime(2025, 1, 1, tzinfo=UTC),
    )
    assert credential["credentialSubject"]["id"].startswith("urn:uuid:")
    assert "credentialStatus" not in credential and credential["name"] == achievement().name
