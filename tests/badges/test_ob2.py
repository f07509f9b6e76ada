"""Open Badges 2.0 hosted documents (badges.ob2): the shapes the OB 2.0 specification asks for."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from badges import ob2

BASE = "https://eclats.example"
ASSERTION = f"{BASE}/ob2/assertions/0f5c2a8e-3d1b-4f6a-9c2e-7b8d9e0a1b2c"
BADGE_CLASS = f"{BASE}/ob2/badges/default/cooperation"
ISSUER = f"{BASE}/ob2/issuer"
ISSUED = datetime(2026, 11, 23, 14, 5, 9, tzinfo=UTC)
SALT = "f00dfeedf00dfeedf00dfeedf00dfeed"


def hashed(email: str = "ines@example.org", salt: str = SALT) -> str:
    return "sha256$" + hashlib.sha256((email + salt).encode()).hexdigest()


def test_a_hosted_assertion_with_a_hashed_email_recipient() -> None:
    recipient = ob2.email_recipient(hashed(), SALT)
    document = ob2.assertion(
        assertion_id=ASSERTION,
        badge_class_id=BADGE_CLASS,
        recipient=recipient,
        issued_on=ISSUED,
        image=ASSERTION + ".png",
        evidence_narrative="A aidé son équipe à résoudre l'énigme du métro.",
        evidence_name="Ce que le jeu a montré",
        evidence_id=f"{BASE}/badges/0f5c2a8e-3d1b-4f6a-9c2e-7b8d9e0a1b2c",
    )
    assert document == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": ASSERTION,
        "recipient": {"type": "email", "hashed": True, "salt": SALT, "identity": hashed()},
        "badge": BADGE_CLASS,
        "verification": {"type": "hosted"},
        "issuedOn": "2026-11-23T14:05:09Z",
        "image": ASSERTION + ".png",
        "evidence": {
            "type": "Evidence",
            "id": f"{BASE}/badges/0f5c2a8e-3d1b-4f6a-9c2e-7b8d9e0a1b2c",
            "name": "Ce que le jeu a montré",
            "narrative": "A aidé son équipe à résoudre l'énigme du métro.",
        },
    }
    assert "revoked" not in document and "expires" not in document


def test_the_email_hash_is_the_one_kept_with_the_consent() -> None:
    """sha256 of the trimmed, lowercased address followed by the salt, as a verifier that
    knows the address recomputes it."""
    assert ob2.email_identity_hash("  Ines@Example.ORG ", SALT) == hashed()
    recipient = ob2.email_recipient(hashed(), SALT).document()
    assert recipient["identity"] == ob2.email_identity_hash("ines@example.org", SALT)


def test_dates_are_utc_with_a_zone_and_expiry_comes_after_issue() -> None:
    paris = timezone(timedelta(hours=1))
    document = ob2.assertion(
        assertion_id=ASSERTION,
        badge_class_id=BADGE_CLASS,
        recipient=ob2.email_recipient(hashed(), SALT),
        issued_on=datetime(2026, 11, 23, 15, 5, 9, 193285, tzinfo=paris),
        expires=datetime(2027, 11, 23, 14, 5, 9),  # naive: UTC, as the database keeps it
    )
    assert document["issuedOn"] == "2026-11-23T14:05:09Z"
    assert document["expires"] == "2027-11-23T14:05:09Z"
    with pytest.raises(ValueError, match="expire"):
        ob2.assertion(
            assertion_id=ASSERTION,
            badge_class_id=BADGE_CLASS,
            recipient=ob2.email_recipient(hashed(), SALT),
            issued_on=ISSUED,
            expires=ISSUED,
        )


def test_without_an_email_the_recipient_is_the_ob3_subject_id_as_a_url_identifier() -> None:
    subject = "urn:uuid:6f1c2b3a-4d5e-5f60-8a7b-9c0d1e2f3a4b"
    recipient = ob2.subject_recipient(subject).document()
    assert recipient == {"type": "url", "hashed": False, "identity": subject}
    with pytest.raises(ValueError):
        ob2.subject_recipient("ines")  # neither a urn:uuid nor a URL


def test_a_hashed_recipient_needs_a_real_hash_and_its_salt() -> None:
    with pytest.raises(ValueError):
        ob2.email_recipient("ines@example.org", SALT)  # never the address itself
    with pytest.raises(ValueError):
        ob2.email_recipient("md5$" + "0" * 32, SALT)
    with pytest.raises(ValueError):
        ob2.email_recipient(hashed(), "")


def test_a_revoked_assertion_is_stripped_to_id_revoked_and_reason() -> None:
    document = ob2.revoked_assertion(assertion_id=ASSERTION, reason="Attribué par erreur")
    assert document == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": ASSERTION,
        "revoked": True,
        "revocationReason": "Attribué par erreur",
    }
    erased = ob2.revoked_assertion(assertion_id=ASSERTION, reason=ob2.ERASED_REASON)
    assert erased["revocationReason"] == "Données effacées à la demande de la personne."
    assert "recipient" not in erased
    with pytest.raises(ValueError):
        ob2.revoked_assertion(assertion_id=ASSERTION, reason="  ")


def test_badge_class_with_embedded_criteria_and_tags() -> None:
    document = ob2.badge_class(
        badge_class_id=BADGE_CLASS,
        name="Coopération",
        description="Travailler avec les autres.",
        image=BADGE_CLASS + ".png",
        criteria_narrative="A coopéré avec son équipe.",
        issuer_id=ISSUER,
        tags=["savoir-être", "savoir-être", ""],
    )
    assert document == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "BadgeClass",
        "id": BADGE_CLASS,
        "name": "Coopération",
        "description": "Travailler avec les autres.",
        "image": BADGE_CLASS + ".png",
        "criteria": {"narrative": "A coopéré avec son équipe."},
        "issuer": ISSUER,
        "tags": ["savoir-être"],
    }
    untagged = ob2.badge_class(
        badge_class_id=BADGE_CLASS,
        name="Coopération",
        description="Travailler avec les autres.",
        image=BADGE_CLASS + ".png",
        criteria_narrative="A coopéré avec son équipe.",
        issuer_id=ISSUER,
    )
    assert "tags" not in untagged


def test_issuer_profile_with_and_without_email() -> None:
    assert ob2.issuer(issuer_id=ISSUER, name="Mission Locale", url=BASE, email="contact@ml.example") == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Issuer",
        "id": ISSUER,
        "name": "Mission Locale",
        "url": BASE,
        "email": "contact@ml.example",
    }
    assert "email" not in ob2.issuer(issuer_id=ISSUER, name="Mission Locale", url=BASE)
    with pytest.raises(ValueError):
        ob2.issuer(issuer_id=ISSUER, name="Mission Locale", url=BASE, email="pas une adresse")


@pytest.mark.parametrize(
    "bad",
    [
        {"assertion_id": "urn:uuid:0f5c2a8e-3d1b-4f6a-9c2e-7b8d9e0a1b2c"},  # hosted: its own URL
        {"assertion_id": "ftp://eclats.example/a"},
        {"badge_class_id": "/ob2/badges/default/cooperation"},
        {"image": "javascript:alert(1)"},
    ],
)
def test_hosted_documents_need_http_urls(bad: dict[str, str]) -> None:
    arguments = {
        "assertion_id": ASSERTION,
        "badge_class_id": BADGE_CLASS,
        "recipient": ob2.email_recipient(hashed(), SALT),
        "issued_on": ISSUED,
        **bad,
    }
    with pytest.raises(ValueError):
        ob2.assertion(**arguments)  # type: ignore[arg-type]
