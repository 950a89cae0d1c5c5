"""Helpers for the register commands run through the real CLI in a clerk's folder (fixture `clerk`)."""
from __future__ import annotations

from pathlib import Path

from kehoach.cli.main import main

DOSSIER = "son-giang-2024"


def cli(capsys, *argv) -> tuple[int, str, str]:
    """Run `kehoach ARGV` in-process; return (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def issue_two(capsys) -> None:
    """Issue the plan (01/KH-UBND, 15/3/2024) and the notice (02/TB-UBND, 18/3/2024) of the seed."""
    assert cli(capsys, "issue", f"{DOSSIER}/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf")[0] == 0
    assert cli(capsys, "issue", f"{DOSSIER}/thong-bao-phan-cong", "--ngay", "18/03/2024", "--khong-pdf")[0] == 0


def state(root: Path) -> dict[str, bytes]:
    """Every file of the archive (register included), by path: what a refusal must leave as it was."""
    folder = Path(root) / "van-thu"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rows(root: Path, year: int = 2024) -> list:
    """Return the register rows of `year` in the clerk's folder `root`."""
    from kehoach.cli.intake import register_project
    from kehoach.register import issuing

    class Args:
        data = Path(root) / "data"

    return [e for e, _ in issuing.register_rows(register_project(Args), year)]
