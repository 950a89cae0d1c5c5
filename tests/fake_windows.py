"""Run kehoach as if on Windows, where no real Windows is at hand: a fresh Python in which

- the POSIX-only modules (fcntl, termios, pwd, grp, resource …) cannot be imported, as on Windows;
- `msvcrt` exists (a stub whose locking works through a lock table, for code that locks files);
- kehoach sees `os.name == "nt"` and `sys.platform == "win32"` from its first import on (the standard
  library and third-party packages keep the real values, or pathlib, subprocess and ctypes-based code
  would stop working on this Linux machine);
- stdout and stderr are cp1252, as a Windows console redirected to a file or pipe is.

`run_cli(args, cwd)` runs the CLI that way in a subprocess and returns (exit code, stdout, stderr), the
output decoded as UTF-8 (what kehoach must switch the streams to).
"""
from __future__ import annotations

import builtins
import importlib.abc
import importlib.machinery
import os
import subprocess
import sys
import types
from pathlib import Path

BLOCKED = frozenset({"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "syslog", "curses",
                     "readline", "posix_ipc"})
TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
# Characters and names NTFS refuses in a file name (plus what Windows tools trip on).
NTFS_FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}
NTFS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def ntfs_problem(name: str) -> str | None:
    """Return why `name` cannot be a file name on NTFS (or is not ASCII), or None when it can."""
    if any(c in NTFS_FORBIDDEN for c in name):
        return "ký tự cấm trên NTFS"
    if name.endswith((" ", ".")):
        return "kết thúc bằng dấu cách hoặc dấu chấm"
    if name.split(".")[0].upper() in NTFS_RESERVED:
        return "tên dành riêng của Windows"
    if not name.isascii():
        return "có ký tự ngoài ASCII"
    return None


class _Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (giả lập Windows)", name=name)


class _WindowsView(types.ModuleType):
    """A module that answers like `real` except for the attributes given (os.name = "nt" …)."""

    def __init__(self, real: types.ModuleType, **overrides):
        super().__init__(real.__name__)
        self.__dict__.update(overrides)
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)


def _msvcrt_stub() -> types.ModuleType:
    msvcrt = types.ModuleType("msvcrt")
    held: dict[int, int] = {}
    msvcrt.LK_UNLCK, msvcrt.LK_LOCK, msvcrt.LK_NBLCK, msvcrt.LK_RLCK, msvcrt.LK_NBRLCK = 0, 1, 2, 3, 4

    def locking(fd: int, mode: int, nbytes: int) -> None:
        key = os.fstat(fd).st_ino
        if mode == msvcrt.LK_UNLCK:
            held.pop(key, None)
        elif key in held and held[key] != fd:
            raise PermissionError(13, "Permission denied")
        else:
            held[key] = fd

    msvcrt.locking = locking
    msvcrt.get_osfhandle = lambda fd: fd
    msvcrt.setmode = lambda fd, flags: 0
    msvcrt.kbhit = lambda: False
    return msvcrt


class _Patcher(importlib.abc.MetaPathFinder):
    """Make `import os` / `import sys` in kehoach give the Windows views, so that
    branches on `os.name` or `sys.platform` taken at import time go the Windows way too."""

    # Only kehoach: a portable library (filelock …) takes its Windows branch through ctypes.WinDLL and
    # the like, which cannot run here; its own CI covers Windows, ours covers our branches.
    PACKAGES = ("kehoach",)

    def __init__(self):
        self.os_view = _WindowsView(os, name="nt", sep="\\", linesep="\r\n")
        self.sys_view = _WindowsView(sys, platform="win32")

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] not in self.PACKAGES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchingLoader(spec.loader, self)
        return spec


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, inner, patcher: _Patcher):
        self.inner = inner
        self.patcher = patcher

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module):
        views = {"os": self.patcher.os_view, "sys": self.patcher.sys_view}

        def windows_import(name, globals=None, locals=None, fromlist=(), level=0):
            found = builtins.__import__(name, globals, locals, fromlist, level)
            top = name.partition(".")[0]
            if level == 0 and top in views and (not fromlist or name == top):
                return views[top]
            return found

        module.__dict__["__builtins__"] = {**vars(builtins), "__import__": windows_import}
        self.inner.exec_module(module)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def install() -> None:
    """Make this interpreter look like Windows to kehoach (call before importing kehoach)."""
    for name in list(sys.modules):
        if name.partition(".")[0] in BLOCKED:
            del sys.modules[name]
    sys.meta_path.insert(0, _Blocker())
    sys.meta_path.insert(1, _Patcher())
    sys.modules["msvcrt"] = _msvcrt_stub()


_PRELUDE = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
import fake_windows
fake_windows.install()
"""
_CLI = """
from kehoach.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def run_cli(args, cwd: Path) -> tuple[int, str, str]:
    """Run `kehoach ARGS` in a fresh faked-Windows Python in `cwd`; return (code, stdout, stderr)."""
    return run_python(_CLI, args, cwd)


def run_python(code: str, args=(), cwd: Path | None = None) -> tuple[int, str, str]:
    """Run Python `code` (with `args` in sys.argv[1:]) in a fresh faked-Windows Python."""
    environment = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONPATH": str(REPO)}
    environment.pop("PYTHONUTF8", None)
    done = subprocess.run([sys.executable, "-X", "utf8=0", "-c", _PRELUDE + code, *map(str, args)],
                          cwd=cwd or REPO, env=environment, capture_output=True, timeout=600, check=False)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
