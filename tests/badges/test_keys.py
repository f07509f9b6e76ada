from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges import keys
from badges.multibase import b58decode
from badges.proofcheck import verify_proof
from badges.sign import sign

from .conftest import SIGNED, credential_for

# The did:key specification's example DID (its "simple did:key value" and DID document
# examples). The spec gives the DID only; the raw key below is what it decodes to, as
# independent did:key implementations also state it.
SPEC_DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
SPEC_DID_PUBLIC_KEY = "2e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6"

# w3c-ccg/did-method-key, test-vectors/ed25519-x25519.json: seed -> publicKeyBase58 -> DID.
SPEC_TEST_VECTORS = [
    (
        "00" * 32,
        "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS",
        "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
    ),
    (
        "00" * 31 + "01",
        "6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt",
        "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG",
    ),
    (
        "00" * 31 + "02",
        "8pM1DN3RiT8vbom5u1sNryaNT1nyL8CTTW3b5PwWXRBH",
        "did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf",
    ),
    (
        "00" * 31 + "03",
        "HPYVwAQmskwT1qEEeRzhoomyfyupJGASQQtCXSNG8XS2",
        "did:key:z6MkvqoYXQfDDJRv8L4wKzxYeuKyVZBfi9Qo6Ro8MiLH3kDQ",
    ),
    (
        "00" * 31 + "04",
        "J3qYF7YJMKCqQke47UQwiHizgFUXapHxRxKmxbkar89x",
        "did:key:z6MkwW6aqMnjgrhJXFUko3NnZPGzVpkNzhYK7yEhnsibmLwL",
    ),
]


def test_spec_example_did_key_decodes_to_its_public_key() -> None:
    public = keys.public_key_from_did_key(SPEC_DID)
    assert keys.public_bytes(public).hex() == SPEC_DID_PUBLIC_KEY
    assert keys.did_key(bytes.fromhex(SPEC_DID_PUBLIC_KEY)) == SPEC_DID
    fingerprint = SPEC_DID.removeprefix("did:key:")
    assert keys.verification_method(public) == f"{SPEC_DID}#{fingerprint}"
    assert keys.public_bytes(keys.public_key_from_did_key(f"{SPEC_DID}#{fingerprint}")).hex() == SPEC_DID_PUBLIC_KEY


def test_spec_example_did_document() -> None:
    document = keys.multikey_document(bytes.fromhex(SPEC_DID_PUBLIC_KEY))
    method = f"{SPEC_DID}#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    assert document == {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": SPEC_DID,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": SPEC_DID,
                "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            }
        ],
        "authentication": [method],
        "assertionMethod": [method],
        "capabilityDelegation": [method],
        "capabilityInvocation": [method],
    }


@pytest.mark.parametrize(("seed", "public_base58", "did"), SPEC_TEST_VECTORS)
def test_did_key_spec_test_vectors(seed: str, public_base58: str, did: str) -> None:
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed))
    assert keys.public_bytes(private) == b58decode(public_base58)
    assert keys.did_key(private) == did
    assert keys.public_bytes(keys.public_key_from_did_key(did)) == b58decode(public_base58)


def test_did_key_spec_readme_example() -> None:
    did = "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"
    assert keys.public_bytes(keys.public_key_from_did_key(did)) == b58decode(
        "B12NYF8RrR3h41TDCTJojY59usg3mbtbjnFs7Eud1Y6u"
    )


def test_multicodec_prefix_and_round_trip() -> None:
    key = keys.generate()
    did = keys.did_key(key)
    assert did.startswith("did:key:z6Mk")
    decoded = b58decode(did.removeprefix("did:key:z"))
    assert decoded[:2] == b"\xed\x01" and len(decoded) == 34
    assert keys.public_bytes(keys.public_key_from_did_key(did)) == keys.public_bytes(key)
    assert keys.private_key_from_multibase(keys.private_key_to_multibase(key)).public_key() == key.public_key()


@pytest.mark.parametrize(
    "bad",
    [
        "did:web:example.org",
        "did:key:",
        "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",  # secp256k1, not Ed25519
        "did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc",  # X25519
        "did:key:6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",  # no multibase prefix
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do0",  # 0 is not base58
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#key-1",  # not its own fragment
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do",  # truncated
    ],
)
def test_invalid_did_keys(bad: str) -> None:
    with pytest.raises(keys.InvalidDidKeyError):
        keys.public_key_from_did_key(bad)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_key_ring_created_on_first_use_with_private_modes(tmp_path: Path) -> None:
    folder = tmp_path / "instance" / "keys"
    ring = keys.KeyRing(folder)
    assert not folder.exists() and ring.all_keys() == []
    active = ring.active
    assert _mode(folder) == 0o700
    pem = folder / f"{active.multikey}.pem"
    assert _mode(pem) == 0o600
    assert pem.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert ring.active == active, "the active key is stable"
    assert keys.KeyRing(folder).active.did == active.did, "and survives a restart"


def test_key_files_keep_mode_0600_under_a_permissive_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        ring = keys.KeyRing(tmp_path / "keys")
        first = ring.active
        second = ring.rotate()
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "keys") == 0o700
    for key in (first, second):
        assert _mode(tmp_path / "keys" / f"{key.multikey}.pem") == 0o600


def test_rotation_keeps_old_keys_able_to_verify(tmp_path: Path) -> None:
    ring = keys.KeyRing(tmp_path / "keys")
    old = ring.active
    signed_before = sign(credential_for(old.private_key), old, SIGNED)
    new = ring.rotate()
    assert new != old and ring.active == new
    assert [k.did for k in ring.all_keys()] == [new.did, old.did]
    signed_after = sign(credential_for(new.private_key), ring.active, SIGNED)

    trusted = ring.verification_methods()
    for signed in (signed_before, signed_after):
        ok, reason = verify_proof(signed, trusted_verification_methods=trusted)
        assert ok, reason
    found = ring.get(signed_before["proof"][0]["verificationMethod"])
    assert found is not None and found.did == old.did
    assert ring.get(keys.verification_method(keys.generate())) is None


def test_key_ring_refuses_files_others_can_read(tmp_path: Path) -> None:
    ring = keys.KeyRing(tmp_path / "keys")
    active = ring.active
    (tmp_path / "keys" / f"{active.multikey}.pem").chmod(0o644)
    with pytest.raises(keys.KeyRingError, match="group or others"):
        _ = ring.active


def test_key_ring_tightens_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    _ = keys.KeyRing(folder).active
    assert _mode(folder) == 0o700
