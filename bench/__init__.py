"""Benchmarks (not part of the installed package, not collected by pytest)."""
