"""The one zip writer: the same bytes zipfile writes with fixed dates, and light enough for the exports."""
from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import zipfile

from openpyxl import Workbook

from kehoach.render.zipout import core_properties, deterministic_docx

WHEN = dt.date(2024, 3, 5)


def _zipfile_repack(data: bytes, when: dt.date, title: str, author: str) -> bytes:
    """The re-pack kehoach did with zipfile before write_zip was its only writer (the reference)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            payload = core_properties(when, title, author) if name == "docProps/core.xml" else src.read(name)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            dst.writestr(info, payload)
    return out.getvalue()


def test_a_workbook_repacked_is_what_zipfile_writes():
    book = Workbook()
    book.active["A1"] = "Sổ đăng ký văn bản đi"
    book.create_sheet("Trống")  # an empty member too
    buf = io.BytesIO()
    book.save(buf)
    made = deterministic_docx(buf.getvalue(), WHEN, title="Sổ năm 2024", author="UBND xã")
    assert made == _zipfile_repack(buf.getvalue(), WHEN, "Sổ năm 2024", "UBND xã")
    with zipfile.ZipFile(io.BytesIO(made)) as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2024-03-05T00:00:00Z" in z.read("docProps/core.xml")


def test_a_draft_repacked_is_what_zipfile_writes(project, run):
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    draft = (project / "out" / "son-giang-2024" / "ke-hoach.docx").read_bytes()
    assert deterministic_docx(draft, WHEN, title="Kế hoạch", author="UBND") == \
        _zipfile_repack(draft, WHEN, "Kế hoạch", "UBND")


def test_the_exports_load_no_template_engine():
    code = ("import json, sys; import kehoach.render.zipout, kehoach.register.workbook, kehoach.register.book; "
            "print(json.dumps(sorted(sys.modules)))")
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                           check=True).stdout))
    assert not {"docxtpl", "jinja2"} & loaded
