from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges import keys
from badges.build import Achievement, Issuer, open_badge_credential, status_list_entry

ISSUED = datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC)
SIGNED = datetime(2025, 3, 14, 9, 30, 0, tzinfo=UTC)
STATUS_LIST = "https://eclats.example/badges/status/1"


def achievement() -> Achievement:
    return Achievement(
        id="https://eclats.example/badges/achievements/travail-en-equipe",
        name="Travail en équipe",
        description="A coopéré avec son équipe pendant les dix jours de l'aventure.",
        criteria_narrative="Avoir réussi les trois épreuves collectives.",
        image_url="https://eclats.example/badges/achievements/travail-en-equipe.png",
        achievement_type="Badge",
        tags=("savoir-être", "coopération"),
    )


def credential_for(key: Ed25519PrivateKey, **overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "credential_id": "https://eclats.example/badges/credentials/1b6f0c1e",
        "issuer": Issuer(id=keys.did_key(key), name="Mission Locale de Test", url="https://ml.example"),
        "achievement": achievement(),
        "valid_from": ISSUED,
        "email": "jeune@example.org",
        "salt": "f00dfeed",
        "credential_status": status_list_entry(STATUS_LIST, 42),
    }
    arguments.update(overrides)
    return open_badge_credential(**arguments)


@pytest.fixture(scope="session")
def issuer_key() -> Ed25519PrivateKey:
    return keys.generate()


@pytest.fixture(scope="session")
def other_key() -> Ed25519PrivateKey:
    return keys.generate()


@pytest.fixture
def credential(issuer_key: Ed25519PrivateKey) -> dict[str, Any]:
    return credential_for(issuer_key)
