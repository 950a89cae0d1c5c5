"""Command line: argparse with Vietnamese help; the one place a KehoachError becomes a message and exit code."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import KehoachError, summarize
from .console import prepare_streams, print_problems

INSTALL_HINT = ("Thiếu thư viện “{name}”: kehoach chưa được cài vào Python này ({python}). Trong thư mục "
                "dự án, chạy: python3 bootstrap.py (Windows: py bootstrap.py), rồi dùng .venv/bin/kehoach "
                "(Windows: .venv\\Scripts\\kehoach).")


# argparse speaks English; a clerk reads these words on every --help and every mistyped command.
_WORDS = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lệnh %(value)r (chọn một trong: %(choices)s)",
    "expected one argument": "cần một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ, có thể là: %(matches)s",
    "not allowed with argument %s": "không dùng cùng với %s",
    "one of the arguments %s is required": "cần một trong các tham số: %s",
}
argparse._ = lambda text: _WORDS.get(text, text)  # argparse looks every message up through `_`


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kehoach",
        description="Soạn văn bản kế hoạch, báo cáo quý, thông báo phân công theo Nghị định 30/2020/NĐ-CP; "
        "ban hành, vào sổ và lưu văn bản. Không có lệnh con: dựng bản nháp mọi hồ sơ trong data/.",
        epilog="Ví dụ: kehoach moi xa-moi-2025 rồi kehoach (xem hướng dẫn từng lệnh: kehoach LỆNH --help)",
    )
    parser.add_argument("--data", type=Path, metavar="THƯ_MỤC", default=Path("data"), help="thư mục dữ liệu (mặc định: data)")
    parser.add_argument("--out", type=Path, metavar="THƯ_MỤC", default=Path("out"), help="thư mục bản nháp (mặc định: out)")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    # Each command group lives in its own module; argparse wiring is their only shared contract.
    from . import backup, build, dossiers, inputs, intake, lint, register, templates, tracking

    for group in (build, register, intake, backup, lint, dossiers, templates, inputs, tracking):
        group.add_subcommands(sub)
    build.add_build_options(parser)  # `kehoach --tat-ca` builds like `kehoach build --tat-ca`
    parser.set_defaults(func=build.run_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the program; return the exit code (0 ok, 1 user error, 2 bad arguments)."""
    prepare_streams()
    try:
        parser = _build_parser()
        args = parser.parse_args(argv)  # inside: a typed option (cli/values.py) refuses with a KehoachError
        return args.func(args) or 0
    except KehoachError as e:
        print_problems(e.problems)
        if len(e.problems) > 1:
            print(f"Tổng cộng: {summarize(e.problems)}.", file=sys.stderr)
        return 1
    except ModuleNotFoundError as e:
        top = (e.name or "kehoach").partition(".")[0]
        if top == "kehoach" or top in sys.stdlib_module_names:
            raise  # our own or a standard module missing is a bug (or a platform's), not a set-up problem
        print(INSTALL_HINT.format(name=e.name, python=sys.executable), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader stopped early (`kehoach list | more`, `| head`): nothing went wrong with the work itself.
        # Point stdout at nothing so the interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
