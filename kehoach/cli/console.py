"""The terminal the clerk reads: UTF-8 output on any console, coloured `[lỗi]`/`[cảnh báo]` tags, a progress line."""
from __future__ import annotations

import os
import sys
import threading
import time

from ..errors import ERROR, Problem, in_reading_order

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without loading `typing` on every start
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Self, TextIO

_SAMPLE = "Ủy ban nhân dân xã — ngày tháng năm"
_COLOURS = {ERROR: "\033[1;31m", "cảnh báo": "\033[33m"}
_RESET = "\033[0m"
_SPINNER = "|/-\\"


def prepare_streams() -> None:
    """Make stdout/stderr able to write Vietnamese: a Windows console or pipe in cp1252 would crash on "ư"."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            _SAMPLE.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(encoding="utf-8", errors="replace")


def colour_wanted(stream: TextIO) -> bool:
    """Colour only on a terminal, never when NO_COLOR is set (no-color.org) or the terminal is dumb."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return False
    return os.name != "nt" or _enable_windows_ansi()


def _enable_windows_ansi() -> bool:
    """Turn on ANSI escapes in a Windows 10+ console (ENABLE_VIRTUAL_TERMINAL_PROCESSING); False when refused."""
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.GetStdHandle(-12)  # STD_ERROR_HANDLE
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel32.SetConsoleMode(handle, mode.value | 0x0004))
    except (AttributeError, OSError):
        return False


def tagged(problem: Problem, colour: bool) -> str:
    """Return the problem as shown: its tag coloured when `colour`."""
    if not colour or problem.severity not in _COLOURS:
        return str(problem)
    return f"{_COLOURS[problem.severity]}{problem.tag}{_RESET} {problem.text}"


def say_once(show: Callable[[str], None] = print) -> Callable[[str], None]:
    """Return a printer that says each message once (the LibreOffice notice for every file of a batch)."""
    seen: set[str] = set()

    def say(message: str) -> None:
        if message not in seen:
            seen.add(message)
            show(message)

    return say


def print_problems(problems: Iterable[Problem], stream: TextIO | None = None) -> None:
    """Print problems sorted by file and line, tags coloured where the terminal shows colour."""
    stream = stream or sys.stderr
    sys.stdout.flush()  # what was said before comes before, even when both streams go to one file
    colour = colour_wanted(stream)
    for problem in in_reading_order(list(problems)):
        print(tagged(problem, colour), file=stream)


class Progress:
    """A one-line spinner with elapsed seconds on stderr; shows after `delay` s, only on a terminal."""

    def __init__(self, label: str, delay: float = 1.0, stream: TextIO | None = None):
        self.label = label
        self.delay = delay
        self.stream = stream or sys.stderr
        self.active = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._shown = False
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        if self.active:
            self._thread = threading.Thread(target=self._spin, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._clear()

    def say(self, message: str) -> None:
        """Print a line of its own without tearing the spinner line."""
        with self._lock:
            self._clear_locked()
            print(message, flush=True)

    def _spin(self) -> None:
        started = time.monotonic()
        if self._stop.wait(self.delay):
            return
        turn = 0
        while not self._stop.is_set():
            seconds = int(time.monotonic() - started)
            with self._lock:
                self.stream.write(f"\r{_SPINNER[turn % len(_SPINNER)]} {self.label}… {seconds} giây ")
                self.stream.flush()
                self._shown = True
            turn += 1
            self._stop.wait(0.2)

    def _clear(self) -> None:
        with self._lock:
            self._clear_locked()

    def _clear_locked(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * (len(self.label) + 20) + "\r")
            self.stream.flush()
            self._shown = False

