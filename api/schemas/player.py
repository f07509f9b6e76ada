"""Schemas of the phone app's endpoints. Quest views never carry answers."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from . import DB_ID, UtcDateTime, ZonedDateTime
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
    id = fields.Int()
    name = fields.Str()
    members_count = fields.Int()


class JoinInfoOut(Schema):
    session_name = fields.Str()
    organisation = fields.Str()
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


class TeamMateOut(Schema):
    id = fields.Int()
    nickname = fields.Str()
    me = fields.Bool()


class MyTeamOut(Schema):
    id = fields.Int()
    name = fields.Str()
    eclats = fields.Int()
    rank = fields.Int()
    seq = fields.Int()
    members = fields.List(fields.Nested(TeamMateOut))


class DayInfoOut(Schema):
    number = fields.Int()
    title = fields.Str()
    intro = fields.Str()
    autonomous = fields.Bool()


class MySessionOut(Schema):
    name = fields.Str()
    organisation = fields.Str()
    town = fields.Str()
    company = fields.Str()
    pack_title = fields.Str()
    description = fields.Str()
    status = fields.Str()
    seq = fields.Int()
    current_day = fields.Int()
    days_total = fields.Int()
    day = fields.Nested(DayInfoOut, allow_none=True)


class MeOut(Schema):
    player = fields.Nested(PlayerOut)
    team = fields.Nested(MyTeamOut, allow_none=True)
    session = fields.Nested(MySessionOut)
    characters = fields.List(fields.Nested(CharacterOut))


class HintOut(Schema):
    text = fields.Str()
    cost = fields.Int()


class QuizQuestionOut(Schema):
    question = fields.Str()
    choices = fields.List(fields.Str())


class LineOut(Schema):
    speaker = fields.Nested(CharacterOut)
    text = fields.Str()


class CodePieceOut(Schema):
    text = fields.Str()
    index = fields.Int()
    total = fields.Int()


class SubmissionStateOut(Schema):
    status = fields.Str()
    comment = fields.Str()


class QuestOut(Schema):
    id = fields.Str()
    day = fields.Int()
    kind = fields.Str()
    title = fields.Str()
    story = fields.Str()
    character = fields.Nested(CharacterOut, allow_none=True)
    status = fields.Str()
    locked_reason = fields.Str(allow_none=True)
    reward = fields.Int()
    attempts = fields.Int()
    attempts_left = fields.Int(allow_none=True)
    hints_total = fields.Int()
    hints = fields.List(fields.Nested(HintOut))
    next_hint_cost = fields.Int(allow_none=True)
    offers = fields.List(fields.Str())
    success = fields.Str(allow_none=True)
    question = fields.Str()
    questions = fields.List(fields.Nested(QuizQuestionOut))
    lines = fields.List(fields.Nested(LineOut))
    choices = fields.List(fields.Str())
    code_pieces = fields.List(fields.Nested(CodePieceOut))
    code_piece = fields.Nested(CodePieceOut, allow_none=True)
    lock_entered = fields.Int()
    submission = fields.Nested(SubmissionStateOut, allow_none=True)


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
    id = fields.Int()
    kind = fields.Str()
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
    id = fields.Str()
    title = fields.Str()
    category = fields.Str()
    summary = fields.Str()
    brings = fields.Str()
    contact = fields.Str()
    how = fields.Str()
    unlocked = fields.Bool()
    unlocked_by = fields.Str(allow_none=True)
    priority = fields.Bool()  # put forward for me by my self-diagnosis ("pour toi en priorité")


class OffersOut(Schema):
    unlocked = fields.Int()
    total = fields.Int()
    offers = fields.List(fields.Nested(OfferCardOut))


class LeaderOut(Schema):
    team_id = fields.Int()
    name = fields.Str()
    eclats = fields.Int()
    solved = fields.Int()
    rank = fields.Int()
    mine = fields.Bool()


class RecapQuery(Schema):
    day = fields.Int(load_default=None, validate=validate.Range(min=1, max=10))


class RecapQuestOut(Schema):
    id = fields.Str()
    title = fields.Str()
    reward = fields.Int()


class RecapOfferOut(OfferBriefOut):
    priority = fields.Bool()  # "pour toi en priorité" (self-diagnosis)


class RecapAppointmentOut(Schema):
    starts_at = ZonedDateTime(metadata={"description": "à l'heure de l'installation, avec son décalage"})
    time_zone = fields.Str(metadata={"description": "fuseau de l'installation (nom IANA)"})
    duration_minutes = fields.Int()
    mode_label = fields.Str()
    place = fields.Str()
    counsellor = fields.Str()


class RecapOut(Schema):
    day = fields.Int()
    title = fields.Str()
    solved = fields.List(fields.Nested(RecapQuestOut))
    missed = fields.List(fields.Nested(RecapQuestOut))
    eclats_earned = fields.Int()
    eclats_total = fields.Int()
    offers = fields.List(fields.Nested(RecapOfferOut))
    appointment = fields.Nested(RecapAppointmentOut, allow_none=True)
    offers_unlocked_total = fields.Int()
    offers_total = fields.Int()
