"""What the check-in rule keeps between two fixes, and the check-ins the facilitator may
want to look at: never a position (README, "Check-in rule")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from game.store.models import Base


class CheckInReading(Base):
    """What the check-in rule keeps of a player's last good GPS fix at one place, to judge
    the next one (teleport, warmer/colder, presence over time). Never a position: the
    distance to the (public) place, the accuracy, both clocks, a short keyed fingerprint
    and since when the player has been inside. One row per player and place mission,
    ignored after 30 minutes (and then deleted as new ones are written), deleted when the
    team wins the place or the player is erased."""

    __tablename__ = "checkin_readings"
    __table_args__ = (UniqueConstraint("player_id", "quest_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    quest_id: Mapped[str] = mapped_column(String(64))
    distance_m: Mapped[float] = mapped_column(Float)
    accuracy_m: Mapped[float] = mapped_column(Float)
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    fingerprint: Mapped[str] = mapped_column(String(16))
    inside_since_taken: Mapped[datetime | None] = mapped_column(DateTime)
    inside_since_received: Mapped[datetime | None] = mapped_column(DateTime)
    # The reading is replaced only if it is still the one the decision was made from
    # (UPDATE … WHERE received_at = <the one read>): of two fixes decided at the same
    # instant from the same previous reading, on two processes, one is kept and the
    # other gets a conflict; retried, it is judged against the kept one (a teleport
    # stays a teleport). Every kept reading has a new receive time.
    __mapper_args__ = {"version_id_col": received_at, "version_id_generator": False}


class CheckInPrint(Base):
    """The fingerprint of a good fix inside a place, kept two minutes so that the same
    fix sent again with a teammate's login is seen as a copy (one phone for several)."""

    __tablename__ = "checkin_prints"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), index=True)
    quest_id: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class CheckInFlag(Base):
    """A check-in the facilitator may want to look at (a position that jumped, a fix
    copied from a teammate, another team's poster code): what, who, where, how many
    times, when. No position."""

    __tablename__ = "checkin_flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    player_id: Mapped[int | None] = mapped_column(ForeignKey("players.id", ondelete="SET NULL"), index=True)
    quest_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(24))  # teleport | copied | other_team_code
    count: Mapped[int] = mapped_column(Integer, default=1)
    first_at: Mapped[datetime] = mapped_column(DateTime)
    last_at: Mapped[datetime] = mapped_column(DateTime)
