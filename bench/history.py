"""Does the cost of an action grow with the history the database holds? (issue 16, point 5)

    .venv/bin/python -m bench.history prefill [--sessions 200]
    .venv/bin/python -m bench.history plans [--postgres]
    .venv/bin/python -m bench.history measure --players 900 --duration 45 --rounds 3 [--out FILE]
    .venv/bin/python -m bench.history summary FILE
    .venv/bin/python -m bench.history inprocess --rounds 6

``prefill`` plays 200 finished sessions of 10 days through the services
(``game/services``: create the session, 12 joins, each day opened, every quest played —
wrong answers, hints, code-lock pieces, GPS fixes and QR codes at the places, texts and
photos sent and reviewed —, the session finished), each action in its own transaction
with its ``client_id`` reply kept, as the live path does. The database is kept in
``bench/.cache/`` (ignored by git) and grows one committed session at a time: an
interrupted prefill goes on where it stopped.

``measure`` runs ``bench.realtime``'s load (its server start, load workers and
sampling, not a copy of them) on an empty database and on a copy of the 200-session one,
interleaved, and prints the medians of CPU per action and p99 and their ratio.

``summary`` prints the runs ``measure`` recorded and their medians; ``inprocess``
compares the two databases through the in-process handler (this process's CPU time per
answer, no network, no load generator), which a crowded machine disturbs much less.

``plans`` captures every SQL statement of the answer, hint, piece and check-in paths (the
real Socket.IO handlers, in-process, over the 200-session database) and prints SQLite's
``EXPLAIN QUERY PLAN`` of each (and PostgreSQL's ``EXPLAIN`` with ``--postgres``, over a
private cluster holding a shorter history played the same way).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
TEAM_SIZE = 12
HISTORY_PREFIX = "Historique"
HISTORY_STAFF = "historique"
# bump when the way a session is played changes: the cached database is then rebuilt
PREFILL_VERSION = 1
SECRET = b"bench-history-secret-0123456789ab"  # the QR codes of the prefilled places

# The tables that do not grow with finished sessions: the installation's configuration
# and its live processes. Every other table does (even ``connections``, with the phones
# connected at once, is counted as growing: the check stays strict), and a live path's
# statement that scans one of them whole would cost more every month.
NOT_GROWING = frozenset(
    {"organisations", "organisation_settings", "installation_settings", "server_processes", "alembic_version"}
)


# -- playing a session through the services ----------------------------------------------
@dataclass
class Clock:
    now: dt.datetime

    def tick(self, rng: random.Random, low: int = 15, high: int = 90) -> dt.datetime:
        self.now += dt.timedelta(seconds=rng.randint(low, high))
        return self.now


@dataclass
class Tally:
    actions: int = 0
    refused: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.actions += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1


def _act(
    db: Session, player_id: int, now: dt.datetime, tally: Tally, kind: str, do: Callable[..., Any], *args: Any
) -> bool:
    """One phone action, as ``api.actions._once`` runs it: one transaction, the reply kept
    under the phone's ``client_id``; a refused action changes nothing."""
    from game.rules.errors import RuleViolation
    from game.services import actions

    try:
        reply = do(db, *args)
        actions.remember(db, player_id, uuid.uuid4().hex, {"ok": True, "kind": kind, "reply": str(reply)[:160]}, now)
        db.commit()
    except RuleViolation:
        db.rollback()
        tally.refused += 1
        return False
    tally.count(kind)
    return True


def _day_order(catalog: Any, day: int) -> list[Any]:
    """The day's quests in an order that respects their prerequisites."""
    done: set[str] = set()
    order: list[Any] = []
    pending = list(catalog.quests_of_day(day))
    while pending:
        ready = [q for q in pending if all(p in done or catalog.quest(p).day < day for p in q.prerequisites)]
        if not ready:
            break
        for quest in ready:
            pending.remove(quest)
            done.add(quest.id)
            order.append(quest)
    return order


def play_session(
    db: Session, staff: Any, number: int, start: dt.date, policy: Any, rng: random.Random, tally: Tally
) -> int:
    """Create a session of one team of 12, play its 10 days through the services and
    finish it. Returns its id."""
    from content.catalog import QuestKind
    from game.rules import geo, kinds
    from game.rules import locks as lock_rules
    from game.rules.quests import Progress
    from game.services import locks, places, play, reviews, sessions
    from game.services.common import catalog_of, snapshot_of
    from tests.api.helpers import right_answer, wrong_answer

    clock = Clock(dt.datetime.combine(start, dt.time(8, 30)))
    game = sessions.create_session(
        db, staff, f"{HISTORY_PREFIX} {number:03d}", "default", start, False, [f"Équipe {number}"], clock.now
    )
    db.commit()
    players = [
        play.join(db, game.join_code, f"Jeune {number}-{j}", None, clock.tick(rng, 5, 40))[1] for j in range(TEAM_SIZE)
    ]
    db.commit()
    team = players[0].team
    assert team is not None
    catalog = catalog_of(game)
    for day in range(1, 11):
        clock.now = dt.datetime.combine(start + dt.timedelta(days=day - 1), dt.time(9, 30))
        sessions.open_day(db, game.id, day, clock.now)
        db.commit()
        for quest in _day_order(catalog, day):
            if snapshot_of(db, team.id).state(quest.id).progress is not Progress.OPEN:
                continue  # already decided (a failed prerequisite chain, say)
            who = rng.choice(players)
            if quest.hints and rng.random() < 0.35:
                now = clock.tick(rng)
                _act(db, who.id, now, tally, "hint", play.reveal_hint, who, quest.id, now)
            if quest.kind is QuestKind.CODE_LOCK:
                # every member types the piece their phone shows; the last one opens it
                members = [m.id for m in team.members]
                roster = locks.frozen_roster(db, team.id, quest.id, members, clock.tick(rng))
                db.commit()
                entered: set[int] = set()  # several phones may show the same piece: typed once
                for p in players:
                    for index in lock_rules.items_for(len(quest.pieces), roster, members, p.id):
                        if index in entered:
                            continue
                        entered.add(index)
                        now = clock.tick(rng, 5, 40)
                        _act(db, p.id, now, tally, "piece", play.enter_piece, p, quest.id, quest.pieces[index], now)
            elif quest.kind in (QuestKind.RIDDLE, QuestKind.QUIZ, QuestKind.DIALOGUE, QuestKind.CLUE_LOCK):
                right = {"answer": kinds.code_of(quest)} if quest.kind is QuestKind.CLUE_LOCK else right_answer(quest)
                wrong = {"answer": "zzzz-pas-ca"} if quest.kind is QuestKind.CLUE_LOCK else wrong_answer(quest)
                for body in ([wrong] if rng.random() < 0.6 else []) + [right]:
                    given, now = kinds.read_answer(quest.kind, body), clock.tick(rng)
                    _act(db, who.id, now, tally, "answer", play.answer, who, quest.id, given, now)
            elif quest.kind in (QuestKind.FREE_TEXT, QuestKind.PHOTO):
                text = f"Notre réponse pour « {quest.title} », jour {day}."
                now = clock.tick(rng)
                done = _act(db, who.id, now, tally, "submission", reviews.submit, who, quest.id, text, None, now)
                if done:
                    pending = reviews.list_submissions(db, game.id, "pending")
                    for sub in pending:
                        reviews.review(db, staff, sub.id, True, "Bravo.", 0, clock.tick(rng, 60, 300))
                    db.commit()
            elif quest.kind is QuestKind.PLACE:
                place = catalog.place(quest.place)
                needed = max(1, min(quest.team_min, TEAM_SIZE))
                for j, p in enumerate(rng.sample(players, needed)):
                    if number % 2 and j == 0:  # the GPS failed: the code under the team's poster
                        code = places.qr_code(SECRET, game.id, place.id, team.id)
                        now = clock.tick(rng, 10, 60)
                        _act(db, p.id, now, tally, "checkin_qr", places.check_in_qr, p, quest.id, code, SECRET, now)
                        continue
                    lat = place.latitude + (j + 1) * 0.00001  # each phone a metre or so apart
                    for wait in (rng.randint(10, 60), int(policy.dwell_s) + 5):  # in, then stay to prove presence
                        received = clock.tick(rng, wait, wait)
                        fix = geo.Fix(lat, place.longitude, 12.0 + j, received - dt.timedelta(seconds=2))
                        gps = places.check_in_gps
                        _act(db, p.id, received, tally, "checkin", gps, p, quest.id, fix, received, policy, SECRET)
            # an appointment quest needs a counsellor's slots: left open, as some groups do
    sessions.finish(db, game.id)
    db.commit()
    return game.id


# -- the cached 200-session database ----------------------------------------------------
def _head() -> str:
    from alembic.script import ScriptDirectory

    from game.store.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    return str(head)


def cache_path() -> Path:
    """One file per schema head and way of playing: a new migration or a change of
    ``play_session`` starts a new history."""
    CACHE.mkdir(parents=True, exist_ok=True)
    ignore = CACHE / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    return CACHE / f"history-{_head()}-v{PREFILL_VERSION}.db"


def _history_staff(db: Session, now: dt.datetime) -> Any:
    from game.services.accounts import create_facilitator
    from game.store.models import Facilitator

    staff = db.scalar(select(Facilitator).where(Facilitator.username == HISTORY_STAFF))
    if staff is None:
        staff = create_facilitator(db, HISTORY_STAFF, "historique-mot-de-passe", "Animatrice historique", now)
        db.commit()
    return staff


def finished_history(db: Session) -> int:
    from game.store.models import GameSession

    query = select(func.count()).where(GameSession.name.startswith(HISTORY_PREFIX), GameSession.status == "finished")
    return int(db.scalar(query) or 0)


def prefill(engine: Engine, sessions: int, progress: Callable[[str], None] = lambda _line: None) -> Tally:
    """Play finished sessions into ``engine``'s database until it holds ``sessions`` of
    them. A session left unfinished by an interruption is deleted first."""
    from game.rules.geo import Policy
    from game.store.db import make_sessionmaker
    from game.store.models import GameSession

    tally = Tally()
    with make_sessionmaker(engine)() as db:
        for broken in db.scalars(
            select(GameSession).where(GameSession.name.startswith(HISTORY_PREFIX), GameSession.status != "finished")
        ):
            db.delete(broken)
        db.commit()
        staff = _history_staff(db, dt.datetime(2024, 1, 1, 8))
        done = finished_history(db)
        t0 = time.monotonic()
        for number in range(done, sessions):
            rng = random.Random(number)  # the same history wherever it is built
            start = dt.date(2024, 1, 8) + dt.timedelta(days=4 * number)  # ~2 years of a region's groups
            play_session(db, staff, number, start, Policy(), rng, tally)
            db.expunge_all()  # a long prefill must not keep every row it wrote in memory
            staff = _history_staff(db, dt.datetime(2024, 1, 1, 8))
            took = time.monotonic() - t0
            progress(f"session {number + 1}/{sessions}: {tally.actions} actions so far, {took:.0f} s")
    return tally


def history_database(sessions: int = 200, progress: Callable[[str], None] = print) -> Path:
    """The cached database holding ``sessions`` finished sessions (built or completed
    now if needed), checkpointed into one file that can be copied."""
    from game.store.db import make_engine, upgrade

    path = cache_path()
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        with Session(engine) as db:
            have = finished_history(db)
        if have > sessions:
            raise SystemExit(f"{path} holds {have} sessions, more than {sessions}: delete it or ask for more")
        if have < sessions:
            t0 = time.monotonic()
            tally = prefill(engine, sessions, progress)
            progress(
                f"prefilled {sessions - have} sessions in {time.monotonic() - t0:.0f} s: {tally.actions} actions "
                f"({tally.by_kind}), {tally.refused} refused"
            )
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return path


def row_counts(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


# -- the statements of the live paths --------------------------------------------------
PATHS = ("answer", "hint", "piece", "checkin", "checkin_qr")


@dataclass(frozen=True)
class Statement:
    path: str
    sql: str
    parameters: Any


def capture_paths(database_url: str, folder: Path) -> list[Statement]:
    """Play one live session through the real ``/player`` handlers (Flask-SocketIO test
    client, in-process) on ``database_url`` and return every statement each path issued
    (answer wrong then right, a hint, every code-lock piece, GPS fixes up to a won place,
    a QR code), first occurrence of each."""
    from api import clock, create_app
    from api.extensions import db, engine, instance_secret, socketio
    from content.catalog import QuestKind
    from game.rules import kinds
    from game.rules import locks as lock_rules
    from game.services import locks, sessions
    from game.services.common import catalog_of
    from game.store.db import upgrade
    from game.store.models import Player
    from tests.api.helpers import right_answer

    app = create_app(
        {"TESTING": True, "INSTANCE_DIR": folder, "DATABASE_URL": database_url, "UPLOAD_DIR": folder / "uploads"}
    )
    moment = [dt.datetime(2027, 3, 1, 9, 0)]
    clock.set_now(lambda: moment[0])
    captured: list[Statement] = []
    label = [""]

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if label[0]:
            captured.append(Statement(label[0], statement, parameters))

    try:
        with app.app_context():
            upgrade(engine())
            staff = _history_staff(db(), moment[0])
            game = sessions.create_session(
                db(), staff, "Groupe en cours", "default", moment[0].date(), False, ["Équipe live"], moment[0]
            )
            sessions.open_day(db(), game.id, 1, moment[0])
            db().commit()
            game_id, code = game.id, game.join_code
            secret = instance_secret()
        client = app.test_client()
        joins = [client.post("/api/join", json={"code": code, "nickname": f"Live {i}"}) for i in range(TEAM_SIZE)]
        tokens = [r.json["token"] for r in joins]
        phones = [
            socketio.test_client(app, namespace="/player", auth={"token": t}, flask_test_client=client) for t in tokens
        ]
        with app.app_context():
            players = list(db().scalars(select(Player).where(Player.session_id == game_id).order_by(Player.id)))
            ids = [p.id for p in players]
            catalog = catalog_of(players[0].session)
            team_id = players[0].team_id
        # the rate limits' counters (their home moved in issue 16: either is fine here)
        storage = app.extensions.get("eclats.limit_counters") or app.extensions["eclats.limiter"].limiter.storage
        eng = app.extensions["eclats.engine"]
        event.listen(eng, "before_cursor_execute", keep)

        def send(path: str, who: int, body: dict[str, Any], advance: int = 30) -> Any:
            moment[0] += dt.timedelta(seconds=advance)
            storage.reset()  # one phone acting many times in a row is past the rate limits
            label[0] = path
            reply = phones[who].emit(path, {"client_id": uuid.uuid4().hex, **body}, namespace="/player", callback=True)
            label[0] = ""
            assert reply.get("ok"), (path, body, reply)
            return reply

        solved: set[str] = set()

        def solve(quest_id: str) -> None:
            """Solve a quest and, first, its prerequisites of the same day."""
            quest = catalog.quest(quest_id)
            if quest_id in solved:
                return
            solved.add(quest_id)
            for before in quest.prerequisites:
                if catalog.quest(before).day == quest.day:
                    solve(before)
            if quest.kind is QuestKind.CLUE_LOCK:
                send("answer", 0, {"quest_id": quest.id, "answer": kinds.code_of(quest)})
            elif quest.kind in (QuestKind.RIDDLE, QuestKind.QUIZ, QuestKind.DIALOGUE, QuestKind.CODE_LOCK):
                send("answer", 0, {"quest_id": quest.id, **right_answer(quest)})

        first = catalog.quests_of_day(1)[0]  # the day-1 riddle
        send("answer", 0, {"quest_id": first.id, "answer": "zzzz-pas-ca"})
        send("answer", 0, {"quest_id": first.id, **right_answer(first)})
        solved.add(first.id)
        after = next(q for q in catalog.quests_of_day(1) if first.id in q.prerequisites and q.hints)
        send("hint", 1, {"quest_id": after.id})  # paid with the éclats just won
        lock = next(q for q in catalog.quests_of_day(1) if q.kind is QuestKind.CODE_LOCK)
        for before in lock.prerequisites:
            solve(before)
        with app.app_context():
            roster = locks.frozen_roster(db(), team_id, lock.id, ids, moment[0])
            db().commit()
        typed: set[int] = set()
        for i, pid in enumerate(ids):
            for index in lock_rules.items_for(len(lock.pieces), roster, ids, pid):
                if index not in typed:
                    typed.add(index)
                    send("piece", i, {"quest_id": lock.id, "value": lock.pieces[index]})
        with app.app_context():
            for day in range(2, 7):
                sessions.open_day(db(), game_id, day, moment[0])
            db().commit()
        braderie = next(q for q in catalog.quests_of_day(6) if not q.prerequisites)
        solve(braderie.id)
        gps, qr = [q for q in catalog.quests_of_day(6) if q.kind is QuestKind.PLACE][:2]
        place = catalog.place(gps.place)
        for j in range(gps.team_min):
            fix = {"latitude": place.latitude + (j + 1) * 0.00001, "longitude": place.longitude, "accuracy": 10}
            for wait in (20, 25):
                moment[0] += dt.timedelta(seconds=wait)
                taken = int((moment[0] - dt.timedelta(seconds=1)).replace(tzinfo=dt.UTC).timestamp() * 1000)
                send("checkin", j, {"quest_id": gps.id, **fix, "taken_at": taken}, advance=0)
        from game.services.places import qr_code

        code_here = qr_code(secret, game_id, qr.place, team_id)
        for j in range(qr.team_min):
            send("checkin_qr", j, {"quest_id": qr.id, "code": code_here})
        event.remove(eng, "before_cursor_execute", keep)
        for p in phones:
            p.disconnect(namespace="/player")
    finally:
        clock.set_now(None)
        app.extensions["eclats.engine"].dispose()
    seen: set[tuple[str, str]] = set()
    out = []
    for s in captured:
        key = (s.path, " ".join(s.sql.split()))
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def handler_cost(database_url: str, folder: Path, answers: int) -> float:
    """CPU (ms, this process's ``process_time``) per wrong answer through the real
    ``/player`` handler, in-process (Flask-SocketIO test client, 12 teammates in the
    room): the database's share of an action without the network, the load generator
    or the scheduler in the way."""
    from api import create_app
    from api.extensions import db, engine, socketio
    from bench.realtime import riddle
    from game.services import sessions
    from game.store.db import upgrade

    app = create_app(
        {"TESTING": True, "INSTANCE_DIR": folder, "DATABASE_URL": database_url, "UPLOAD_DIR": folder / "uploads"}
    )
    try:
        with app.app_context():
            upgrade(engine())
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            staff = _history_staff(db(), now)
            game = sessions.create_session(db(), staff, "Mesure", "default", now.date(), False, ["Équipe"], now)
            sessions.open_day(db(), game.id, 1, now)
            db().commit()
            code = game.join_code
        client = app.test_client()
        joins = [client.post("/api/join", json={"code": code, "nickname": f"Mesure {i}"}) for i in range(TEAM_SIZE)]
        phones = [
            socketio.test_client(app, namespace="/player", auth={"token": r.json["token"]}, flask_test_client=client)
            for r in joins
        ]
        storage = app.extensions.get("eclats.limit_counters") or app.extensions["eclats.limiter"].limiter.storage
        quest_id, wrong = riddle()

        def act() -> None:
            storage.reset()  # one phone answering many times in a row is past the rate limits
            body = {"client_id": uuid.uuid4().hex, "quest_id": quest_id, **wrong}
            reply = phones[0].emit("answer", body, namespace="/player", callback=True)
            assert reply["ok"], reply

        for _ in range(20):  # warm-up: caches, statement compilation
            act()
        t0 = time.process_time()
        for _ in range(answers):
            act()
        took = (time.process_time() - t0) / answers * 1000
        for phone in phones:
            phone.disconnect(namespace="/player")
        return took
    finally:
        app.extensions["eclats.engine"].dispose()


DML = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


def is_dml(sql: str) -> bool:
    return sql.lstrip().upper().startswith(DML)


def sqlite_plans(path: Path, statements: list[Statement]) -> list[tuple[Statement, list[str]]]:
    """SQLite's ``EXPLAIN QUERY PLAN`` of each statement, with the parameters it ran with."""
    out = []
    with contextlib.closing(sqlite3.connect(path)) as conn:
        for s in statements:
            if not is_dml(s.sql):
                continue
            rows = conn.execute("EXPLAIN QUERY PLAN " + s.sql, s.parameters or ()).fetchall()
            out.append((s, [str(r[3]) for r in rows]))
    return out


def full_scans(plans: list[tuple[Statement, list[str]]]) -> list[tuple[str, str, str]]:
    """(path, statement, plan line) of every whole-table scan of a table that grows with
    history: ``SCAN <table>`` (with or without an index, a scan reads it all)."""
    bad = []
    for s, lines in plans:
        for line in lines:
            words = line.split()
            if len(words) >= 2 and words[0] == "SCAN" and words[1] not in NOT_GROWING:
                bad.append((s.path, " ".join(s.sql.split()), line))
    return bad


def postgres_plans(url: str, statements: list[Statement]) -> list[tuple[Statement, list[str]]]:
    """PostgreSQL's ``EXPLAIN`` of each statement, with its parameters. PostgreSQL prefers
    a sequential scan of a table of a few pages even with an index: a statement planned
    so is planned again with ``enable_seqscan = off``, and both plans are given (an index
    that can serve it shows up then; ``Seq Scan`` again means there is none)."""
    import psycopg

    out = []
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        for s in statements:
            if not is_dml(s.sql):
                continue
            with psycopg.ClientCursor(conn) as cur:
                cur.execute("EXPLAIN " + s.sql, s.parameters or None)
                lines = [str(r[0]) for r in cur.fetchall()]
                if any("Seq Scan" in line for line in lines):
                    cur.execute("SET enable_seqscan = off")
                    cur.execute("EXPLAIN " + s.sql, s.parameters or None)
                    lines += ["-- with enable_seqscan = off:"] + [str(r[0]) for r in cur.fetchall()]
            conn.rollback()
            out.append((s, lines))
    return out


# -- commands ----------------------------------------------------------------------------
def _short(sql: str) -> str:
    """A statement on one line, its column list elided (the plan does not depend on it)."""
    flat = " ".join(sql.split())
    head, sep, rest = flat.partition(" FROM ")
    if flat.startswith("SELECT") and sep and len(head) > 60:
        flat = head[:60] + " … FROM " + rest
    return flat


def _print_plans(title: str, plans: list[tuple[Statement, list[str]]]) -> None:
    """Each distinct statement once, with the paths that issue it and its plan; the
    INSERTs (nothing to plan: no read) on one line."""
    print(f"\n### {title}\n")
    paths: dict[str, list[str]] = {}
    lines_of: dict[str, list[str]] = {}
    for s, lines in plans:
        key = _short(s.sql)
        paths.setdefault(key, [])
        if s.path not in paths[key]:
            paths[key].append(s.path)
        lines_of.setdefault(key, lines)
    inserts = sorted({k.split(" (")[0].removeprefix("INSERT INTO ") for k in paths if k.startswith("INSERT")})
    print("```")
    for key, where in paths.items():
        if key.startswith("INSERT"):
            continue
        print(f"[{', '.join(where)}] {key}")
        for line in lines_of[key]:
            print("    " + line)
    print(f"INSERT (no read, nothing to plan) into: {', '.join(inserts)}")
    print("```")


def cmd_prefill(args: argparse.Namespace) -> None:
    t0 = time.monotonic()
    path = history_database(args.sessions)
    print(f"{path}: ready in {time.monotonic() - t0:.0f} s, {path.stat().st_size / 2**20:.1f} MB")
    print(json.dumps(row_counts(path)))


def cmd_plans(args: argparse.Namespace) -> None:
    source = history_database(args.sessions)
    folder = Path(tempfile.mkdtemp(prefix="eclats-plans-"))
    try:
        work = folder / "eclats.db"
        shutil.copyfile(source, work)
        statements = capture_paths(f"sqlite:///{work}", folder)
        plans = sqlite_plans(work, statements)
        _print_plans(f"SQLite `EXPLAIN QUERY PLAN` ({args.sessions} finished sessions)", plans)
        print("\nwhole-table scans of tables that grow with history:", full_scans(plans) or "none")
        if args.postgres:
            from game.store.db import make_engine, upgrade
            from tests.servers import postgres_server

            with postgres_server() as admin:
                url = admin + "/postgres"
                engine = make_engine(url)
                upgrade(engine)
                t0 = time.monotonic()
                prefill(engine, args.pg_sessions)
                with engine.connect() as conn:
                    conn.exec_driver_sql("ANALYZE")
                    conn.commit()
                engine.dispose()
                print(f"\n(PostgreSQL: {args.pg_sessions} sessions prefilled in {time.monotonic() - t0:.0f} s)")
                pg_statements = capture_paths(url, folder / "pg")
                _print_plans(f"PostgreSQL `EXPLAIN` ({args.pg_sessions} finished sessions, ANALYZEd)",
                             postgres_plans(url, pg_statements))  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _per_action(r: dict[str, Any]) -> float:
    """Server CPU per action (ms): psutil's average % of a core over the run, per action sent."""
    actions = sum(r["actions"].values())
    return r["resources"]["server"]["cpu_avg"] / 100 * r["duration_s"] * 1000 / actions if actions else float("nan")


def cmd_measure(args: argparse.Namespace) -> None:
    from bench import realtime

    source = history_database(args.sessions)
    counts = row_counts(source)
    print(f"history: {source.name}, {source.stat().st_size / 2**20:.1f} MB, rows: {json.dumps(counts)}", flush=True)
    load = realtime.build_parser().parse_args(
        ["--players", str(args.players), "--duration", str(args.duration), "--quiet-wait", str(args.quiet_wait)]
    )
    runs: dict[str, list[dict[str, Any]]] = {"empty": [], "history": []}
    for round_ in range(args.rounds):
        order = ["empty", "history"] if round_ % 2 == 0 else ["history", "empty"]
        for name in order:
            load.database_template = str(source) if name == "history" else ""
            r = realtime.run_once(load, args.players, args.duration)
            r["history"] = {"database": name, **({"rows": counts} if name == "history" else {})}
            runs[name].append(r)
            res = r["resources"]
            line = (
                f"round {round_ + 1} {name:7}: {_per_action(r):.2f} ms CPU/action, p50 {r['latency_ms']['p50']} ms, "
                f"p99 {r['latency_ms']['p99']} ms, delivery {r['delivery']['ratio']}, "
                f"server {res['server']['cpu_avg']} %, other processes {res['other_cpu_avg']} % of a core"
            )
            print(line, flush=True)
            if args.out:
                with open(args.out, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"bench": "history", **r}, ensure_ascii=False) + "\n")
    print(summary(runs, args.rounds), flush=True)


def summary(runs: dict[str, list[dict[str, Any]]], rounds: int | str) -> str:
    """Medians of CPU per action, p50 and p99, empty against history, and their ratio."""
    med: dict[str, dict[str, float]] = {}
    for name, rs in runs.items():
        med[name] = {
            "cpu_ms": statistics.median(_per_action(r) for r in rs),
            "p99": statistics.median(r["latency_ms"]["p99"] for r in rs),
            "p50": statistics.median(r["latency_ms"]["p50"] for r in rs),
            "other": statistics.median(r["resources"]["other_cpu_avg"] for r in rs),
        }
    e, h = med["empty"], med["history"]
    return (
        f"medians of {rounds}: empty {e['cpu_ms']:.2f} ms/action, p50 {e['p50']} ms, p99 {e['p99']} ms "
        f"(other processes {e['other']} %); 200-session history {h['cpu_ms']:.2f} ms/action, p50 {h['p50']} ms, "
        f"p99 {h['p99']} ms (other {h['other']} %); ratio history/empty: CPU {h['cpu_ms'] / e['cpu_ms']:.2f}, "
        f"p99 {h['p99'] / e['p99']:.2f}"
    )


def cmd_inprocess(args: argparse.Namespace) -> None:
    """Empty database against the history, interleaved, through the in-process handler."""
    source = history_database(args.sessions)
    costs: dict[str, list[float]] = {"empty": [], "history": []}
    for round_ in range(args.rounds):
        for name in ["empty", "history"] if round_ % 2 == 0 else ["history", "empty"]:
            folder = Path(tempfile.mkdtemp(prefix="eclats-inprocess-"))
            try:
                if name == "history":
                    shutil.copyfile(source, folder / "eclats.db")
                cost = handler_cost(f"sqlite:///{folder / 'eclats.db'}", folder, args.answers)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            costs[name].append(cost)
            print(f"round {round_ + 1} {name:7}: {cost:.3f} ms CPU per answer (mean of {args.answers})", flush=True)
    e, h = statistics.median(costs["empty"]), statistics.median(costs["history"])
    print(f"medians of {args.rounds}: empty {e:.3f} ms, history {h:.3f} ms, ratio {h / e:.3f}")


def cmd_summary(args: argparse.Namespace) -> None:
    """The runs ``measure`` recorded (``--out``), one line each, and their medians."""
    runs: dict[str, list[dict[str, Any]]] = {"empty": [], "history": []}
    for line in Path(args.file).read_text().splitlines():
        r = json.loads(line)
        if r.get("bench") == "history":
            runs[r["history"]["database"]].append(r)
            res = r["resources"]
            print(
                f"{r['date']} {r['history']['database']:7}: {_per_action(r):.2f} ms CPU/action, "
                f"actions {sum(r['actions'].values())} {r['actions']}, p50 {r['latency_ms']['p50']} ms, "
                f"p99 {r['latency_ms']['p99']} ms, delivery {r['delivery']['ratio']}, "
                f"server {res['server']['cpu_avg']} %, load {res['load']['cpu_avg']} %, "
                f"other processes {res['other_cpu_avg']} % of a core"
            )
    print(summary(runs, f"{len(runs['empty'])} / {len(runs['history'])}"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prefill", help="build (or complete) the cached history database")
    p.add_argument("--sessions", type=int, default=200)
    p = sub.add_parser("plans", help="EXPLAIN every statement of the answer, hint, piece and check-in paths")
    p.add_argument("--sessions", type=int, default=200)
    p.add_argument("--postgres", action="store_true", help="also PostgreSQL's EXPLAIN, on a private cluster")
    p.add_argument("--pg-sessions", type=int, default=40, help="finished sessions prefilled into PostgreSQL")
    p = sub.add_parser("measure", help="empty database against the history, interleaved, under bench.realtime's load")
    p.add_argument("--sessions", type=int, default=200)
    p.add_argument("--players", type=int, default=600)
    p.add_argument("--duration", type=float, default=45)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--quiet-wait", type=float, default=30)
    p.add_argument("--out", default=str(ROOT / "bench" / "results.jsonl"))
    p = sub.add_parser("inprocess", help="empty database vs history through the in-process handler (CPU time)")
    p.add_argument("--sessions", type=int, default=200)
    p.add_argument("--answers", type=int, default=300)
    p.add_argument("--rounds", type=int, default=5)
    p = sub.add_parser("summary", help="the runs measure recorded in FILE, and their medians")
    p.add_argument("file")
    args = parser.parse_args(argv)
    commands = {"prefill": cmd_prefill, "plans": cmd_plans, "measure": cmd_measure, "summary": cmd_summary}
    commands["inprocess"] = cmd_inprocess
    commands[args.command](args)


if __name__ == "__main__":
    main(sys.argv[1:])
