"""Pure game rules: everything comes in as arguments, decisions and events come out.

No Flask, no SQLAlchemy, no marshmallow, no clock, no randomness, no I/O here
(enforced by the import-linter contracts in pyproject.toml).
"""
