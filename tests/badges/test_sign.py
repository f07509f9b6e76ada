from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges import keys
from badges.build import Issuer
from badges.jsonld import OfflineDocumentLoader, canonize
from badges.multibase import decode_base58btc
from badges.proofcheck import verify_proof
from badges.sign import (
    CRYPTOSUITE,
    PROOF_TYPE,
    ProofError,
    format_datetime,
    hash_data,
    parse_datetime,
    proof_configuration,
    sign,
)

from .conftest import SIGNED, credential_for

# -- the W3C test vector: "Data Integrity EdDSA Cryptosuites v1.0" (Recommendation, 2025),
# Appendix B.1 "Representation: eddsa-rdfc-2022", examples 7 to 17.

VECTOR_SECRET_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
VECTOR_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
VECTOR_CREDENTIAL: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
VECTOR_CANONICAL_DOCUMENT = """\
<did:example:abcdefgh> <https://www.w3.org/ns/credentials/examples#alumniOf> "The School of Examples" .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/ns/credentials/examples#AlumniCredential> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://schema.org/description> "A minimum viable example of an Alumni Credential." .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://schema.org/name> "Alumni Credential" .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#credentialSubject> <did:example:abcdefgh> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#issuer> <https://vc.example/issuers/5678> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#validFrom> "2023-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
"""  # noqa: E501
VECTOR_DOCUMENT_HASH = "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"
VECTOR_VERIFICATION_METHOD = f"did:key:{VECTOR_PUBLIC_KEY}#{VECTOR_PUBLIC_KEY}"
VECTOR_CANONICAL_PROOF_CONFIG = f"""\
_:c14n0 <http://purl.org/dc/terms/created> "2023-02-24T23:36:38Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
_:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/security#DataIntegrityProof> .
_:c14n0 <https://w3id.org/security#cryptosuite> "eddsa-rdfc-2022"^^<https://w3id.org/security#cryptosuiteString> .
_:c14n0 <https://w3id.org/security#proofPurpose> <https://w3id.org/security#assertionMethod> .
_:c14n0 <https://w3id.org/security#verificationMethod> <{VECTOR_VERIFICATION_METHOD}> .
"""
VECTOR_PROOF_CONFIG_HASH = "bea7b7acfbad0126b135104024a5f1733e705108f42d59668b05c0c50004c6b0"
VECTOR_SIGNATURE_HEX = (
    "4d8e53c2d5b3f2a7891753eb16ca993325bdb0d3cfc5be1093d0a18426f5ef85"
    "78cadc0fd4b5f4dd0d1ce0aefd15ab120b7a894d0eb094ffda4e6553cd1ed50d"
)
VECTOR_PROOF_VALUE = "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme"
VECTOR_CREATED = datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)

# The spec's example context, which badges/contexts/ does not ship (from w3c/vc-data-model,
# contexts/credentials/examples/v2): given to a test-only loader.
EXAMPLES_LOADER = OfflineDocumentLoader(
    {
        "https://www.w3.org/ns/credentials/examples/v2": {
            "@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}
        }
    }
)


def test_w3c_vector_canonical_forms_and_hashes() -> None:
    assert canonize(VECTOR_CREDENTIAL, loader=EXAMPLES_LOADER) == VECTOR_CANONICAL_DOCUMENT
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": VECTOR_VERIFICATION_METHOD,
        "proofPurpose": "assertionMethod",
    }
    config = proof_configuration(VECTOR_CREDENTIAL, options)
    assert config["@context"] == VECTOR_CREDENTIAL["@context"]
    assert canonize(config, loader=EXAMPLES_LOADER) == VECTOR_CANONICAL_PROOF_CONFIG
    data = hash_data(VECTOR_CREDENTIAL, options, loader=EXAMPLES_LOADER)
    assert data.hex() == VECTOR_PROOF_CONFIG_HASH + VECTOR_DOCUMENT_HASH


def test_w3c_vector_proof_value_is_reproduced_exactly() -> None:
    key = keys.private_key_from_multibase(VECTOR_SECRET_KEY)
    assert keys.multikey(key) == VECTOR_PUBLIC_KEY
    signed = sign(VECTOR_CREDENTIAL, key, VECTOR_CREATED, loader=EXAMPLES_LOADER)
    # a proof set of one: the same proof as the vector's, in an array
    assert signed["proof"] == [
        {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2023-02-24T23:36:38Z",
            "verificationMethod": VECTOR_VERIFICATION_METHOD,
            "proofPurpose": "assertionMethod",
            "proofValue": VECTOR_PROOF_VALUE,
        }
    ]
    assert decode_base58btc(VECTOR_PROOF_VALUE).hex() == VECTOR_SIGNATURE_HEX
    assert {k: v for k, v in signed.items() if k != "proof"} == VECTOR_CREDENTIAL


def test_w3c_vector_signed_credential_verifies_and_tampering_is_caught() -> None:
    signed = {**copy.deepcopy(VECTOR_CREDENTIAL)}
    signed["proof"] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": VECTOR_VERIFICATION_METHOD,
        "proofPurpose": "assertionMethod",
        "proofValue": VECTOR_PROOF_VALUE,
    }
    ok, reason = verify_proof(signed, loader=EXAMPLES_LOADER)
    assert ok, reason
    signed["credentialSubject"]["alumniOf"] = "The School of Counter-Examples"
    assert verify_proof(signed, loader=EXAMPLES_LOADER) == (False, "the signature does not match the credential")


# -- round trip and tampering with an Open Badges 3.0 credential


def test_sign_then_verify(credential: dict[str, Any], issuer_key: Ed25519PrivateKey) -> None:
    signed = sign(credential, issuer_key, SIGNED)
    assert "proof" not in credential, "sign() returns a new document"
    [proof] = signed["proof"]  # a proof set (array), as the OB 3.0 JSON Schema requires
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["created"] == "2025-03-14T09:30:00Z"
    assert proof["verificationMethod"] == keys.verification_method(issuer_key)
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["proofValue"].startswith("z")
    assert len(decode_base58btc(proof["proofValue"])) == 64
    ok, reason = verify_proof(signed)
    assert ok, reason
    assert keys.verification_method(issuer_key) in reason


def test_verification_survives_json_round_trip_and_key_order(credential: dict[str, Any], issuer_key: Any) -> None:
    signed = sign(credential, issuer_key, SIGNED)
    reordered = json.loads(json.dumps(signed, sort_keys=True, indent=3))
    reordered["credentialSubject"] = dict(reversed(list(reordered["credentialSubject"].items())))
    assert verify_proof(reordered)[0]


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value

    return change


def _delete(key: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        del document[key]

    return change


TAMPERINGS: dict[str, Callable[[dict[str, Any]], None]] = {
    "name": _set("name", "Travail en équipe (or)"),
    "issuer name": _set("issuer.name", "Mission Locale Usurpée"),
    "issuer url": _set("issuer.url", "https://evil.example"),
    "validFrom": _set("validFrom", "2025-03-13T09:26:53Z"),
    "add validUntil": _set("validUntil", "2030-01-01T00:00:00Z"),
    "identityHash": _set("credentialSubject.identifier.0.identityHash", "sha256$" + "0" * 64),
    "salt": _set("credentialSubject.identifier.0.salt", "deadbeef"),
    "achievement description": _set("credentialSubject.achievement.description", "N'a rien fait."),
    "achievement id": _set("credentialSubject.achievement.id", "https://eclats.example/badges/achievements/autre"),
    "achievement image": _set("credentialSubject.achievement.image.id", "https://evil.example/x.png"),
    "criteria": _set("credentialSubject.achievement.criteria.narrative", "Aucun."),
    "tags": _set("credentialSubject.achievement.tag", ["savoir-être"]),
    "status index": _set("credentialStatus.statusListIndex", "43"),
    "credential id": _set("id", "https://eclats.example/badges/credentials/autre"),
    "type": _set("type", ["VerifiableCredential"]),
    "proof.created": _set("proof.0.created", "2025-03-14T09:30:01Z"),
    "proof.proofPurpose": _set("proof.0.proofPurpose", "authentication"),
    "add a defined field": _set("description", "Ajouté après la signature."),
    "add an undefined field": _set("couleur", "or"),
    "add an undefined field deep inside": _set("credentialSubject.achievement.niveau", "expert"),
    "remove name": _delete("name"),
    "remove credentialStatus": _delete("credentialStatus"),
}


@pytest.mark.parametrize("tampering", list(TAMPERINGS), ids=list(TAMPERINGS))
def test_any_change_breaks_the_proof(tampering: str, credential: dict[str, Any], issuer_key: Any) -> None:
    signed = sign(credential, issuer_key, SIGNED)
    TAMPERINGS[tampering](signed)
    ok, reason = verify_proof(signed)
    assert not ok
    assert reason


def test_proof_value_tampering(credential: dict[str, Any], issuer_key: Any) -> None:
    signed = sign(credential, issuer_key, SIGNED)
    signature = bytearray(decode_base58btc(signed["proof"][0]["proofValue"]))
    signature[10] ^= 1
    from badges.multibase import encode_base58btc

    signed["proof"][0]["proofValue"] = encode_base58btc(bytes(signature))
    assert verify_proof(signed) == (False, "the signature does not match the credential")
    signed["proof"][0]["proofValue"] = "not-multibase"
    assert not verify_proof(signed)[0]


def test_another_keys_signature_fails(issuer_key: Any, other_key: Any) -> None:
    # An https issuer, so that nothing but the signature ties the credential to a key.
    issuer = Issuer(id="https://ml.example/issuer", name="Mission Locale de Test", url="https://ml.example")
    credential = credential_for(issuer_key, issuer=issuer)
    signed_by_other = sign(credential, other_key, SIGNED)
    assert verify_proof(signed_by_other)[0]  # a valid proof... by the other key,
    trusted = [keys.verification_method(issuer_key)]
    ok, reason = verify_proof(signed_by_other, trusted_verification_methods=trusted)
    assert not ok and "not a trusted one" in reason  # ...which the issuer does not use.

    # The other key's signature presented as the issuer key's:
    forged = copy.deepcopy(signed_by_other)
    forged["proof"][0]["verificationMethod"] = keys.verification_method(issuer_key)
    assert verify_proof(forged) == (False, "the signature does not match the credential")


def test_did_key_issuer_must_match_the_verification_method(credential: dict[str, Any], other_key: Any) -> None:
    with pytest.raises(ProofError, match="not the issuer"):
        sign(credential, other_key, SIGNED)
    forged = sign({**credential, "issuer": {**credential["issuer"], "id": keys.did_key(other_key)}}, other_key, SIGNED)
    forged["issuer"]["id"] = credential["issuer"]["id"]
    ok, reason = verify_proof(forged)
    assert not ok and "does not belong to the issuer" in reason


def test_wrong_suite_purpose_or_method_are_refused(credential: dict[str, Any], issuer_key: Any) -> None:
    signed = sign(credential, issuer_key, SIGNED)
    for field, value, expected in [
        ("type", "Ed25519Signature2020", "unsupported proof type"),
        ("cryptosuite", "eddsa-jcs-2022", "unsupported cryptosuite"),
        ("proofPurpose", "authentication", "proof purpose"),
        ("verificationMethod", "https://ml.example/keys/1", "verification method"),
        ("created", "yesterday", "malformed proof 'created'"),
    ]:
        broken = copy.deepcopy(signed)
        broken["proof"][0][field] = value
        ok, reason = verify_proof(broken)
        assert not ok and expected in reason, (field, reason)
    assert verify_proof({k: v for k, v in signed.items() if k != "proof"}) == (False, "the credential has no proof")
    assert not verify_proof({**signed, "proof": []})[0]
    assert not verify_proof({**signed, "proof": [signed["proof"]]})[0]  # a set holds proofs, not sets
    assert not verify_proof({**signed, "proof": "z3FXQ"})[0]


def test_expired_proof(credential: dict[str, Any], issuer_key: Any) -> None:
    signed = sign(credential, issuer_key, SIGNED)
    # "expires" is part of the signed proof configuration: sign a proof that has one.
    options = {**signed["proof"][0], "expires": "2025-04-01T00:00:00Z"}
    del options["proofValue"]
    data = hash_data(credential, options)
    from badges.multibase import encode_base58btc

    expiring = {
        **copy.deepcopy(credential),
        "proof": {**options, "proofValue": encode_base58btc(issuer_key.sign(data))},
    }
    assert verify_proof(expiring, now=datetime(2025, 3, 20, tzinfo=UTC))[0]
    assert verify_proof(expiring, now=datetime(2025, 4, 2, tzinfo=UTC)) == (False, "the proof has expired")


def test_sign_refuses_unsafe_or_signed_documents(credential: dict[str, Any], issuer_key: Any) -> None:
    with pytest.raises(ProofError, match="couleur"):
        sign({**credential, "couleur": "or"}, issuer_key, SIGNED)
    with pytest.raises(ProofError, match="relative"):
        sign({**credential, "id": "credentials/1"}, issuer_key, SIGNED)
    signed = sign(credential, issuer_key, SIGNED)
    with pytest.raises(ProofError, match="already has a proof"):
        sign(signed, issuer_key, SIGNED)
    with pytest.raises(ValueError, match="timezone"):
        sign(credential, issuer_key, datetime(2025, 1, 1))


def test_datetimes() -> None:
    assert format_datetime(datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2025-01-02T03:04:05Z"
    paris = timezone(timedelta(hours=1))
    assert format_datetime(datetime(2025, 1, 2, 4, 4, 5, 250000, tzinfo=paris)) == "2025-01-02T03:04:05.250000Z"
    assert parse_datetime("2023-02-24T23:36:38Z") == datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)
    assert parse_datetime("2023-02-24T23:36:38.5+01:00").utcoffset() == timedelta(hours=1)
    for bad in ["2023-02-24", "2023-02-24T23:36:38", "2023-02-30T00:00:00Z", "yesterday", 5]:
        with pytest.raises(ValueError):
            parse_datetime(bad)


def test_hash_data_is_sha256_of_both_canonical_forms(credential: dict[str, Any], issuer_key: Any) -> None:
    signed = sign(credential, issuer_key, SIGNED)
    config = proof_configuration(credential, signed["proof"][0])
    assert "proofValue" not in config
    expected = (
        hashlib.sha256(canonize(config).encode()).digest() + hashlib.sha256(canonize(credential).encode()).digest()
    )
    assert hash_data(signed, signed["proof"][0]) == expected
