"""The bench's memory figure: a process tree's PSS counts the pages a child shares with its parent
after fork once, where the sum of RSS counts them in each process."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import bench_build

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="PSS needs Linux /proc")

# A parent fills 80 MB, forks two children that only read it, and all wait until the bench has sampled.
_SHARED = """
import os, sys, time
block = bytearray(os.urandom(1 << 20)) * 80
kids = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        sum(block[::4096])  # read: the pages stay shared
        time.sleep(1.5)
        os._exit(0)
    kids.append(pid)
time.sleep(1.5)
for pid in kids:
    os.waitpid(pid, 0)
"""


def test_the_tree_pss_counts_pages_shared_after_fork_once():
    _, peak = bench_build.run_process([sys.executable, "-c", _SHARED], memory=True)
    assert bench_build.HAS_PSS
    assert peak.rss > 3 * 80  # three processes each "holding" the 80 MB
    assert 80 <= peak.pss < 80 + 60  # the 80 MB once, plus three interpreters
    assert 80 <= peak.largest < peak.rss


def test_a_process_tree_holds_its_children_and_a_process_has_both_figures():
    import os

    assert os.getpid() in bench_build._tree(os.getppid())
    rss, pss = bench_build._memory(os.getpid())
    assert rss > 0 and pss is not None and 0 < pss <= rss
