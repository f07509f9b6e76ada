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

Proof sets (Data Integrity 1.0, "Proof Sets" and "Verify Proof Sets and Chains"):
``proof`` is one proof object or an array of them. Éclats writes an array, even of one
proof, because the 1EdTech Open Badges 3.0 JSON Schema requires it; credentials it issued
before that carry one object, and both read alike. Each proof of a set signs the document
without any ``proof``, so adding a proof leaves the others valid. Every proof of a set
must verify and one must be the issuer's; chains (``previousProof``) are refused.

Canonicalization runs offline and in safe mode (see :mod:`badges.jsonld`): a document with
a term its contexts do not define, or with a relative IRI, is neither signed nor verified.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from badges.jsonld import CanonicalizationError, OfflineDocumentLoader, canonize
from badges.keys import SigningKey, verification_method
from badges.multibase import encode_base58btc

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


def without(document: Mapping[str, Any], key: str) -> dict[str, Any]:
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
    config = without(options, "proofValue")
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
    unsecured = without(document, "proof")
    canonical_document = canonize(unsecured, loader=loader, allow_undefined_terms=allow_undefined_terms)
    canonical_config = canonize(config, loader=loader, allow_undefined_terms=allow_undefined_terms)
    return (
        hashlib.sha256(canonical_config.encode("utf-8")).digest()
        + hashlib.sha256(canonical_document.encode("utf-8")).digest()
    )


def issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def create_proof(
    document: Mapping[str, Any],
    key: SigningKey | Ed25519PrivateKey,
    created: datetime,
    *,
    verification_method_id: str | None = None,
    proof_purpose: str = ASSERTION_METHOD,
    loader: OfflineDocumentLoader | None = None,
    allow_undefined_terms: bool = False,
) -> dict[str, Any]:
    """One ``eddsa-rdfc-2022`` proof object over ``document`` without any ``proof`` it has
    (a member of a proof set signs the unsecured document, not the other proofs). No
    issuer check: :func:`sign` and :func:`add_proof` make the issuer's proofs."""
    private = key.private_key if isinstance(key, SigningKey) else key
    options: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": format_datetime(created),
        "verificationMethod": verification_method_id or verification_method(private),
        "proofPurpose": proof_purpose,
    }
    try:
        data = hash_data(document, options, loader=loader, allow_undefined_terms=allow_undefined_terms)
    except CanonicalizationError as error:
        raise ProofError(f"cannot canonicalize the credential: {error}") from error
    return {**options, "proofValue": encode_base58btc(private.sign(data))}


def _issuer_method(credential: Mapping[str, Any], key: SigningKey | Ed25519PrivateKey, method: str | None) -> str:
    private = key.private_key if isinstance(key, SigningKey) else key
    chosen = method or verification_method(private)
    issuer = issuer_id(credential)
    if issuer is not None and issuer.startswith("did:") and chosen.partition("#")[0] != issuer:
        raise ProofError(f"the verification method {chosen} is not the issuer's ({issuer})")
    return chosen


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
    """A copy of ``credential`` secured with an ``eddsa-rdfc-2022`` Data Integrity proof,
    written as a proof set of one (``"proof": [{...}]``): the Open Badges 3.0 JSON Schema
    requires an array, and Data Integrity reads one proof object and a set alike.

    The verification method defaults to the key's did:key (``did:key:z6Mk...#z6Mk...``).
    Terms that only an "undefined terms" vocabulary defines are refused unless
    ``allow_undefined_terms``; terms no context defines are always refused.
    """
    if "proof" in credential:
        raise ProofError("the credential already has a proof (add_proof adds one to its proof set)")
    method = _issuer_method(credential, key, verification_method_id)
    proof = create_proof(
        credential,
        key,
        created,
        verification_method_id=method,
        proof_purpose=proof_purpose,
        loader=loader,
        allow_undefined_terms=allow_undefined_terms,
    )
    signed = copy.deepcopy(dict(credential))
    signed["proof"] = [proof]
    return signed


def add_proof(
    secured: Mapping[str, Any],
    key: SigningKey | Ed25519PrivateKey,
    created: datetime,
    *,
    verification_method_id: str | None = None,
    proof_purpose: str = ASSERTION_METHOD,
    loader: OfflineDocumentLoader | None = None,
    allow_undefined_terms: bool = False,
) -> dict[str, Any]:
    """Data Integrity "Add Proof Set/Chain" without ``previousProof``: a copy of ``secured``
    whose proof set gains one issuer proof over the document without any proof; the
    proofs it had (one object or a set) are kept as they are. Chains are not made here."""
    proofs = proof_set(secured)
    if proofs is None:
        raise ProofError("the document has no proof set to add to (sign it first)")
    unsecured = without(secured, "proof")
    method = _issuer_method(unsecured, key, verification_method_id)
    proof = create_proof(
        unsecured,
        key,
        created,
        verification_method_id=method,
        proof_purpose=proof_purpose,
        loader=loader,
        allow_undefined_terms=allow_undefined_terms,
    )
    out = copy.deepcopy(dict(secured))
    out["proof"] = [*copy.deepcopy(list(proofs)), proof]
    return out


def proof_set(document: Mapping[str, Any]) -> list[Any] | None:
    """The proofs of a secured document as a list: one proof object is a set of one
    (Data Integrity: ``proof`` is one proof or a set of them). None when there is none."""
    proof = document.get("proof")
    if proof is None:
        return None
    return list(proof) if isinstance(proof, list) else [proof]
