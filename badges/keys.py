"""Ed25519 issuer keys: generation, a key ring on disk with rotation, and did:key.

did:key (https://w3c-ccg.github.io/did-method-key/) for Ed25519: the Multicodec varint of
``ed25519-pub`` (0xed -> bytes ``0xed 0x01``) followed by the 32-byte public key, encoded
Multibase base58btc (``z``): ``did:key:z6Mk...``. Its one verification method is
``did:key:z6Mk...#z6Mk...`` (the fragment repeats the Multikey value), authorized for every
proof purpose, so a did:key resolves offline, from the identifier alone.

The key ring is a folder (mode 0700) holding one PKCS#8 PEM file per key (mode 0600), named
after the key's Multikey value, and an ``ACTIVE`` file naming the key that signs. Rotation
adds a new key and makes it active; older keys stay, so that what they signed can still be
verified and looked up.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from badges.jsonld import DID_V1, MULTIKEY_V1
from badges.multibase import MultibaseError, decode_base58btc, encode_base58btc, varint

ED25519_PUB = varint(0xED)  # b"\xed\x01"
ED25519_PRIV = varint(0x1300)  # b"\x80\x26"
DID_KEY_PREFIX = "did:key:"


class KeyMaterialError(ValueError):
    """Base class of this module's errors."""


class InvalidDidKeyError(KeyMaterialError):
    """The value is not a did:key (or did:key verification method) for an Ed25519 key."""


class KeyRingError(KeyMaterialError):
    """The key ring folder or one of its files is unusable (e.g. readable by others)."""


def generate() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_bytes(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def multikey(public_key: Ed25519PublicKey | Ed25519PrivateKey | bytes) -> str:
    """The Multikey ``publicKeyMultibase`` value of an Ed25519 public key: ``z6Mk...``."""
    raw = public_key if isinstance(public_key, bytes) else public_bytes(public_key)
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return encode_base58btc(ED25519_PUB + raw)


def did_key(public_key: Ed25519PublicKey | Ed25519PrivateKey | bytes) -> str:
    """``did:key:z6Mk...`` for an Ed25519 public key (a private key stands for its public key)."""
    return DID_KEY_PREFIX + multikey(public_key)


def verification_method(public_key: Ed25519PublicKey | Ed25519PrivateKey | bytes) -> str:
    """The did:key verification method id: ``did:key:z6Mk...#z6Mk...``."""
    value = multikey(public_key)
    return f"{DID_KEY_PREFIX}{value}#{value}"


def public_key_from_multikey(value: str) -> Ed25519PublicKey:
    try:
        decoded = decode_base58btc(value)
    except MultibaseError as error:
        raise InvalidDidKeyError(str(error)) from error
    if decoded[:2] != ED25519_PUB:
        raise InvalidDidKeyError("not an Ed25519 key (Multicodec ed25519-pub 0xed01 expected)")
    if len(decoded) != 34:
        raise InvalidDidKeyError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


def split_did_key(did_or_vm: str) -> tuple[str, str | None]:
    """(DID, fragment or None) of a did:key or did:key verification method id; checks that
    the fragment, if any, is the key itself (the only verification method a did:key has)."""
    if not isinstance(did_or_vm, str) or not did_or_vm.startswith(DID_KEY_PREFIX):
        raise InvalidDidKeyError("not a did:key")
    did, _, fragment = did_or_vm.partition("#")
    value = did[len(DID_KEY_PREFIX) :]
    if "/" in value or "?" in value or ":" in value or not value:
        raise InvalidDidKeyError("not a did:key (unexpected path, query or version)")
    if fragment and fragment != value:
        raise InvalidDidKeyError("a did:key has one verification method, #<its own key>")
    return did, fragment or None


def public_key_from_did_key(did_or_vm: str) -> Ed25519PublicKey:
    """Resolve, offline, the Ed25519 public key of ``did:key:z6Mk...`` or of its verification
    method ``did:key:z6Mk...#z6Mk...``."""
    did, _ = split_did_key(did_or_vm)
    return public_key_from_multikey(did[len(DID_KEY_PREFIX) :])


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    """An Ed25519 private key from its Multikey ``secretKeyMultibase`` (Multicodec
    ``ed25519-priv`` 0x1300, 32-byte seed), as in the W3C test vectors."""
    decoded = decode_base58btc(value)
    if decoded[:2] != ED25519_PRIV or len(decoded) != 34:
        raise ValueError("not a Multikey Ed25519 secret key (ed25519-priv 0x1300 + 32 bytes)")
    return Ed25519PrivateKey.from_private_bytes(decoded[2:])


def private_key_to_multibase(key: Ed25519PrivateKey) -> str:
    seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return encode_base58btc(ED25519_PRIV + seed)


def multikey_verification_method(public_key: Ed25519PublicKey | bytes, controller: str | None = None) -> dict[str, Any]:
    """A Multikey verification method (Controlled Identifiers / Data Integrity), e.g. for an
    issuer profile published at an https URL; by default controlled by its did:key."""
    value = multikey(public_key)
    controller = controller or DID_KEY_PREFIX + value
    return {
        "@context": MULTIKEY_V1,
        "id": f"{controller}#{value}",
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": value,
    }


def multikey_document(public_key: Ed25519PublicKey | Ed25519PrivateKey | bytes) -> dict[str, Any]:
    """The DID document a did:key resolves to (Multikey form, without the optional derived
    X25519 key agreement key)."""
    did = did_key(public_key)
    method = verification_method(public_key)
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [
            {"id": method, "type": "Multikey", "controller": did, "publicKeyMultibase": multikey(public_key)}
        ],
        "authentication": [method],
        "assertionMethod": [method],
        "capabilityDelegation": [method],
        "capabilityInvocation": [method],
    }


@dataclass(frozen=True, eq=False)
class SigningKey:
    """A private key with its did:key names; two are equal when their public keys are."""

    private_key: Ed25519PrivateKey

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SigningKey) and other.multikey == self.multikey

    def __hash__(self) -> int:
        return hash(self.multikey)

    def __repr__(self) -> str:
        return f"SigningKey({self.did})"

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def multikey(self) -> str:
        return multikey(self.private_key)

    @property
    def did(self) -> str:
        return did_key(self.private_key)

    @property
    def verification_method(self) -> str:
        return verification_method(self.private_key)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write_private(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 (never an existing file), durably."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)  # whatever the umask
    with os.fdopen(fd, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


class KeyRing:
    """Ed25519 keys in a folder: one active signing key, older ones kept for verification.

    The folder (0700) and a first key are created on first use. Files that group or others
    can access are refused rather than used.
    """

    ACTIVE = "ACTIVE"
    SUFFIX = ".pem"

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    # -- folder and locking -------------------------------------------------------------------

    def _ensure_folder(self) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        mode = stat.S_IMODE(self.folder.stat().st_mode)
        if mode != 0o700:
            os.chmod(self.folder, 0o700)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self._ensure_folder()
        fd = os.open(self.folder / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    # -- reading --------------------------------------------------------------------------

    def _read(self, path: Path) -> SigningKey:
        info = path.stat()
        if stat.S_IMODE(info.st_mode) & 0o077:
            raise KeyRingError(f"{path} is accessible to group or others (mode {stat.S_IMODE(info.st_mode):o})")
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyRingError(f"{path} is not an Ed25519 private key")
        signing = SigningKey(key)
        if path.name != signing.multikey + self.SUFFIX:
            raise KeyRingError(f"{path} does not hold the key its name says")
        return signing

    def _active_name(self) -> str | None:
        try:
            name = (self.folder / self.ACTIVE).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return name or None

    def all_keys(self) -> list[SigningKey]:
        """Every key of the ring, the active one first, then the others by file age (newest first)."""
        if not self.folder.exists():
            return []
        paths = sorted(self.folder.glob("*" + self.SUFFIX), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        keys = [self._read(path) for path in paths]
        active = self._active_name()
        keys.sort(key=lambda k: k.multikey != active)
        return keys

    def get(self, did_or_vm: str) -> SigningKey | None:
        """The ring's key for a did:key / verification method id, if it holds it."""
        did, _ = split_did_key(did_or_vm)
        path = self.folder / (did[len(DID_KEY_PREFIX) :] + self.SUFFIX)
        return self._read(path) if path.exists() else None

    def verification_methods(self) -> list[str]:
        return [key.verification_method for key in self.all_keys()]

    # -- writing --------------------------------------------------------------------------

    def _add(self, key: Ed25519PrivateKey) -> SigningKey:
        signing = SigningKey(key)
        _write_private(self.folder / (signing.multikey + self.SUFFIX), _pem(key))
        tmp = self.folder / f".{self.ACTIVE}.{os.getpid()}"
        tmp.write_text(signing.multikey + "\n", encoding="ascii")
        os.replace(tmp, self.folder / self.ACTIVE)
        return signing

    @property
    def active(self) -> SigningKey:
        """The signing key; the first use creates the folder and a key."""
        with self._locked():
            name = self._active_name()
            if name is None:
                return self._add(generate())
            return self._read(self.folder / (name + self.SUFFIX))

    def rotate(self) -> SigningKey:
        """A new active key; the previous ones stay in the ring."""
        with self._locked():
            return self._add(generate())
