"""Marshmallow schemas of the REST API: request bodies are validated here, responses
dumped here, and both documented in the OpenAPI document."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from marshmallow import fields, missing, validate

from ..organisation_settings import zone

# An id in a body is a database integer: beyond 2⁶³ it names nothing, and SQLite would
# raise an OverflowError (a 500) instead of « introuvable »
DB_ID = validate.Range(min=1, max=2**63 - 1, error="identifiant inconnu")


class UtcDateTime(fields.DateTime):
    """An instant as RFC 3339 says it: always with its offset.

    The database keeps naive UTC; out, such a value is written with ``+00:00``; in, a
    value without its offset is refused (it would name a different instant in Paris,
    Cayenne or Nouméa), and the instant is kept as naive UTC.
    """

    default_error_messages = {
        "invalid": "doit être une date et une heure RFC 3339 avec son décalage, par exemple 2027-01-15T14:00:00+01:00",
        "invalid_awareness": "doit porter son décalage horaire (par exemple +01:00 ou Z)",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="iso", **kwargs)

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware.isoformat()

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        parsed = super()._deserialize(value, attr, data, **kwargs)
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise self.make_error("invalid_awareness")
        try:
            return parsed.astimezone(UTC).replace(tzinfo=None)
        except OverflowError as exc:  # 0001-01-01T00:00:00+01:00 has no UTC instant
            raise self.make_error("invalid") from exc


class ZonedDateTime(UtcDateTime):
    """An instant written as the Mission Locale's clock shows it, with that zone's offset
    (``api.organisation_settings``: its organisation's zone, else ``TIME_ZONE``):
    ``2027-01-15T14:00:00+01:00`` for a 14:00 appointment in Paris, the same instant as
    ``13:00:00+00:00`` but readable as is, on a phone or a laptop set to any zone. For the
    times people meet at: appointments."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        at = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        try:
            return at.astimezone(zone()).isoformat()
        except OverflowError:  # the last hours datetime can hold, east of Greenwich
            return at.isoformat()


class JsonBool(fields.Boolean):
    """A JSON boolean: ``true`` or ``false``, not 0, 1, "yes" or "on" (what the
    document announces is exactly what is accepted)."""

    default_error_messages = {"invalid": "doit être true ou false"}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if value is True or value is False:  # 0 == False in Python: compare identities
            return value
        raise self.make_error("invalid")


class _Computed:
    """A field whose value is computed from the whole object being dumped, for what is
    no attribute of it (a count, a flag, a lookup in the pack); documented as the field
    it is (a string, a list of objects…)."""

    def __init__(self, compute: Callable[[Any], Any], *args: Any, **kwargs: Any) -> None:
        self.compute = compute
        super().__init__(*args, **kwargs)

    def get_value(
        self,
        obj: Any,
        attr: str,
        accessor: Callable[[Any, str, Any], Any] | None = None,
        default: Any = missing,
    ) -> Any:
        return self.compute(obj)


class ComputedStr(_Computed, fields.Str):
    pass


class ComputedInt(_Computed, fields.Int):
    pass


class ComputedBool(_Computed, fields.Bool):
    pass


class ComputedNested(_Computed, fields.Nested):
    pass


class ComputedList(_Computed, fields.List[Any]):
    pass
