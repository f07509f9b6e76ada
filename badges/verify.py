"""Checking an Open Badge 3.0 credential the way a recruiter needs it: each check on its
own line, in plain French, then one verdict.

Offline for the signature (did:key); the status list is obtained through ``status_of``
(the server gives its own list directly and fetches others' through ``badges.fetch``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from . import proofcheck, sign
from .build import identity_hash
from .status_list import StatusList

VALID, REVOKED, EXPIRED, INVALID = "valid", "revoked", "expired", "invalid"


@dataclass(frozen=True)
class Check:
    id: str  # signature / issuer / dates / status / recipient
    ok: bool | None  # None: could not be checked (said why)
    label: str  # the check, in words
    detail: str  # what was found, in words


@dataclass
class Report:
    verdict: str = INVALID
    checks: list[Check] = field(default_factory=list)
    badge: dict[str, Any] = field(default_factory=dict)  # name, issuer, recipient kind, dates: what is shown
    # OB 3.0: how the proof is written ("object" or "set"), which one the verdict rests on
    # (1-based "checked") and what each proof gave; empty for OB 2.0
    proof: dict[str, Any] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        return {
            VALID: "Badge authentique et valide",
            REVOKED: "Badge retiré par l'organisme qui l'a délivré",
            EXPIRED: "Badge authentique mais expiré",
        }.get(self.verdict, "Badge non valide : ne pas s'y fier")


StatusLookup = Callable[[str], StatusList]


def _when(value: Any) -> datetime | None:
    try:
        return sign.parse_datetime(value)
    except (TypeError, ValueError):
        return None


def _fr(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%d/%m/%Y")


def _dates(start: datetime | None, end: datetime | None, now: datetime) -> Check:
    if start is None:
        return Check("dates", False, "Dates", "Date de délivrance absente ou illisible.")
    if start > now:
        return Check("dates", False, "Dates", f"Délivré pour le {_fr(start)} : pas encore valable.")
    if end is not None and end <= now:
        return Check("dates", False, "Dates", f"Délivré le {_fr(start)}, expiré le {_fr(end)}.")
    until = f", valable jusqu'au {_fr(end)}." if end else ", sans date de fin."
    return Check("dates", True, "Dates", f"Délivré le {_fr(start)}{until}")


def _which(proof: proofcheck.ProofResult, total: int) -> str:
    """Which proof, in words: its place in the set, whose key, when it was made."""
    made = _when(proof.created)
    return (
        ("la seule signature du badge" if total == 1 else f"la signature n° {proof.index} sur {total}")
        + (", celle de l'organisme" if proof.by_issuer else "")
        + f" (clé {proof.verification_method or 'non indiquée'}"
        + (f", faite le {_fr(made)})" if made else ")")
    )


def _signature(proofs: proofcheck.ProofCheck) -> Check:
    """The signature check in words, naming the proof it rests on (a badge may carry one
    proof object or a set of proofs, each checked)."""
    checked, total = proofs.checked, proofs.total
    if proofs.ok and checked is not None:
        same = "La signature correspond" if total == 1 else f"Les {total} signatures correspondent"
        return Check(
            "signature",
            True,
            "Signature numérique",
            f"{same} : personne n'a modifié le badge depuis qu'il a été délivré. Vérifié : {_which(checked, total)}.",
        )
    which = f" — {_which(checked, total)}" if checked is not None and total > 1 else ""
    return Check(
        "signature",
        False,
        "Signature numérique",
        f"La signature ne correspond pas ({proofs.reason}){which} : le badge a été modifié ou n'est pas authentique.",
    )


def _proof_summary(proofs: proofcheck.ProofCheck) -> dict[str, Any]:
    return {
        "form": proofs.form,
        "checked": proofs.checked.index if proofs.checked is not None else None,
        "proofs": [
            {
                "index": p.index,
                "verification_method": p.verification_method,
                "created": p.created,
                "by_issuer": p.by_issuer,
                "ok": p.ok,
                "reason": p.reason,
            }
            for p in proofs.proofs
        ],
    }


def _recipient(match: bool | None) -> Check:
    """The e-mail a recruiter typed against the badge's recipient (None: not tied to one)."""
    if match is None:
        return Check("recipient", None, "Titulaire", "Ce badge n'est pas lié à une adresse e-mail.")
    detail = "est bien" if match else "n'est pas"
    return Check("recipient", match, "Titulaire", f"L'adresse e-mail donnée {detail} celle du titulaire.")


def _verdict(
    report: Report, refuted: tuple[str, ...], revoked: bool, dates: Check, end: datetime | None, now: datetime
) -> str:
    """Any failed check among ``refuted`` makes the badge invalid; then revoked, then
    expired (or not yet / undated: invalid), else valid."""
    if any(c.ok is False and c.id in refuted for c in report.checks):
        return INVALID
    if revoked:
        return REVOKED
    if dates.ok is False:
        return EXPIRED if end is not None and end <= now else INVALID
    return VALID


def verify_credential(
    credential: Mapping[str, Any],
    *,
    now: datetime,
    status_of: StatusLookup,
    own_issuers: Mapping[str, str] | None = None,
    email: str | None = None,
) -> Report:
    """``own_issuers``: did → organisation name, for the DIDs of this server's keys."""
    report = Report()
    types = credential.get("type") if isinstance(credential, Mapping) else None
    if not isinstance(types, list) or "OpenBadgeCredential" not in types:
        report.checks.append(Check("format", False, "Format Open Badges 3.0", "Ce n'est pas un OpenBadgeCredential."))
        return report
    raw_subject = credential.get("credentialSubject")
    subject: Mapping[str, Any] = raw_subject if isinstance(raw_subject, Mapping) else {}
    raw_achievement = subject.get("achievement")
    achievement: Mapping[str, Any] = raw_achievement if isinstance(raw_achievement, Mapping) else {}
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    issuer_name = issuer.get("name") if isinstance(issuer, Mapping) else None
    report.badge = {
        "name": achievement.get("name") or credential.get("name"),
        "description": achievement.get("description"),
        "criteria": (achievement.get("criteria") or {}).get("narrative")
        if isinstance(achievement.get("criteria"), Mapping)
        else None,
        "issuer": issuer_name,
        "issuer_id": issuer_id,
        # the issuer's site and contact as signed in the profile (None when not given)
        "issuer_url": issuer.get("url") if isinstance(issuer, Mapping) else None,
        "issuer_email": issuer.get("email") if isinstance(issuer, Mapping) else None,
        "valid_from": credential.get("validFrom"),
        "valid_until": credential.get("validUntil"),
        "id": credential.get("id"),
    }

    proofs = proofcheck.verify_proofs(credential, now=now)
    ok = proofs.ok
    report.proof = _proof_summary(proofs)
    report.checks.append(_signature(proofs))
    mine = (own_issuers or {}).get(str(issuer_id))
    report.checks.append(
        Check(
            "issuer",
            bool(issuer_id) and ok,
            "Organisme qui l'a délivré",
            f"{mine or issuer_name or 'Organisme sans nom'}"
            + (" (clé de ce serveur)" if mine else f" — identifiant {issuer_id}")
            + ("" if ok else " : à ne pas croire tant que la signature ne correspond pas."),
        )
    )
    start, end = _when(credential.get("validFrom")), _when(credential.get("validUntil"))
    dates = _dates(start, end, now)
    report.checks.append(dates)

    revoked = False
    status = credential.get("credentialStatus")
    if isinstance(status, Mapping) and status.get("type") == "BitstringStatusListEntry":
        try:
            listed = status_of(str(status.get("statusListCredential")))
            revoked = listed.get(int(str(status.get("statusListIndex"))))
            report.checks.append(
                Check(
                    "status",
                    not revoked,
                    "Retrait",
                    "L'organisme a retiré ce badge." if revoked else "L'organisme ne l'a pas retiré.",
                )
            )
        except Exception as error:  # the list could not be read: say so, do not guess
            report.checks.append(
                Check("status", None, "Retrait", f"Impossible de consulter la liste des badges retirés ({error}).")
            )
    else:
        report.checks.append(Check("status", None, "Retrait", "Ce badge ne publie pas de liste de retrait."))

    if email:
        hashes = [
            i
            for i in subject.get("identifier") or []
            if isinstance(i, Mapping) and i.get("identityType") == "emailAddress"
        ]
        given = email.strip().lower()
        report.checks.append(
            _recipient(
                any(identity_hash(given, str(i.get("salt") or "")) == i.get("identityHash") for i in hashes)
                if hashes
                else None
            )
        )

    report.verdict = (
        INVALID if not ok else _verdict(report, ("issuer", "recipient", "format"), revoked, dates, end, now)
    )
    return report


# ---------------------------------------------------------------- Open Badges 2.0

Getter = Callable[[str], Mapping[str, Any]]


class Gone(Exception):
    """The hosted copy answers 410 Gone: the issuer revoked the badge (OB 2.0 § revocation)."""

    def __init__(self, document: Mapping[str, Any] | None = None) -> None:
        super().__init__("gone")
        self.document = document or {}


def is_ob2(document: Mapping[str, Any]) -> bool:
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return document.get("type") == "Assertion" or any(
        isinstance(c, str) and ("openbadges/v2" in c or "openbadgespec.org/v2" in c) for c in contexts
    )


def _origin(url: Any) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(str(url))
    return f"{parts.scheme}://{parts.netloc}".lower()


def verify_assertion(assertion: Mapping[str, Any], *, now: datetime, get: Getter, email: str | None = None) -> Report:
    """An Open Badges 2.0 hosted assertion: the copy at its own address is the truth
    (same content, not revoked), on the issuer's own origin; then dates and the e-mail."""
    report = Report()
    verification = assertion.get("verification") if isinstance(assertion.get("verification"), Mapping) else {}
    kind = str(verification.get("type", "")).lower() if isinstance(verification, Mapping) else ""
    if kind not in ("hosted", "hostedbadge"):
        report.checks.append(
            Check("format", False, "Format Open Badges 2.0", "Seuls les badges 2.0 « hébergés » sont vérifiés ici.")
        )
        return report
    url = assertion.get("id")
    gone = False
    try:
        hosted = get(str(url))
    except Gone as answer:
        # withdrawn by the issuer: what is left of it says why; the rest is the badge shown
        gone = True
        hosted = {**assertion, "revoked": True, "revocationReason": answer.document.get("revocationReason")}
    except Exception as error:
        report.checks.append(Check("hosted", False, "Copie officielle", f"Introuvable à son adresse ({error})."))
        return report
    same = gone or {k: v for k, v in hosted.items() if k not in ("revoked", "revocationReason")} == {
        k: v for k, v in assertion.items() if k not in ("revoked", "revocationReason")
    }
    report.checks.append(
        Check(
            "hosted",
            same,
            "Copie officielle",
            "L'organisme a retiré la copie publiée de ce badge."
            if gone
            else "Le badge est identique à la copie publiée par l'organisme."
            if same
            else "Le badge ne correspond pas à la copie publiée par l'organisme : il a été modifié.",
        )
    )
    badge: Mapping[str, Any] = {}
    issuer: Mapping[str, Any] = {}
    try:
        raw = hosted.get("badge")
        badge = get(raw) if isinstance(raw, str) else (raw if isinstance(raw, Mapping) else {})
        raw_issuer = badge.get("issuer")
        issuer = (
            get(raw_issuer) if isinstance(raw_issuer, str) else (raw_issuer if isinstance(raw_issuer, Mapping) else {})
        )
    except Exception as error:
        report.checks.append(Check("issuer", False, "Organisme qui l'a délivré", f"Profil introuvable ({error})."))
    if issuer:
        allowed = verification.get("allowedOrigins") if isinstance(verification, Mapping) else None
        origins = {_origin(o if "://" in str(o) else f"https://{o}") for o in (allowed or [])} or {
            _origin(issuer.get("id")),
            _origin(issuer.get("url")),
        }
        on_origin = _origin(url) in origins
        report.checks.append(
            Check(
                "issuer",
                on_origin,
                "Organisme qui l'a délivré",
                f"{issuer.get('name') or 'Organisme sans nom'} — {issuer.get('url') or issuer.get('id')}"
                + ("" if on_origin else " : le badge n'est pas publié sur le site de cet organisme."),
            )
        )
    report.badge = {
        "name": badge.get("name"),
        "description": badge.get("description"),
        "criteria": (badge.get("criteria") or {}).get("narrative")
        if isinstance(badge.get("criteria"), Mapping)
        else None,
        "issuer": issuer.get("name"),
        "issuer_id": issuer.get("id"),
        "valid_from": hosted.get("issuedOn"),
        "valid_until": hosted.get("expires"),
        "id": url,
    }
    start, end = _when(hosted.get("issuedOn")), _when(hosted.get("expires"))
    dates = _dates(start, end, now)
    report.checks.append(dates)
    revoked = bool(hosted.get("revoked"))
    report.checks.append(
        Check(
            "status",
            not revoked,
            "Retrait",
            f"L'organisme a retiré ce badge ({hosted.get('revocationReason') or 'sans raison donnée'})."
            if revoked
            else "L'organisme ne l'a pas retiré.",
        )
    )
    if email:
        recipient = hosted.get("recipient") if isinstance(hosted.get("recipient"), Mapping) else {}
        identity = str(recipient.get("identity", "")) if isinstance(recipient, Mapping) else ""
        match: bool | None = None
        if isinstance(recipient, Mapping) and recipient.get("type") == "email":
            given = email.strip().lower()
            match = (
                identity_hash(given, str(recipient.get("salt") or "")) == identity
                if recipient.get("hashed")
                else identity.strip().lower() == given
            )
        report.checks.append(_recipient(match))
    report.verdict = _verdict(report, ("hosted", "issuer", "recipient"), revoked, dates, end, now)
    return report
