"""the archive folder is on a read-only drive; the register cannot even be opened."""
from faults import read_only


def wrap(command, root):
    return read_only("van-thu", command)
