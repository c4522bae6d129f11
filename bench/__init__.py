"""Benchmarks (`make bench`): search latency by catalog size, assistant time per turn, Redis round trips."""
