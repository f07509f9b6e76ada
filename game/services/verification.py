"""The recruiters' verifier: a badge from anywhere (OB 3.0 credential or OB 2.0 hosted
Assertion) checked against what its issuer publishes. This server's own documents are read
from the database and the hosting service, without a network round trip; anyone else's
are fetched with the SSRF guards of :mod:`badges.fetch`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy.orm import Session

from badges import fetch
from badges.status_list import StatusList
from badges.verify import Gone, Report, is_ob2, verify_assertion, verify_credential
from game.rules.errors import RuleViolation

from . import awards, hosting

NOT_HERE = "Ce badge n'existe pas (ou plus) sur ce serveur."

# the JSON documents this server publishes, by path (``/badges/<id>`` answers JSON to a
# program asking for it); each is read from the hosting service
_Route = Callable[[Session, hosting.Host, datetime, re.Match[str]], dict[str, Any]]


def _assertion(db: Session, host: hosting.Host, now: datetime, m: re.Match[str]) -> dict[str, Any]:
    hosted = hosting.assertion(db, host, awards.find(db, m[1]))
    if hosted.gone:
        raise Gone(hosted.document)
    return hosted.document


_ROUTES: list[tuple[re.Pattern[str], _Route]] = [
    (re.compile(r"/badges/status/1"), lambda db, host, now, m: hosting.status_list(db, host, now)),
    (
        re.compile(r"/badges/([^/]+)(?:/credential\.json)?"),
        lambda db, host, now, m: hosting.public_credential(awards.find(db, m[1])),
    ),
    (re.compile(r"/ob2/assertions/([^/]+)(?<!\.png)"), _assertion),
    (
        re.compile(r"/ob2/badges/([^/]+)/([^/]+)(?<!\.png)"),
        lambda db, host, now, m: hosting.badge_class(db, host, m[1], m[2]),
    ),
    (re.compile(r"/ob2/issuer"), lambda db, host, now, m: hosting.issuer(db, host)),
]


@dataclass(frozen=True)
class Verifier:
    """Verifies badges at ``now`` (aware UTC). ``allow_loopback`` lets foreign badges be
    fetched from this machine (tests only, ``VERIFY_ALLOW_LOOPBACK``)."""

    db: Session
    host: hosting.Host
    now: datetime
    allow_loopback: bool = False

    def own_document(self, url: str) -> dict[str, Any]:
        """One of this server's documents by its public address; :class:`Gone` when it
        answers 410 (revoked, erased), :class:`fetch.FetchError` when there is none."""
        path = unquote(urlsplit(url).path)
        for pattern, route in _ROUTES:
            found = pattern.fullmatch(path)
            if found is None:
                continue
            try:
                return route(self.db, self.host, self.now, found)
            except hosting.Erased as error:
                raise Gone() from error
            except RuleViolation as error:
                raise fetch.FetchError(NOT_HERE, "http_error", str(error.status)) from error
        raise fetch.FetchError(NOT_HERE, "http_error", "404")

    def get_json(self, url: str) -> dict[str, Any]:
        """A JSON document by its address: this server's own read here, anyone else's
        fetched (a 410 there means withdrawn: :class:`Gone`)."""
        if url.startswith(self.host.base + "/"):
            return self.own_document(url)
        try:
            return fetch.fetch_json(url, allow_loopback=self.allow_loopback)
        except fetch.FetchError as error:
            if error.reason == "http_error" and error.detail.startswith("410"):
                raise Gone() from error
            raise

    def _status_of(self, url: str) -> StatusList:
        if url == self.host.links.status_list():
            return awards.revoked_list(self.db)
        subject = self.get_json(url).get("credentialSubject") or {}
        return StatusList.decode(str(subject.get("encodedList")))

    def _own_issuers(self) -> dict[str, str]:
        name = self.host.organisation()
        return {key.did: name for key in self.host.ring.all_keys()}

    def verify(self, credential: dict[str, Any], email: str | None) -> Report:
        if is_ob2(credential):
            return verify_assertion(credential, now=self.now, get=self.get_json, email=email)
        return verify_credential(
            credential, now=self.now, status_of=self._status_of, own_issuers=self._own_issuers(), email=email
        )
