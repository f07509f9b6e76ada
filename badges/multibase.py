"""The few Multibase / Multicodec encodings Open Badges 3.0 needs, nothing more.

- base58btc (Bitcoin alphabet), Multibase prefix ``z``: proof values and did:key/Multikey keys;
- base64url without padding, Multibase prefix ``u``: Bitstring Status List ``encodedList``;
- unsigned varints, for Multicodec prefixes (``ed25519-pub`` is 0xed -> ``0xed 0x01``).
"""

from __future__ import annotations

import base64
import binascii

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {char: value for value, char in enumerate(ALPHABET)}


class MultibaseError(ValueError):
    """A value is not in the expected Multibase / Multicodec encoding."""


def b58encode(data: bytes) -> str:
    """Base58 (Bitcoin alphabet); every leading zero byte becomes a leading ``1``."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(ALPHABET[remainder])
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    """Inverse of :func:`b58encode`; raises :class:`MultibaseError` on any other character."""
    number = 0
    for char in text:
        value = _INDEX.get(char)
        if value is None:
            raise MultibaseError(f"invalid base58 character {char!r}")
        number = number * 58 + value
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode_base58btc(data: bytes) -> str:
    """Multibase base58btc: ``z`` + base58."""
    return "z" + b58encode(data)


def decode_base58btc(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("z") or len(value) < 2:
        raise MultibaseError("expected a Multibase base58btc value (starting with 'z')")
    return b58decode(value[1:])


def encode_base64url(data: bytes) -> str:
    """Multibase base64url, no padding: ``u`` + base64url."""
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_base64url(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("u"):
        raise MultibaseError("expected a Multibase base64url value (starting with 'u')")
    body = value[1:]
    if "=" in body or any(c in body for c in "+/"):
        raise MultibaseError("base64url without padding expected")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as error:
        raise MultibaseError(f"invalid base64url: {error}") from error


def varint(number: int) -> bytes:
    """Unsigned LEB128 varint, as Multicodec prefixes use."""
    if number < 0:
        raise ValueError("varint of a negative number")
    out = bytearray()
    while True:
        byte = number & 0x7F
        number >>= 7
        if number:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)
