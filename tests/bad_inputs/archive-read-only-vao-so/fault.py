"""vao-so of a number given elsewhere while the archive folder is read-only."""
from faults import read_only


def wrap(command, root):
    return read_only("van-thu", command)
