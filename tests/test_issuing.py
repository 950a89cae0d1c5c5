"""Issuing against a small fake pipeline: numbering, refusal, replacement, cancel, verify, citations.

The fake (`fake_project`, `FAKE`) is also used by test_crash.py, including from subprocesses.
It renders a real .docx with python-docx whose text holds `Số: …` and the data file's content.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pytest

from kehoach.errors import KehoachError
from kehoach.register import issuing
from kehoach.register.store import CANCELLED, ISSUED, REPLACED
from kehoach.rules.numbering import DocNumber, number_line

DOCS = {  # id → (kind, type code, type name, cites)
    "xa-2024/ke-hoach": ("ke-hoach", "KH", "Kế hoạch", ()),
    "xa-2024/bao-cao-quy-1": ("bao-cao-quy", "BC", "Báo cáo", ("xa-2024/ke-hoach",)),
    "xa-2024/thong-bao-phan-cong": ("thong-bao-phan-cong", "TB", "Thông báo", ("xa-2024/ke-hoach",)),
}


@dataclass(frozen=True)
class FakeSpec:
    id: str
    kind: str
    type_code: str
    type_name: str
    cites: tuple[str, ...]
    summary: str = "Cải cách hành chính năm 2024"
    signer: str = "Nguyễn Đức Thắng"
    signer_title: str = "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"
    recipients: tuple[str, ...] = ("UBND huyện Hương Sơn", "Đảng ủy xã", "Lưu: VT")
    issuer_short: str = "UBND xã Sơn Giang"

    @property
    def code(self) -> str:
        return f"{self.type_code}-UBND"

    @property
    def filename(self) -> str:
        return self.id.split("/")[1] + ".docx"


@dataclass
class FakeSettings:
    archive_dir: Path
    series: str = "chung"
    issuer_name: str = "ỦY BAN NHÂN DÂN XÃ SƠN GIANG"
    supervisor_name: str = "UBND HUYỆN HƯƠNG SƠN"


@dataclass
class FakeDossier:
    name: str
    documents: list = field(default_factory=list)
    closed: bool = False


@dataclass
class FakeProject:
    data_dir: Path
    settings: FakeSettings
    dossiers: list


def fake_project(root: Path, series: str = "chung") -> FakeProject:
    """Return the fake project under `root` (data files created on first call, kept afterwards)."""
    data = Path(root) / "data"
    specs = [FakeSpec(i, *v) for i, v in DOCS.items()]
    for s in specs:
        f = data / f"{s.id}.txt"
        if not f.exists():
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(f"Nội dung {s.type_name.lower()}\n", encoding="utf-8")
    return FakeProject(data, FakeSettings(Path(root) / "van-thu", series), [FakeDossier("xa-2024", specs)])


def _find(project, doc_id):
    for d in project.dossiers:
        for s in d.documents:
            if s.id == doc_id:
                return d, s
    raise KehoachError(f"Không có văn bản {doc_id}")


def _render(project, doc_id, issue, issued):
    _, spec = _find(project, doc_id)
    document = docx.Document()
    document.add_paragraph(number_line(spec.code, issue.number if issue else None))
    date = f"ngày {issue.date.day:02d}/{issue.date.month}/{issue.date.year}" if issue else "ngày      "
    document.add_paragraph(f"Sơn Giang, {date}")
    for cited in spec.cites:
        if cited in issued:
            i = issued[cited]
            document.add_paragraph(f"Căn cứ Kế hoạch số {i.number} ngày {i.date.day}/{i.date.month}/{i.date.year}")
        else:
            document.add_paragraph("Căn cứ Kế hoạch số      /KH-UBND ngày …")
    document.add_paragraph((project.data_dir / f"{doc_id}.txt").read_text(encoding="utf-8"))
    document.core_properties.created = dt.datetime(2024, 1, 1)
    document.core_properties.modified = dt.datetime(2024, 1, 1)
    buf = io.BytesIO()
    document.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(src.namelist()):
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), src.read(name))
    return out.getvalue()


def _digest(project, doc_id):
    return hashlib.sha256((project.data_dir / f"{doc_id}.txt").read_bytes()).hexdigest()


def _parts(project, doc_id):
    """Data and template digests apart: the fake's "template" is data/mau.txt, shared by every document."""
    template = project.data_dir / "mau.txt"
    return _digest(project, doc_id), hashlib.sha256(template.read_bytes() if template.exists() else b"").hexdigest()


FAKE = issuing.Builder(_find, _render, _digest, None, _parts)
KH, BC, TB = DOCS


def docx_text(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def issue(project, doc_id, day, **kw):
    kw.setdefault("make_pdf", False)
    return issuing.issue(project, doc_id, day, builder=FAKE, say=lambda m: None, **kw)


def verify(project, **kw):
    kw.setdefault("make_pdf", False)
    return issuing.verify(project, builder=FAKE, say=lambda m: None, **kw)


@pytest.fixture
def project(tmp_path):
    return fake_project(tmp_path)


def test_issue_numbers_archives_read_only_and_registers(project):
    e = issue(project, KH, dt.date(2024, 3, 15))
    assert (str(e.number), e.state, e.date) == ("01/KH-UBND", ISSUED, dt.date(2024, 3, 15))
    path = project.settings.archive_dir / "2024" / "01-KH-UBND.docx"
    assert e.file_path == "2024/01-KH-UBND.docx"
    assert docx_text(path)[:2] == ["Số: 01/KH-UBND", "Sơn Giang, ngày 15/3/2024"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert e.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert e.input_sha256 == _digest(project, KH)
    assert (e.copies, e.copy_holder, e.signer) == (3, "Văn thư (VT)", "Nguyễn Đức Thắng")
    assert verify(project) == []


def test_one_series_for_all_types_by_default(project):
    numbers = [str(issue(project, d, dt.date(2024, 3, 15 + i)).number) for i, d in enumerate((KH, BC, TB))]
    assert numbers == ["01/KH-UBND", "02/BC-UBND", "03/TB-UBND"]


def test_per_type_series_setting(tmp_path):
    project = fake_project(tmp_path, series="theo_loai")
    numbers = [str(issue(project, d, dt.date(2024, 3, 15)).number) for d in (KH, BC, TB)]
    assert numbers == ["01/KH-UBND", "01/BC-UBND", "01/TB-UBND"]
    assert verify(project) == []


def test_series_setting_cannot_change_mid_year(tmp_path):
    issue(fake_project(tmp_path, series="theo_loai"), KH, dt.date(2024, 3, 15))
    with pytest.raises(KehoachError, match="không đổi cách đánh số giữa năm"):
        issue(fake_project(tmp_path, series="chung"), BC, dt.date(2024, 3, 16))


def test_year_rollover_restarts_at_01(project):
    issue(project, KH, dt.date(2024, 12, 30))
    e = issue(project, BC, dt.date(2025, 1, 2))
    assert str(e.number) == "01/BC-UBND" and e.year == 2025
    assert (project.settings.archive_dir / "2025" / "01-BC-UBND.docx").exists()
    assert verify(project) == []


def test_issuing_an_issued_id_is_refused_and_changes_nothing(project):
    issue(project, KH, dt.date(2024, 3, 15))
    before = {p: p.read_bytes() for p in project.settings.archive_dir.rglob("*.docx")}
    with pytest.raises(KehoachError, match="đã ban hành: số 01/KH-UBND ngày 15/3/2024.*--thay-the"):
        issue(project, KH, dt.date(2024, 3, 16))
    assert {p: p.read_bytes() for p in project.settings.archive_dir.rglob("*.docx")} == before
    assert [str(e.number) for e, _ in issuing.register_rows(project, 2024)] == ["01/KH-UBND"]


def test_citation_of_an_unissued_document_is_refused(project):
    with pytest.raises(KehoachError, match="trích dẫn xa-2024/ke-hoach chưa ban hành"):
        issue(project, TB, dt.date(2024, 3, 15))
    assert issuing.register_rows(project, 2024) == []


def test_later_documents_cite_the_issued_plan(project):
    issue(project, KH, dt.date(2024, 3, 5))
    e = issue(project, TB, dt.date(2024, 3, 20))
    assert "Căn cứ Kế hoạch số 01/KH-UBND ngày 5/3/2024" in docx_text(project.settings.archive_dir / e.file_path)
    assert issuing.current_issues(project)[KH].number == DocNumber(1, "KH-UBND")


def test_date_earlier_than_the_last_number_is_refused(project):
    issue(project, KH, dt.date(2024, 3, 15))
    with pytest.raises(KehoachError, match="sớm hơn ngày của văn bản số 01/KH-UBND"):
        issue(project, BC, dt.date(2024, 3, 10))


def test_replacement_gets_a_new_number_and_links_both_rows(project):
    first = issue(project, KH, dt.date(2024, 3, 15))
    issue(project, BC, dt.date(2024, 3, 16))
    (project.data_dir / f"{KH}.txt").write_text("Nội dung đã sửa\n", encoding="utf-8")
    second = issue(project, KH, dt.date(2024, 3, 20), replace=True)
    assert str(second.number) == "03/KH-UBND"
    rows = {str(e.number): (e, note) for e, note in issuing.register_rows(project, 2024)}
    old, old_note = rows["01/KH-UBND"]
    new, new_note = rows["03/KH-UBND"]
    assert (old.state, old.replaced_by, new.replaces) == (REPLACED, new.rowid, old.rowid)
    assert new_note == "Thay thế văn bản số 01/KH-UBND ngày 15/3/2024"
    assert old_note == "Bị thay thế bởi văn bản số 03/KH-UBND ngày 20/3/2024"
    # The original stays exactly as archived.
    assert hashlib.sha256((project.settings.archive_dir / first.file_path).read_bytes()).hexdigest() == first.file_sha256
    assert issuing.current_issues(project)[KH].number == DocNumber(3, "KH-UBND")
    assert verify(project) == []


def test_replacing_an_unissued_document_is_refused(project):
    with pytest.raises(KehoachError, match="chưa ban hành nên không có gì để thay thế"):
        issue(project, KH, dt.date(2024, 3, 15), replace=True)


def test_cancelled_number_is_never_given_again(project):
    issue(project, KH, dt.date(2024, 3, 15))
    cancelled = issuing.cancel(project, "Ký nhầm người ký", doc_id=KH)
    assert (cancelled.state, cancelled.cancel_reason) == (CANCELLED, "Ký nhầm người ký")
    again = issue(project, KH, dt.date(2024, 3, 16))
    assert str(again.number) == "02/KH-UBND"
    notes = [note for _, note in issuing.register_rows(project, 2024)]
    assert notes == ["Đã hủy: Ký nhầm người ký", ""]
    assert verify(project) == []  # the gap at 01 is explained by its cancelled row


def test_cancel_by_number(project):
    issue(project, KH, dt.date(2024, 3, 15))
    e = issuing.cancel(project, "Sai thẩm quyền", number=issuing.parse_number("01/KH-UBND"), year=2024)
    assert e.state == CANCELLED
    with pytest.raises(KehoachError, match="không có văn bản số 09/KH-UBND"):
        issuing.cancel(project, "x", number=issuing.parse_number("09/KH-UBND"), year=2024)


def test_verify_detects_an_edited_original(project):
    e = issue(project, KH, dt.date(2024, 3, 15))
    path = project.settings.archive_dir / e.file_path
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    messages = [str(p) for p in verify(project)]
    assert any("đã bị thay đổi" in m and "01-KH-UBND.docx" in m for m in messages)
    assert any("không còn ở chế độ chỉ đọc" in m for m in messages)
    # --sua never "repairs" an original by overwriting it.
    assert len(verify(project, repair=True)) == 2
    assert path.read_bytes() == bytes(data)


def test_verify_detects_a_missing_original_and_a_stray_file(project):
    e = issue(project, KH, dt.date(2024, 3, 15))
    (project.settings.archive_dir / e.file_path).unlink()
    (project.settings.archive_dir / "2024" / "07-KH-UBND.docx").write_bytes(b"x")
    messages = [str(p) for p in verify(project)]
    assert any("thiếu tệp lưu" in m for m in messages)
    assert any("07-KH-UBND.docx nằm trong kho lưu nhưng không có dòng nào" in m for m in messages)


def test_archive_refuses_to_overwrite_a_different_file(project):
    from kehoach.register import archive

    root = project.settings.archive_dir
    archive.write_original(root, "2024/01-KH-UBND.docx", b"one")
    assert archive.write_original(root, "2024/01-KH-UBND.docx", b"one") == hashlib.sha256(b"one").hexdigest()
    with pytest.raises(KehoachError, match="không bao giờ bị ghi đè"):
        archive.write_original(root, "2024/01-KH-UBND.docx", b"two")
    assert (root / "2024/01-KH-UBND.docx").read_bytes() == b"one"


def test_changed_since_issue_warns_with_the_lawful_way_out(project):
    issue(project, KH, dt.date(2024, 3, 15))
    assert issuing.changed_since_issue(project, FAKE) == []
    (project.data_dir / f"{KH}.txt").write_text("Nội dung đã sửa\n", encoding="utf-8")
    (warning,) = issuing.changed_since_issue(project, FAKE)
    assert warning.severity == "cảnh báo"
    assert "kehoach issue xa-2024/ke-hoach --thay-the" in warning.message
    assert "công văn đính chính" in warning.message


def test_document_states_for_list(project, tmp_path):
    issue(project, KH, dt.date(2024, 3, 15))
    states = {s.id: s for s in issuing.document_states(project, tmp_path / "out")}
    assert (states[KH].state, states[KH].number, states[KH].date) == ("đã ban hành", "01/KH-UBND", dt.date(2024, 3, 15))
    assert states[KH].path == project.settings.archive_dir / "2024" / "01-KH-UBND.docx"
    assert (states[BC].state, states[BC].number) == ("nháp", None)


def test_register_is_not_created_by_reading(project):
    assert issuing.current_issues(project) == {}
    assert issuing.changed_since_issue(project, FAKE) == []
    assert verify(project) == []
    assert not project.settings.archive_dir.exists() or not any(project.settings.archive_dir.iterdir())


def test_pdf_is_archived_beside_the_docx_when_libreoffice_is_installed(project):
    from kehoach.render.pdf import find_libreoffice

    if find_libreoffice() is None:
        said = []
        e = issuing.issue(project, KH, dt.date(2024, 3, 15), builder=FAKE, say=said.append)
        assert e.pdf_path is None and any("LibreOffice" in m for m in said)
        return
    e = issuing.issue(project, KH, dt.date(2024, 3, 15), builder=FAKE, say=lambda m: None)
    pdf = project.settings.archive_dir / "2024" / "01-KH-UBND.pdf"
    assert e.pdf_path == "2024/01-KH-UBND.pdf" and pdf.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o444
    assert e.pdf_sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert verify(project) == []
    os.chmod(pdf, 0o644)
    assert any("(PDF)" in str(p) for p in verify(project))


@dataclass(frozen=True)
class _Finding:
    rule: str
    severity: str

    @property
    def is_error(self):
        return self.severity == "lỗi"

    def __str__(self):
        return f"[{self.rule}] {self.severity}: sai thể thức"


def test_lint_error_refuses_issue_without_using_a_number(project):
    import dataclasses

    strict = dataclasses.replace(FAKE, lint_docx=lambda path, pages=None: [_Finding("HDR-2", "lỗi"), _Finding("X", "cảnh báo")])
    with pytest.raises(KehoachError, match=r"\[HDR-2\]"):
        issuing.issue(project, KH, dt.date(2024, 3, 15), builder=strict, make_pdf=False, say=lambda m: None)
    assert issuing.register_rows(project, 2024) == []
    e = issuing.issue(project, KH, dt.date(2024, 3, 15), builder=strict, make_pdf=False, skip_lint=True,
                      say=lambda m: None)
    assert str(e.number) == "01/KH-UBND"
    assert "không qua kiểm tra thể thức (1 lỗi, --bo-qua-kiem-tra)" in issuing.register_rows(project, 2024)[0][1]
