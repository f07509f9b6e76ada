"""Who holds which part of a lock (a code lock's pieces, a clue lock's documents), on a
roster frozen when the team first touches the lock (issue 14).

The roster is the team's members in join order at that moment (``freeze``). Item i
goes to roster position i mod n; with more members than items, the extra positions
hold a copy of one (as ``teams.code_pieces_for`` always did). Afterwards:

- a newcomer gets a copy of one item and takes nothing from anybody;
- the items of a holder who left the team (revoked, moved, erased) are dealt to the
  members of the roster still there, those holding the fewest items first; when
  nobody of the roster is left, to the members present;
- nobody else's items move.

Pure: ids in, indices out."""

from __future__ import annotations

from collections.abc import Sequence

#: a frozen roster: the player id at each position (None: the player was erased)
Roster = Sequence[int | None]


def freeze(members: Sequence[int]) -> tuple[int, ...]:
    """The roster to store when the team first touches a lock: its members, in join order."""
    return tuple(members)


def owners(count: int, roster: Roster, present: Sequence[int]) -> list[int | None]:
    """The player holding each of ``count`` items (None: nobody is left to hold it)."""
    if count <= 0:
        return []
    if not roster:
        roster = freeze(present)
    if not roster:
        return [None] * count
    here = set(present)
    held: list[int | None] = [roster[i % len(roster)] for i in range(count)]
    stayed = list(dict.fromkeys(p for p in roster if p is not None and p in here))
    heirs = stayed or list(dict.fromkeys(present))
    if not heirs:
        return [None] * count
    load = {p: sum(1 for h in held if h == p) for p in heirs}
    rank = {p: i for i, p in enumerate(heirs)}
    for i, holder in enumerate(held):
        if holder is None or holder not in here:
            heir = min(heirs, key=lambda p: (load[p], rank[p]))
            held[i] = heir
            load[heir] += 1
    return held


def items_for(count: int, roster: Roster, present: Sequence[int], player_id: int) -> list[int]:
    """Indices of the items ``player_id``'s phone shows: those they hold, or else a copy
    of one (a roster position beyond the items, or a newcomer)."""
    if count <= 0 or player_id not in present:
        return []
    mine = [i for i, holder in enumerate(owners(count, roster, present)) if holder == player_id]
    if mine:
        return mine
    frozen = list(roster) if roster else list(present)
    if player_id in frozen:
        position = frozen.index(player_id)
    else:
        newcomers = [p for p in present if p not in frozen]
        position = len(frozen) + newcomers.index(player_id)
    return [position % count]
