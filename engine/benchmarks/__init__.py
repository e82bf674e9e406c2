"""Public benchmarks the engine is measured on: readers of their formats and independent evaluators.

A benchmark's evaluator works on the benchmark's own data (the raw instance and a roster), never on the
engine's domain or solver, so that a mistake in the mapping or the model cannot hide behind itself.
"""
