"""The `ge` command line: the edge where files, the engine, the database and the service meet."""
