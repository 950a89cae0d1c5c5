"""`kehoach nhap`: a clerk's draft (Word, Markdown) becomes a commented dossier, or nothing is written."""
from __future__ import annotations

import errno
import io
import json
import os
from pathlib import Path

import pytest
import yaml
from docx import Document

from kehoach import files
from kehoach.errors import KehoachError
from kehoach.inputs.importing import import_draft

TESTS = Path(__file__).parent
DRAFTS = TESTS / "fixtures" / "drafts"
SEED_MD = TESTS / "seed" / "ke-hoach-cchc-son-giang-2024.md"
SEED_DATA = TESTS.parent / "data" / "son-giang-2024"
SEED_DRAFTS = ["son-giang-2024.docx", "son-giang-2024-libreoffice.docx"]
TAN_PHU_DRAFTS = ["tan-phu-2025.docx", "tan-phu-2025-libreoffice.docx"]


def load(folder: Path, name: str) -> dict:
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("draft", SEED_DRAFTS)
def test_seed_draft_imports_with_nothing_left_over(tmp_path, run, draft):
    code, out, err = run("--data", tmp_path / "data", "nhap", DRAFTS / draft, "--ho-so", "son-giang-2024")
    assert code == 0, err
    folder = tmp_path / "data" / "son-giang-2024"
    assert sorted(p.name for p in folder.iterdir()) == ["co-quan.yaml", "ke-hoach.yaml", "nhiem-vu.yaml"]
    assert "Chưa đặt được" not in out
    assert "bảng 3, dòng 16 «Quý II/2024»: đã hiểu thời hạn “Quý II/2024” là ngày 30/06/2024" in out
    org = load(folder, "co-quan.yaml")
    assert {k: org[k] for k in ("co_quan_chu_quan", "co_quan", "ten_viet_tat", "dong_ten_co_quan", "ky_hieu",
                                "dia_danh", "nguoi_ky")} == {
        "co_quan_chu_quan": "UBND huyện Hương Sơn", "co_quan": "Ủy ban nhân dân xã Sơn Giang",
        "ten_viet_tat": "UBND xã Sơn Giang", "dong_ten_co_quan": ["Ủy ban nhân dân", "xã Sơn Giang"],
        "ky_hieu": "UBND", "dia_danh": "Sơn Giang",
        "nguoi_ky": {"tham_quyen": "TM. Ủy ban nhân dân", "chuc_vu": "Chủ tịch", "ho_ten": "Nguyễn Đức Thắng"}}
    plan = load(folder, "ke-hoach.yaml")
    assert (plan["ma_ho_so"], plan["loai"], plan["thang"], plan["nam"]) == ("son-giang-2024", "KH", 3, 2024)
    assert plan["noi_nhan"][-1] == "Lưu: VT" and plan["ket_thuc"][0].endswith("giải quyết./.")
    assert [m["tieu_de"] for m in plan["muc"]] == ["Mục đích, yêu cầu", "Nhiệm vụ và giải pháp",
                                                    "Tổ chức thực hiện"]


@pytest.mark.parametrize("draft", SEED_DRAFTS)
def test_appendix_rows_become_the_bundled_tasks(tmp_path, draft):
    done = import_draft(DRAFTS / draft, tmp_path, "sg")
    imported = load(done.folder, "nhiem-vu.yaml")
    bundled = load(SEED_DATA, "nhiem-vu.yaml")
    roles = {o["ma"]: o["chuc_danh"] for o in load(SEED_DATA, "co-quan.yaml")["can_bo"]}
    names = {o["ma"]: o["chuc_danh"] for o in load(done.folder, "co-quan.yaml")["can_bo"]}

    def rows(data, who):
        return [(g["khoan"], t["noi_dung"], who[t["chu_tri"]], [who[s] for s in t.get("phoi_hop", [])],
                 t["thoi_han"], t["san_pham"]) for g in data["linh_vuc"] for t in g["nhiem_vu"]]

    assert rows(imported, names) == rows(bundled, roles)
    assert imported["tieu_de"] == bundled["tieu_de"].replace("Chỉ số", "chỉ số")  # capitals, sentence case
    codes = [t["ma"] for g in imported["linh_vuc"] for t in g["nhiem_vu"]]
    assert codes[:3] == ["1.1", "1.2", "1.3"] and len(set(codes)) == 25


def test_markdown_seed_gives_the_same_body_as_the_word_draft(tmp_path, run):
    code, out, _ = run("--data", tmp_path, "nhap", SEED_MD, "--ho-so", "tu-markdown")
    assert code == 0
    word = import_draft(DRAFTS / "son-giang-2024.docx", tmp_path, "tu-word").folder
    md, docx = load(tmp_path / "tu-markdown", "ke-hoach.yaml"), load(word, "ke-hoach.yaml")
    for key in ("loai", "thang", "nam", "trich_yeu", "mo_dau", "muc", "ket_thuc", "noi_nhan"):
        assert md[key] == docx[key], key
    # The seed has no issuing body in its header and no appendix: said, and left for the clerk.
    assert "Chưa đặt được (1)" in out and "không thấy tên cơ quan ban hành" in out
    assert "dòng 95 «bảo thực chất" in out and "đã nối vào đoạn trước (dòng 93)" in out
    assert "CẦN SỬA" in (tmp_path / "tu-markdown" / "co-quan.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("draft", TAN_PHU_DRAFTS)
def test_merged_commune_draft(tmp_path, run, draft):
    code, out, err = run("--data", tmp_path, "nhap", DRAFTS / draft, "--ho-so", "tan-phu-2025")
    assert code == 0, err
    folder = tmp_path / "tan-phu-2025"
    org = load(folder, "co-quan.yaml")
    assert "co_quan_chu_quan" not in org and "can_bo" not in org
    assert org["nguoi_ky"] == {"tham_quyen": "KT. Chủ tịch", "chuc_vu": "Phó Chủ tịch", "ho_ten": "Lê Thị Hoa"}
    assert [(u["ma"], u["ten"]) for u in org["don_vi"]] == [
        ("van-phong-hdnd-ubnd", "Văn phòng HĐND và UBND"),
        ("trung-tam-phuc-vu-hanh-chinh-cong", "Trung tâm Phục vụ hành chính công"),
        ("phong-kinh-te", "Phòng Kinh tế"), ("phong-van-hoa-xa-hoi", "Phòng Văn hóa - Xã hội"),
        ("cong-an-xa", "Công an xã")]
    plan = load(folder, "ke-hoach.yaml")
    assert plan["trich_yeu"] == "Thực hiện cải cách thủ tục hành chính và chuyển đổi số trên địa bàn xã năm 2025"
    assert [p[:12] for p in plan["mo_dau"]] == ["Căn cứ Luật ", "Căn cứ Nghị ", "Căn cứ Kế ho", "Ủy ban nhân "]
    targets, tasks = plan["muc"][1], plan["muc"][2]
    assert targets["noi_dung"][1]["bang"]["cot"] == ["TT", "Chỉ tiêu", "Năm 2025"]
    assert targets["noi_dung"][1]["bang"]["dong"][1] == [
        "2", "Tỷ lệ hồ sơ trực tuyến toàn trình trên tổng số hồ sơ TTHC", "Từ 80% trở lên"]
    first = tasks["noi_dung"][0]
    assert first["khoan"] == "Cải cách thủ tục hành chính"
    assert first["noi_dung"][0]["tieu_khoan"] == "Rà soát, công bố, công khai TTHC"
    assert first["noi_dung"][0]["noi_dung"][1] == {
        "diem": "Niêm yết, công khai đầy đủ TTHC tại Trung tâm Phục vụ hành chính công và trên Cổng thông tin "
                "điện tử của xã:",
        "noi_dung": [{"y": "Niêm yết bằng bản giấy tại khu vực tiếp nhận hồ sơ;"},
                     {"y": "Công khai bằng mã QR cho từng thủ tục."}]}
    assert first["noi_dung"][1]["noi_dung"][0]["diem"].startswith(
        "Tiếp nhận, giải quyết **100%** hồ sơ trên Hệ thống thông tin giải quyết TTHC của tỉnh, *không tiếp")
    third = tasks["noi_dung"][2]["noi_dung"]
    assert [next(iter(x)) if isinstance(x, dict) else "doan" for x in third] == ["doan", "diem", "diem", "doan"]
    assert plan["muc"][3] == {"tieu_de": "Kinh phí thực hiện", "noi_dung": [
        ("Kinh phí thực hiện Kế hoạch được bố trí trong dự toán ngân sách xã năm 2025 và các nguồn kinh phí hợp "
        "pháp khác.")]}
    appendix = load(folder, "nhiem-vu.yaml")
    assert appendix["muc"] == 3
    deadlines = [t["thoi_han"] for g in appendix["linh_vuc"] for t in g["nhiem_vu"]]
    assert deadlines == ["30/09/2025", "30/09/2025", "thuong_xuyen", "31/10/2025", "hang_quy", "15/11/2025",
                         "hang_quy", "31/12/2025"]
    assert "Chưa đặt được" not in out
    assert "bảng 4, dòng 7 «Tháng 10/2025»: đã hiểu thời hạn “Tháng 10/2025” là ngày 31/10/2025" in out


def test_refuses_an_existing_dossier_and_changes_nothing(tmp_path, run):
    import_draft(DRAFTS / "tan-phu-2025.docx", tmp_path, "tp")
    before = tree(tmp_path)
    code, _out, err = run("--data", tmp_path, "nhap", DRAFTS / "son-giang-2024.docx", "--ho-so", "tp")
    assert code == 1 and "đã có hồ sơ “tp”" in err and "--ghi-de" in err and "Traceback" not in err
    assert tree(tmp_path) == before


def test_overwrite_keeps_the_files_the_draft_does_not_make(tmp_path, run):
    folder = import_draft(DRAFTS / "son-giang-2024.docx", tmp_path, "sg").folder
    (folder / "tien-do.yaml").write_text("cap_nhat: {}\n", encoding="utf-8")
    plan = folder / "ke-hoach.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('ma_ho_so: "sg"', 'ma_ho_so: "sg-cu"'),
                    encoding="utf-8")
    code, out, err = run("--data", tmp_path, "nhap", DRAFTS / "son-giang-2024.docx", "--ho-so", "sg", "--ghi-de")
    assert code == 0, err
    assert "Giữ nguyên từ hồ sơ cũ: tien-do.yaml" in out
    assert (folder / "tien-do.yaml").read_text(encoding="utf-8") == "cap_nhat: {}\n"
    assert load(folder, "ke-hoach.yaml")["ma_ho_so"] == "sg-cu"  # issued documents keep their id
    assert [p.name for p in tmp_path.iterdir()] == ["sg"]  # no staging folder left behind


def test_a_failed_write_leaves_no_dossier(tmp_path, monkeypatch):
    calls = []
    real = files.write_temp

    def full_disk_on_second(path, data, mode=None, sync=True):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data, mode, sync)

    monkeypatch.setattr(files, "write_temp", full_disk_on_second)
    with pytest.raises(KehoachError) as e:
        import_draft(DRAFTS / "son-giang-2024.docx", tmp_path, "sg")
    (p,) = e.value.problems
    assert p.file == str(tmp_path / "sg") and "ổ đĩa đã đầy" in p.message
    assert list(tmp_path.iterdir()) == []


def _docx_with(tmp_path: Path, lines: list[str]) -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    path = tmp_path / "nhap.docx"
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def test_not_a_plan_is_refused(tmp_path, run):
    path = _docx_with(tmp_path, ["ỦY BAN NHÂN DÂN", "BÁO CÁO", "Kết quả quý I"])
    code, _, err = run("--data", tmp_path / "data", "nhap", path)
    assert code == 1 and "không phải kế hoạch" in err
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("name", ["Sơn Giang", "a" * 41, "Dau-hoa"])
def test_folder_name_must_be_a_plain_code(tmp_path, run, name):
    code, _, err = run("--data", tmp_path, "nhap", DRAFTS / "tan-phu-2025.docx", "--ho-so", name)
    assert code == 1 and "chữ thường không dấu" in err


def test_default_folder_name_comes_from_the_file_name(tmp_path):
    path = _docx_with(tmp_path, ["KẾ HOẠCH", "Thử", "I. MỤC ĐÍCH", "Đoạn."])
    named = path.rename(tmp_path / "Kế hoạch Thử 2025.docx")
    assert import_draft(named, tmp_path / "data").folder.name == "ke-hoach-thu-2025"


def test_unplaced_parts_are_listed_with_their_paragraph(tmp_path, run):
    path = _docx_with(tmp_path, [
        "ỦY BAN NHÂN DÂN", "XÃ A", "Số: 12/KH-UBND", "A, ngày 05 tháng 9 năm 2025", "KẾ HOẠCH", "Thử nghiệm",
        "1. Khoản đứng trước mục", "I. MỤC ĐÍCH", "1.1. Không có khoản", "1. Khoản", "- Ý", "+ Dòng cộng",
        "Nơi nhận:", "- Lưu: VT.", "CHỦ TỊCH", "Trần Văn B", "Đoạn lạc sau chữ ký"])
    code, out, _ = run("--data", tmp_path / "data", "nhap", path, "--ho-so", "thu")
    assert code == 0
    listed = out.split("Chưa đặt được (4)")[1].split("Đã tự hiểu")[0]
    assert "đoạn 7 «1. Khoản đứng trước mục»" in listed
    assert "đoạn 9 «1.1. Không có khoản»" in listed
    assert "đoạn 12 «+ Dòng cộng»" in listed
    assert "đoạn 17 «Đoạn lạc sau chữ ký»: nằm sau phần chữ ký, ngoài Phụ lục" in listed
    notes = out.split("Đã tự hiểu")[1]
    assert "đã bỏ số “12”" in notes and "bản nháp để trống ngày" in notes
    assert "đoạn 6 «Thử nghiệm»: dòng ngay dưới chữ KẾ HOẠCH không in đậm" in notes


def test_fixture_lines_are_what_the_script_typed():
    # The drafts and their .json sidecars come from tests/fixtures/make_drafts.py together.
    for name in ("son-giang-2024", "tan-phu-2025"):
        sidecar = json.loads((DRAFTS / f"{name}.json").read_text(encoding="utf-8"))
        assert sidecar["lines"][0] in ("UBND HUYỆN HƯƠNG SƠN", "ỦY BAN NHÂN DÂN")
        assert sidecar["lines"][-1]


def test_signer_block_typed_in_ordinary_case(tmp_path):
    path = _docx_with(tmp_path, ["KẾ HOẠCH", "Thử", "I. MỤC ĐÍCH", "Đoạn.", "Nơi nhận:", "- Lưu: VT.",
                                 "KT. Chủ tịch", "Phó Chủ tịch", "(Đã ký)", "Trần Văn B"])
    done = import_draft(path, tmp_path / "data", "thu")
    assert load(done.folder, "co-quan.yaml")["nguoi_ky"] == {
        "tham_quyen": "KT. Chủ tịch", "chuc_vu": "Phó Chủ tịch", "ho_ten": "Trần Văn B"}
    assert load(done.folder, "co-quan.yaml")["can_bo"] == [
        {"ma": "pho-chu-tich", "chuc_danh": "Phó Chủ tịch", "ho_ten": "Trần Văn B"}]


def test_an_id_another_dossier_carries_is_refused(tmp_path, run):
    old = import_draft(DRAFTS / "tan-phu-2025.docx", tmp_path, "cu").folder
    plan = old / "ke-hoach.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('ma_ho_so: "cu"', 'ma_ho_so: "moi"'), encoding="utf-8")
    code, _, err = run("--data", tmp_path, "nhap", DRAFTS / "son-giang-2024.docx", "--ho-so", "moi")
    assert code == 1 and "hồ sơ “cu” đã mang mã hồ sơ “moi”" in err
    assert not (tmp_path / "moi").exists()
