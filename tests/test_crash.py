"""Crash safety of `issue`: real processes killed with SIGKILL between steps, then verify and repair.

Each test runs `issue` in a child process. Either the child kills itself with SIGKILL at a
named step (KEHOACH_CRASH_AT, see `issuing.checkpoint`), or the parent SIGKILLs it from the
outside at some moment. Afterwards `verify` must name the problem, and `verify --sua` or a
rerun of `issue` must finish the document with the reserved number: no number reused or skipped.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_issuing import BC, FAKE, KH, TB, docx_text, fake_project, issue, verify

import kehoach
from kehoach.register import issuing
from kehoach.register.store import ISSUED
from kehoach.render.pdf import find_libreoffice

REPO = Path(kehoach.__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

CHILD = """
import datetime as dt, sys
sys.path.insert(0, {tests!r})
from test_issuing import fake_project, FAKE
from kehoach.register import issuing
root, doc, day, pdf = sys.argv[1:5]
e = issuing.issue(fake_project(root), doc, dt.date.fromisoformat(day), builder=FAKE, make_pdf=pdf == "1", say=print)
print(e.number)
"""


def start_issue(root: Path, doc: str, day: str, *, crash_at: str | None = None, pdf: bool = False,
                go_file: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(issuing.CRASH_ENV, None)
    if crash_at:
        env[issuing.CRASH_ENV] = crash_at
    code = CHILD.format(tests=str(TESTS))
    if go_file is not None:  # start line: every child waits for the same file, then issues at once
        code = f"import os, time\nwhile not os.path.exists({str(go_file)!r}): time.sleep(0.001)\n" + code
    return subprocess.Popen([sys.executable, "-c", code, str(root), doc, day, "1" if pdf else "0"],
                            env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_issue(root, doc, day, **kw) -> subprocess.CompletedProcess:
    p = start_issue(root, doc, day, **kw)
    out, err = p.communicate(timeout=120)
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


def numbers(project, year=2024):
    return [(str(e.number), e.state) for e, _ in issuing.register_rows(project, year)]


def assert_whole(project, expected):
    """The register holds exactly `expected` (all issued) and every original is in place and intact."""
    assert numbers(project) == [(n, ISSUED) for n in expected]
    assert verify(project) == []
    for e, _ in issuing.register_rows(project, 2024):
        assert docx_text(project.settings.archive_dir / e.file_path)[0] == f"Số: {e.number}"
    leftovers = [p.name for p in project.settings.archive_dir.rglob(".tmp-*")]
    assert leftovers == []


STEPS = ["after-reserve", "after-write", "after-rename"]


@pytest.mark.parametrize("how", ["verify --sua", "rerun issue"])
@pytest.mark.parametrize("step", STEPS)
def test_kill_at_each_step_is_reported_and_repaired_with_the_same_number(tmp_path, step, how):
    project = fake_project(tmp_path)
    issue(project, KH, dt.date(2024, 3, 15))

    killed = run_issue(tmp_path, BC, "2024-03-20", crash_at=step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    problems = [str(p) for p in verify(project)]
    assert any("02/BC-UBND ngày 20/3/2024" in m and "bị ngắt" in m for m in problems), problems
    if step == "after-write":
        assert list(project.settings.archive_dir.rglob(".tmp-*")), "a temporary file is left behind"
        assert not (project.settings.archive_dir / "2024" / "02-BC-UBND.docx").exists()
    if step == "after-rename":
        assert any("bản gốc đã lưu nhưng sổ chưa ghi xong" in m for m in problems)

    if how == "verify --sua":
        assert verify(project, repair=True) == []
    else:
        rerun = run_issue(tmp_path, BC, "2024-03-25")  # a later date must not change the reserved one
        assert rerun.returncode == 0, rerun.stderr
        assert rerun.stdout.splitlines()[-2:] == [
            "Đã hoàn tất văn bản ban hành dở: số 02/BC-UBND ngày 20/3/2024 (xa-2024/bao-cao-quy-1).", "02/BC-UBND"]
    assert_whole(project, ["01/KH-UBND", "02/BC-UBND"])
    (e, _), = [r for r in issuing.register_rows(project, 2024) if r[0].doc_id == BC]
    assert e.date == dt.date(2024, 3, 20)
    # The next issue continues the series: nothing reused, nothing skipped.
    assert str(issue(project, TB, dt.date(2024, 3, 26)).number) == "03/TB-UBND"


@pytest.mark.skipif(find_libreoffice() is None, reason="LibreOffice not installed")
def test_kill_after_pdf_is_repaired_keeping_the_pdf(tmp_path):
    project = fake_project(tmp_path)
    killed = run_issue(tmp_path, KH, "2024-03-15", crash_at="after-pdf", pdf=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    pdf = project.settings.archive_dir / "2024" / "01-KH-UBND.pdf"
    before = pdf.read_bytes()
    assert verify(project)
    assert issuing.verify(project, repair=True, builder=FAKE, say=lambda m: None) == []
    (e, _), = issuing.register_rows(project, 2024)
    assert e.pdf_path == "2024/01-KH-UBND.pdf" and pdf.read_bytes() == before


def test_killed_from_outside_at_any_moment(tmp_path):
    """SIGKILL from the parent at increasing delays; every outcome must verify clean after repair."""
    delays = [0.0, 0.15, 0.3, 0.45, 0.6, 0.8, 1.0, 1.5]
    for i, delay in enumerate(delays):
        root = tmp_path / f"run{i}"
        root.mkdir()
        project = fake_project(root)
        issue(project, KH, dt.date(2024, 3, 15))
        child = start_issue(root, BC, "2024-03-20")
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        assert verify(project, repair=True) == [], f"delay {delay}"
        rows = numbers(project)
        # Either the child never reserved a number, or number 02 is issued: never anything else.
        assert rows in ([("01/KH-UBND", ISSUED)], [("01/KH-UBND", ISSUED), ("02/BC-UBND", ISSUED)]), delay
        assert str(issue(project, TB, dt.date(2024, 3, 26)).number) == f"0{len(rows) + 1}/TB-UBND"
        assert verify(project) == []


def test_processes_issuing_at_the_same_moment_get_distinct_consecutive_numbers(tmp_path):
    project = fake_project(tmp_path)
    issue(project, KH, dt.date(2024, 3, 15))
    go = tmp_path / "go"
    children = [start_issue(tmp_path, doc, "2024-03-20", go_file=go) for doc in (BC, TB)]
    time.sleep(0.5)
    go.touch()
    outs = [c.communicate(timeout=120) for c in children]
    assert [c.returncode for c in children] == [0, 0], outs
    given = sorted(out.strip().splitlines()[-1] for out, _ in outs)
    assert sorted(n.split("/")[0] for n in given) == ["02", "03"]
    assert verify(project) == []


def test_rerun_after_a_crash_with_changed_data_does_not_guess(tmp_path):
    project = fake_project(tmp_path)
    killed = run_issue(tmp_path, KH, "2024-03-15", crash_at="after-reserve")
    assert killed.returncode == -signal.SIGKILL
    (project.data_dir / f"{KH}.txt").write_text("Sửa sau khi giữ số\n", encoding="utf-8")
    problems = [str(p) for p in verify(project, repair=True)]
    assert any("01/KH-UBND" in m and "bị ngắt" in m for m in problems)
    rerun = run_issue(tmp_path, KH, "2024-03-15")
    assert rerun.returncode != 0 and "dữ liệu đã thay đổi từ lúc giữ số" in rerun.stderr
    # The lawful way out: cancel the reserved number; it stays in the book, never given again.
    issuing.cancel(project, "Dữ liệu thay đổi sau khi giữ số", number=issuing.parse_number("01/KH-UBND"), year=2024)
    assert verify(project) == []
    assert str(issue(project, KH, dt.date(2024, 3, 16)).number) == "02/KH-UBND"
