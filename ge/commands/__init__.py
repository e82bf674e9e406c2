"""One module per `ge` sub-command (see `ge.cli.COMMANDS`)."""
