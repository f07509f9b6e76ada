"""The running server processes, for presence across processes (README, "Presence
across processes")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from game.store.models import Base


class ServerProcess(Base):
    """An ``eclats serve`` process, named as its ``connections`` rows are (host:port).
    It renews ``expires_at`` at every heartbeat; once that is past, its sockets no longer
    count as anybody being online, and a live process deletes them and this row."""

    __tablename__ = "server_processes"
    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    seen_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
