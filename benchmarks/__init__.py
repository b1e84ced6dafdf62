"""Benchmarks: run with ``make bench`` (see docs/performance.md). Not part of the test suite."""
