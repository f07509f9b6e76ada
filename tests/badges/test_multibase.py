from __future__ import annotations

import pytest

from badges.multibase import (
    MultibaseError,
    b58decode,
    b58encode,
    decode_base58btc,
    decode_base64url,
    encode_base58btc,
    encode_base64url,
    varint,
)


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        (b"", ""),
        (b"\0", "1"),
        (b"\0\0\x01", "112"),
        (b"hello world", "StV1DL6CwTryKyV"),  # the base58 draft's example
        (bytes.fromhex("0000287fb4cd"), "11233QC4"),
    ],
)
def test_base58(raw: bytes, encoded: str) -> None:
    assert b58encode(raw) == encoded
    assert b58decode(encoded) == raw


def test_multibase_prefixes() -> None:
    assert encode_base58btc(b"\xed\x01") == "z" + b58encode(b"\xed\x01")
    assert decode_base58btc(encode_base58btc(b"\0abc")) == b"\0abc"
    assert encode_base64url(b"\xfb\xff") == "u-_8"
    assert decode_base64url("u-_8") == b"\xfb\xff"
    for bad in ["", "z", "Qabc", "z0OIl"]:
        with pytest.raises(MultibaseError):
            decode_base58btc(bad)
    for bad in ["-_8", "u-_8=", "u+/8"]:
        with pytest.raises(MultibaseError):
            decode_base64url(bad)


def test_varint() -> None:
    assert varint(0xED) == b"\xed\x01"  # ed25519-pub
    assert varint(0x1300) == b"\x80\x26"  # ed25519-priv
    assert varint(0xEC) == b"\xec\x01"  # x25519-pub
    assert varint(0) == b"\0" and varint(127) == b"\x7f"
    with pytest.raises(ValueError):
        varint(-1)
