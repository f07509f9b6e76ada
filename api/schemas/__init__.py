"""Marshmallow schemas of the REST API: request bodies are validated here, responses
dumped here, and both documented in the OpenAPI document."""
