from __future__ import annotations

import base64
import gzip
from datetime import UTC, datetime
from typing import Any

import pytest

from badges.jsonld import canonize
from badges.proofcheck import verify_proof
from badges.sign import sign
from badges.status_list import (
    MIN_BITS,
    StatusList,
    StatusListError,
    decode_list,
    encode_list,
    is_status_set,
    status_list_credential,
    status_list_entry,
)

from .conftest import SIGNED, STATUS_LIST

# W3C Bitstring Status List v1.0, example "BitstringStatusListCredential": an empty list.
SPEC_EMPTY_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def test_spec_example_decodes_to_16kb_of_zeros_and_is_reproduced() -> None:
    assert decode_list(SPEC_EMPTY_LIST) == bytes(16384)
    assert StatusList().encode() == SPEC_EMPTY_LIST
    assert len(StatusList()) == MIN_BITS == 131_072


def test_round_trip_and_bit_order() -> None:
    status = StatusList()
    for index in (0, 7, 8, 94_567, MIN_BITS - 1):
        status.set(index)
    encoded = status.encode()
    assert encoded.startswith("u") and "=" not in encoded
    decoded = StatusList.decode(encoded)
    assert [i for i in range(len(decoded)) if decoded.get(i)] == [0, 7, 8, 94_567, MIN_BITS - 1]
    raw = decoded.to_bytes()
    assert raw[0] == 0b1000_0001, "index 0 is the left-most (most significant) bit"
    assert raw[1] == 0b1000_0000
    assert gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "==")) == raw, "plain GZIP, base64url"
    decoded.set(7, False)
    assert not decoded.get(7) and decoded.get(0)


def test_invalid_lists_and_indexes() -> None:
    with pytest.raises(StatusListError):
        StatusList(1024)
    with pytest.raises(StatusListError):
        encode_list(bytes(100))
    short = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(100))).rstrip(b"=").decode()
    with pytest.raises(StatusListError, match="fewer than"):
        decode_list(short)
    with pytest.raises(StatusListError):
        decode_list("u" + base64.urlsafe_b64encode(b"not gzip").rstrip(b"=").decode())
    with pytest.raises(StatusListError):
        decode_list(SPEC_EMPTY_LIST[1:])  # no Multibase prefix
    status = StatusList()
    for index in (-1, MIN_BITS, True):
        with pytest.raises(StatusListError):
            status.get(index)


def test_entry_shape() -> None:
    assert status_list_entry(STATUS_LIST, 94567) == {
        "id": f"{STATUS_LIST}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": STATUS_LIST,
    }
    with pytest.raises(StatusListError):
        status_list_entry(STATUS_LIST, -1)
    with pytest.raises(StatusListError):
        status_list_entry(STATUS_LIST, 1, purpose="deletion")


def _list_credential(issuer_did: str, status: StatusList) -> dict[str, Any]:
    return status_list_credential(
        credential_id=STATUS_LIST,
        issuer=issuer_did,
        status_list=status,
        valid_from=datetime(2025, 3, 14, tzinfo=UTC),
    )


def test_revoked_bit_is_detected(credential: dict[str, Any], issuer_key: Any) -> None:
    from badges import keys

    status = StatusList()
    list_credential = _list_credential(keys.did_key(issuer_key), status)
    assert not is_status_set(credential, list_credential)
    status.set(42)
    revoked_list = _list_credential(keys.did_key(issuer_key), status)
    assert is_status_set(credential, revoked_list)
    other = {**credential, "credentialStatus": status_list_entry(STATUS_LIST, 41)}
    assert not is_status_set(other, revoked_list)


def test_entry_and_list_must_match(credential: dict[str, Any], issuer_key: Any) -> None:
    from badges import keys

    list_credential = _list_credential(keys.did_key(issuer_key), StatusList())
    with pytest.raises(StatusListError, match="no 'revocation' entry"):
        is_status_set(
            {**credential, "credentialStatus": status_list_entry("https://other.example/s", 1)}, list_credential
        )
    suspension = {**credential, "credentialStatus": status_list_entry(STATUS_LIST, 42, purpose="suspension")}
    with pytest.raises(StatusListError, match="purpose"):
        is_status_set(suspension, list_credential, purpose="suspension")
    with pytest.raises(StatusListError, match="statusListIndex"):
        is_status_set(
            {**credential, "credentialStatus": {**credential["credentialStatus"], "statusListIndex": "4x"}},
            list_credential,
        )


def test_status_list_credential_signs_and_verifies(issuer_key: Any) -> None:
    from badges import keys

    status = StatusList()
    status.set(3)
    unsigned = _list_credential(keys.did_key(issuer_key), status)
    assert unsigned["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert unsigned["credentialSubject"]["type"] == "BitstringStatusList"
    assert unsigned["credentialSubject"]["id"] == f"{STATUS_LIST}#list"
    canonical = canonize(unsigned, allow_undefined_terms=False)
    assert "<https://www.w3.org/ns/credentials/status#encodedList>" in canonical
    signed = sign(unsigned, issuer_key, SIGNED)
    assert verify_proof(signed)[0]
    signed["credentialSubject"]["encodedList"] = StatusList().encode()  # un-revoking is tampering
    assert not verify_proof(signed)[0]
