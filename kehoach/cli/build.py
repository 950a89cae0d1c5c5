"""Commands `build` (the default) and `check`: validate data, build drafts of every dossier into out/."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import summarize
from .console import print_problems
from .values import add_data, number

_LISTED = 12  # up to this many drafts built, each path is printed


def add_subcommands(sub) -> None:
    p = sub.add_parser("build", help="kiểm tra dữ liệu và dựng bản nháp mọi văn bản vào thư mục out/",
                       epilog="Ví dụ: kehoach build --nghiem")
    _folders(p)
    add_build_options(p)
    p.add_argument("--nghiem", action="store_true", help="coi cảnh báo như lỗi (dừng lại)")
    p.set_defaults(func=run_build)
    p = sub.add_parser("check", help="chỉ kiểm tra dữ liệu, không dựng văn bản",
                       epilog="Ví dụ: kehoach check --data data")
    _folders(p)
    p.add_argument("--nghiem", action="store_true", help="coi cảnh báo như lỗi")
    p.set_defaults(func=run_check)


def add_build_options(p: argparse.ArgumentParser) -> None:
    """Options of a build, given to `build` and to the bare `kehoach` (which builds)."""
    p.add_argument("--tat-ca", action="store_true", default=argparse.SUPPRESS,
                   help="dựng lại mọi văn bản, kể cả văn bản không có gì thay đổi")
    p.add_argument("--jobs", type=number("--jobs", 1, 256), default=argparse.SUPPRESS, metavar="N",
                   help="số tiến trình dựng song song (mặc định: số lõi CPU)")


def _folders(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a value given before the subcommand (`--out X build`) is not reset to the default.
    add_data(p)
    p.add_argument("--out", type=Path, metavar="THƯ_MỤC", default=argparse.SUPPRESS, help="thư mục bản nháp")


def _print_warnings(project) -> None:
    print_problems(project.warnings)


def _strict_stop(project, args) -> bool:
    if getattr(args, "nghiem", False) and project.warnings:
        print(f"Dừng vì chạy với --nghiem: {summarize(project.warnings)}.", file=sys.stderr)
        return True
    return False


def run_check(args) -> int:
    from ..pipeline import load_project

    project = load_project(args.data)
    _print_warnings(project)
    if _strict_stop(project, args):
        return 1
    n = sum(len(d.documents) for d in project.dossiers)
    print(f"Dữ liệu hợp lệ: {len(project.dossiers)} hồ sơ, {n} văn bản ({summarize(project.warnings)}).")
    return 0


def run_build(args) -> int:
    from ..batch.runner import build_all

    with _Progress() as progress:
        result = build_all(args.data, args.out, jobs=getattr(args, "jobs", None),
                           force=getattr(args, "tat_ca", False), strict=getattr(args, "nghiem", False),
                           progress=progress.update)
    print_problems(result.warnings)
    if result.strict_stop:
        print(f"Dừng vì chạy với --nghiem: {len(result.warnings)} cảnh báo.", file=sys.stderr)
        return 1
    total = len(result.built) + result.kept
    if not result.built:
        print(f"Không có gì thay đổi: {total} văn bản đã mới nhất.")
    else:
        if len(result.built) <= _LISTED:
            for path in result.built:
                print(f"  {path}")
        rate = len(result.built) / result.seconds if result.seconds else 0.0
        kept = f"; {result.kept} văn bản không đổi" if result.kept else ""
        print(f"Đã dựng {len(result.built)} văn bản nháp vào {args.out}/ trong {result.seconds:.1f} giây "
              f"({rate:.0f} văn bản/giây{kept}).")
    print_problems(result.since_issue)
    code = _report_format(result.findings)
    print(f"Bản nháp ở thư mục: {Path(args.out).resolve()}")
    return code


def _report_format(findings: list[tuple[Path, str, bool]]) -> int:
    """Say what the ND 30 checker found in the drafts (drafts are built regardless)."""
    for path, finding, _ in findings:
        print(f"{path}: {finding}", file=sys.stderr)
    errors = sum(1 for _, _, is_error in findings if is_error)
    if findings:
        print(f"Kiểm tra thể thức: {errors} lỗi, {len(findings) - errors} cảnh báo "
              "(văn bản có lỗi thể thức sẽ không được ban hành).", file=sys.stderr)
    else:
        print("Kiểm tra thể thức theo NĐ 30/2020: không có lỗi.")
    return 0


class _Progress:
    """A progress bar with documents per second on a terminal; nothing otherwise (the summary says it)."""

    def __init__(self):
        self.bar = None

    def __enter__(self):
        return self

    def update(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=" văn bản", desc="Dựng bản nháp", leave=False, file=sys.stderr)
        self.bar.total = max(total, done)
        self.bar.update(done - self.bar.n)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
