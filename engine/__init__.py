"""ge-engine: plans and bills the shared staff of French employer groups (groupements d'employeurs).

`engine` is the pure domain layer: models, scenario loading, time and calendar helpers, travel, and
the compliance checker. It never imports the API or the database.
"""

__version__ = "0.1.0"
