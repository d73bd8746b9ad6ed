"""Benchmarks of the app against baselines measured in the same run: `python -m bench`."""
