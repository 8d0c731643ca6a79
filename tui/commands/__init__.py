"""Command-line entry points: one module per sub-command, sharing :mod:`tui.commands.common`."""
