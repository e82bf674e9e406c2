"""Lower bounds of a month's cost: the linear programme (`programme`), the month's linear relaxation
(`relaxation`) strengthened by whole employee months (`lagrangian`), and the relaxation as the search uses
it, within its share of the time limit (`month_relaxation`)."""
