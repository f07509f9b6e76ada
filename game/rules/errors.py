"""Rule violations, each with a stable code for clients and a French message for people."""

from __future__ import annotations


class RuleViolation(Exception):
    """A player or facilitator asked for something the rules do not allow.

    ``code`` is stable for programs; ``message`` is plain French for the person.
    ``status`` hints the HTTP layer: 409 for "not now", 404 for "no such thing",
    422 for "this input cannot be right".
    """

    status = 409

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class NotFound(RuleViolation):
    status = 404


class InvalidInput(RuleViolation):
    status = 422


class Forbidden(RuleViolation):
    """The caller is known but may not do this (a counsellor, a banned phone)."""

    status = 403
