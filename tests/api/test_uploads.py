"""Photo uploads: refused before they are read when the quest cannot take them, decoded
within a bound on pixels, in the decoding pool, and stored without metadata."""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from PIL import Image

from content.catalog import Catalog, QuestKind
from game.services import offload, photos

from ..conftest import open_day
from ..images import png_bomb
from .helpers import right_answer

Headers = dict[str, str]
PHOTO_QUEST = "d1-photo-equipe"  # day 1 of the default pack, after « d1-badge-entree »


class Unreadable(io.RawIOBase):
    """A request body of ``length`` bytes that fails the request if anyone reads it."""

    def __init__(self, length: int) -> None:
        self._length, self._at = length, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._at = offset + {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: self._length}[whence]
        return self._at

    def tell(self) -> int:
        return self._at

    def readinto(self, _buffer: Any) -> int:
        raise AssertionError("the upload was read")


def _jpeg(width: int, height: int, color: tuple[int, int, int] = (30, 120, 200), progressive: bool = False) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=70, progressive=progressive)
    return buffer.getvalue()


def _jpeg_claiming(width: int, height: int, progressive: bool = False) -> bytes:
    """A small JPEG whose header announces ``width`` × ``height`` pixels."""
    data = bytearray(_jpeg(16, 16, progressive=progressive))
    sof = data.index(b"\xff\xc2" if progressive else b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def _send(client: FlaskClient, player: Headers, photo: bytes, quest_id: str = PHOTO_QUEST) -> Any:
    return client.post(
        f"/api/me/quests/{quest_id}/submission",
        data={"photo": (io.BytesIO(photo), "photo.png")},
        headers=player,
        content_type="multipart/form-data",
    )


def _send_unreadable(client: FlaskClient, player: Headers, length: int = 200_000) -> Any:
    return client.post(
        f"/api/me/quests/{PHOTO_QUEST}/submission",
        input_stream=Unreadable(length),
        headers=player,
        content_type="multipart/form-data; boundary=xxxx",
    )


@pytest.fixture
def decodes() -> Iterator[list[int]]:
    """Every image handed to the decoding pool (its size in bytes)."""
    seen: list[int] = []

    def runner(fn: Any, *args: Any) -> Any:
        seen.append(len(args[0]))
        return fn(*args)

    offload.images.use(runner)
    yield seen
    offload.images.use(lambda fn, *args: fn(*args))


def _stored(app: Any) -> list[str]:
    folder = app.config["UPLOAD_DIR"]
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _unlock(client: FlaskClient, player: Headers, catalog: Catalog) -> None:
    before = catalog.quest("d1-badge-entree")
    assert before is not None
    r = client.post(f"/api/me/quests/{before.id}/answer", json=right_answer(before), headers=player)
    assert r.status_code == 200 and r.json["correct"], r.json


def test_a_photo_for_a_quest_that_is_not_open_is_refused_before_it_is_read(
    app: Any,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
    decodes: list[int],
) -> None:
    quest = catalog.quest(PHOTO_QUEST)
    assert quest is not None and quest.kind is QuestKind.PHOTO and quest.prerequisites == ("d1-badge-entree",)
    open_day(client, staff, game["id"], 1)
    # locked behind its prerequisite: the reason comes at once, the body is never read
    locked = _send_unreadable(client, players[0])
    assert locked.status_code == 409, locked.json
    assert locked.json["message"].startswith("Termine d'abord")
    bomb = _send(client, players[0], png_bomb())
    assert bomb.status_code == 409 and bomb.json["message"] == locked.json["message"]
    assert decodes == [] and _stored(app) == []
    # open: a photo goes through the decoding pool
    _unlock(client, players[0], catalog)
    sent = _send(client, players[0], _jpeg(800, 600))
    assert sent.status_code == 201, sent.json
    assert len(decodes) == 1 and len(_stored(app)) == 1
    # waiting for the facilitator: a teammate's photo is refused unread, undecoded
    pending = _send_unreadable(client, players[1])
    assert pending.status_code == 409 and "relecture" in pending.json["message"]
    assert len(decodes) == 1 and len(_stored(app)) == 1


def test_an_upload_announcing_more_than_10_mb_is_refused_unread(
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
    decodes: list[int],
) -> None:
    open_day(client, staff, game["id"], 1)
    _unlock(client, players[0], catalog)
    r = _send_unreadable(client, players[0], length=11 * 1024 * 1024)
    assert r.status_code == 413 and r.json["message"] == "La photo est trop lourde (10 Mo au maximum)."
    assert decodes == []


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(png_bomb, id="png-7745x7745"),
        pytest.param(lambda: _jpeg_claiming(30_000, 30_000), id="jpeg-30000x30000"),
        pytest.param(lambda: _jpeg_claiming(9_000, 9_000), id="jpeg-9000x9000"),
        pytest.param(lambda: _jpeg_claiming(5_000, 5_000, progressive=True), id="progressive-jpeg-5000x5000"),
    ],
)
def test_a_small_file_holding_a_huge_image_is_refused_and_nothing_is_kept(
    make: Any,
    app: Any,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    open_day(client, staff, game["id"], 1)
    _unlock(client, players[0], catalog)
    data = make()
    assert len(data) < 200_000
    r = _send(client, players[0], data)
    assert r.status_code == 422, r.json
    assert r.json["message"] == "Cette image est trop grande : envoie une photo prise avec ton téléphone."
    assert _stored(app) == []
    # the quest is still open: a real photo goes in
    assert _send(client, players[0], _jpeg(640, 480)).status_code == 201


def test_a_big_phone_photo_is_accepted_reduced_and_without_its_location(
    app: Any,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    # 27 M pixels: more than the decoding bound, but a JPEG decodes reduced (draft)
    width, height = 6000, 4500
    assert width * height > photos.MAX_DECODED_PIXELS
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (50.0, 38.0, 10.0)  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=70)
    open_day(client, staff, game["id"], 1)
    _unlock(client, players[0], catalog)
    r = _send(client, players[0], buffer.getvalue())
    assert r.status_code == 201, r.json
    [name] = _stored(app)
    with Image.open(app.config["UPLOAD_DIR"] / name) as stored:
        assert stored.format == "JPEG" and stored.size == (1600, 1200)
        assert len(stored.getexif()) == 0 and "exif" not in stored.info
        assert stored.getpixel((800, 600)) == pytest.approx((200, 30, 30), abs=8)  # type: ignore[arg-type]


def test_a_transparent_png_is_kept_on_white_not_black(
    app: Any,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    drawing = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    drawing.paste((20, 160, 60, 255), (100, 100, 300, 200))
    buffer = io.BytesIO()
    drawing.save(buffer, "PNG")
    open_day(client, staff, game["id"], 1)
    _unlock(client, players[0], catalog)
    assert _send(client, players[0], buffer.getvalue()).status_code == 201
    [name] = _stored(app)
    with Image.open(app.config["UPLOAD_DIR"] / name) as stored:
        assert stored.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=4)  # type: ignore[arg-type]
        assert stored.getpixel((200, 150)) == pytest.approx((20, 160, 60), abs=8)  # type: ignore[arg-type]
