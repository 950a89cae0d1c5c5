"""Builds that do only what changed, in parallel, all or nothing."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kehoach.batch.index import INDEX_FILE
from kehoach.batch.record import CHART_CACHE, RECORD_FILE

SEED = "son-giang-2024"
DOCS = {"ke-hoach.docx", "bao-cao-quy-1.docx", "bao-cao-6-thang.docx", "bao-cao-quy-3.docx",
        "bao-cao-nam.docx", "thong-bao-phan-cong.docx"}


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under `folder` with its modification time and bytes."""
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def build(project, run):
    def _build(*extra: str) -> tuple[int, str, str]:
        return run("--data", project / "data", "--out", project / "out", "build", *extra)
    return _build


def test_a_second_build_with_no_change_touches_nothing(project, build):
    code, out, _ = build()
    assert code == 0 and "Đã dựng 6 văn bản nháp" in out
    before = snapshot(project / "out")
    charts = {name for name in before if name.startswith(f"{CHART_CACHE.as_posix()}/")}
    assert set(before) - charts == {f"{SEED}/{d}" for d in DOCS} | {f"{SEED}/{RECORD_FILE}", INDEX_FILE.as_posix()}
    assert len(charts) == 4 and all(name.endswith(".png") for name in charts)  # one for each report
    code, out, err = build()
    assert code == 0
    assert "Không có gì thay đổi: 6 văn bản đã mới nhất." in out
    assert snapshot(project / "out") == before
    assert "du_lieu_mau" in err  # the data's warnings are still said


def test_only_the_documents_whose_data_changed_are_built_again(project, build):
    build()
    before = snapshot(project / "out")
    progress = project / "data" / SEED / "tien-do.yaml"
    progress.write_text(progress.read_text(encoding="utf-8").replace("# ", "#  ", 1), encoding="utf-8")
    code, out, _ = build()  # a comment changed: the dossier is read again, no document differs
    assert code == 0 and "Không có gì thay đổi: 6 văn bản đã mới nhất." in out
    after = snapshot(project / "out")
    assert {k: v for k, v in after.items() if k.endswith(".docx")} == \
        {k: v for k, v in before.items() if k.endswith(".docx")}

    plan = project / "data" / SEED / "ke-hoach.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "Sơn Giang" in text
    org = project / "data" / SEED / "co-quan.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("Nguyễn Đức Thắng", "Nguyễn Văn An"), encoding="utf-8")
    code, out, _ = build()
    assert code == 0 and "Đã dựng 6 văn bản nháp" in out  # the signer is on every document


def test_a_deleted_or_edited_draft_is_built_again(project, build):
    build()
    folder = project / "out" / SEED
    original = (folder / "ke-hoach.docx").read_bytes()
    (folder / "ke-hoach.docx").unlink()
    (folder / "bao-cao-6-thang.docx").write_bytes(b"PK sua tay")
    untouched = (folder / "thong-bao-phan-cong.docx").stat().st_mtime_ns
    code, out, _ = build()
    assert code == 0 and "Đã dựng 2 văn bản nháp" in out and "4 văn bản không đổi" in out
    assert (folder / "ke-hoach.docx").read_bytes() == original
    assert (folder / "bao-cao-6-thang.docx").read_bytes()[:2] == b"PK" and \
        len((folder / "bao-cao-6-thang.docx").read_bytes()) > 1000
    assert (folder / "thong-bao-phan-cong.docx").stat().st_mtime_ns == untouched


def test_tat_ca_builds_everything_again(project, build, run):
    build()
    code, out, _ = build("--tat-ca")
    assert code == 0 and "Đã dựng 6 văn bản nháp" in out
    code, out, _ = run("--data", project / "data", "--out", project / "out", "--tat-ca")  # the bare command too
    assert code == 0 and "Đã dựng 6 văn bản nháp" in out


def test_a_template_change_builds_its_documents_again(project, build):
    build()
    record = json.loads((project / "out" / SEED / RECORD_FILE).read_text(encoding="utf-8"))
    assert set(record["drafts"]) == DOCS
    notice = project / "templates" / "thong-bao-phan-cong.docx"
    notice.write_bytes(notice.read_bytes())  # same bytes, new time: nothing to do
    code, out, _ = build()
    assert "Không có gì thay đổi" in out
    from docx import Document

    doc = Document(str(notice))
    doc.add_paragraph("")
    doc.save(str(notice))
    code, out, _ = build()
    assert code == 0 and "Đã dựng 1 văn bản nháp" in out and "thong-bao-phan-cong.docx" in out


def copies(project: Path, n: int) -> list[str]:
    """Make `n` more dossiers by copying the seed; return every dossier's name."""
    names = [SEED]
    for i in range(2, n + 2):
        name = f"xa-{i:02d}"
        shutil.copytree(project / "data" / SEED, project / "data" / name)
        names.append(name)
    return names


def test_parallel_builds_give_the_same_files(project, run):
    names = copies(project, 3)
    data = ("--data", project / "data")
    assert run(*data, "--out", project / "one", "build", "--jobs", "1")[0] == 0
    code, out, err = run(*data, "--out", project / "two", "build", "--jobs", "2")
    assert code == 0, err
    assert "Đã dựng 24 văn bản nháp" in out
    one, two = snapshot(project / "one"), snapshot(project / "two")
    assert {k: v[1] for k, v in one.items() if k.endswith(".docx")} == \
        {k: v[1] for k, v in two.items() if k.endswith(".docx")}
    assert sorted({k.split("/")[0] for k in two} - {CHART_CACHE.parts[0]}) == sorted(names)
    code, out, _ = run(*data, "--out", project / "two", "build", "--jobs", "2")
    assert "Không có gì thay đổi: 24 văn bản đã mới nhất." in out


def test_an_error_in_one_dossier_of_many_writes_nothing(project, run):
    copies(project, 3)
    bad = project / "data" / "xa-03" / "ke-hoach.yaml"
    lines = bad.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("nam:"))
    lines[at] = "nam: hai nghìn"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run("--data", project / "data", "--out", project / "out", "build", "--jobs", "2")
    assert code == 1
    assert f"{bad}, dòng {at + 1}" in err  # file and line of the worker's problem
    assert "Traceback" not in err
    assert not (project / "out").exists()


def test_a_broken_template_in_a_parallel_build_is_named_and_writes_nothing(project, run):
    from docx import Document

    copies(project, 2)
    path = project / "templates" / "bao-cao-quy.docx"
    doc = Document(str(path))
    doc.add_paragraph("{{ bien_la }}")
    doc.save(str(path))
    code, _, err = run("--data", project / "data", "--out", project / "out", "build", "--jobs", "2")
    assert code == 1
    assert "bao-cao-quy.docx" in err and "bien_la" in err and "Traceback" not in err
    assert not (project / "out").exists()


def test_a_failed_rebuild_leaves_the_previous_drafts(project, build):
    build()
    before = snapshot(project / "out")
    org = project / "data" / SEED / "co-quan.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "\nkhoa_la: 1\n", encoding="utf-8")
    code, _, err = build()
    assert code == 1 and "khoa_la" in err
    assert snapshot(project / "out") == before


def _name(project: Path, folder: str, ma_ho_so: str) -> None:
    plan = project / "data" / folder / "ke-hoach.yaml"
    plan.write_text(f'ma_ho_so: "{ma_ho_so}"\n' + plan.read_text(encoding="utf-8"), encoding="utf-8")


def test_drafts_are_filed_under_ma_ho_so_and_found_again(project, run):
    copies(project, 2)
    _name(project, "xa-02", "xa-hai-2024")
    _name(project, "xa-03", "xa-ba-2024")
    code, out, err = run("--data", project / "data", "--out", project / "out", "build", "--jobs", "2")
    assert code == 0, err
    assert sorted(p.name for p in (project / "out").iterdir() if p.name != CHART_CACHE.parts[0]) == \
        [SEED, "xa-ba-2024", "xa-hai-2024"]
    code, out, _ = run("--data", project / "data", "--out", project / "out", "build", "--jobs", "2")
    assert "Không có gì thay đổi: 18 văn bản đã mới nhất." in out


def test_two_folders_with_one_ma_ho_so_are_refused_in_a_parallel_build(project, run):
    copies(project, 2)
    _name(project, "xa-02", "trung-ma")
    _name(project, "xa-03", "trung-ma")
    code, _, err = run("--data", project / "data", "--out", project / "out", "build", "--jobs", "2")
    assert code == 1 and "trung-ma" in err and "Traceback" not in err
    assert not (project / "out").exists()


def test_after_an_issue_the_citing_drafts_change_and_warnings_are_said_again(project, run):
    from conftest import mark_as_real

    mark_as_real(project / "data" / SEED)
    data = ("--data", project / "data")
    assert run(*data, "--out", project / "out", "build")[0] == 0
    notice = project / "out" / SEED / "thong-bao-phan-cong.docx"
    before = notice.read_bytes()
    code, _, err = run(*data, "issue", f"{SEED}/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf")
    assert code == 0, err
    code, out, err = run(*data, "--out", project / "out", "build")
    assert code == 0, err
    assert "Đã dựng" in out and notice.read_bytes() != before  # it now cites Kế hoạch số 01/KH-UBND
    org = project / "data" / SEED / "co-quan.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("Nguyễn Đức Thắng", "Nguyễn Văn An"), encoding="utf-8")
    code, _, err = run(*data, "--out", project / "out", "build")
    assert code == 0 and f"{SEED}/ke-hoach" in err and "đã ban hành" in err
    code, out, err_again = run(*data, "--out", project / "out", "build")
    assert "Không có gì thay đổi" in out
    assert f"{SEED}/ke-hoach" in err_again and "đã ban hành" in err_again


def test_charts_are_kept_by_their_values_and_read_back_without_drawing(project, build, monkeypatch):
    """A forced rebuild takes every chart from the build's cache: the same bytes, none drawn again."""
    import zipfile

    from kehoach.render import chart

    assert build()[0] == 0
    first = {d: zipfile.ZipFile(project / "out" / SEED / d).read("word/media/image1.png")
             for d in DOCS if d.startswith("bao-cao")}
    cached = sorted((project / "out" / CHART_CACHE).glob("*.png"))
    assert {p.read_bytes() for p in cached} == set(first.values())

    chart.render_chart.cache_clear()
    from kehoach.render import docx

    docx._chart_png.cache_clear()

    def no_drawing(*args):
        raise AssertionError("a chart was drawn again")

    monkeypatch.setattr(chart, "render_chart", no_drawing)
    assert build("--tat-ca")[0] == 0
    assert {d: zipfile.ZipFile(project / "out" / SEED / d).read("word/media/image1.png") for d in first} == first

    whole = cached[0].read_bytes()
    cached[0].write_bytes(whole[:1000])  # cut short (a disk filled up): drawn again
    damaged = bytearray(cached[1].read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF  # one byte changed inside: drawn again
    cached[1].write_bytes(bytes(damaged))
    monkeypatch.undo()
    chart.render_chart.cache_clear()
    docx._chart_png.cache_clear()
    assert build("--tat-ca")[0] == 0
    assert {p.read_bytes() for p in cached} == set(first.values())
    assert {d: zipfile.ZipFile(project / "out" / SEED / d).read("word/media/image1.png") for d in first} == first


def test_a_failed_first_build_leaves_no_chart_cache(project, build):
    """Charts drawn by a build that then stops on an error go with the rest: out/ is as it was."""
    plan = project / "data" / SEED / "ke-hoach.yaml"
    (project / "data" / "xa-khac").mkdir()
    shutil.copy(plan, project / "data" / "xa-khac" / "ke-hoach.yaml")  # same ma_ho_so twice: an error
    code, _, _ = build()
    assert code == 1
    assert not (project / "out").exists()


def test_a_folder_where_a_draft_goes_is_named_and_nothing_is_written(project, build):
    build()
    folder = project / "out" / SEED
    (folder / "ke-hoach.docx").unlink()
    (folder / "ke-hoach.docx").mkdir()  # e.g. unzipped there by hand
    plan = project / "data" / SEED / "co-quan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Nguyễn Đức Thắng", "Nguyễn Văn An"), encoding="utf-8")
    before = snapshot(project / "out")
    code, _, err = build()
    assert code != 0 and "thư mục trùng tên với tệp cần ghi" in err and str(folder / "ke-hoach.docx") in err
    assert snapshot(project / "out") == before  # no draft replaced, no temporary file left


def test_staged_drafts_are_ordinary_files_and_leave_no_temporary_file(project, build):
    build()
    folder = project / "out" / SEED
    assert {p.stat().st_mode & 0o777 for p in folder.glob("*.docx")} == {0o644}
    assert not [p for p in (project / "out").rglob(".tmp-*")]
