"""Open Badges 3.0 proofs as the 1EdTech JSON Schema wants them (an array), and a verifier
that reads one proof object (the badges issued before) and a proof set alike, and says
which proof its verdict rests on."""

from __future__ import annotations

import copy
import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges import keys
from badges.proofcheck import verify_proof, verify_proofs
from badges.sign import ProofError, add_proof, create_proof, sign
from badges.status_list import StatusList
from badges.verify import verify_credential
from tests.open_badges_schema import SCHEMAS, STANDARDS, problems

from .conftest import ISSUED, SIGNED, credential_for

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "standards"


def _verify(document: dict[str, Any]) -> Any:
    return verify_credential(document, now=ISSUED + timedelta(days=1), status_of=lambda _url: StatusList())


def _legacy(signed: dict[str, Any]) -> dict[str, Any]:
    """The same badge as Éclats issued it before proof sets: its one proof as an object."""
    [proof] = signed["proof"]
    return {**signed, "proof": proof}


# -- the 1EdTech schema


def test_issued_credentials_meet_the_1edtech_schema(issuer_key: Ed25519PrivateKey) -> None:
    for overrides in ({}, {"email": None, "salt": None, "subject_id": "urn:uuid:8c4b4a64-7d3c-4f4e-9a55-1f2d6c7f0a11"},
                      {"valid_until": ISSUED + timedelta(days=365)}):  # fmt: skip
        signed = sign(credential_for(issuer_key, **overrides), issuer_key, SIGNED)
        assert isinstance(signed["proof"], list) and len(signed["proof"]) == 1
        assert problems(signed) == [], overrides


def test_one_proof_object_is_what_the_schema_refused(issuer_key: Ed25519PrivateKey) -> None:
    """The measured defect: every credential failed on « /proof must be array »."""
    found = problems(_legacy(sign(credential_for(issuer_key), issuer_key, SIGNED)))
    assert found and all('$.proof must satisfy type "array"' in line for line in found), found


def test_the_schema_copies_are_the_1edtech_files() -> None:
    for name, digest in SCHEMAS.items():
        assert hashlib.sha256((STANDARDS / name).read_bytes()).hexdigest() == digest
        if SHARED.is_dir():  # next to the repository on the development machines
            assert (STANDARDS / name).read_bytes() == (SHARED / name).read_bytes(), name


# -- proof sets, Data Integrity


def test_a_proof_object_and_a_set_of_one_verify_alike(issuer_key: Ed25519PrivateKey) -> None:
    signed = sign(credential_for(issuer_key), issuer_key, SIGNED)
    as_set, as_object = verify_proofs(signed), verify_proofs(_legacy(signed))
    assert as_set.ok and as_object.ok, (as_set.reason, as_object.reason)
    assert (as_set.form, as_object.form) == ("set", "object")
    for check in (as_set, as_object):
        assert check.checked is not None and check.checked.index == 1 and check.checked.by_issuer
        assert check.checked.verification_method == keys.verification_method(issuer_key)
    tampered = _legacy(signed)
    tampered["name"] = "Direction générale"
    assert verify_proof(tampered) == (False, "the signature does not match the credential")


def test_each_proof_of_a_set_signs_the_document_without_any_proof(
    issuer_key: Ed25519PrivateKey, other_key: Ed25519PrivateKey
) -> None:
    credential = credential_for(issuer_key)
    signed = sign(credential, issuer_key, SIGNED)
    both = add_proof(signed, issuer_key, SIGNED + timedelta(days=1))
    assert both["proof"][0] == signed["proof"][0], "the first proof is kept as it was"
    # the second proof is exactly the one made over the unsecured credential, alone
    alone = sign(credential, issuer_key, SIGNED + timedelta(days=1))
    assert both["proof"][1] == alone["proof"][0]
    check = verify_proofs(both)
    assert check.ok and check.total == 2 and "all 2 proofs valid" in check.reason
    assert problems(both) == []
    # adding to a badge issued with one proof object keeps that object as the first of the set
    grown = add_proof(_legacy(signed), issuer_key, SIGNED + timedelta(days=1))
    assert grown["proof"] == both["proof"]
    with pytest.raises(ProofError, match="not the issuer"):
        add_proof(signed, other_key, SIGNED)
    with pytest.raises(ProofError, match="no proof set"):
        add_proof(credential, issuer_key, SIGNED)


def test_the_verdict_names_the_issuer_proof_it_rests_on(
    issuer_key: Ed25519PrivateKey, other_key: Ed25519PrivateKey
) -> None:
    credential = credential_for(issuer_key)
    signed = sign(credential, issuer_key, SIGNED)
    # someone else's valid proof first (an endorser's, say), then the issuer's
    endorsement = create_proof(credential, other_key, SIGNED)
    document = {**credential, "proof": [endorsement, signed["proof"][0]]}
    check = verify_proofs(document)
    assert check.ok, check.reason
    assert check.checked is not None and check.checked.index == 2 and check.checked.by_issuer
    assert [p.by_issuer for p in check.proofs] == [False, True]
    report = _verify(document)
    assert report.verdict == "valid"
    detail = report.checks[0].detail
    assert "Les 2 signatures correspondent" in detail and "la signature n° 2 sur 2, celle de l'organisme" in detail
    assert keys.verification_method(issuer_key) in detail and "faite le 14/03/2025" in detail
    assert report.proof["form"] == "set" and report.proof["checked"] == 2


def test_a_set_is_refused_when_any_proof_fails_or_none_is_the_issuers(
    issuer_key: Ed25519PrivateKey, other_key: Ed25519PrivateKey
) -> None:
    credential = credential_for(issuer_key)
    signed = sign(credential, issuer_key, SIGNED)
    broken = copy.deepcopy(signed["proof"][0])
    broken["created"] = "2025-03-15T00:00:00Z"  # part of what the proof signs
    document = {**credential, "proof": [signed["proof"][0], broken]}
    check = verify_proofs(document)
    assert not check.ok and check.reason == "proof 2 of 2: the signature does not match the credential"
    assert check.checked is not None and check.checked.index == 2
    report = _verify(document)
    assert report.verdict == "invalid"
    assert "la signature n° 2 sur 2" in report.checks[0].detail

    only_others = {**credential, "proof": [create_proof(credential, other_key, SIGNED)] * 2}
    ok, reason = verify_proof(only_others)
    assert not ok and reason.startswith("no proof of the set is the issuer's") and "does not belong" in reason
    chained = {**credential, "proof": [signed["proof"][0], {**signed["proof"][0], "previousProof": "urn:x"}]}
    assert verify_proof(chained) == (False, "proof 2 of 2: proof chains (previousProof) are not supported")
    ecdsa = {**signed["proof"][0], "cryptosuite": "ecdsa-rdfc-2019"}
    assert not verify_proof({**credential, "proof": [signed["proof"][0], ecdsa]})[0], "no proof is ignored"


def test_a_badge_issued_with_one_proof_object_still_says_which_proof(issuer_key: Ed25519PrivateKey) -> None:
    report = _verify(_legacy(sign(credential_for(issuer_key), issuer_key, SIGNED)))
    assert report.verdict == "valid"
    detail = report.checks[0].detail
    assert detail.startswith("La signature correspond")
    assert f"la seule signature du badge, celle de l'organisme (clé {keys.verification_method(issuer_key)}" in detail
    assert report.proof["form"] == "object" and report.proof["checked"] == 1
