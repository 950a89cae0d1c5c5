"""Placeholder command group; filled in by its own work item."""


def add_subcommands(sub) -> None:
    return None
