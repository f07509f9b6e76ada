"""The verdict a recruiter reads, from the checks of an OB 3.0 credential."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path

from badges import build, sign
from badges.keys import KeyRing
from badges.status_list import StatusList, status_list_entry
from badges.verify import verify_credential

NOW = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
LIST = "https://ml.example/badges/status/1"


def credential(ring: KeyRing, *, until: datetime | None = None, email: str | None = "lea@example.org") -> dict:
    key = ring.active
    achievement = build.Achievement(
        id="https://ml.example/badges/achievements/default/cooperation",
        name="Coopération",
        description="Travailler avec les autres.",
        criteria_narrative="A ouvert des cadenas avec son équipe.",
        image_url="https://ml.example/badges/achievements/default/cooperation.png",
        achievement_type="Competency",
    )
    unsigned = build.open_badge_credential(
        credential_id="https://ml.example/badges/1",
        issuer=build.Issuer(id=key.did, name="Mission Locale de Test", url="https://ml.example"),
        achievement=achievement,
        valid_from=NOW - timedelta(days=30),
        valid_until=until,
        email=email,
        salt="sel" if email else None,
        credential_status=status_list_entry(LIST, 7),
    )
    return sign.sign(unsigned, key, NOW - timedelta(days=30))


def check(doc: dict, revoked: set[int] = frozenset(), email: str | None = None, ring: KeyRing | None = None):  # type: ignore[assignment,no-untyped-def]
    def status_of(url: str) -> StatusList:
        assert url == LIST
        bits = StatusList()
        for i in revoked:
            bits.set(i)
        return bits

    own = {k.did: "Mission Locale de Test" for k in ring.all_keys()} if ring else None
    return verify_credential(doc, now=NOW, status_of=status_of, own_issuers=own, email=email)


def test_valid_revoked_expired_and_forged(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys")
    doc = credential(ring)
    report = check(doc, email="Lea@Example.org", ring=ring)
    assert report.verdict == "valid" and report.headline == "Badge authentique et valide"
    assert [c.id for c in report.checks] == ["signature", "issuer", "dates", "status", "recipient"]
    assert "clé de ce serveur" in report.checks[1].detail
    assert check(doc, revoked={7}).verdict == "revoked"
    assert check(doc, revoked={8}).verdict == "valid"
    assert check(doc, email="autre@example.org").verdict == "invalid"
    old = credential(ring, until=NOW - timedelta(days=1))
    expired = check(old)
    assert expired.verdict == "expired" and "expiré le 09/01/2027" in expired.checks[2].detail
    forged = copy.deepcopy(doc)
    forged["credentialSubject"]["achievement"]["name"] = "Direction générale"
    assert check(forged).verdict == "invalid"


def test_a_badge_signed_before_a_key_rotation_still_verifies(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path / "keys")
    doc = credential(ring)
    ring.rotate()
    assert check(doc, ring=ring).verdict == "valid"


def test_an_unreadable_status_list_is_said_not_guessed(tmp_path: Path) -> None:
    doc = credential(KeyRing(tmp_path / "keys"), email=None)

    def broken(_url: str) -> StatusList:
        raise OSError("injoignable")

    report = verify_credential(doc, now=NOW, status_of=broken)
    status = next(c for c in report.checks if c.id == "status")
    assert status.ok is None and "Impossible de consulter" in status.detail and report.verdict == "valid"
