"""appointment slots as instants: local wall times become naive UTC, in the installation's time zone

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 09:00:00

Until now a slot's ``starts_at`` was the wall time the counsellor typed, naive and local
(a floating 14:00 that calendars set to UTC put at 14:00 UTC). From now on it is the
instant, naive UTC like every other stored time, shown at the installation's hour.

The zone is the installation's: ``ECLATS_TIME_ZONE`` (``Europe/Paris`` by default),
or ``config.attributes["time_zone"]`` when the caller hands one over. A stored time the
clocks skipped (02:30 on the night they go forward, accepted before) or repeated (02:30
on the night they go back) is read with the offset before the change, as RFC 5545 reads
such a time (the first of two). Downgrading writes the wall times back.
"""

import os
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from alembic import context, op
import sqlalchemy as sa

from game.zones import DEFAULT, zone_named


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

slots = sa.table('appointment_slots', sa.column('id', sa.Integer()), sa.column('starts_at', sa.DateTime()))


def _zone() -> ZoneInfo:
    name = context.config.attributes.get('time_zone') or os.environ.get('ECLATS_TIME_ZONE', DEFAULT)
    return zone_named(str(name))


def _to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    try:
        return wall.replace(tzinfo=zone, fold=0).astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # the first or last hours datetime can hold: left as they were
        return wall


def _to_wall(at: datetime, zone: ZoneInfo) -> datetime:
    try:
        return at.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        return at


def _rewrite(convert: Callable[[datetime, ZoneInfo], datetime]) -> None:
    bind = op.get_bind()
    zone = _zone()
    rows = bind.execute(sa.select(slots.c.id, slots.c.starts_at)).all()
    changed = [{'slot_id': row.id, 'new_start': convert(row.starts_at, zone)} for row in rows if row.starts_at is not None]
    if changed:
        bind.execute(
            slots.update().where(slots.c.id == sa.bindparam('slot_id')).values(starts_at=sa.bindparam('new_start')),
            changed,
        )


def upgrade() -> None:
    _rewrite(_to_utc)


def downgrade() -> None:
    _rewrite(_to_wall)
