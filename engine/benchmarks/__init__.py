"""Research and measurement, apart from the product path: public benchmarks the engine is measured on
(readers of their formats and independent evaluators: `curtois`, `curtois_domain`, `curtois_eval`,
`curtois_run`), the large-neighbourhood search for long rosters (`lns`), the best bound of whole employee
months by column generation (`columns`, `ge bench bound`), the relaxation of a built CP-SAT model
(`proto_bound`) and the checker's timing on long horizons (`checker_timing`). Nothing in the solver,
checker or billing imports this package.

A benchmark's evaluator works on the benchmark's own data (the raw instance and a roster), never on the
engine's domain or solver, so that a mistake in the mapping or the model cannot hide behind itself.
"""
