"""Verifying a credential's Data Integrity proof or proof set (``eddsa-rdfc-2022``; see
:mod:`badges.sign` for how a proof is made): every proof of a set must verify and one must
be the issuer's; chains (``previousProof``) are refused; the verdict names the proof it
rests on."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature

from badges.jsonld import CanonicalizationError, OfflineDocumentLoader
from badges.keys import KeyMaterialError, public_key_from_did_key
from badges.multibase import MultibaseError, decode_base58btc
from badges.sign import (
    ASSERTION_METHOD,
    CRYPTOSUITE,
    PROOF_TYPE,
    ProofError,
    Resolver,
    hash_data,
    issuer_id,
    parse_datetime,
    proof_set,
    without,
)


@dataclass(frozen=True)
class ProofResult:
    """What was found about one proof of the set."""

    index: int  # 1-based position in the proof set (1 for a single proof object)
    verification_method: str | None
    created: str | None
    by_issuer: bool  # its verification method is the issuer's (and a trusted one, when a list was given)
    ok: bool | None  # None: not checked, because the set was refused before its turn
    reason: str


@dataclass(frozen=True)
class ProofCheck:
    """The verdict on a credential's proof or proof set, and what each proof gave.

    ``form`` is how the credential writes it: ``"object"`` (one proof object, as Éclats
    issued before proof sets) or ``"set"`` (an array); None when there is no usable proof.
    ``checked`` is the proof the verdict rests on: the issuer's that verified, or the one
    that failed.
    """

    ok: bool
    reason: str
    form: str | None = None
    proofs: tuple[ProofResult, ...] = ()
    checked: ProofResult | None = None

    @property
    def total(self) -> int:
        return len(self.proofs)


def _structure(proof: Mapping[str, Any], expected_purpose: str, moment: datetime) -> str | None:
    """Why this proof cannot be checked by this suite, or None."""
    if proof.get("type") != PROOF_TYPE:
        return f"unsupported proof type {proof.get('type')!r}"
    if proof.get("cryptosuite") != CRYPTOSUITE:
        return f"unsupported cryptosuite {proof.get('cryptosuite')!r}"
    if "previousProof" in proof:
        return "proof chains (previousProof) are not supported"
    method, purpose, value = proof.get("verificationMethod"), proof.get("proofPurpose"), proof.get("proofValue")
    if not isinstance(method, str) or not isinstance(purpose, str) or not isinstance(value, str):
        return "malformed proof: verificationMethod, proofPurpose and proofValue are required strings"
    if purpose != expected_purpose:
        return f"proof purpose {purpose!r} where {expected_purpose!r} is expected"
    for field in ("created", "expires"):
        if field in proof:
            try:
                when = parse_datetime(proof[field])
            except ValueError as error:
                return f"malformed proof {field!r}: {error}"
            if field == "expires" and when < moment:
                return "the proof has expired"
    return None


def _membership(method: str, issuer: str | None, trusted: Collection[str] | None) -> str | None:
    """Why this verification method does not speak for the issuer, or None."""
    if issuer is not None and issuer.startswith("did:") and method.partition("#")[0] != issuer:
        return f"the verification method {method} does not belong to the issuer {issuer}"
    if trusted is not None and method not in trusted:
        return f"the verification method {method} is not a trusted one"
    return None


def _signature(
    unsecured: Mapping[str, Any],
    proof: Mapping[str, Any],
    resolve: Resolver | None,
    loader: OfflineDocumentLoader | None,
) -> str | None:
    """Why the signature of this (well-formed) proof fails over the unsecured document, or None."""
    method, value = str(proof["verificationMethod"]), str(proof["proofValue"])
    try:
        if resolve is not None:
            public_key = resolve(method)
        else:
            if "#" not in method:
                return "the verification method must be a did:key verification method (did:key:z…#z…)"
            public_key = public_key_from_did_key(method)
    except (KeyMaterialError, ValueError, LookupError) as error:
        return f"cannot resolve the verification method {method} offline: {error}"
    try:
        signature = decode_base58btc(value)
    except MultibaseError as error:
        return f"malformed proofValue: {error}"
    if len(signature) != 64:
        return "malformed proofValue: an Ed25519 signature is 64 bytes"
    try:
        data = hash_data(unsecured, proof, loader=loader)
    except (CanonicalizationError, ProofError) as error:
        return f"cannot canonicalize the credential: {error}"
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return "the signature does not match the credential"
    return None


def verify_proofs(
    credential: Mapping[str, Any],
    *,
    expected_proof_purpose: str = ASSERTION_METHOD,
    trusted_verification_methods: Collection[str] | None = None,
    resolve: Resolver | None = None,
    loader: OfflineDocumentLoader | None = None,
    now: datetime | None = None,
) -> ProofCheck:
    """Check the credential's ``eddsa-rdfc-2022`` proof, or each proof of its proof set,
    offline (Data Integrity "Verify Proof Sets and Chains", without chains).

    One proof object and an array are read alike. Every proof of the set must be
    well-formed for this suite and its signature must match the document without any
    proof; at least one must be the issuer's. When the issuer is a DID, the issuer's proofs
    are those whose verification method belongs to it; when it is not (an https issuer),
    this function cannot know which keys the issuer authorizes: pass them as
    ``trusted_verification_methods``, or check the methods in the result yourself.
    Credential validity (``validFrom``/``validUntil``) and status are not checked here.
    """
    if not isinstance(credential, Mapping):
        return ProofCheck(False, "the credential is not a JSON object")
    raw = credential.get("proof")
    proofs = proof_set(credential)
    if proofs is None or not proofs:
        return ProofCheck(False, "the credential has no proof")
    form = "set" if isinstance(raw, list) else "object"
    if form == "object" and not isinstance(raw, Mapping):
        return ProofCheck(False, "malformed proof: one proof object or a proof set (array) is expected")
    total = len(proofs)

    def where(index: int) -> str:
        return f"proof {index} of {total}: " if total > 1 else ""

    bad = next((i for i, p in enumerate(proofs, 1) if not isinstance(p, Mapping)), None)
    if bad is not None:
        return ProofCheck(False, f"{where(bad)}malformed proof set: each proof is an object", form)
    moment = now or datetime.now(UTC)
    issuer = issuer_id(credential)
    unsecured = without(credential, "proof")

    # 1. every proof well-formed for this suite (a set is judged whole: no proof ignored)
    results: list[ProofResult] = []
    for index, proof in enumerate(proofs, 1):
        method = proof.get("verificationMethod")
        created = proof.get("created")
        problem = _structure(proof, expected_proof_purpose, moment)
        speaks = isinstance(method, str) and _membership(method, issuer, trusted_verification_methods) is None
        results.append(
            ProofResult(
                index,
                method if isinstance(method, str) else None,
                created if isinstance(created, str) else None,
                speaks,
                False if problem else None,
                problem or "",
            )
        )
    failed = next((r for r in results if r.ok is False), None)
    if failed is not None:
        return ProofCheck(False, where(failed.index) + failed.reason, form, tuple(results), failed)

    # 2. at least one proof by the issuer
    if not any(r.by_issuer for r in results):
        first = results[0]
        reason = _membership(str(first.verification_method), issuer, trusted_verification_methods) or ""
        if total > 1:
            reason = "no proof of the set is the issuer's: " + reason
        refused = ProofResult(first.index, first.verification_method, first.created, False, False, reason)
        return ProofCheck(False, reason, form, (refused, *results[1:]), refused)

    # 3. every signature over the document without any proof
    checked: list[ProofResult] = []
    for result, proof in zip(results, proofs, strict=True):
        problem = _signature(unsecured, proof, resolve, loader)
        done = ProofResult(
            result.index, result.verification_method, result.created, result.by_issuer, problem is None, problem or ""
        )
        checked.append(done)
        if problem is not None:
            rest = tuple(results[len(checked) :])
            return ProofCheck(False, where(done.index) + problem, form, (*checked, *rest), done)
    issuer_proof = next(r for r in checked if r.by_issuer)
    reason = f"valid {CRYPTOSUITE} proof by {issuer_proof.verification_method}"
    if total > 1:
        reason += f" (proof {issuer_proof.index} of {total}; all {total} proofs valid)"
    final = tuple(ProofResult(r.index, r.verification_method, r.created, r.by_issuer, True, "valid") for r in checked)
    return ProofCheck(True, reason, form, final, final[issuer_proof.index - 1])


def verify_proof(
    credential: Mapping[str, Any],
    *,
    expected_proof_purpose: str = ASSERTION_METHOD,
    trusted_verification_methods: Collection[str] | None = None,
    resolve: Resolver | None = None,
    loader: OfflineDocumentLoader | None = None,
    now: datetime | None = None,
) -> tuple[bool, str]:
    """:func:`verify_proofs` as ``(ok, reason)``."""
    check = verify_proofs(
        credential,
        expected_proof_purpose=expected_proof_purpose,
        trusted_verification_methods=trusted_verification_methods,
        resolve=resolve,
        loader=loader,
        now=now,
    )
    return check.ok, check.reason
