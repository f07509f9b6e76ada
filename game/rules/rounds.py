"""Live « situation → offre » rounds (issue 14, point 5): pure decisions.

A round is open from its launch until the facilitator closes it; answers are taken
while it is open and before its deadline (an untimed round has none). Each young
person answers once. When it closes, each team wins the round's points for each right
answer of its members.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .errors import InvalidInput, RuleViolation

#: the time limits a facilitator may set, in seconds (untimed is the other choice)
MIN_SECONDS, MAX_SECONDS = 10, 600


class RoundStatus(StrEnum):
    OPEN = "open"  # answers are taken
    TIME_UP = "time_up"  # the deadline passed; waiting for the facilitator to reveal
    CLOSED = "closed"  # revealed: the right answer, the distribution, the points


@dataclass(frozen=True)
class RoundClock:
    opened_at: datetime
    deadline: datetime | None  # None: untimed
    closed_at: datetime | None


def status(clock: RoundClock, now: datetime) -> RoundStatus:
    if clock.closed_at is not None:
        return RoundStatus.CLOSED
    if clock.deadline is not None and now >= clock.deadline:
        return RoundStatus.TIME_UP
    return RoundStatus.OPEN


def seconds_left(clock: RoundClock, now: datetime) -> int | None:
    """Whole seconds until the deadline (rounded up, never below 0); None when untimed."""
    if clock.deadline is None:
        return None
    if clock.closed_at is not None:
        return 0
    return max(0, math.ceil((clock.deadline - now).total_seconds()))


def check_seconds(seconds: int) -> int:
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise InvalidInput("seconds", f"Le temps doit être entre {MIN_SECONDS} et {MAX_SECONDS} secondes.")
    return seconds


def first_deadline(now: datetime, seconds: int | None) -> datetime | None:
    """The deadline of a round launched at ``now`` (None: untimed)."""
    if seconds is None:
        return None
    return now + timedelta(seconds=check_seconds(seconds))


def adjusted_deadline(clock: RoundClock, now: datetime, add_seconds: int | None) -> datetime | None:
    """The new deadline after the facilitator adds time (``add_seconds``) or lifts the
    limit (None). Added time counts from the deadline, or from now once it has passed,
    so a round is never made shorter than what is left."""
    if clock.closed_at is not None:
        raise RuleViolation("round_closed", "Cette manche est déjà terminée.")
    if add_seconds is None:
        return None
    check_seconds(add_seconds)
    if clock.deadline is None:
        raise RuleViolation("round_untimed", "Cette manche est sans limite de temps.")
    return max(clock.deadline, now) + timedelta(seconds=add_seconds)


#: a young person who needs more time asks for it with one tap (RGAA 13.1, WCAG 2.2.1):
#: MORE_SECONDS more for everyone, once per young person and at most MORE_MAX times a round
MORE_SECONDS, MORE_MAX = 30, 10


def more_time_deadline(clock: RoundClock, now: datetime, answered: bool, asked: bool, extensions: int) -> datetime:
    """The new deadline when a young person asks for more time; raises why not.
    ``asked``: this young person already asked in this round; ``extensions``: how many
    times the round was made longer by the young people so far."""
    state = status(clock, now)
    if state is RoundStatus.CLOSED:
        raise RuleViolation("round_closed", "La manche est terminée : plus besoin de temps.")
    if clock.deadline is None:
        raise RuleViolation("round_untimed", "Cette manche est sans limite de temps : prends ton temps.")
    if state is RoundStatus.TIME_UP:
        raise RuleViolation("round_time_up", "Le temps est déjà écoulé : demande à l'animateur ou l'animatrice.")
    if answered:
        raise RuleViolation("already_answered", "Tu as déjà répondu : le temps en plus sert aux autres.")
    if asked:
        raise RuleViolation("more_time_asked", "Tu as déjà demandé plus de temps pour cette manche.")
    if extensions >= MORE_MAX:
        raise RuleViolation(
            "more_time_limit", f"Le temps a déjà été allongé {MORE_MAX} fois : demande à l'animateur ou l'animatrice."
        )
    return clock.deadline + timedelta(seconds=MORE_SECONDS)


def check_answer(clock: RoundClock, now: datetime, already_answered: bool, choice: int, choices: int) -> None:
    """Whether this young person's answer is taken now; raises why not."""
    if not 0 <= choice < choices:
        raise InvalidInput("choice", f"Choisis une des {choices} réponses.")
    state = status(clock, now)
    if state is RoundStatus.CLOSED:
        raise RuleViolation("round_closed", "La manche est terminée : les réponses sont fermées.")
    if state is RoundStatus.TIME_UP:
        raise RuleViolation("round_time_up", "Le temps est écoulé : ta réponse n'a pas été prise.")
    if already_answered:
        raise RuleViolation("already_answered", "Tu as déjà répondu à cette manche : une seule réponse par personne.")


def check_launch(round_day: int, current_day: int, running: bool, one_open: bool) -> None:
    """Whether the facilitator may launch a round of ``round_day`` now."""
    if not running:
        raise RuleViolation("session_not_running", "La session doit être en cours pour lancer une manche.")
    if round_day > current_day:
        raise RuleViolation("day_not_open", f"Cette manche est celle du jour {round_day}, qui n'est pas encore ouvert.")
    if one_open:
        raise RuleViolation("round_open", "Une manche est déjà en cours : terminez-la avant d'en lancer une autre.")


def distribution(choices: Iterable[int], count: int) -> tuple[int, ...]:
    """How many answered each choice (by the pack's index)."""
    out = [0] * count
    for choice in choices:
        if 0 <= choice < count:
            out[choice] += 1
    return tuple(out)


def team_points(answers: Iterable[tuple[int | None, bool]], points: int) -> dict[int, int]:
    """Per team, ``points`` for each right answer of its members (a player without a
    team wins nothing for anybody)."""
    out: dict[int, int] = {}
    for team_id, correct in answers:
        if team_id is not None and correct:
            out[team_id] = out.get(team_id, 0) + points
    return out
