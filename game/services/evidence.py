"""The Saint-Lô skills incubator's first steps, from the game: the young person's own
words (reflections), the evidence the game gathered (quests they solved, the code-lock
pieces they brought, places they reached, answers a facilitator approved, their
reflections), what the facilitators observed, and the consent to receive badges."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from badges.build import identity_hash
from content.catalog import Catalog, Skill
from game.rules.errors import InvalidInput, NotFound, RuleViolation
from game.rules.quests import Progress
from game.rules.text import clean_email
from game.store.models import (
    BadgeConsent,
    CheckIn,
    Facilitator,
    LockEntry,
    Observation,
    Player,
    Reflection,
    Submission,
    TeamQuest,
)

from . import rounds as live_rounds
from .common import catalog_of

MAX_TEXT = 1000


# ---------------------------------------------------------------- reflections


@dataclass(frozen=True)
class Prompt:
    day: int
    index: int
    question: str
    answer: str | None


def prompts(db: Session, player: Player) -> list[Prompt]:
    """The reflection questions of the days opened so far, with the player's answers."""
    session = player.session
    catalog = catalog_of(session)
    mine = {(r.day, r.prompt): r.text for r in db.scalars(select(Reflection).where(Reflection.player_id == player.id))}
    return [
        Prompt(day.number, i, question, mine.get((day.number, i)))
        for day in catalog.days
        if day.number <= session.current_day
        for i, question in enumerate(day.reflection)
    ]


def reflect(db: Session, player: Player, day: int, index: int, text: str, now: datetime) -> Prompt:
    session = player.session
    catalog_day = catalog_of(session).day(day)
    if catalog_day is None or index < 0 or index >= len(catalog_day.reflection):
        raise NotFound("no_prompt", "Cette question n'existe pas.")
    if day > session.current_day:
        raise RuleViolation("day_not_open", "Cette journée n'est pas encore ouverte.")
    text = text.strip()
    if not text:
        raise InvalidInput("text", "Écris au moins quelques mots.")
    if len(text) > MAX_TEXT:
        raise InvalidInput("text", f"{MAX_TEXT} caractères au plus.")
    row = db.scalar(
        select(Reflection).where(Reflection.player_id == player.id, Reflection.day == day, Reflection.prompt == index)
    )
    if row is None:
        row = Reflection(player_id=player.id, day=day, prompt=index, text=text, updated_at=now)
        db.add(row)
    else:
        row.text, row.updated_at = text, now
    db.flush()
    return Prompt(day, index, catalog_day.reflection[index], text)


# ---------------------------------------------------------------- evidence

#: a team quest the team has played (an answer waiting for review counts: it was played)
PLAYED = (Progress.SOLVED.value, Progress.FAILED.value, Progress.PENDING_REVIEW.value)


@dataclass(frozen=True)
class Evidence:
    kind: str  # one of content.catalog.EVIDENCE_KINDS
    label: str  # what it was, in words
    at: datetime


@dataclass(frozen=True)
class SkillEvidence:
    skill: Skill
    items: list[Evidence]  # all that was seen, whatever its kind

    @property
    def counted(self) -> list[Evidence]:
        """The evidence of the kinds the badge counts (the skill's ``evidence``)."""
        return [i for i in self.items if i.kind in self.skill.evidence]

    @property
    def suggested(self) -> bool:
        """Enough evidence of the counted kinds that the facilitator should consider the badge."""
        return self.skill.is_badge and len(self.counted) >= self.skill.min_evidence


def evidence_for(db: Session, player: Player) -> list[SkillEvidence]:
    """Per skill of the pack, what this player did themselves and what the facilitators
    saw: the quests they finished, their own code-lock pieces, their own check-ins (once a
    place; a facilitator vouching for a team is not one), their answers approved, the
    observations, their own end-of-day reflections. Being there is not evidence."""
    catalog = catalog_of(player.session)
    found: dict[str, list[Evidence]] = {s.id: [] for s in catalog.skills}
    touched: set[str] = set()  # the quests this player left a trace on

    def add(quest_id: str, kind: str, label: str, at: datetime) -> None:
        quest = catalog.quest(quest_id)
        touched.add(quest_id)
        for skill in quest.skills if quest else ():
            found.setdefault(skill, []).append(Evidence(kind, label, at))

    for row in db.scalars(
        select(TeamQuest).where(TeamQuest.finished_by == player.id, TeamQuest.progress == Progress.SOLVED.value)
    ):
        add(row.quest_id, "solved", f"A réussi « {_title(catalog, row.quest_id)} »", row.finished_at or datetime.min)
    documents: set[str] = set()  # a clue lock: one evidence whatever the number of documents held
    for lock in db.scalars(select(LockEntry).where(LockEntry.player_id == player.id)):
        lock_quest = catalog.quest(lock.quest_id)
        if lock_quest is not None and lock_quest.documents:
            if lock.quest_id in documents:
                continue
            documents.add(lock.quest_id)
            label = f"A apporté son document pour « {lock_quest.title} »"
        else:
            label = f"A apporté son morceau du code « {_title(catalog, lock.quest_id)} »"
        add(lock.quest_id, "piece", label, lock.created_at)
    reached: set[str] = set()
    own_checkins = select(CheckIn).where(CheckIn.player_id == player.id, CheckIn.staff_id.is_(None))
    for checkin in db.scalars(own_checkins.order_by(CheckIn.created_at)):
        if checkin.quest_id in reached:  # waiting for the team there: the same place, once
            continue
        reached.add(checkin.quest_id)
        place = catalog.place(checkin.place_id)
        add(checkin.quest_id, "place", f"A atteint {place.name if place else checkin.place_id}", checkin.created_at)
    for sub in db.scalars(select(Submission).where(Submission.player_id == player.id)):
        touched.add(sub.quest_id)
        if sub.status == "approved":
            add(sub.quest_id, "approved", f"Réponse validée : « {_title(catalog, sub.quest_id)} »", sub.created_at)
    for obs in db.scalars(select(Observation).where(Observation.player_id == player.id)):
        found.setdefault(obs.skill_id, []).append(Evidence("observed", obs.text, obs.created_at))
    for said in live_rounds.answers_of(db, player):  # their own right answer, once revealed
        if said.correct and said.revealed:
            label = f"A trouvé la bonne offre en direct : « {said.chosen} »"
            for skill_id in live_rounds.skills_of(catalog, said.round_id):
                found.setdefault(skill_id, []).append(Evidence("round", label, said.at))
    for skill_id, item in _reflections(db, player, catalog, touched):
        found.setdefault(skill_id, []).append(item)
    return [SkillEvidence(s, sorted(found.get(s.id, []), key=lambda e: e.at)) for s in catalog.skills]


def _reflections(db: Session, player: Player, catalog: Catalog, touched: set[str]) -> list[tuple[str, Evidence]]:
    """The player's own end-of-day reflection, once a day, for the skills of the quests of
    that day they played (their team played them, or they left a trace on them)."""
    played = set(touched)
    if player.team_id is not None:
        played.update(
            db.scalars(
                select(TeamQuest.quest_id).where(TeamQuest.team_id == player.team_id, TeamQuest.progress.in_(PLAYED))
            )
        )
    last: dict[int, datetime] = {}
    for row in db.scalars(select(Reflection).where(Reflection.player_id == player.id)):
        last[row.day] = max(row.updated_at, last.get(row.day, row.updated_at))
    out: list[tuple[str, Evidence]] = []
    for day, at in sorted(last.items()):
        skills = {s for q in catalog.quests_of_day(day) if q.id in played for s in q.skills}
        label = f"A dit avec ses mots ce qu'il ou elle retient du jour {day}"
        out.extend((skill, Evidence("reflection", label, at)) for skill in sorted(skills))
    return out


def observe(db: Session, staff: Facilitator, player: Player, skill_id: str, text: str, now: datetime) -> Observation:
    skill = _skill(catalog_of(player.session), skill_id)
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("text", "Décrivez ce que vous avez observé.")
    if len(text) > MAX_TEXT:
        raise InvalidInput("text", f"{MAX_TEXT} caractères au plus.")
    row = Observation(player_id=player.id, skill_id=skill.id, text=text, author_id=staff.id, created_at=now)
    db.add(row)
    db.flush()
    return row


def _skill(catalog: Catalog, skill_id: str) -> Skill:
    skill = next((s for s in catalog.skills if s.id == skill_id), None)
    if skill is None:
        raise NotFound("no_skill", "Cette compétence n'existe pas dans le pack.")
    return skill


def _title(catalog: Catalog, quest_id: str) -> str:
    quest = catalog.quest(quest_id)
    return quest.title if quest else quest_id


# ---------------------------------------------------------------- consent


def consent(db: Session, player: Player, email: str | None, now: datetime) -> BadgeConsent:
    """The player agrees to receive badges; the e-mail, if given, is hashed and dropped."""
    row = db.get(BadgeConsent, player.id)
    if row is None:
        row = BadgeConsent(player_id=player.id, consented_at=now)
        db.add(row)
    row.consented_at = now
    if email is not None and email.strip():
        address = clean_email(email)
        row.salt = secrets.token_hex(16)
        row.email_hash = identity_hash(address, row.salt)  # as the badges and the verifier compute it
    else:
        row.salt = row.email_hash = None
    db.flush()
    return row


def withdraw(db: Session, player: Player) -> None:
    """No more badges from now on; the badges already issued stay the player's."""
    row = db.get(BadgeConsent, player.id)
    if row is not None:
        db.delete(row)
        db.flush()


def consent_of(db: Session, player_id: int) -> BadgeConsent | None:
    return db.get(BadgeConsent, player_id)
