"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C "Data Integrity EdDSA
Cryptosuites v1.0", section 3.2), as Open Badges 3.0 uses them.

Create (3.2.1): the proof options ``{type: "DataIntegrityProof", cryptosuite:
"eddsa-rdfc-2022", created, verificationMethod, proofPurpose}`` become the proof
configuration by taking the document's ``@context`` (3.2.5); the document without ``proof``
and the proof configuration are each canonicalized with RDFC-1.0 (3.2.3);
``hashData = SHA-256(canonical proof configuration) || SHA-256(canonical document)`` (3.2.4);
the proof value is the Ed25519 (pure EdDSA, RFC 8032) signature of ``hashData`` (3.2.6),
Multibase base58btc-encoded. Verification (3.2.2, 3.2.7) recomputes ``hashData`` from the
secured document and checks the signature with the key of ``verificationMethod``, resolved
offline from its did:key.

Canonicalization runs offline and in safe mode (see :mod:`badges.jsonld`): a document with
a term its contexts do not define, or with a relative IRI, is neither signed nor verified.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from badges.jsonld import CanonicalizationError, OfflineDocumentLoader, canonize
from badges.keys import KeyMaterialError, SigningKey, public_key_from_did_key, verification_method
from badges.multibase import MultibaseError, decode_base58btc, encode_base58btc

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
ASSERTION_METHOD = "assertionMethod"

# XML Schema 1.1 dateTimeStamp: a dateTime with a mandatory time zone.
_DATE_TIME_STAMP = re.compile(
    r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?"
    r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$"
)

Resolver = Callable[[str], Ed25519PublicKey]


class ProofError(ValueError):
    """A proof cannot be created (PROOF_GENERATION_ERROR / PROOF_TRANSFORMATION_ERROR)."""


def format_datetime(value: datetime) -> str:
    """An aware datetime as an XML Schema dateTimeStamp in UTC (``...Z``), as Verifiable
    Credentials write them; whole seconds unless the value has a fraction."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    utc = value.astimezone(UTC)
    spec = "seconds" if utc.microsecond == 0 else "microseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def parse_datetime(value: Any) -> datetime:
    """An XML Schema dateTimeStamp (time zone required) as an aware datetime."""
    if not isinstance(value, str) or not _DATE_TIME_STAMP.match(value):
        raise ValueError(f"not an XML Schema dateTimeStamp: {value!r}")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:  # out-of-range day for the month, years beyond 9999...
        raise ValueError(f"not an XML Schema dateTimeStamp: {value!r}") from error


def _without(document: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in document.items() if k != key}


def _check_suite(options: Mapping[str, Any]) -> None:
    if options.get("type") != PROOF_TYPE or options.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"proof options must have type {PROOF_TYPE!r} and cryptosuite {CRYPTOSUITE!r}")


def proof_configuration(document: Mapping[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """Proof Configuration (3.2.5) before canonicalization: a clone of the proof options
    (without ``proofValue``) with the unsecured document's ``@context``."""
    _check_suite(options)
    if "created" in options:
        try:
            parse_datetime(options["created"])
        except ValueError as error:
            raise ProofError(f"invalid proof 'created': {error}") from error
    if "@context" not in document:
        raise ProofError("the document has no @context")
    config = _without(options, "proofValue")
    config["@context"] = copy.deepcopy(document["@context"])
    return config


def hash_data(
    document: Mapping[str, Any],
    options: Mapping[str, Any],
    *,
    loader: OfflineDocumentLoader | None = None,
    allow_undefined_terms: bool = True,
) -> bytes:
    """``SHA-256(canonical proof configuration) || SHA-256(canonical unsecured document)``
    (3.2.3-3.2.5); ``document`` loses its ``proof`` if it has one."""
    config = proof_configuration(document, options)
    unsecured = _without(document, "proof")
    canonical_document = canonize(unsecured, loader=loader, allow_undefined_terms=allow_undefined_terms)
    canonical_config = canonize(config, loader=loader, allow_undefined_terms=allow_undefined_terms)
    return (
        hashlib.sha256(canonical_config.encode("utf-8")).digest()
        + hashlib.sha256(canonical_document.encode("utf-8")).digest()
    )


def _issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def sign(
    credential: Mapping[str, Any],
    key: SigningKey | Ed25519PrivateKey,
    created: datetime,
    *,
    verification_method_id: str | None = None,
    proof_purpose: str = ASSERTION_METHOD,
    loader: OfflineDocumentLoader | None = None,
    allow_undefined_terms: bool = False,
) -> dict[str, Any]:
    """A copy of ``credential`` secured with an ``eddsa-rdfc-2022`` Data Integrity proof.

    The verification method defaults to the key's did:key (``did:key:z6Mk...#z6Mk...``).
    Terms that only an "undefined terms" vocabulary defines are refused unless
    ``allow_undefined_terms``; terms no context defines are always refused.
    """
    if "proof" in credential:
        raise ProofError("the credential already has a proof (proof sets and chains are not supported)")
    private = key.private_key if isinstance(key, SigningKey) else key
    method = verification_method_id or verification_method(private)
    issuer = _issuer_id(credential)
    if issuer is not None and issuer.startswith("did:") and method.partition("#")[0] != issuer:
        raise ProofError(f"the verification method {method} is not the issuer's ({issuer})")
    options: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": format_datetime(created),
        "verificationMethod": method,
        "proofPurpose": proof_purpose,
    }
    try:
        data = hash_data(credential, options, loader=loader, allow_undefined_terms=allow_undefined_terms)
    except CanonicalizationError as error:
        raise ProofError(f"cannot canonicalize the credential: {error}") from error
    signed = copy.deepcopy(dict(credential))
    signed["proof"] = {**options, "proofValue": encode_base58btc(private.sign(data))}
    return signed


def verify_proof(
    credential: Mapping[str, Any],
    *,
    expected_proof_purpose: str = ASSERTION_METHOD,
    trusted_verification_methods: Collection[str] | None = None,
    resolve: Resolver | None = None,
    loader: OfflineDocumentLoader | None = None,
    now: datetime | None = None,
) -> tuple[bool, str]:
    """Check the credential's ``eddsa-rdfc-2022`` proof, offline. Returns ``(ok, reason)``.

    The key comes from the did:key verification method (or from ``resolve``, for other
    verification methods). When the issuer is a DID, the verification method must belong to
    it. When it is not (an https issuer), this function cannot know which keys the issuer
    authorizes: pass them as ``trusted_verification_methods``, or check the method returned
    in the reason yourself. Credential validity (``validFrom``/``validUntil``) and status are
    not checked here.
    """
    if not isinstance(credential, Mapping):
        return False, "the credential is not a JSON object"
    proof = credential.get("proof")
    if proof is None:
        return False, "the credential has no proof"
    if not isinstance(proof, Mapping):
        return False, "one proof object expected (proof sets and chains are not supported)"
    if proof.get("type") != PROOF_TYPE:
        return False, f"unsupported proof type {proof.get('type')!r}"
    if proof.get("cryptosuite") != CRYPTOSUITE:
        return False, f"unsupported cryptosuite {proof.get('cryptosuite')!r}"
    method = proof.get("verificationMethod")
    purpose = proof.get("proofPurpose")
    value = proof.get("proofValue")
    if not isinstance(method, str) or not isinstance(purpose, str) or not isinstance(value, str):
        return False, "malformed proof: verificationMethod, proofPurpose and proofValue are required strings"
    if purpose != expected_proof_purpose:
        return False, f"proof purpose {purpose!r} where {expected_proof_purpose!r} is expected"
    moment = now or datetime.now(UTC)
    for field in ("created", "expires"):
        if field in proof:
            try:
                when = parse_datetime(proof[field])
            except ValueError as error:
                return False, f"malformed proof {field!r}: {error}"
            if field == "expires" and when < moment:
                return False, "the proof has expired"

    issuer = _issuer_id(credential)
    if issuer is not None and issuer.startswith("did:") and method.partition("#")[0] != issuer:
        return False, f"the verification method {method} does not belong to the issuer {issuer}"
    if trusted_verification_methods is not None and method not in trusted_verification_methods:
        return False, f"the verification method {method} is not a trusted one"
    try:
        if resolve is not None:
            public_key = resolve(method)
        else:
            if "#" not in method:
                return False, "the verification method must be a did:key verification method (did:key:z…#z…)"
            public_key = public_key_from_did_key(method)
    except (KeyMaterialError, ValueError, LookupError) as error:
        return False, f"cannot resolve the verification method {method} offline: {error}"

    try:
        signature = decode_base58btc(value)
    except MultibaseError as error:
        return False, f"malformed proofValue: {error}"
    if len(signature) != 64:
        return False, "malformed proofValue: an Ed25519 signature is 64 bytes"
    try:
        data = hash_data(credential, proof, loader=loader)
    except (CanonicalizationError, ProofError) as error:
        return False, f"cannot canonicalize the credential: {error}"
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False, "the signature does not match the credential"
    return True, f"valid {CRYPTOSUITE} proof by {method}"
