"""Changes of the clocks, compared whole: the change found (kind, wall times, length) and
the sentence a counsellor reads, in zones whose changes are an hour, half an hour or two
hours, and whose names have several parts (docs/MUTATION.md)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from game.rules import localtime as lt
from game.rules.localtime import ClockChange, LocalTimeError

PARIS = ZoneInfo("Europe/Paris")
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("zone", "wall", "change", "sentence"),
    [
        (
            "Europe/Paris",
            datetime(2027, 3, 28, 2, 30),
            ClockChange("gap", datetime(2027, 3, 28, 2), datetime(2027, 3, 28, 3), HOUR),
            "le 28/03/2027 à 02:30 n'existe pas à l'heure de Paris (Europe/Paris) : cette nuit-là, les montres "
            "avancent d'une heure (à 02:00, elles passent directement à 03:00). "
            "Choisissez une heure avant 02:00 ou à partir de 03:00.",
        ),
        (
            "Europe/Paris",
            datetime(2027, 10, 31, 2, 30),
            ClockChange("overlap", datetime(2027, 10, 31, 3), datetime(2027, 10, 31, 2), HOUR),
            "le 31/10/2027 à 02:30 existe deux fois à l'heure de Paris (Europe/Paris) : cette nuit-là, les montres "
            "reculent d'une heure (à 03:00, elles reviennent à 02:00) et le rendez-vous ne dirait pas laquelle des "
            "deux. Choisissez une heure avant 02:00 ou à partir de 03:00.",
        ),
        (
            "Australia/Lord_Howe",
            datetime(2027, 10, 3, 2, 15),
            ClockChange("gap", datetime(2027, 10, 3, 2), datetime(2027, 10, 3, 2, 30), timedelta(minutes=30)),
            "le 03/10/2027 à 02:15 n'existe pas à l'heure de Lord Howe (Australia/Lord_Howe) : cette nuit-là, les "
            "montres avancent de 30 minutes (à 02:00, elles passent directement à 02:30). "
            "Choisissez une heure avant 02:00 ou à partir de 02:30.",
        ),
        (
            "Australia/Lord_Howe",
            datetime(2027, 4, 4, 1, 45),
            ClockChange("overlap", datetime(2027, 4, 4, 2), datetime(2027, 4, 4, 1, 30), timedelta(minutes=30)),
            "le 04/04/2027 à 01:45 existe deux fois à l'heure de Lord Howe (Australia/Lord_Howe) : cette nuit-là, "
            "les montres reculent de 30 minutes (à 02:00, elles reviennent à 01:30) et le rendez-vous ne dirait pas "
            "laquelle des deux. Choisissez une heure avant 01:30 ou à partir de 02:00.",
        ),
        (
            "Antarctica/Troll",
            datetime(2027, 3, 28, 1, 30),
            ClockChange("gap", datetime(2027, 3, 28, 1), datetime(2027, 3, 28, 3), 2 * HOUR),
            "le 28/03/2027 à 01:30 n'existe pas à l'heure de Troll (Antarctica/Troll) : cette nuit-là, les montres "
            "avancent de 2 heures (à 01:00, elles passent directement à 03:00). "
            "Choisissez une heure avant 01:00 ou à partir de 03:00.",
        ),
        (
            "America/North_Dakota/New_Salem",
            datetime(2027, 3, 14, 2, 30),
            ClockChange("gap", datetime(2027, 3, 14, 2), datetime(2027, 3, 14, 3), HOUR),
            "le 14/03/2027 à 02:30 n'existe pas à l'heure de New Salem (America/North_Dakota/New_Salem) : cette "
            "nuit-là, les montres avancent d'une heure (à 02:00, elles passent directement à 03:00). "
            "Choisissez une heure avant 02:00 ou à partir de 03:00.",
        ),
    ],
)
def test_a_wall_time_the_clocks_skip_or_repeat_is_found_and_explained(
    zone: str, wall: datetime, change: ClockChange, sentence: str
) -> None:
    assert lt.clock_change(wall, ZoneInfo(zone)) == change
    assert lt.clock_change(wall.replace(tzinfo=ZoneInfo(zone), fold=1), ZoneInfo(zone)) == change
    assert lt.why_not(wall, ZoneInfo(zone)) == sentence
    with pytest.raises(LocalTimeError) as err:
        lt.from_wall(wall, ZoneInfo(zone))
    assert (err.value.reason, str(err.value)) == (sentence, sentence)


def test_an_ordinary_wall_time_names_one_instant() -> None:
    assert lt.clock_change(datetime(2027, 3, 28, 3, 0), PARIS) is None
    assert lt.clock_change(datetime(2027, 3, 28, 1, 59), PARIS) is None
    assert lt.from_wall(datetime(2027, 1, 5, 14, 0), PARIS) == datetime(2027, 1, 5, 13, 0)
    assert lt.from_wall(datetime(2027, 7, 5, 14, 0), PARIS) == datetime(2027, 7, 5, 12, 0)


@pytest.mark.parametrize(
    ("sent", "zone", "sentence"),
    [
        (
            datetime(2027, 1, 5, 14, 0, tzinfo=UTC),
            "Europe/Paris",
            "le décalage +00:00 n'est pas celui de Europe/Paris à cet instant (+01:00) : envoyez l'heure de la "
            "Mission Locale avec son décalage (ici 2027-01-05T15:00:00+01:00 pour le même instant), ou l'heure "
            "locale seule dans « local_start ».",
        ),
        (
            datetime(2027, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=-4))),
            "America/New_York",
            "le décalage -04:00 n'est pas celui de America/New_York à cet instant (-05:00) : envoyez l'heure de la "
            "Mission Locale avec son décalage (ici 2027-01-05T08:00:00-05:00 pour le même instant), ou l'heure "
            "locale seule dans « local_start ».",
        ),
        (
            datetime(2027, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=5))),
            "Asia/Kolkata",
            "le décalage +05:00 n'est pas celui de Asia/Kolkata à cet instant (+05:30) : envoyez l'heure de la "
            "Mission Locale avec son décalage (ici 2027-01-05T09:30:00+05:30 pour le même instant), ou l'heure "
            "locale seule dans « local_start ».",
        ),
    ],
)
def test_a_time_sent_with_another_offset_than_the_zones_is_refused_not_moved(
    sent: datetime, zone: str, sentence: str
) -> None:
    with pytest.raises(LocalTimeError) as err:
        lt.from_instant(sent, ZoneInfo(zone))
    assert err.value.reason == sentence


def test_a_time_sent_with_the_zones_offset_is_its_instant() -> None:
    sent = datetime(2027, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert lt.from_instant(sent, ZoneInfo("Asia/Kolkata")) == datetime(2027, 1, 5, 3, 30)
    summer = datetime(2027, 7, 5, 14, 0, tzinfo=timezone(2 * HOUR))
    assert lt.from_instant(summer, PARIS) == datetime(2027, 7, 5, 12, 0)


def test_the_second_slot_of_a_series_falling_in_a_repeated_hour_is_named() -> None:
    # 01:00 then 02:00 in Paris on the night the clocks go back (02:00 to 03:00 twice)
    starts = [datetime(2027, 10, 30, 23, 0), datetime(2027, 10, 31, 0, 0)]
    assert lt.series_problem(starts, PARIS) == (
        "le 2e créneau de la série commencerait ainsi : le 31/10/2027 à 02:00 existe deux fois à l'heure de "
        "Paris (Europe/Paris) : cette nuit-là, les montres reculent d'une heure (à 03:00, elles reviennent à "
        "02:00) et le rendez-vous ne dirait pas laquelle des deux. Choisissez une heure avant 02:00 ou à partir "
        "de 03:00. Publiez moins de créneaux ou commencez plus tôt ou plus tard."
    )
    assert lt.series_problem(starts[:1], PARIS) is None
    assert lt.series_problem([datetime(2027, 1, 5, 9, 0), datetime(2027, 1, 5, 9, 30)], PARIS) is None


@pytest.fixture
def server_in_tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The server's own clock set to another zone: it must play no part."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("server_in_tokyo")
def test_stored_instants_are_read_in_the_mission_locales_zone_whatever_the_servers() -> None:
    shown = lt.local(datetime(2027, 1, 5, 13, 0), PARIS)
    assert (shown.replace(tzinfo=None), shown.utcoffset()) == (datetime(2027, 1, 5, 14, 0), HOUR)
    assert lt.clock_change(datetime(2027, 3, 28, 2, 30), PARIS) == ClockChange(
        "gap", datetime(2027, 3, 28, 2), datetime(2027, 3, 28, 3), HOUR
    )
    assert lt.from_wall(datetime(2027, 1, 5, 14, 0), PARIS) == datetime(2027, 1, 5, 13, 0)
    assert lt.series_problem([datetime(2027, 10, 31, 0, 0)], PARIS) is not None


@pytest.mark.parametrize("minute", [datetime(2027, 1, 1, 2, m, s) for m, s in ((0, 31), (17, 31), (59, 0))])
def test_the_change_is_found_to_the_second_whatever_the_wall_time_in_it(minute: datetime) -> None:
    spring = datetime(2027, 3, 28, minute.hour, minute.minute, minute.second)
    autumn = datetime(2027, 10, 31, minute.hour, minute.minute, minute.second)
    assert lt.clock_change(spring, PARIS) == ClockChange(
        "gap", datetime(2027, 3, 28, 2), datetime(2027, 3, 28, 3), HOUR
    )
    assert lt.clock_change(autumn, PARIS) == ClockChange(
        "overlap", datetime(2027, 10, 31, 3), datetime(2027, 10, 31, 2), HOUR
    )
