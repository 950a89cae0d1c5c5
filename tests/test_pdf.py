"""PDF conversion: LibreOffice found where Windows installs it, warm offices for a batch, and the
one-shot `soffice` when a warm office cannot start."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from fake_windows import run_python

from kehoach.render import pdf

needs_office = pytest.mark.skipif(pdf.find_libreoffice() is None, reason="LibreOffice chưa cài")


def test_libreoffice_is_found_in_the_windows_program_folders(tmp_path):
    x86 = tmp_path / "Program Files (x86)"
    exe = x86 / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    (tmp_path / "Program Files").mkdir()
    code, out, err = run_python(
        "import os, sys\n"
        "os.environ['PATH'] = sys.argv[1]\n"
        "os.environ['ProgramFiles'] = sys.argv[2]\n"
        "os.environ['ProgramFiles(x86)'] = sys.argv[3]\n"
        "from kehoach.render import pdf\n"
        "print(pdf.os.name, pdf.find_libreoffice())\n"
        "os.environ['ProgramFiles(x86)'] = sys.argv[2]\n"
        "print(pdf.find_libreoffice())\n",
        args=[tmp_path / "empty", tmp_path / "Program Files", x86])
    assert code == 0, err
    assert out.splitlines() == [f"nt {exe}", "None"]


def test_on_path_it_is_found_as_before(tmp_path, monkeypatch):
    exe = tmp_path / "soffice"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.find_libreoffice() == str(exe)


@pytest.fixture
def drafts(project, run) -> list[Path]:
    assert run("--data", project / "data", "--out", project / "out")[0] == 0
    return sorted((project / "out").rglob("*.docx"))[:3]


def _office_can_start() -> bool:
    exe = pdf.find_libreoffice()
    return exe is not None and pdf.uno_python(exe) is not None and os.system(
        f"{pdf.uno_python(exe)} -c 'import uno' >/dev/null 2>&1") == 0


@needs_office
@pytest.mark.skipif(not _office_can_start(), reason="không có Python có uno (python3-uno) cho LibreOffice chạy nền")
def test_warm_offices_convert_a_batch_and_stop_afterwards(drafts, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "WARM_FROM", 2)
    notes: list[str] = []
    made = pdf.convert_to_pdf(drafts, tmp_path / "pdf", say=notes.append)
    assert notes == []  # no fallback
    assert [p.name for p in made] == [d.stem + ".pdf" for d in drafts]
    assert all(p.read_bytes()[:5] == b"%PDF-" for p in made)
    with pdf.Offices(pdf.find_libreoffice(), 1) as offices:
        (office,) = offices.offices
        server = office.process
        office.convert(drafts[0], tmp_path / "again.pdf")
        office_pid = int((Path(office.folder.name) / "office.pid").read_text())
    assert (tmp_path / "again.pdf").read_bytes()[:5] == b"%PDF-"
    assert server.poll() is not None  # the server is gone …
    with pytest.raises(ProcessLookupError):
        os.kill(office_pid, 0)  # … and so is its LibreOffice


@needs_office
def test_a_warm_office_that_cannot_start_falls_back_to_soffice(drafts, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "WARM_FROM", 2)
    monkeypatch.setenv(pdf.UNO_PYTHON_ENV, shutil.which("false") or "/bin/false")
    notes: list[str] = []
    made = pdf.convert_to_pdf(drafts[:2], tmp_path / "pdf", say=notes.append)
    assert len(notes) == 1 and "soffice" in notes[0] and notes[0].startswith("Lưu ý:")
    assert all(p.read_bytes()[:5] == b"%PDF-" for p in made)


@needs_office
def test_two_dossiers_plans_of_one_name_each_get_their_own_pdf(project, run, tmp_path):
    """`kehoach pdf` of two dossiers' ke-hoach.docx: neither PDF overwrites the other (finding 2)."""
    import subprocess

    second = project / "data" / "son-giang-2025"
    shutil.copytree(project / "data" / "son-giang-2024", second)
    path = second / "co-quan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('ho_ten: "Nguyễn Đức Thắng"', 'ho_ten: "Trần Văn Bình"'),
                    encoding="utf-8")
    assert run("--data", project / "data", "--out", project / "out")[0] == 0
    plans = [project / "out" / name / "ke-hoach.docx" for name in ("son-giang-2024", "son-giang-2025")]

    def signer(pdf: Path) -> str:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        return next(name for name in ("Nguyễn Đức Thắng", "Trần Văn Bình") if name in text)

    made = pdf.convert_to_pdf(plans, tmp_path / "pdf")
    assert [p.relative_to(tmp_path / "pdf").as_posix() for p in made] == ["000/ke-hoach.pdf", "001/ke-hoach.pdf"]
    assert [signer(p) for p in made] == ["Nguyễn Đức Thắng", "Trần Văn Bình"]

    code, _, err = run("pdf", *plans)
    assert code == 0, err
    assert [signer(p.with_suffix(".pdf")) for p in plans] == ["Nguyễn Đức Thắng", "Trần Văn Bình"]
    code, _, err = run("pdf", *plans, "--out-dir", tmp_path / "mot-cho")
    assert code == 1 and "ghi đè" in err and not (tmp_path / "mot-cho").exists()
