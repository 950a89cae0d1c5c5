"""Typed command-line values: numbers are checked at the boundary, so an absurd one is a message, not a crash."""
from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from ..errors import KehoachError, Problem

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without loading `typing` on every start
if TYPE_CHECKING:
    import datetime as dt

_DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII digits only, and few enough that int() stays cheap


def number(option: str, lo: int, hi: int, what: str = "một số nguyên") -> Callable[[str], int]:
    """Return an argparse `type` for `option` accepting ASCII whole numbers from `lo` to `hi`.

    A bad value raises KehoachError (exit code 1, one message naming the option), not argparse's
    English usage error.
    """
    def parse(text: str) -> int:
        value = text.strip()
        if not _DIGITS.fullmatch(value) or not lo <= int(value) <= hi:
            shown = value if len(value) <= 24 else value[:23] + "…"
            raise KehoachError(Problem(f"cần {what} từ {lo} đến {hi} (chữ số 0–9), nhưng gặp “{shown}”",
                                       field=option))
        return int(value)

    return parse


def year(option: str = "--nam") -> Callable[[str], int]:
    """Return an argparse `type` for a year such as 2024."""
    return number(option, 1945, 2999, "một năm")


def day(option: str = "--ngay") -> Callable[[str], dt.date]:
    """Return an argparse `type` for a date written DD/MM/YYYY (15/03/2024)."""
    def parse(text: str) -> dt.date:
        from ..rules.vn import parse_date  # loaded when a date is given, not for --help

        try:
            return parse_date(text)
        except ValueError as e:
            raise KehoachError(Problem(str(e), field=option)) from e

    return parse


def add_data(parser: argparse.ArgumentParser) -> None:
    """Give a command `--data`, the folder of dossiers."""
    # SUPPRESS: a value given before the command (`--data X issue …`) is not reset to the default.
    parser.add_argument("--data", type=Path, metavar="THƯ_MỤC", default=argparse.SUPPRESS,
                        help="thư mục dữ liệu (mặc định: data)")


def data_parent() -> argparse.ArgumentParser:
    """Return the parent parser that gives a command `--data`."""
    data = argparse.ArgumentParser(add_help=False)
    add_data(data)
    return data
