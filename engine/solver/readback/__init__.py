"""A solved model read back into the domain: assignments, unfilled needs and cost terms (`extract`), why a
need stays unfilled (`reasons`) and the terminal summary of a plan (`summary`)."""
