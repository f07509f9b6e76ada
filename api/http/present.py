"""Turn domain objects into the dictionaries the response schemas dump."""

from __future__ import annotations

from typing import Any

from content.catalog import Catalog, Character, Offer, Place, QuestKind
from game.rules.calendar import planned_dates
from game.rules.recap import Recap
from game.services.common import catalog_of
from game.services.places import Journey, PlaceView, Visit
from game.services.play import OfferCard, QuestView
from game.services.sessions import TeamProgress
from game.store.models import GameSession, Player, Submission

from . import urls


def player(p: Player) -> dict[str, Any]:
    return {
        "id": p.id,
        "nickname": p.nickname,
        "team_id": p.team_id,
        "team_name": p.team.name if p.team else None,
        "revoked": p.revoked_at is not None,
        "joined_at": p.joined_at,
    }


def session_summary(s: GameSession, with_code: bool = True) -> dict[str, Any]:
    """``with_code``: the join code is for those who run the session, not counsellors."""
    catalog = catalog_of(s)
    return {
        "id": s.id,
        "name": s.name,
        "pack": s.pack,
        "pack_title": catalog.title,
        "start_date": s.start_date,
        "join_code": s.join_code if with_code else None,
        "status": s.status,
        "current_day": s.current_day,
        "players_count": sum(1 for p in s.players if p.revoked_at is None),
        "teams_count": len(s.teams),
    }


def team_progress(t: TeamProgress) -> dict[str, Any]:
    return {
        "id": t.team.id,
        "name": t.team.name,
        "eclats": t.eclats,
        "rank": t.rank,
        "solved": t.solved,
        "solved_today": t.solved_today,
        "quests_today": t.quests_today,
        "offers_unlocked": t.offers_unlocked,
        "offers_total": t.offers_total,
        "members": [{"id": m.id, "nickname": m.nickname} for m in t.team.members],
    }


def session_detail(s: GameSession, progress: list[TeamProgress], pending: int, bans: int) -> dict[str, Any]:
    catalog = catalog_of(s)
    opened = {o.day: o.opened_at for o in s.openings}
    dates = planned_dates(s.start_date)
    return {
        **session_summary(s),
        "join_url": urls.join_url(s),
        "players_choose_team": s.players_choose_team,
        "days": [
            {
                "number": d.number,
                "title": d.title,
                "autonomous": d.autonomous,
                "opened_at": opened.get(d.number),
                "date": dates[d.number - 1],
            }
            for d in catalog.days
        ],
        "teams": [team_progress(t) for t in progress],
        "players": [player(p) for p in s.players],
        "pending_reviews": pending,
        "joining_open": s.joining_open,
        "bans_count": bans,
    }


def submission(sub: Submission, catalog: Catalog) -> dict[str, Any]:
    quest = catalog.quest(sub.quest_id)
    return {
        "id": sub.id,
        "team_id": sub.team_id,
        "team_name": sub.team.name,
        "player_nickname": sub.player.nickname if sub.player else None,
        "quest_id": sub.quest_id,
        "quest_title": quest.title if quest else sub.quest_id,
        "kind": sub.kind,
        "text": sub.text,
        "has_photo": bool(sub.photo_path),
        "status": sub.status,
        "comment": sub.comment,
        "bonus": sub.bonus,
        "created_at": sub.created_at,
        "reviewed_at": sub.reviewed_at,
    }


def character(c: Character | None) -> dict[str, Any] | None:
    return {"id": c.id, "name": c.name, "role": c.role} if c else None


def offer_brief(o: Offer) -> dict[str, Any]:
    return {"id": o.id, "title": o.title, "brings": o.brings, "contact": o.contact}


def quest_view(v: QuestView, catalog: Catalog) -> dict[str, Any]:
    q = v.quest
    finished = v.status.value in ("solved", "failed")
    pieces = [{"text": q.pieces[i], "index": i + 1, "total": len(q.pieces)} for i in v.code_pieces]
    return {
        "id": q.id,
        "day": q.day,
        "kind": q.kind.value,
        "title": q.title,
        "story": q.story,
        "character": character(catalog.character(q.character)),
        "status": v.status.value,
        "locked_reason": v.locked_reason,
        "reward": q.reward,
        "attempts": v.state.attempts,
        "attempts_left": v.attempts_left,
        "hints_total": len(q.hints),
        "hints": [{"text": h.text, "cost": h.cost} for h in q.hints[: v.state.hints_used]],
        "next_hint_cost": v.next_hint_cost,
        "offers": [o.title for o in (catalog.offer(i) for i in q.offers) if o] if finished else [],
        "success": q.success if v.status.value == "solved" else None,
        "question": q.question,
        "questions": [{"question": x.question, "choices": list(x.choices)} for x in q.quiz],
        "lines": [{"speaker": character(catalog.character(line.speaker)), "text": line.text} for line in q.lines],
        "choices": [c.text for c in q.choices] if q.kind is QuestKind.DIALOGUE else [],
        "code_pieces": pieces,
        "code_piece": pieces[0] if pieces else None,
        "lock_entered": v.lock_entered,
        "submission": {"status": v.submission.status, "comment": v.submission.comment} if v.submission else None,
    }


def offer_card(card: OfferCard) -> dict[str, Any]:
    o = card.offer
    return {
        "id": o.id,
        "title": o.title,
        "category": o.category,
        "summary": o.summary,
        "brings": o.brings,
        "contact": o.contact,
        "how": o.how,
        "unlocked": card.unlocked,
        "unlocked_by": card.unlocked_by,
    }


def recap(r: Recap) -> dict[str, Any]:
    return {
        "day": r.day,
        "title": r.title,
        "solved": [{"id": q.id, "title": q.title, "reward": q.reward} for q in r.solved],
        "missed": [{"id": q.id, "title": q.title, "reward": q.reward} for q in r.missed],
        "eclats_earned": r.eclats_earned,
        "eclats_total": r.eclats_total,
        "offers": [offer_brief(o) for o in r.offers],
        "offers_unlocked_total": r.offers_unlocked_total,
        "offers_total": r.offers_total,
    }


def place(p: Place) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "address": p.address,
        "description": p.description,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "radius_m": p.radius_m,
    }


def team_place(v: PlaceView) -> dict[str, Any]:
    return {
        "quest_id": v.quest_id,
        "quest_title": v.quest_title,
        "status": v.status,
        "clue": v.clue,
        "team_min": v.team_min,
        "window_minutes": v.window_minutes,
        "hot_cold": v.hot_cold,
        "present": v.present,
        "place": place(v.place),
    }


def visit(v: Visit) -> dict[str, Any]:
    return {
        "quest_id": v.quest_id,
        "place_id": v.place_id,
        "place_name": v.place_name,
        "method": v.method,
        "at": v.at,
        "by": v.by,
        "reason": v.reason,
    }


def journey(j: Journey) -> dict[str, Any]:
    return {
        "team_id": j.team_id,
        "team_name": j.team_name,
        "visits": [visit(v) for v in j.visits],
        "last": visit(j.last) if j.last else None,
        "routes": [{"day": d, "title": t, "won": w, "stops": n} for d, t, w, n in j.routes],
    }
