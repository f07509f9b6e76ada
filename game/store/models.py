"""Database models. Players are young, some minors: a nickname is all we keep of them."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Facilitator(Base):
    __tablename__ = "facilitators"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # "facilitator" runs sessions; "counsellor" (added by a facilitator) publishes
    # appointment slots and sees their agenda; "admin", the installation's administrator,
    # manages organisations and accounts and is a facilitator of its own organisation
    role: Mapped[str] = mapped_column(String(16), default="facilitator", server_default="facilitator")
    # the Mission Locale the account works for (game/store/organisations.py); staff see
    # and act only on their organisation's sessions and what is inside them
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    # set by the installation's administrator: the account cannot log in any more (its
    # logins were revoked then); kept, not deleted, for what it wrote (reviews, badges)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime)


class StaffToken(Base):
    __tablename__ = "staff_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    # for the idle expiry: the last time the token was used (written at most once a minute)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    facilitator: Mapped[Facilitator] = relationship()


class GameSession(Base):
    """One group's 10-day run of a content pack."""

    __tablename__ = "game_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    pack: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    current_day: Mapped[int] = mapped_column(Integer, default=0)
    players_choose_team: Mapped[bool] = mapped_column(Boolean, default=False)
    # the facilitator can close the session to newcomers (those already in keep playing)
    joining_open: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # the session's own secret (64 hex digits, drawn at creation): which variant of each
    # quest this group plays (answers, codes, document values) is drawn from it (issue 14)
    variant_seed: Mapped[str | None] = mapped_column(String(64), default=lambda: secrets.token_hex(32))
    # touched by announcements so that they, too, advance the session's sequence number
    last_event_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    teams: Mapped[list[Team]] = relationship(back_populates="session", order_by="Team.id")
    players: Mapped[list[Player]] = relationship(back_populates="session", order_by="Player.id")
    openings: Mapped[list[DayOpening]] = relationship(order_by="DayOpening.day")

    __mapper_args__ = {"version_id_col": version}


class DayOpening(Base):
    __tablename__ = "day_openings"
    __table_args__ = (UniqueConstraint("session_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"), index=True)
    day: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(DateTime)


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("session_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    # Bumped by every change of the team's game state, guarded like a version column:
    # two concurrent changes cannot both commit, and clients can order what they see.
    seq: Mapped[int] = mapped_column(Integer, default=0)
    # the facilitator switched this team's weekend urban game to its in-town alternative
    # (minors without consent, mobility, weather): issue 14
    weekend_in_town: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    session: Mapped[GameSession] = relationship(back_populates="teams")
    members: Mapped[list[Player]] = relationship(
        order_by="Player.id",
        primaryjoin="and_(Team.id == Player.team_id, Player.revoked_at.is_(None))",
        viewonly=True,
    )

    __mapper_args__ = {"version_id_col": seq, "version_id_generator": False}


class Player(Base):
    """A young person in a session: a nickname and a revocable token, nothing else."""

    __tablename__ = "players"
    # ids are never given again after an erasure (SQLite would otherwise reuse the
    # highest one), so nothing keyed by a player id can pass to the next joiner
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    nickname: Mapped[str] = mapped_column(String(24))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # keyed hash of the random id the phone keeps in its storage: recognises the phone
    # of a revoked player who comes back under another nickname (never shown to anyone)
    device_hash: Mapped[str | None] = mapped_column(String(64))
    joined_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    session: Mapped[GameSession] = relationship(back_populates="players")
    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])


class SessionBan(Base):
    """A phone the facilitator put out of a session: it cannot join it again, whatever
    nickname it types. Outlives the player's erasure (it holds no personal data)."""

    __tablename__ = "session_bans"
    __table_args__ = (UniqueConstraint("session_id", "device_hash"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"), index=True)
    device_hash: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class TeamQuest(Base):
    """A team's progress on one quest. The version column makes two concurrent writes
    on the same row fail instead of both winning."""

    __tablename__ = "team_quests"
    __table_args__ = (UniqueConstraint("team_id", "quest_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    quest_id: Mapped[str] = mapped_column(String(64))
    progress: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    hints_used: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_by: Mapped[int | None] = mapped_column(ForeignKey("players.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class LedgerEntry(Base):
    """Every change of a team's éclats, so totals, daily gains and recaps agree."""

    __tablename__ = "ledger"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    day: Mapped[int] = mapped_column(Integer)
    delta: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(16))  # quest | hint | bonus
    quest_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Submission(Base):
    """A free-text or photo answer waiting for, or having had, a facilitator's review."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    player_id: Mapped[int | None] = mapped_column(ForeignKey("players.id", ondelete="SET NULL"))
    quest_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    photo_path: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))  # pending | approved | rejected
    comment: Mapped[str] = mapped_column(Text, default="")
    bonus: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    team: Mapped[Team] = relationship()
    player: Mapped[Player | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class LockEntry(Base):
    """A code-lock piece entered by the member whose phone shows it."""

    __tablename__ = "lock_entries"
    __table_args__ = (UniqueConstraint("team_id", "quest_id", "piece"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    quest_id: Mapped[str] = mapped_column(String(64))
    piece: Mapped[int] = mapped_column(Integer)
    player_id: Mapped[int | None] = mapped_column(ForeignKey("players.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class LockRoster(Base):
    """A team's roster for one lock, frozen when the team first touches it: which member
    holds which pieces or documents does not change when somebody joins later."""

    __tablename__ = "lock_rosters"
    __table_args__ = (UniqueConstraint("team_id", "quest_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    quest_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    player_id: Mapped[int | None] = mapped_column(ForeignKey("players.id", ondelete="SET NULL"))
    frozen_at: Mapped[datetime] = mapped_column(DateTime)


class LiveRound(Base):
    """A « situation → offre » round the facilitator launched on the projector."""

    __tablename__ = "live_rounds"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    deadline: Mapped[datetime | None] = mapped_column(DateTime)  # None: untimed
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))


class RoundAnswer(Base):
    """One young person's answer in a live round: once each, kept as evidence."""

    __tablename__ = "round_answers"
    __table_args__ = (UniqueConstraint("live_round_id", "player_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    live_round_id: Mapped[int] = mapped_column(ForeignKey("live_rounds.id", ondelete="CASCADE"), index=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    choice: Mapped[int] = mapped_column(Integer)  # the pack's index of the choice
    correct: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CheckIn(Base):
    """A player reached a place (or a facilitator vouched that the team did).

    No coordinates are stored: the position was used for the decision and dropped.
    What stays is which place, when, and how (``gps``, ``qr`` or ``manual``), which is
    all the facilitator needs to see where each team has been.
    """

    __tablename__ = "checkins"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    quest_id: Mapped[str] = mapped_column(String(64))
    place_id: Mapped[str] = mapped_column(String(64))
    player_id: Mapped[int | None] = mapped_column(ForeignKey("players.id", ondelete="SET NULL"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Message(Base):
    """What a facilitator said to the whole session (announcement) or to one team."""

    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ProcessedAction(Base):
    """An action a phone sent with its own id: a replay after a lost connection gets the
    stored reply instead of being done twice."""

    __tablename__ = "processed_actions"
    __table_args__ = (UniqueConstraint("player_id", "client_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    reply: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Connection(Base):
    """A live socket of a player, for presence. Rows belong to one server process
    (``process``) and are cleared when that process starts again, or by a live process
    once that one stopped heartbeating (``server_processes``)."""

    __tablename__ = "connections"
    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), index=True)
    process: Mapped[str] = mapped_column(String(128), index=True)
    connected_at: Mapped[datetime] = mapped_column(DateTime)


class Reflection(Base):
    """A young person's own words at the end of a day (the incubator's first step:
    analyse the experience). Seen by staff when they consider a badge."""

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("player_id", "day", "prompt"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), index=True)
    day: Mapped[int] = mapped_column(Integer)
    prompt: Mapped[int] = mapped_column(Integer)  # index in the day's reflection questions
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Observation(Base):
    """What a facilitator saw a young person do, as evidence for a skill."""

    __tablename__ = "observations"
    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class BadgeConsent(Base):
    """The young person agreed to receive badges. An e-mail is optional and never
    stored: only its salted SHA-256, which goes into the badges so that a recruiter
    who knows the address can check it is theirs."""

    __tablename__ = "badge_consents"
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), primary_key=True)
    consented_at: Mapped[datetime] = mapped_column(DateTime)
    email_hash: Mapped[str | None] = mapped_column(String(80))  # "sha256$<hex>"
    salt: Mapped[str | None] = mapped_column(String(64))


class Award(Base):
    """An Open Badge issued to a young person. The signed credential is kept as issued
    (the public page, the baked images and the verifier all serve this exact text)."""

    __tablename__ = "awards"
    # each organisation has its own revocation list: the index is unique within it
    __table_args__ = (UniqueConstraint("organisation_id", "status_index"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    player_id: Mapped[int | None] = mapped_column(ForeignKey("players.id", ondelete="SET NULL"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("game_sessions.id", ondelete="SET NULL"), index=True)
    # the issuing Mission Locale (its profile and keys), kept when the session is gone
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    skill_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    recipient_name: Mapped[str] = mapped_column(String(60))  # the nickname, shown on the public page
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    status_index: Mapped[int] = mapped_column(Integer)  # its bit in its organisation's status list
    key_id: Mapped[str] = mapped_column(String(200))
    narrative: Mapped[str] = mapped_column(Text)
    credential: Mapped[str] = mapped_column(Text)


class AppointmentSlot(Base):
    """A time a counsellor offers to meet a young person of a session."""

    __tablename__ = "appointment_slots"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"), index=True)
    counsellor_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"), index=True)
    # the instant, naive UTC like every stored time (local wall times until migration 0011)
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16))  # in_person / phone / video
    place: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Appointment(Base):
    """A young person's booking. One per slot (the unique constraint is what stops two
    players taking the same slot at the same instant) and one per player."""

    __tablename__ = "appointments"
    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("appointment_slots.id", ondelete="CASCADE"), unique=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), unique=True)
    note: Mapped[str] = mapped_column(Text)  # what they want to talk about, in their words
    offers: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of offer ids they are interested in
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DiagnosisAnswer(Base):
    """A young person's answer to one question of the self-diagnosis, in one round
    (named after its day: 1 or 10). Taking a round again replaces its answers; the two
    rounds side by side show what changed."""

    __tablename__ = "diagnosis_answers"
    __table_args__ = (UniqueConstraint("player_id", "round", "question_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(64))
    choice: Mapped[int] = mapped_column(Integer)  # index in the question's choices
    answered_at: Mapped[datetime] = mapped_column(DateTime)


class EmailSubscription(Base):
    """A young person asked to receive the day's recap by e-mail: the address is kept for
    that alone, until they withdraw it or erase their data."""

    __tablename__ = "email_subscriptions"
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class InstallationSetting(Base):
    """An installation-wide setting a facilitator sets once in the console (the issuer's
    contact e-mail of the Open Badges 2.0 profile, ``game.rules.issuer``): one row per key,
    shared by every server process."""

    __tablename__ = "installation_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))


# the check-in memory's tables are in game/store/checkins.py; importing it here puts them in
# Base.metadata wherever the models are loaded (migrations, tests)
from game.store import checkins as checkins  # noqa: E402
from game.store import organisations as organisations  # noqa: E402  (issue 16, same reason)
from game.store import processes as processes  # noqa: E402  (presence across processes, same reason)
from game.store import safety as safety  # noqa: E402  (the safety net's alerts, same reason)
