"""Marshmallow schemas of the REST API: request bodies are validated here, responses
dumped here, and both documented in the OpenAPI document."""

from marshmallow import validate

# An id in a body is a database integer: beyond 2⁶³ it names nothing, and SQLite would
# raise an OverflowError (a 500) instead of « introuvable »
DB_ID = validate.Range(min=1, max=2**63 - 1, error="identifiant inconnu")
