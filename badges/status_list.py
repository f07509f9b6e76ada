"""W3C Bitstring Status List v1.0: revocation of issued credentials.

A status list is a bitstring of at least 16 KiB (131,072 entries). Index 0 is the
left-most bit: the most significant bit of the first byte. Published as ``encodedList``:
the bitstring GZIP-compressed, then Multibase base64url without padding (``u...``), in the
``credentialSubject`` (type ``BitstringStatusList``) of a ``BitstringStatusListCredential``.
A credential points at its bit with a ``BitstringStatusListEntry`` in ``credentialStatus``.

The GZIP member is written the way zlib/pako (the reference JavaScript implementation)
write it (no name, mtime 0, OS "Unix", default compression level), so the same bits give
the same ``encodedList``, byte for byte.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from badges.jsonld import VC_V2
from badges.multibase import MultibaseError, decode_base64url, encode_base64url
from badges.sign import format_datetime

MIN_BITS = 131_072  # 16 KiB
MAX_BYTES = 16 * 1024 * 1024  # refuse to inflate a list beyond 16 MiB (decompression bombs)
PURPOSES = ("revocation", "suspension", "refresh", "message")

_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"


class StatusListError(ValueError):
    """An encoded list, an entry or an index is invalid (STATUS_LIST_LENGTH_ERROR, RANGE_ERROR...)."""


def _gzip(data: bytes) -> bytes:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(data) + compressor.flush()
    return _GZIP_HEADER + deflated + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def _gunzip(data: bytes) -> bytes:
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_BYTES + 1)
    except zlib.error as error:
        raise StatusListError(f"encodedList is not valid GZIP: {error}") from error
    if len(out) > MAX_BYTES:
        raise StatusListError("encodedList inflates beyond the size this implementation accepts")
    if not inflater.eof or inflater.unused_data:
        raise StatusListError("encodedList is not exactly one complete GZIP member")
    return out


class StatusList:
    """A mutable bitstring of statuses, one bit per credential (statusSize 1)."""

    def __init__(self, length: int = MIN_BITS, *, bits: bytes | None = None) -> None:
        if bits is not None:
            length = len(bits) * 8
        if length < MIN_BITS or length % 8:
            raise StatusListError(f"a status list has at least {MIN_BITS} bits, a whole number of bytes")
        self._bits = bytearray(bits) if bits is not None else bytearray(length // 8)

    def __len__(self) -> int:
        return len(self._bits) * 8

    def _locate(self, index: int) -> tuple[int, int]:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(self):
            raise StatusListError(f"status index {index!r} out of range 0..{len(self) - 1}")
        return index // 8, 0x80 >> (index % 8)

    def get(self, index: int) -> bool:
        byte, mask = self._locate(index)
        return bool(self._bits[byte] & mask)

    def set(self, index: int, value: bool = True) -> None:
        byte, mask = self._locate(index)
        if value:
            self._bits[byte] |= mask
        else:
            self._bits[byte] &= ~mask & 0xFF

    def to_bytes(self) -> bytes:
        return bytes(self._bits)

    def encode(self) -> str:
        return encode_list(self.to_bytes())

    @classmethod
    def decode(cls, encoded_list: str) -> StatusList:
        return cls(bits=decode_list(encoded_list))


def encode_list(bits: bytes) -> str:
    """``encodedList`` of a bitstring: Multibase base64url (no padding) of its GZIP."""
    if len(bits) * 8 < MIN_BITS:
        raise StatusListError(f"a status list has at least {MIN_BITS} bits")
    return encode_base64url(_gzip(bits))


def decode_list(encoded_list: str) -> bytes:
    """The bitstring of an ``encodedList``; refuses lists shorter than 131,072 bits."""
    try:
        compressed = decode_base64url(encoded_list)
    except MultibaseError as error:
        raise StatusListError(f"encodedList: {error}") from error
    bits = _gunzip(compressed)
    if len(bits) * 8 < MIN_BITS:
        raise StatusListError(f"the status list has {len(bits) * 8} bits, fewer than {MIN_BITS}")
    return bits


def status_list_entry(status_list_credential: str, index: int, purpose: str = "revocation") -> dict[str, Any]:
    """A ``credentialStatus`` entry pointing at bit ``index`` of a status list credential."""
    if purpose not in PURPOSES:
        raise StatusListError(f"unknown status purpose {purpose!r}")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise StatusListError("the status list index is a non-negative integer")
    return {
        "id": f"{status_list_credential}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": status_list_credential,
    }


def status_list_credential(
    *,
    credential_id: str,
    issuer: str | Mapping[str, Any],
    status_list: StatusList | str,
    valid_from: datetime,
    valid_until: datetime | None = None,
    purpose: str = "revocation",
    ttl_ms: int | None = None,
) -> dict[str, Any]:
    """An unsigned ``BitstringStatusListCredential`` (sign it with :func:`badges.sign.sign`)."""
    if purpose not in PURPOSES:
        raise StatusListError(f"unknown status purpose {purpose!r}")
    encoded = status_list.encode() if isinstance(status_list, StatusList) else status_list
    decode_list(encoded)  # refuse to publish an invalid list
    subject: dict[str, Any] = {
        "id": f"{credential_id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": encoded,
    }
    if ttl_ms is not None:
        subject["ttl"] = ttl_ms
    credential: dict[str, Any] = {
        "@context": [VC_V2],
        "id": credential_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": dict(issuer) if isinstance(issuer, Mapping) else issuer,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    credential["credentialSubject"] = subject
    return credential


def _entries(credential: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    status = credential.get("credentialStatus")
    items = status if isinstance(status, list) else [status] if status is not None else []
    return [item for item in items if isinstance(item, Mapping) and item.get("type") == "BitstringStatusListEntry"]


def is_status_set(
    credential: Mapping[str, Any], status_list_credential: Mapping[str, Any], purpose: str = "revocation"
) -> bool:
    """Whether the credential's ``purpose`` bit is set in the given status list credential
    (``True``: revoked, for "revocation"). The status list credential must already have been
    verified by the caller. Raises :class:`StatusListError` if the credential has no entry
    for this list and purpose, or if the entry and the list do not match."""
    list_id = status_list_credential.get("id")
    subject = status_list_credential.get("credentialSubject")
    if not isinstance(subject, Mapping) or subject.get("type") != "BitstringStatusList":
        raise StatusListError("not a BitstringStatusListCredential")
    entries = [
        e
        for e in _entries(credential)
        if e.get("statusListCredential") == list_id and e.get("statusPurpose") == purpose
    ]
    if not entries:
        raise StatusListError(f"the credential has no {purpose!r} entry for the status list {list_id}")
    if subject.get("statusPurpose") != purpose:
        raise StatusListError("the status list's purpose does not match the entry's")
    raw_index = entries[0].get("statusListIndex")
    if not isinstance(raw_index, str) or not raw_index.isdecimal() or not raw_index.isascii():
        raise StatusListError(f"invalid statusListIndex {raw_index!r}")
    encoded = subject.get("encodedList")
    if not isinstance(encoded, str):
        raise StatusListError("the status list has no encodedList")
    return StatusList.decode(encoded).get(int(raw_index))
