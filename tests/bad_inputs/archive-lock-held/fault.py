"""another command holds the archive's writer lock for longer than kehoach waits."""
import subprocess
import sys

HOLD = ("import sys, time\nfrom filelock import FileLock\nlock = FileLock(sys.argv[1])\nlock.acquire()\n"
        "print('giu', flush=True)\ntime.sleep(300)\n")
holder = []


def apply(root):
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(root / "van-thu" / ".ban-hanh.lock")],
                         stdout=subprocess.PIPE, text=True)
    holder.append(p)
    assert p.stdout.readline().strip() == "giu"


def wrap(command, root):
    # The child waits one second instead of a minute: the lock is held for five.
    python, flag, child, *args = command
    return [python, flag, "from kehoach.register import issuing\nissuing.LOCK_TIMEOUT = 1.0\n" + child, *args]


def restore(root):
    for p in holder:
        p.kill()
        p.wait()
        p.stdout.close()
    holder.clear()
