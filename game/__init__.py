"""The game domain: pure rules, persistence and the use-case services."""
