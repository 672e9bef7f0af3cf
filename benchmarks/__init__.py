"""Benchmarks, run by `make bench` (python -m benchmarks [name ...]).

Their figures go to docs/benchmarks.md.
"""
