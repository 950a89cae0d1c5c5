"""Windows, faked where no real one is at hand (tests/fake_windows.py): the CLI end to end, UTF-8 output on a
cp1252 console, file names NTFS accepts."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import mark_as_real
from fake_windows import REPO, ntfs_problem, run_cli, run_python

from kehoach.cli.console import prepare_streams

# The archive lock of register/issuing.py is made portable on another branch; until it lands the CLI
# cannot even start where fcntl is missing, which is what the end-to-end test shows.
ISSUING_NEEDS_FCNTL = "\nimport fcntl\n" in (REPO / "kehoach/register/issuing.py").read_text(encoding="utf-8")
needs_portable_lock = pytest.mark.xfail(ISSUING_NEEDS_FCNTL, reason="issuing.py still imports fcntl at start-up",
                                        strict=True)


def test_the_fake_is_windows_to_kehoach_only():
    code, out, err = run_python(
        "import os, importlib\n"
        "try:\n    import fcntl\nexcept ModuleNotFoundError:\n    print('fcntl: none')\n"
        "import msvcrt, kehoach.cli.console as c\n"
        "print(c.os.name, c.sys.platform, os.name, sys.stdout.encoding)\n")
    assert code == 0, err
    assert out.splitlines() == ["fcntl: none", "nt win32 posix cp1252"]


def test_drafts_build_under_windows(project):
    code, out, err = run_python(
        "from pathlib import Path\n"
        "from kehoach.pipeline import build_drafts, load_project\n"
        "paths = build_drafts(load_project(Path('data')), Path('out'))\n"
        "print(len(paths))\n", cwd=project)
    assert code == 0, err
    assert out.strip() == "6"
    assert not [p for p in (project / "out").rglob("*") if ntfs_problem(p.name)]


@needs_portable_lock
def test_cli_end_to_end_under_windows(project):
    mark_as_real(project / "data/son-giang-2024")
    pdf = [] if shutil.which("soffice") else ["--khong-pdf"]

    code, out, err = run_cli(["--help"], project)
    assert code == 0, err
    assert "Ví dụ:" in out and "ban hành" in out  # Vietnamese through a cp1252 console, not "?" or a crash

    code, out, err = run_cli([], project)
    assert code == 0, err
    assert "Đã dựng 6 văn bản nháp" in out

    code, out, err = run_cli(["moi", "xa-moi-2025"], project)
    assert code == 0, err

    code, out, err = run_cli(["issue", "son-giang-2024/ke-hoach", "--ngay", "15/03/2024", *pdf], project)
    assert code == 0, err
    assert "Đã ban hành son-giang-2024/ke-hoach: số 01/KH-UBND ngày 15/03/2024." in out

    code, out, err = run_cli(["verify"], project)
    assert code == 0, err
    assert "khớp nhau: 1 dòng" in out

    code, out, err = run_cli(["register", "--nam", "2024"], project)
    assert code == 0, err
    assert (project / "van-thu/so-van-ban-di-2024.docx").exists()

    code, out, err = run_cli(["list"], project)
    assert code == 0 and "đã ban hành" in out, err

    made = [p for p in project.rglob("*") if p.is_file()]
    bad = {str(p.relative_to(project)): ntfs_problem(p.name) for p in made if ntfs_problem(p.name)}
    assert bad == {}
    archived = [p for p in (project / "van-thu").rglob("*.docx")]
    assert archived and all(len(p.name) <= 50 for p in archived)  # what goes on to e-office systems


def test_messages_survive_a_cp1252_console(monkeypatch):
    raw = io.BytesIO()
    console = io.TextIOWrapper(raw, encoding="cp1252", errors="strict")
    monkeypatch.setattr(sys, "stdout", console)
    prepare_streams()
    print("Đã dựng 6 văn bản nháp")
    console.flush()
    assert raw.getvalue().decode("utf-8") == "Đã dựng 6 văn bản nháp\n"


def test_repository_file_names_are_valid_on_ntfs():
    try:
        tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    bad = [path for path in tracked.splitlines() for part in Path(path).parts if ntfs_problem(part)]
    assert bad == []
