"""Persistence: SQLAlchemy 2 typed models, the engine and Alembic migrations."""
