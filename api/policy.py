"""Who may call what, on which objects: every REST operation and every socket event.

This table is the authorisation of Éclats. ``api.app`` checks every request against it
before the view runs (``authorise_request``), the socket handlers check every event
against it (``api.sockets``), the app refuses to start if a route has no line here, and
``tests/api/test_policy.py`` calls every operation as every kind of caller and compares
the answers with this table.

Callers:
- ``anyone``: no login (the join screen, public badge pages, the recruiters' verifier);
- ``player``: a young person's phone (token from joining), only on *their own* things:
  their team, their session, their answers, their appointment;
- ``facilitator``: runs sessions; on *the session in the path* and what belongs to it
  (a player, team or slot of another session is « introuvable »);
- ``counsellor``: publishes appointment slots and sees the agenda, the bookings and the
  notes *of their own slots*; lists the sessions (without their join code) to choose
  where to publish; nothing else;
- ``admin``: the installation's administrator: makes organisations and staff accounts
  in any of them (``all_organisations``: never a young person's data), and is also a
  facilitator of their own organisation (``ACTS_AS``).

Organisations (issue 16): every staff account belongs to one Mission Locale. Wherever
the scope is ``organisation``, ``session`` or ``own_slots``, what a staff member reaches
is their organisation's only: an object of another one named in the path or in a socket
event is « introuvable », exactly like a missing one (``game.services.organisations``,
applied by ``api.auth`` and ``api.sockets``), and lists hold their organisation's only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Who(StrEnum):
    ANYONE = "anyone"
    PLAYER = "player"
    FACILITATOR = "facilitator"
    COUNSELLOR = "counsellor"
    ADMIN = "admin"


class On(StrEnum):
    """Which objects an allowed caller reaches."""

    PUBLIC = "public"  # public documents (badges, pages, health)
    SELF = "self"  # the player's own data, team and session; nothing in the path names another's
    OWN_ACCOUNT = "own_account"  # the staff member's own login
    ORGANISATION = "organisation"  # the caller's organisation as a whole (packs, accounts, sessions list)
    SESSION = "session"  # the session in the path (of the caller's organisation) and only objects inside it
    OWN_SLOTS = "own_slots"  # counsellor: their own slots; facilitator: the session's slots
    ALL_ORGANISATIONS = "all_organisations"  # the administrator: organisations and staff accounts, none's players

    @property
    def within_organisation(self) -> bool:
        """Objects in the path or the event must be of the caller's organisation."""
        return self in (On.ORGANISATION, On.SESSION, On.OWN_SLOTS)


A, P, F, C, ADM = Who.ANYONE, Who.PLAYER, Who.FACILITATOR, Who.COUNSELLOR, Who.ADMIN
STAFF = frozenset({F, C, ADM})

# which callers of the table an account of a role counts as: an administrator is also a
# facilitator of their own organisation (the scope still holds them to it)
ACTS_AS: dict[Who, frozenset[Who]] = {ADM: frozenset({ADM, F})}


def callers_of(role: str) -> frozenset[Who]:
    """The callers a staff account's role stands for; an unknown role stands for none."""
    try:
        who = Who(role)
    except ValueError:
        return frozenset()
    return ACTS_AS.get(who, frozenset({who}))


@dataclass(frozen=True)
class Rule:
    who: frozenset[Who]
    on: On

    @property
    def public(self) -> bool:
        return Who.ANYONE in self.who

    def admits(self, role: str) -> bool:
        """Whether a staff account of ``role`` may call this (``ACTS_AS``)."""
        return not self.who.isdisjoint(callers_of(role))


def _r(on: On, *who: Who) -> Rule:
    return Rule(frozenset(who), on)


# "METHOD /url/rule" (as Flask writes the rule) → rule
REST: dict[str, Rule] = {
    # pages and public documents
    "GET /": _r(On.PUBLIC, A),
    "GET /console": _r(On.PUBLIC, A),
    "GET /projecteur": _r(On.PUBLIC, A),  # the big screen's page; it logs in like the console
    "GET /verifier": _r(On.PUBLIC, A),
    "GET /j/<code>": _r(On.PUBLIC, A),
    "GET /lieu/<place_id>": _r(On.PUBLIC, A),
    "GET /static/<path:filename>": _r(On.PUBLIC, A),
    "GET /sw.js": _r(On.PUBLIC, A),  # the phone app's service worker (api/http/offline.py)
    "GET /socket.io/": _r(On.PUBLIC, A),
    "GET /api/health": _r(On.PUBLIC, A),
    "GET /api/openapi.json": _r(On.PUBLIC, A),
    "GET /api/docs": _r(On.PUBLIC, A),
    "POST /api/verify": _r(On.PUBLIC, A),
    "GET /badges/<public_id>": _r(On.PUBLIC, A),
    "GET /badges/<public_id>/badge.png": _r(On.PUBLIC, A),
    "GET /badges/<public_id>/badge.svg": _r(On.PUBLIC, A),
    "GET /badges/<public_id>/credential.json": _r(On.PUBLIC, A),
    "GET /badges/achievements/<pack>/<skill_id>.png": _r(On.PUBLIC, A),
    "GET /badges/status/<int:organisation_id>": _r(On.PUBLIC, A),  # each organisation's revocation list
    "GET /organisations/<slug>/logo.png": _r(On.PUBLIC, A),  # the logo its badges and issuer profile show
    "GET /ob2/assertions/<public_id>": _r(On.PUBLIC, A),
    "GET /ob2/assertions/<public_id>.png": _r(On.PUBLIC, A),
    "GET /ob2/badges/<pack>/<skill_id>": _r(On.PUBLIC, A),
    "GET /ob2/badges/<pack>/<skill_id>.png": _r(On.PUBLIC, A),
    "GET /ob2/issuer": _r(On.PUBLIC, A),
    "GET /ob2/issuers/<slug>": _r(On.PUBLIC, A),
    "GET /ob2/issuers/<slug>/badges/<pack>/<skill_id>": _r(On.PUBLIC, A),
    "GET /ob2/issuers/<slug>/badges/<pack>/<skill_id>.png": _r(On.PUBLIC, A),
    # joining: knowing the code is the key
    "GET /api/join/<code>": _r(On.PUBLIC, A),
    "GET /api/join/<code>/qr.svg": _r(On.PUBLIC, A),
    "POST /api/join": _r(On.PUBLIC, A),
    # staff login
    "POST /api/auth/login": _r(On.PUBLIC, A),
    "POST /api/auth/logout": _r(On.OWN_ACCOUNT, F, C),
    "GET /api/auth/me": _r(On.OWN_ACCOUNT, F, C),
    # the phone: the player's own things
    "GET /api/me": _r(On.SELF, P),
    "DELETE /api/me": _r(On.SELF, P),
    "GET /api/me/data": _r(On.SELF, P),
    "GET /api/me/quests": _r(On.SELF, P),
    "POST /api/me/quests/<quest_id>/answer": _r(On.SELF, P),
    "POST /api/me/quests/<quest_id>/hints": _r(On.SELF, P),
    "POST /api/me/quests/<quest_id>/pieces": _r(On.SELF, P),
    "POST /api/me/quests/<quest_id>/checkin": _r(On.SELF, P),
    "POST /api/me/quests/<quest_id>/checkin/qr": _r(On.SELF, P),
    "POST /api/me/quests/<quest_id>/submission": _r(On.SELF, P),
    "GET /api/me/places": _r(On.SELF, P),
    "GET /api/me/glossary": _r(On.SELF, P),
    "GET /api/me/messages": _r(On.SELF, P),
    "GET /api/me/offers": _r(On.SELF, P),
    "GET /api/me/leaderboard": _r(On.SELF, P),
    "GET /api/me/recap": _r(On.SELF, P),
    "GET /api/me/ending": _r(On.SELF, P),
    "GET /api/me/round": _r(On.SELF, P),
    "POST /api/me/round/answer": _r(On.SELF, P),
    "POST /api/me/round/more-time": _r(On.SELF, P),  # a young person asks for more time (RGAA 13.1)
    "GET /api/me/finale": _r(On.SELF, P),
    "POST /api/me/finale/answer": _r(On.SELF, P),
    "GET /api/me/recap-email": _r(On.SELF, P),
    "PUT /api/me/recap-email": _r(On.SELF, P),
    "DELETE /api/me/recap-email": _r(On.SELF, P),
    "GET /api/me/booklet.pdf": _r(On.SELF, P),
    "GET /api/me/reflections": _r(On.SELF, P),
    "PUT /api/me/reflections/<int:day>/<int:index>": _r(On.SELF, P),
    "GET /api/me/badges": _r(On.SELF, P),
    "GET /api/me/badges/consent": _r(On.SELF, P),
    "PUT /api/me/badges/consent": _r(On.SELF, P),
    "GET /api/me/cv.pdf": _r(On.SELF, P),
    "GET /api/me/diagnosis": _r(On.SELF, P),
    "PUT /api/me/diagnosis/<int:round>": _r(On.SELF, P),
    "GET /api/me/diagnosis/results": _r(On.SELF, P),
    "GET /api/me/diagnosis.pdf": _r(On.SELF, P),
    "POST /api/me/diagnosis/email": _r(On.SELF, P),
    "GET /api/me/appointment": _r(On.SELF, P),
    "POST /api/me/appointment": _r(On.SELF, P),
    "DELETE /api/me/appointment": _r(On.SELF, P),
    "GET /api/me/appointment.ics": _r(On.SELF, P),
    "GET /api/me/appointment/slots": _r(On.SELF, P),
    "GET /api/me/help": _r(On.SELF, P),
    "POST /api/me/help/read": _r(On.SELF, P),
    # staff operations on their organisation as a whole (its sessions, packs, accounts, badges)
    "GET /api/sessions": _r(On.ORGANISATION, F, C),
    "POST /api/sessions": _r(On.ORGANISATION, F),
    "GET /api/packs": _r(On.ORGANISATION, F),
    "POST /api/packs/<pack>/copy": _r(On.ORGANISATION, F),
    "PUT /api/packs/<pack>/places/<place_id>": _r(On.ORGANISATION, F),
    "GET /api/packs/<pack>/local": _r(On.ORGANISATION, F),
    "PUT /api/packs/<pack>/local": _r(On.ORGANISATION, F),
    "POST /api/counsellors": _r(On.ORGANISATION, F),
    "POST /api/badges/<public_id>/revoke": _r(On.ORGANISATION, F),
    # installation settings (the badges' issuer contact e-mail, the retention of the young
    # people's data in months, eclats purge): facilitators only, never counsellors
    "GET /api/settings": _r(On.ORGANISATION, F),
    "PATCH /api/settings": _r(On.ORGANISATION, F),
    # the caller's organisation's issuer profile and logo (api/http/organisation.py):
    # its facilitators only, never counsellors, never another organisation's
    "GET /api/organisation/profile": _r(On.ORGANISATION, F),
    "PATCH /api/organisation/profile": _r(On.ORGANISATION, F),
    "PUT /api/organisation/logo": _r(On.ORGANISATION, F),
    "DELETE /api/organisation/logo": _r(On.ORGANISATION, F),
    # a session and what is inside it: facilitators
    "GET /api/sessions/<int:session_id>": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/teams": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/days": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/pause": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/resume": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/finish": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/join-code": _r(On.SESSION, F),
    "PUT /api/sessions/<int:session_id>/joining": _r(On.SESSION, F),
    "DELETE /api/sessions/<int:session_id>/bans": _r(On.SESSION, F),
    "PATCH /api/sessions/<int:session_id>/players/<int:player_id>": _r(On.SESSION, F),
    "DELETE /api/sessions/<int:session_id>/players/<int:player_id>": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/players/<int:player_id>/revoke": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/players/<int:player_id>/export": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/players/<int:player_id>/evidence": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/players/<int:player_id>/observations": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/players/<int:player_id>/diagnosis": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/submissions": _r(On.SESSION, F),
    "POST /api/submissions/<int:submission_id>/review": _r(On.SESSION, F),
    "GET /api/submissions/<int:submission_id>/photo": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/places": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/places/posters": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/teams/<int:team_id>/checkins": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/weekend": _r(On.SESSION, F),
    "PUT /api/sessions/<int:session_id>/teams/<int:team_id>/weekend": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/badge-skills": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/badges": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/badges": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/recaps/send": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/finale": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/contributions": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/solutions": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/report": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/report.csv": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/report/chart.svg": _r(On.SESSION, F),
    # live « situation → offre » rounds, on the projector
    "GET /api/sessions/<int:session_id>/rounds": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/rounds": _r(On.SESSION, F),
    "GET /api/sessions/<int:session_id>/rounds/current": _r(On.SESSION, F),
    "PATCH /api/sessions/<int:session_id>/rounds/current": _r(On.SESSION, F),
    "POST /api/sessions/<int:session_id>/rounds/current/close": _r(On.SESSION, F),
    # the safety net's private alerts: the session's staff, counsellors included (README)
    "GET /api/sessions/<int:session_id>/alerts": _r(On.SESSION, F, C),
    "POST /api/sessions/<int:session_id>/alerts/<int:alert_id>": _r(On.SESSION, F, C),
    "POST /api/submissions/<int:submission_id>/alert": _r(On.SESSION, F),
    # appointment slots: counsellors on their own, facilitators on the session's
    "POST /api/sessions/<int:session_id>/slots": _r(On.OWN_SLOTS, F, C),
    "DELETE /api/sessions/<int:session_id>/slots/<int:slot_id>": _r(On.OWN_SLOTS, F, C),
    "GET /api/sessions/<int:session_id>/agenda": _r(On.OWN_SLOTS, F, C),
    # the installation's administrator: organisations and their staff accounts (api/http/admin.py)
    "GET /api/admin/organisations": _r(On.ALL_ORGANISATIONS, ADM),
    "POST /api/admin/organisations": _r(On.ALL_ORGANISATIONS, ADM),
    "PATCH /api/admin/organisations/<int:organisation_id>": _r(On.ALL_ORGANISATIONS, ADM),
    "GET /api/admin/organisations/<int:organisation_id>/accounts": _r(On.ALL_ORGANISATIONS, ADM),
    "POST /api/admin/organisations/<int:organisation_id>/accounts": _r(On.ALL_ORGANISATIONS, ADM),
    "PATCH /api/admin/accounts/<int:account_id>": _r(On.ALL_ORGANISATIONS, ADM),
}

# "namespace event" → rule; "connect" is who may open a socket on the namespace at all
SOCKETS: dict[str, Rule] = {
    "/player connect": _r(On.SELF, P),
    "/player answer": _r(On.SELF, P),
    "/player hint": _r(On.SELF, P),
    "/player piece": _r(On.SELF, P),
    "/player checkin": _r(On.SELF, P),
    "/player checkin_qr": _r(On.SELF, P),
    "/player sync": _r(On.SELF, P),
    "/player round_answer": _r(On.SELF, P),
    "/staff connect": _r(On.SESSION, F),
    "/staff watch": _r(On.SESSION, F),
    "/staff announce": _r(On.SESSION, F),
    "/staff team_message": _r(On.SESSION, F),
}


def rest_rule(method: str, rule: str) -> Rule | None:
    return REST.get(f"{'GET' if method == 'HEAD' else method} {rule}")


def socket_rule(namespace: str, event: str) -> Rule:
    """Looked up when a handler is registered: an event missing from the table stops
    the server from starting instead of being open to anybody."""
    key = f"{namespace} {event}"
    if key not in SOCKETS:
        raise LookupError(f"socket event {key!r} has no line in api/policy.py SOCKETS")
    return SOCKETS[key]


def missing_routes(rules: list[tuple[str, str]]) -> list[str]:
    """The (method, rule) pairs of the app that the table does not name."""
    return sorted(f"{m} {r}" for m, r in rules if rest_rule(m, r) is None)
