"""Benchmarks that print figures and ratios (not tests: run them by hand)."""
