"""The self-diagnosis (in the spirit of L'INSTANT T): from answers to priorities, from
priorities to the service offers put forward, and what changed between day 1 and day 10.

A funnel: a family's follow-up questions are asked only when its first question was
answered with a need (``asked``). A family's priority is the need the young person
expressed, as a share of the most need its asked questions could express (0–100).
Priorities are theirs to read as progress bars: nothing here judges them, it only
orders what is shown first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from content.catalog import DAYS_IN_SESSION, Diagnosis, DiagnosisQuestion

from .errors import InvalidInput, NotFound, RuleViolation

#: The two rounds, named after the day they open: the first day and the last one.
FIRST_ROUND = 1
LAST_ROUND = DAYS_IN_SESSION
ROUNDS = (FIRST_ROUND, LAST_ROUND)

#: From this priority on, a family's offers are put forward "pour toi en priorité"…
PRIORITY_THRESHOLD = 50
#: …but never more than this many: beyond five, nothing stands out any more.
MAX_PRIORITY_OFFERS = 5


@dataclass(frozen=True)
class Answer:
    question_id: str
    choice: int  # index in the question's choices


@dataclass(frozen=True)
class FamilyScore:
    family: str  # family id
    name: str
    priority: int  # 0..100
    answered: int  # questions of the family that were answered


@dataclass(frozen=True)
class PriorityOffer:
    offer: str  # offer id
    family: str  # the family it is put forward for


@dataclass(frozen=True)
class OfferOrder:
    ordered: tuple[str, ...]  # every offer, the most relevant first
    priority: tuple[PriorityOffer, ...]  # "pour toi en priorité", at most MAX_PRIORITY_OFFERS

    @property
    def priority_ids(self) -> tuple[str, ...]:
        return tuple(p.offer for p in self.priority)


@dataclass(frozen=True)
class FamilyChange:
    family: str
    name: str
    before: int  # priority on day 1
    after: int  # priority on day 10
    change: int  # after - before: negative when the need went down


# ---------------------------------------------------------------- rounds


def open_round(current_day: int) -> int | None:
    """The round a player can take now: the latest one whose day is open (none before day 1).

    Round 1 stays open until day 10 (a player who joins late still gets a "before"),
    then round 10 replaces it so that the "before" cannot be rewritten afterwards.
    """
    opened = [r for r in ROUNDS if r <= current_day]
    return opened[-1] if opened else None


def check_round_open(round_: int, current_day: int) -> None:
    """Refuse to record a round that is not the open one, in plain French."""
    if round_ not in ROUNDS:
        raise NotFound(
            "no_round", f"Ce diagnostic n'existe pas : il y a celui du jour {FIRST_ROUND} et du jour {LAST_ROUND}."
        )
    current = open_round(current_day)
    if current is None or round_ > current:
        raise RuleViolation(
            "round_not_open",
            f"Le diagnostic du jour {round_} s'ouvre le jour {round_} : encore un peu de patience !",
        )
    if round_ < current:
        raise RuleViolation(
            "round_closed",
            f"Le diagnostic du jour {round_} est fermé : c'est maintenant celui du jour {current}.",
        )


# ---------------------------------------------------------------- answers


def opens_follow_ups(question: DiagnosisQuestion, choice: int) -> bool:
    """The funnel's one rule: a family's follow-up questions are asked only when its
    first question was answered with a choice that shows a need (``need`` ≥ 1)."""
    return 0 <= choice < len(question.choices) and question.choices[choice].need >= 1


def asked(diagnosis: Diagnosis, chosen: Mapping[str, int]) -> tuple[DiagnosisQuestion, ...]:
    """The questions to ask given the answers so far, in the diagnosis's order: every
    question that is not a follow-up, and a family's follow-ups once its first question
    (the opener) was answered with a need. Until the opener is answered, none of them."""
    opened: set[str] = set()
    for family in diagnosis.families:
        family_questions = diagnosis.questions_of(family.id)
        if family_questions:
            opener = family_questions[0]
            choice = chosen.get(opener.id)
            if choice is not None and opens_follow_ups(opener, choice):
                opened.add(family.id)
    return tuple(q for q in diagnosis.questions if not q.follow_up or q.family in opened)


def check_answers(diagnosis: Diagnosis, answers: Sequence[Answer]) -> dict[str, int]:
    """Every question asked (see ``asked``) answered exactly once with one of its
    choices, and nothing else, or ``InvalidInput`` naming each wrong field. Returns the
    choice per question id."""
    problems: list[str] = []
    chosen: dict[str, int] = {}
    for i, answer in enumerate(answers):
        question = diagnosis.question(answer.question_id)
        if question is None:
            problems.append(f"« answers[{i}].question_id » : question inconnue « {answer.question_id} »")
        elif answer.question_id in chosen:
            problems.append(f"« answers[{i}].question_id » : question « {answer.question_id} » répondue deux fois")
        elif not 0 <= answer.choice < len(question.choices):
            problems.append(
                f"« answers[{i}].choice » : choix {answer.choice} impossible pour « {answer.question_id} » "
                f"(de 0 à {len(question.choices) - 1})"
            )
        else:
            chosen[answer.question_id] = answer.choice
    to_ask = {q.id for q in asked(diagnosis, chosen)}
    for i, answer in enumerate(answers):
        if answer.question_id in chosen and answer.question_id not in to_ask:
            problems.append(
                f"« answers[{i}].question_id » : « {answer.question_id} » ne se pose que si la première "
                "question de sa famille montre un besoin"
            )
    attempted = {a.question_id for a in answers}
    missing = [q for q in to_ask if q not in attempted]
    if missing:
        problems.append(
            "« answers » : il manque la réponse à "
            + ", ".join(f"« {q.id} »" for q in diagnosis.questions if q.id in missing)
        )
    if problems:
        raise InvalidInput("answers", "Données invalides — " + " ; ".join(problems) + ".")
    return chosen


# ---------------------------------------------------------------- scores


def priorities(diagnosis: Diagnosis, chosen: Mapping[str, int]) -> list[FamilyScore]:
    """Each family's priority, in the diagnosis's order, over the questions asked.

    Only the questions asked and answered count: a family whose first answer shows no
    need has priority 0 whatever else was stored, and a family stays comparable when a
    question was added to the pack after someone took the diagnosis; answers to
    questions (or choices) that no longer exist are ignored for the same reason.
    """
    counted = {q.id for q in asked(diagnosis, chosen)}
    scores = []
    for family in diagnosis.families:
        need = most = answered = 0
        for question in diagnosis.questions_of(family.id):
            choice = chosen.get(question.id)
            if question.id not in counted or choice is None or not 0 <= choice < len(question.choices):
                continue
            need += question.choices[choice].need
            most += question.max_need
            answered += 1
        scores.append(FamilyScore(family.id, family.name, _percent(need, most), answered))
    return scores


def _percent(part: int, whole: int) -> int:
    """Rounded half up, in integers: 1/8 is 13 %, never a float's 12.499…"""
    return (200 * part + whole) // (2 * whole) if whole else 0


def ranking(scores: Sequence[FamilyScore]) -> list[FamilyScore]:
    """Highest priority first; equal priorities keep the diagnosis's order."""
    return sorted(scores, key=lambda s: -s.priority)


# ---------------------------------------------------------------- offers


def order_offers(diagnosis: Diagnosis, offer_ids: Sequence[str], scores: Sequence[FamilyScore]) -> OfferOrder:
    """Which offers to put forward, and in which order to show them all.

    "Pour toi en priorité": the offers of the families at ``PRIORITY_THRESHOLD`` or more,
    taken in turns from the highest family down (first offer of each, then second…,
    each family's offers in the order the pack lists them), at most
    ``MAX_PRIORITY_OFFERS``: two strong needs both get an offer before either gets a third.
    The other offers follow, by the highest priority of a family they serve, and
    otherwise in ``offer_ids``'s order. Offers unknown to ``offer_ids`` are left out.
    """
    known = set(offer_ids)
    queues = [
        (score.family, [offer for offer in family.offers if offer in known])
        for score in ranking(scores)
        if score.priority >= PRIORITY_THRESHOLD and (family := diagnosis.family(score.family)) is not None
    ]
    chosen: list[PriorityOffer] = []
    taken: set[str] = set()
    while len(chosen) < MAX_PRIORITY_OFFERS and any(queue for _, queue in queues):
        for family_id, queue in queues:
            while queue and queue[0] in taken:  # an offer serving two families is put forward once
                queue.pop(0)
            if queue and len(chosen) < MAX_PRIORITY_OFFERS:
                offer = queue.pop(0)
                chosen.append(PriorityOffer(offer, family_id))
                taken.add(offer)
    best: dict[str, int] = {}
    by_id = {s.family: s.priority for s in scores}
    for family in diagnosis.families:
        for offer in family.offers:
            best[offer] = max(best.get(offer, 0), by_id.get(family.id, 0))
    rest = sorted((o for o in offer_ids if o not in taken), key=lambda o: -best.get(o, 0))
    return OfferOrder(ordered=tuple(p.offer for p in chosen) + tuple(rest), priority=tuple(chosen))


# ---------------------------------------------------------------- day 1 / day 10


def compare(before: Sequence[FamilyScore], after: Sequence[FamilyScore]) -> list[FamilyChange]:
    """Per family of ``after`` (in its order), its priority then and now.

    A family missing from ``before`` (added to the pack in between) counts as 0 then.
    """
    then = {s.family: s.priority for s in before}
    return [
        FamilyChange(s.family, s.name, then.get(s.family, 0), s.priority, s.priority - then.get(s.family, 0))
        for s in after
    ]
