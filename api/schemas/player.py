"""Schemas of the phone app's endpoints. Quest views never carry answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields, post_dump, validate

from content.catalog import Character
from game.rules import weekend
from game.services.common import catalog_of

from ..organisation_settings import zone
from . import DB_ID, ComputedInt, ComputedList, ComputedNested, ComputedStr, UtcDateTime, ZonedDateTime
from .documents import DocumentOut, documents_of
from .staff import PlayerOut


class JoinIn(Schema):
    code = fields.Str(required=True, validate=validate.Length(min=4, max=12))
    nickname = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    team_id = fields.Int(load_default=None, allow_none=True, strict=True, validate=DB_ID)
    # a random id the phone made once and keeps: how a phone put out of a session is
    # recognised if it comes back under another nickname (README, "Keeping people out")
    device = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^[A-Za-z0-9_-]{16,64}$", error="identifiant d'appareil invalide"),
    )


class JoinTeamOut(Schema):
    """A ``Team`` one may join."""

    id = fields.Int()
    name = fields.Str()
    members_count = ComputedInt(lambda t: len(t.members))


class JoinInfoOut(Schema):
    """A ``GameSession`` as its join screen shows it."""

    session_name = fields.Str(attribute="name")
    organisation = ComputedStr(lambda game: catalog_of(game).organisation)
    status = fields.Str()
    players_choose_team = fields.Bool()
    joining_open = fields.Bool()
    teams = fields.List(fields.Nested(JoinTeamOut))


class JoinOut(Schema):
    token = fields.Str()
    player = fields.Nested(PlayerOut)


class CharacterOut(Schema):
    id = fields.Str()
    name = fields.Str()
    role = fields.Str()


@dataclass(frozen=True)
class _Mate:
    id: int
    nickname: str
    me: bool


class TeamMateOut(Schema):
    id = fields.Int()
    nickname = fields.Str()
    me = fields.Bool()


class MyTeamOut(Schema):
    """The team part of ``Me`` (game/services/overview.py)."""

    id = fields.Int(attribute="player.team.id")
    name = fields.Str(attribute="player.team.name")
    eclats = ComputedInt(lambda m: m.standing.score.eclats if m.standing else 0)
    rank = ComputedInt(lambda m: m.standing.rank if m.standing else 0)
    seq = fields.Int(attribute="player.team.seq")
    members = ComputedList(
        lambda m: [_Mate(x.id, x.nickname, x.id == m.player.id) for x in m.player.team.members],
        fields.Nested(TeamMateOut),
    )


class DayInfoOut(Schema):
    number = fields.Int()
    title = fields.Str()
    intro = fields.Str()
    autonomous = fields.Bool()


class MySessionOut(Schema):
    """The session part of ``Me``: the session and its pack."""

    name = fields.Str(attribute="session.name")
    organisation = fields.Str(attribute="catalog.organisation")
    town = fields.Str(attribute="catalog.town")
    company = fields.Str(attribute="catalog.company")
    pack_title = fields.Str(attribute="catalog.title")
    description = fields.Str(attribute="catalog.description")
    status = fields.Str(attribute="session.status")
    seq = fields.Int(attribute="session.version")
    current_day = fields.Int(attribute="session.current_day")
    days_total = ComputedInt(lambda m: len(m.catalog.days))
    day = ComputedNested(lambda m: m.catalog.day(m.session.current_day), DayInfoOut, allow_none=True)


class MeOut(Schema):
    """A ``Me`` (game/services/overview.py)."""

    player = fields.Nested(PlayerOut)
    team = ComputedNested(lambda m: m if m.player.team else None, MyTeamOut, allow_none=True)
    session = ComputedNested(lambda m: m, MySessionOut)
    characters = fields.List(fields.Nested(CharacterOut), attribute="catalog.characters")


class HintOut(Schema):
    text = fields.Str()
    cost = fields.Int()


class QuizQuestionOut(Schema):
    question = fields.Str()
    choices = fields.List(fields.Str())  # in this player's order
    ids = fields.List(fields.Int())  # the index to answer with, for each choice shown


@dataclass(frozen=True)
class _Line:
    speaker: Character | None
    text: str


class LineOut(Schema):
    speaker = fields.Nested(CharacterOut)
    text = fields.Str()


@dataclass(frozen=True)
class _Piece:
    text: str
    index: int  # from 1
    total: int


class CodePieceOut(Schema):
    text = fields.Str()
    index = fields.Int()
    total = fields.Int()


class SubmissionStateOut(Schema):
    status = fields.Str()
    comment = fields.Str()


def _pieces(v: Any) -> list[_Piece]:
    """The code-lock pieces this phone holds."""
    pieces = v.quest.pieces
    return [_Piece(pieces[i], i + 1, len(pieces)) for i in v.code_pieces]


def _revealed_offers(v: Any) -> list[str]:
    """Once the quest is over (won or lost), the titles of the offers it revealed."""
    if v.status.value not in ("solved", "failed"):
        return []
    return [o.title for o in (v.catalog.offer(i) for i in v.quest.offers) if o]


class QuestOut(Schema):
    """A ``QuestView`` (game/services/play.py): the quest as one player sees it."""

    id = fields.Str(attribute="quest.id")
    day = fields.Int(attribute="quest.day")
    kind = fields.Str(attribute="quest.kind.value")
    title = fields.Str(attribute="quest.title")
    story = fields.Str(attribute="quest.story")
    character = ComputedNested(lambda v: v.catalog.character(v.quest.character), CharacterOut, allow_none=True)
    status = fields.Str(attribute="status.value")
    locked_reason = fields.Str(allow_none=True)
    reward = fields.Int(attribute="quest.reward")
    attempts = fields.Int(attribute="state.attempts")
    attempts_left = fields.Int(allow_none=True)
    hints_total = ComputedInt(lambda v: len(v.quest.hints))
    hints = ComputedList(lambda v: v.quest.hints[: v.state.hints_used], fields.Nested(HintOut))
    next_hint_cost = fields.Int(allow_none=True)
    offers = ComputedList(_revealed_offers, fields.Str())
    success = ComputedStr(lambda v: v.quest.success if v.status.value == "solved" else None, allow_none=True)
    question = fields.Str(attribute="shown.question")
    questions = fields.List(fields.Nested(QuizQuestionOut), attribute="shown.questions")
    lines = ComputedList(
        lambda v: [_Line(v.catalog.character(x.speaker), x.text) for x in v.shown.lines], fields.Nested(LineOut)
    )
    choices = fields.List(fields.Str(), attribute="shown.choices")  # in this player's order
    choice_ids = fields.List(fields.Int(), attribute="shown.choice_ids")  # the index to answer with
    code_pieces = ComputedList(_pieces, fields.Nested(CodePieceOut))
    code_piece = ComputedNested(lambda v: next(iter(_pieces(v)), None), CodePieceOut, allow_none=True)
    lock_entered = fields.Int()
    documents = ComputedList(documents_of, fields.Nested(DocumentOut))
    submission = fields.Nested(SubmissionStateOut, allow_none=True)
    # a place quest: how many must be there, said from the rule itself (game.rules.weekend)
    gathering = ComputedStr(
        lambda v: weekend.gathering_text(v.quest.team_min, v.quest.window_minutes) if v.quest.place else None,
        allow_none=True,
    )


CLIENT_ID = validate.Regexp(r"^[A-Za-z0-9_-]{8,64}$", error="8 à 64 lettres, chiffres, - ou _")


class ActionIn(Schema):
    """Any phone action may carry its own id, so that a replay is not done twice."""

    client_id = fields.Str(load_default=None, validate=CLIENT_ID)


class PieceIn(ActionIn):
    value = fields.Str(required=True, validate=validate.Length(min=1, max=100))


class PieceOut(Schema):
    entered = fields.Int()
    total = fields.Int()
    opened = fields.Bool()
    message = fields.Str()
    eclats = fields.Int()
    offers_unlocked = fields.List(fields.Nested(lambda: OfferBriefOut()))
    replayed = fields.Bool()


class MessageOut(Schema):
    """A ``Message``: to the team, or an announcement to the whole session."""

    id = fields.Int()
    kind = ComputedStr(lambda m: "team" if m.team_id else "announcement")
    text = fields.Str()
    created_at = UtcDateTime()


class AnswerIn(ActionIn):
    answer = fields.Str(validate=validate.Length(min=1, max=200))
    choices = fields.List(fields.Int(strict=True), validate=validate.Length(min=1, max=20))
    choice = fields.Int(strict=True)


class OfferBriefOut(Schema):
    id = fields.Str()
    title = fields.Str()
    brings = fields.Str()
    contact = fields.Str()


class AnswerOut(Schema):
    correct = fields.Bool()
    status = fields.Str()
    message = fields.Str()
    reward = fields.Int()
    eclats = fields.Int()
    offers_unlocked = fields.List(fields.Nested(OfferBriefOut))
    attempts_left = fields.Int(allow_none=True)
    reply = fields.Str(allow_none=True)
    wrong_questions = fields.List(
        fields.Int(),
        metadata={"description": "quiz only: the numbers (1-based, as shown) of the wrong questions, not the answers"},
    )
    replayed = fields.Bool()


class HintRevealOut(Schema):
    hint = fields.Nested(HintOut)
    eclats = fields.Int()
    replayed = fields.Bool()


class TextSubmissionIn(Schema):
    text = fields.Str(required=True, validate=validate.Length(min=1, max=2000))


class PhotoSubmissionIn(Schema):
    """A photo quest's answer, sent as ``multipart/form-data`` (read by the view)."""

    photo = fields.Raw(
        required=True, metadata={"type": "string", "format": "binary", "description": "JPEG, PNG ou WebP"}
    )
    text = fields.Str(load_default="", validate=validate.Length(max=2000))


# a text quest is answered in JSON, a photo quest in multipart: both are documented
SUBMISSION_BODY = {
    "required": True,
    "content": {"application/json": {"schema": TextSubmissionIn}, "multipart/form-data": {"schema": PhotoSubmissionIn}},
}


class OfferCardOut(Schema):
    """An ``OfferCard`` (game/services/play.py)."""

    id = fields.Str(attribute="offer.id")
    title = fields.Str(attribute="offer.title")
    category = fields.Str(attribute="offer.category")
    summary = fields.Str(attribute="offer.summary")
    brings = fields.Str(attribute="offer.brings")
    contact = fields.Str(attribute="offer.contact")
    how = fields.Str(attribute="offer.how")
    unlocked = fields.Bool()
    unlocked_by = fields.Str(allow_none=True)
    priority = fields.Bool()  # put forward for me by my self-diagnosis ("pour toi en priorité")


class OffersOut(Schema):
    unlocked = fields.Int()
    total = fields.Int()
    offers = fields.List(fields.Nested(OfferCardOut))


class LeaderOut(Schema):
    """A ``Standing`` (game/services/overview.py): a line of the leaderboard, over REST
    and in the ``leaderboard`` message (which leaves ``mine`` out: it goes to everyone)."""

    team_id = fields.Int(attribute="score.team_id")
    name = fields.Str(attribute="score.name")
    eclats = fields.Int(attribute="score.eclats")
    solved = fields.Int(attribute="score.solved")
    rank = fields.Int()
    mine = fields.Bool()


class RecapQuery(Schema):
    day = fields.Int(load_default=None, validate=validate.Range(min=1, max=10))


class RecapQuestOut(Schema):
    id = fields.Str()
    title = fields.Str()
    reward = fields.Int()


class RecapOfferOut(Schema):
    """A ``RecapOffer`` (game/services/play.py)."""

    id = fields.Str(attribute="offer.id")
    title = fields.Str(attribute="offer.title")
    brings = fields.Str(attribute="offer.brings")
    contact = fields.Str(attribute="offer.contact")
    priority = fields.Bool()  # "pour toi en priorité" (self-diagnosis)


class RecapAppointmentOut(Schema):
    """A ``BookedAppointment`` (game/services/overview.py)."""

    starts_at = ZonedDateTime(metadata={"description": "à l'heure de l'installation, avec son décalage"})
    time_zone = ComputedStr(
        lambda _booked: zone().key, metadata={"description": "fuseau de la Mission Locale (nom IANA)"}
    )
    duration_minutes = fields.Int()
    mode_label = fields.Str()
    place = fields.Str()
    counsellor = fields.Str()


class RecapOut(Schema):
    """A ``MyRecap`` (game/services/overview.py): a day's ``Recap`` as one young person reads it."""

    day = fields.Int(attribute="recap.day")
    title = fields.Str(attribute="recap.title")
    solved = fields.List(fields.Nested(RecapQuestOut), attribute="recap.solved")
    missed = fields.List(fields.Nested(RecapQuestOut), attribute="recap.missed")
    eclats_earned = fields.Int(attribute="recap.eclats_earned")
    eclats_total = fields.Int(attribute="recap.eclats_total")
    offers = fields.List(fields.Nested(RecapOfferOut))
    appointment = fields.Nested(RecapAppointmentOut, allow_none=True)
    offers_unlocked_total = fields.Int(attribute="recap.offers_unlocked_total")
    offers_total = fields.Int(attribute="recap.offers_total")

    @post_dump
    def _appointment_once_booked(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        if data.get("appointment") is None:
            data.pop("appointment", None)
        return data
