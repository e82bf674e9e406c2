"""Solve jobs: a month's solve never runs in an HTTP request.

- `jobs.store`: the `solve_job` rows (status, progress, heartbeat, cancel flag, result plan).
- `jobs.service`: submit, cancel, retry, look up; picks the backend from the database URL.
- `jobs.execute`: the process that solves one job (`python -m jobs.execute JOB_ID`), writing progress
  and heartbeats, and the draft plan in one transaction at the end.
- `jobs.local`: a pool of such processes (SQLite, the embedded default; also `ge worker` on SQLite).
- `jobs.queue`: Procrastinate on PostgreSQL: any number of `ge worker` machines take solves.

Nothing heavy is imported here.
"""
