"""The safety net's private alerts: a young person gave an urgent answer (README, "The
safety net"). Seen by the session's staff only; exported and erased with the player."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from game.store.models import Base, Facilitator, Player


class SafetyAlert(Base):
    """One urgent answer: a self-diagnosis answer marked ``urgent`` in the pack, or a
    free-text answer a facilitator flagged. ``state`` goes open → seen → handled (« pris
    en charge »), with who did it and when."""

    __tablename__ = "safety_alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("game_sessions.id", ondelete="CASCADE"), index=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(16))  # diagnosis | review
    round: Mapped[int | None] = mapped_column(Integer)  # the diagnosis round (day 1 or 10)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"))
    answer: Mapped[str] = mapped_column(Text)  # what the young person answered, in words
    note: Mapped[str] = mapped_column(Text, default="")  # the flagging facilitator's note
    helplines: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of helpline ids shown
    created_at: Mapped[datetime] = mapped_column(DateTime)
    flagged_by: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(16), default="open")  # open | seen | handled
    seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    seen_by: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("facilitators.id", ondelete="SET NULL"))
    # a flagged answer: the young person closed the private message with the numbers
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    player: Mapped[Player] = relationship()
    flagger: Mapped[Facilitator | None] = relationship(foreign_keys=[flagged_by])
    seer: Mapped[Facilitator | None] = relationship(foreign_keys=[seen_by])
    handler: Mapped[Facilitator | None] = relationship(foreign_keys=[handled_by])
