"""Messages a clerk understands: fields in words, sorted, tagged, with did-you-mean hints and examples."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from conftest import REPO

from kehoach.cli.console import Progress, print_problems, tagged
from kehoach.cli.main import _build_parser
from kehoach.errors import ERROR, WARNING, Problem, in_reading_order
from kehoach.field_words import describe
from kehoach.pipeline import load_project
from kehoach.rules.typed_numbers import typed_number

DOSSIER = "data/son-giang-2024"


@pytest.mark.parametrize("path, words", [
    ("linh_vuc[2].nhiem_vu[1].chu_tri", "lĩnh vực 2, nhiệm vụ 1, người chủ trì"),
    ("linh_vuc[1].nhiem_vu[1].phoi_hop[2]", "lĩnh vực 1, nhiệm vụ 1, người phối hợp 2"),
    ("muc[2].khoan[1].diem[5]", "mục II, khoản 1, điểm đ"),
    ("muc[3].khoan[2].noi_dung", "mục III, khoản 2, nội dung"),
    ("cap_nhat.1b[1].tien_do", "tiến độ, nhiệm vụ 1b, lần cập nhật 1, phần trăm hoàn thành"),
    ("de_xuat.2[1]", "đề xuất, quý 2, đoạn 1"),
    ("noi_nhan[7]", "nơi nhận, dòng 7"),
    ("kinh_gui[1]", "kính gửi, dòng 1"),
    ("can_bo[3].ma", "công chức 3, mã"),
    ("nguoi_ky.tham_quyen", "người ký, thẩm quyền ký"),
    ("thang", "tháng"),
    ("khoa_la[2].x", "khoa_la 2, x"),  # an unknown key is shown as typed
])
def test_field_paths_in_words(path, words):
    assert describe(path) == words


def test_problem_keeps_the_raw_path_and_shows_words():
    p = Problem("không có công chức mã “x”", file="data/a/nhiem-vu.yaml", line=48,
                field="linh_vuc[2].nhiem_vu[1].chu_tri")
    assert p.field == "linh_vuc[2].nhiem_vu[1].chu_tri"
    assert str(p) == ("[lỗi] data/a/nhiem-vu.yaml, dòng 48, lĩnh vực 2, nhiệm vụ 1, người chủ trì: "
                      "không có công chức mã “x”")
    assert str(Problem("xem lại", severity=WARNING)) == "[cảnh báo] xem lại"


def test_reading_order_is_file_then_line_with_general_messages_last():
    general = Problem("Tổng kết")
    b9, a5, b2 = Problem("x", file="b.yaml", line=9), Problem("y", file="a.yaml", line=5), Problem("z", file="b.yaml", line=2)
    assert in_reading_order([general, b9, a5, b2]) == [a5, b2, b9, general]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_tags_are_coloured_only_on_a_terminal_without_no_color(monkeypatch):
    problem = Problem("sai", severity=ERROR)
    assert tagged(problem, colour=True).startswith("\033[")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    pipe, terminal = io.StringIO(), _Terminal()
    print_problems([problem], pipe)
    print_problems([problem], terminal)
    assert pipe.getvalue() == "[lỗi] sai\n"
    assert "\033[" in terminal.getvalue() and "[lỗi]" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = _Terminal()
    print_problems([problem], terminal)
    assert terminal.getvalue() == "[lỗi] sai\n"


def test_progress_is_silent_in_a_pipe():
    pipe = io.StringIO()
    with Progress("Đang dựng", delay=0, stream=pipe) as progress:
        progress.say("một dòng")
    assert pipe.getvalue() == ""


def edit(project, file: str, old: str, new: str) -> None:
    path = project / DOSSIER / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_problems_are_printed_by_file_and_line(project, run):
    edit(project, "tien-do.yaml", '"12/03/2024"', '"31/02/2024"')
    edit(project, "co-quan.yaml", 'tham_quyen: "TM. Ủy ban nhân dân"', 'tham_quyen: "Thay mặt UBND"')
    edit(project, "nhiem-vu.yaml", "chu_tri: tu-phap", "chu_tri: khong-ai")
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 1
    files = [line.split(",")[0].rsplit("/", 1)[-1] for line in err.splitlines() if line.startswith("[")]
    assert files == sorted(files) and {"co-quan.yaml", "nhiem-vu.yaml", "tien-do.yaml"} <= set(files)


def test_unknown_officer_code_gets_a_did_you_mean(project, run):
    edit(project, "nhiem-vu.yaml", "chu_tri: tu-phap", "chu_tri: tu-phap-ho-tich")
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 1 and "có phải là “tu-phap”?" in err


def test_unknown_document_id_gets_a_did_you_mean(project, run):
    code, _, err = run("--data", project / "data", "issue", "son-giang-2024/ke-hoac", "--khong-pdf")
    assert code == 1 and "có phải là “son-giang-2024/ke-hoach”?" in err


@pytest.mark.parametrize("text, typed", [
    ("1. Mục đích", "1."), ("a) Khắc phục", "a)"), ("đ) Tăng cường", "đ)"), ("II. Nhiệm vụ", "II."),
    ("1.2. Tiểu khoản", "1.2."), ("- Ý nhỏ", "-"), ("Mục I. Tổng quan", "Mục I."), ("3) Ba", "3)"),
    ("Mục đích, yêu cầu", None), ("2024 là năm bản lề", None), ("1/2 số hộ", None), ("Ủy ban nhân dân", None),
    ("10.5 tỷ đồng", None), ("e-office", None),
])
def test_typed_numbers(text, typed):
    assert typed_number(text) == typed


def test_typed_numbering_in_the_plan_is_a_warning(project):
    edit(project, "ke-hoach.yaml", '  - tieu_de: "Nhiệm vụ và giải pháp"', '  - tieu_de: "II. Nhiệm vụ và giải pháp"')
    edit(project, "ke-hoach.yaml", '- tieu_de: "Mục đích"', '- tieu_de: "1. Mục đích"')
    edit(project, "ke-hoach.yaml", '          - "Nâng cao trách nhiệm', '          - "b) Nâng cao trách nhiệm')
    warnings = [w for w in load_project(project / "data").warnings if "số thứ tự" in w.message]
    assert {(w.field, w.severity) for w in warnings} == {
        ("muc[2].tieu_de", WARNING), ("muc[1].khoan[1].tieu_de", WARNING), ("muc[1].khoan[1].diem[2]", WARNING)}
    assert all(w.line and w.file.endswith("ke-hoach.yaml") for w in warnings)


def test_every_command_has_an_example():
    parser = _build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert parser.epilog.startswith("Ví dụ:")
    missing = [name for name, p in subparsers.choices.items() if not (p.epilog or "").startswith("Ví dụ: kehoach")]
    assert missing == []


def test_a_missing_library_gives_the_set_up_command(tmp_path):
    # `check` reads YAML but never loads docxtpl (imports are lazy): take away what it does load.
    code = "import sys; sys.modules['yaml'] = None\nfrom kehoach.cli.main import main\nsys.exit(main(['check']))"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Thiếu thư viện “yaml”" in done.stderr and "bootstrap.py" in done.stderr


def test_build_py_outside_the_project_says_where_to_run(tmp_path):
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "check"], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "chạy kehoach trong thư mục dự án" in done.stderr


def test_a_reader_that_stops_early_gets_no_traceback(project):
    # `kehoach list | more` closed after the first screen: the pipe breaks while the list is printed.
    proc = subprocess.Popen([sys.executable, "-m", "kehoach", "--data", str(project / "data"), "list"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=project)
    with proc:
        proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.returncode == 0 and "Traceback" not in err and "BrokenPipe" not in err
