"""Use-case services: load a snapshot, apply the pure rules, write, return events.

They sit beside the rules (the imperative shell); the API layer calls them and emits
the returned events after the transaction commits.
"""
