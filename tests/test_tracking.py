"""Where things stand on a day (`tinh-hinh`), the same figures as the reports; calendars; mid-year plans."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import SEED
from docx import Document
from docx_text import row_texts
from icalendar import Calendar

from kehoach.dossier.loading import load_dossier
from kehoach.dossier.validation import check_dossier
from kehoach.tracking.calendar import lead_calendars, plan_calendar
from kehoach.tracking.status import snapshot

DOSSIER = "son-giang-2024"


def area_totals(path: Path) -> list[str]:
    doc = Document(str(path))
    table = next(t for t in doc.tables if row_texts(t.rows[0])[:2] == ["TT", "Lĩnh vực"])
    return {row_texts(r)[1]: row_texts(r)[2:] for r in table.rows[1:]}


def status_json(run, project, day: str) -> dict:
    code, out, err = run("tinh-hinh", DOSSIER, "--ngay", day, "--json", "--data", project / "data")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("report, day", [
    ("bao-cao-quy-1", "14/03/2024"),
    ("bao-cao-6-thang", "14/06/2024"),
    ("bao-cao-quy-3", "14/09/2024"),
    ("bao-cao-nam", "14/12/2024"),
])
def test_report_figures_equal_tinh_hinh_on_its_cut_off(run, project, report, day):
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    table = area_totals(project / "out" / DOSSIER / f"{report}.docx")
    status = status_json(run, project, day)

    def figures(c: dict) -> list[str]:
        return [str(c[k]) for k in ("tong_so", "dung_han", "tre_han", "dang_thuc_hien", "chua_trien_khai",
                                    "qua_han")] + [c["ty_le_hoan_thanh"]]

    assert table["Tổng cộng"] == figures(status["tong_hop"])
    for area in status["theo_linh_vuc"]:
        assert table[area["ten"]] == figures(area)


def test_six_month_report_covers_15_12_to_14_6(run, project):
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    status = status_json(run, project, "14/06/2024")
    assert status["ky"] == {"ma": "6-thang", "ten": "6 tháng đầu năm 2024", "tu_ngay": "15/12/2023"}
    from docx_text import lines
    text = lines(project / "out" / DOSSIER / "bao-cao-6-thang.docx")
    assert any("(số liệu tính từ ngày 15/12/2023 đến ngày 14/6/2024)" in t for t in text)
    assert "Kết quả thực hiện Kế hoạch khắc phục tồn tại, hạn chế và nâng cao Chỉ số cải cách hành chính 6 tháng " \
           "đầu năm 2024" in text


def test_tinh_hinh_lists_overdue_due_soon_and_done(run, project):
    status = status_json(run, project, "20/08/2024")
    assert status["ky"]["ma"] == "quy-3"
    # 3c's August occurrence (due 14/08) was left at 60%; 3đ was finished late, so it is done, not overdue.
    assert [t["ma"] for t in status["qua_han"]] == ["3c"]
    soon = {t["ma"]: t["han_tiep_theo"] for t in status["sap_den_han"]}
    # 4 is due 31/08; 1a, 5b, 7b owe Quý III and 3c owes September, all by the cut-off of 14/09.
    assert soon == {"4": "31/08/2024", "1a": "14/09/2024", "3c": "14/09/2024", "5b": "14/09/2024",
                    "7b": "14/09/2024"}
    done = {t["ma"] for t in status["da_hoan_thanh"]}
    assert {"2a", "3b", "3e", "6b", "7d", "3đ"} <= done
    leads = {g["ma"]: g for g in status["theo_chu_tri"]}
    assert sum(g["tong_so"] for g in leads.values()) == status["tong_hop"]["tong_so"] == 25
    assert leads["tu-phap"]["tong_so"] == 4


def test_tinh_hinh_text(run, project):
    code, out, err = run("tinh-hinh", DOSSIER, "--ngay", "14/06/2024", "--data", project / "data")
    assert code == 0, err
    assert out.startswith("Tình hình thực hiện Kế hoạch đến hết ngày 14/06/2024 — kỳ 6 tháng đầu năm 2024")
    assert "Tổng số 25 nhiệm vụ: hoàn thành 8 (32%; đúng hạn 8, trễ hạn 0), đang thực hiện 8 (32%), chưa triển " \
           "khai 8 (32%), quá hạn 1 (4%)." in out
    assert re.search(r"Quá hạn \(1\):\n  7b +Tuyên truyền, hỗ trợ", out)


def test_bad_date_and_unknown_dossier(run, project):
    code, _, err = run("tinh-hinh", DOSSIER, "--ngay", "31/02/2024", "--data", project / "data")
    assert code == 1 and "--ngay" in err and "không có trên lịch" in err
    code, _, err = run("tinh-hinh", "xa-khac", "--data", project / "data")
    assert code == 1 and "không có hồ sơ “xa-khac”" in err and DOSSIER in err


def _mid_year(project: Path) -> Path:
    """The seed re-dated as a plan signed on 20/08/2025 (tasks and progress moved to 2025)."""
    folder = project / "data" / DOSSIER
    for name in ("nhiem-vu.yaml", "tien-do.yaml"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace("/2024", "/2025").replace("/2023", "/2024"),
                        encoding="utf-8")
    for name in ("ke-hoach.yaml", "thong-bao.yaml"):
        path = folder / name
        text = path.read_text(encoding="utf-8").replace("thang: 3", "thang: 8").replace("nam: 2024", "nam: 2025")
        path.write_text(text, encoding="utf-8")
    return folder


def test_a_plan_signed_in_august_has_no_report_for_quy_1_or_6_thang(run, project):
    _mid_year(project)
    code, _, err = run("--data", project / "data", "--out", project / "out")
    assert code == 0, err
    built = sorted(p.stem for p in (project / "out" / DOSSIER).glob("bao-cao-*.docx"))
    assert built == ["bao-cao-nam", "bao-cao-quy-3"]
    # Deadlines before the plan existed are pointed out; words written for the 6-month report are not used;
    # reports dated after 01/7/2025 go to no district.
    folder = project / "data" / DOSSIER
    dossier, marks, _ = load_dossier(folder)
    warnings = {(Path(p.file).name, p.field): p for p in check_dossier(dossier, marks)}
    deadline = warnings[("nhiem-vu.yaml", "linh_vuc[2].nhiem_vu[1].thoi_han")]
    assert deadline.line and "31/03/2025 ở trước tháng 8/2025" in deadline.message and not deadline.is_error
    assert "kỳ “6-thang” không có báo cáo" in warnings[("bao-cao.yaml", "ky.6-thang")].message
    assert "không còn cấp huyện" in warnings[("bao-cao.yaml", "kinh_gui[1]")].message
    text = area_totals(project / "out" / DOSSIER / "bao-cao-quy-3.docx")
    assert text["Tổng cộng"][0] == "25"
    from docx_text import lines
    q3 = lines(project / "out" / DOSSIER / "bao-cao-quy-3.docx")
    assert not any(t.startswith("So với") for t in q3)  # no earlier report to compare with


def test_nothing_is_late_before_the_plan_existed(project):
    folder = _mid_year(project)
    dossier, _, _ = load_dossier(folder)
    before = snapshot(dossier, dt.date(2025, 7, 20))
    assert before.counts.overdue == 0
    after = snapshot(dossier, dt.date(2025, 9, 14))
    # The monthly task owes August and September only: it was months late in June, but the plan did not exist.
    monthly = next(s for s in after.tasks if s.task.id == "3c")
    assert (monthly.owed, monthly.done) == (2, 1)


@pytest.fixture(scope="module")
def seed():
    dossier, _, _ = load_dossier(SEED)
    return dossier


def test_calendars_are_the_same_bytes_each_time(seed):
    assert plan_calendar(seed) == plan_calendar(seed)
    assert lead_calendars(seed) == lead_calendars(seed)


def test_plan_calendar_has_every_deadline_with_a_reminder(seed):
    cal = Calendar.from_ical(plan_calendar(seed))
    events = list(cal.walk("VEVENT"))
    dated = [t for t in seed.appendix.tasks if isinstance(t.deadline, dt.date)]
    recurring = [t for t in seed.appendix.tasks if getattr(t.deadline, "unit", "")]
    assert len(events) == len(dated) + len(recurring)  # "Thường xuyên" has no day to remind of
    assert len({str(e["UID"]) for e in events}) == len(events)  # 3d and 3đ stay apart
    for e in events:
        alarm = e.walk("VALARM")[0]
        assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == -dt.timedelta(days=7)
        assert isinstance(e.decoded("DTSTART"), dt.date) and not isinstance(e.decoded("DTSTART"), dt.datetime)
    by_summary = {str(e["SUMMARY"]): e for e in events}
    qppl = by_summary["Ban hành kế hoạch rà soát, hệ thống hóa văn bản QPPL; tự kiểm tra văn bản QPPL"]
    assert qppl.decoded("DTSTART") == dt.date(2024, 3, 31)
    quarterly = by_summary["Kiểm tra định kỳ, đột xuất việc chấp hành kỷ luật, kỷ cương hành chính, văn hóa công vụ"]
    assert quarterly.decoded("DTSTART") == dt.date(2024, 3, 14)
    rule = quarterly["RRULE"]
    assert (rule["FREQ"], rule["INTERVAL"], rule["BYMONTHDAY"], rule["UNTIL"]) == \
        (["MONTHLY"], [3], [14], [dt.date(2024, 12, 14)])
    monthly = by_summary["Giải quyết TTHC trên Hệ thống một cửa điện tử; chấm dứt hồ sơ trễ hạn do không kết thúc "
                         "trên hệ thống"]
    assert monthly.decoded("DTSTART") == dt.date(2024, 3, 14)  # the plan began in March
    assert "Chủ trì: Công chức Văn phòng - Thống kê." in str(monthly["DESCRIPTION"])


def test_each_lead_and_supporter_gets_a_calendar(run, project, seed):
    cals = lead_calendars(seed)
    assert set(cals) == {"van-hoa", "pho-chu-tich", "van-phong", "tu-phap", "chu-tich", "tai-chinh", "dia-chinh",
                         "cong-an"}  # Công an only supports
    events = list(Calendar.from_ical(cals["cong-an"]).walk("VEVENT"))
    assert all(str(e["SUMMARY"]).startswith("Phối hợp: ") for e in events)
    code, _, err = run("lich", DOSSIER, "--data", project / "data", "--out", project / "out")
    assert code == 0, err
    files = sorted(p.name for p in (project / "out" / DOSSIER / "lich").glob("*.ics"))
    assert "lich-ke-hoach.ics" in files and "lich-van-phong.ics" in files and len(files) == 9


def test_optional_files(run, project):
    folder = project / "data" / DOSSIER
    (folder / "bao-cao.yaml").unlink()  # no reports: still the CCHC periods for tinh-hinh
    assert status_json(run, project, "14/06/2024")["ky"]["ma"] == "6-thang"
    (folder / "tien-do.yaml").unlink()  # no progress: every task from 0 %
    assert status_json(run, project, "14/06/2024")["tong_hop"]["hoan_thanh"] == 0
    (folder / "nhiem-vu.yaml").unlink()
    code, _, err = run("tinh-hinh", DOSSIER, "--data", project / "data")
    assert code == 1 and "chưa có nhiệm vụ" in err and "Traceback" not in err


def test_areas_tasks_and_leads_are_read_one_way(tmp_path):
    from kehoach.inputs.tasks_excel import area_titles
    from kehoach.tracking.status import area_names, leads, tasks

    dossier, _, _ = load_dossier(SEED)
    names = area_names(dossier)
    assert list(names) == list(range(1, len(names) + 1)) and len(names) >= 5
    assert area_titles(dossier) == [f"{n}. {name}" for n, name in names.items()]
    assert len(tasks(dossier)) == 25
    assert leads(dossier) == list(dict.fromkeys(t.lead for t in tasks(dossier)))
    assert [g.key for g in snapshot(dossier, dt.date(2024, 6, 14)).leads] == leads(dossier)
    # Before nhiem-vu.yaml exists: no tasks, no leads, and the areas of mục II (its default) for the sheet.
    folder = tmp_path / DOSSIER
    folder.mkdir()
    for name in ("co-quan.yaml", "ke-hoach.yaml"):
        (folder / name).write_bytes((SEED / name).read_bytes())
    bare, _, _ = load_dossier(folder)
    assert tasks(bare) == () and leads(bare) == [] and area_names(bare) == names


@pytest.mark.parametrize("command, extra, sub", [
    ("lich", (), "lich"),
    ("xuat-tien-do", ("--ky", "quy-3"), "tien-do-quy-3"),
])
def test_a_set_of_files_is_written_whole_or_not_at_all(run, project, command, extra, sub):
    args = (command, DOSSIER, *extra, "--data", project / "data", "--out", project / "out")
    code, _, err = run(*args)
    assert code == 0, err
    folder = project / "out" / DOSSIER / sub
    written = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(written) > 2
    for path in folder.iterdir():
        path.unlink()
    (folder / max(written)).mkdir()  # the last file cannot be written: a folder has its name
    code, _, err = run(*args)
    assert code == 1 and "Traceback" not in err
    assert [p.name for p in folder.iterdir()] == [max(written)]  # not one of the others half-written


@pytest.mark.parametrize("day", ["15/06/2019", "31/12/2023", "01/01/2025"])
def test_a_day_outside_the_plans_year_is_refused(run, project, day):
    code, out, err = run("tinh-hinh", DOSSIER, "--ngay", day, "--data", project / "data")
    assert code == 1 and out == "" and "--ngay" in err and "2024" in err and "Traceback" not in err


def test_a_plan_whose_year_is_over_is_shown_at_its_end(run, project):
    # The seed plan is of 2024, so today is after its year: where it stood on 31/12/2024, said so on stderr.
    code, out, err = run("tinh-hinh", DOSSIER, "--json", "--data", project / "data")
    assert code == 0 and "31/12/2024" in err and "--ngay" in err
    assert json.loads(out) == status_json(run, project, "31/12/2024")


@pytest.mark.parametrize("value", ["100000", "-3", "ba"])
def test_an_absurd_so_ngay_is_a_message(run, project, value):
    # 100000 days overflowed the date arithmetic into a traceback.
    code, out, err = run("tinh-hinh", DOSSIER, "--ngay", "14/06/2024", "--so-ngay", value, "--data", project / "data")
    assert code == 1 and out == "" and "--so-ngay" in err and "Traceback" not in err
