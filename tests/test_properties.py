"""Property tests: random valid dossiers build and read back; random corruption is a message, never a crash.

Each example runs the real CLI (in-process, so an exception other than KehoachError fails the test)
on a dossier written to a temporary folder. Examples are few and derandomized: the suite must stay
quick on two cores and give the same result on every run.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from conftest import REPO, SEED, mark_as_real
from docx_text import lines
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from kehoach.cli.main import main
from kehoach.rules import vn

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "kehoach-hypothesis")  # never write inside the repository
# No shrinking: one example is a whole build, and shrinking a failure would take many minutes; the
# failing example is printed as it was drawn.
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
OFFICERS = ["chu-tich", "pho-chu-tich", "van-phong", "tu-phap", "tai-chinh", "dia-chinh", "van-hoa", "quan-su",
            "cong-an"]
RECURRENCES = ["thuong_xuyen", "hang_thang", "hang_quy", "hang_nam"]

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
WORD = st.text(LETTERS + LETTERS.upper(), min_size=1, max_size=8)
# What must survive as text: XML specials, template braces, quotes, backslashes, digits.
SYMBOL = st.sampled_from(["&", "<", ">", "{{", "}}", "{%", "%}", "{#", "{", "}", "%", "\"", "'", "\\", "#",
                          ":", "-", ",", ";", ".", "(", ")", "/", "2024", "84,40", "&amp;", "<w:t>"])


@st.composite
def prose(draw, markup: bool = True) -> tuple[str, str]:
    """Return (text as typed in YAML, text as the document must show it); `markup` adds *italic* words."""
    words = [draw(WORD)]  # a word first: a leading number would read as hand-typed numbering
    italic = [WORD.map(lambda w: f"*{w}*")] if markup else []
    for _ in range(draw(st.integers(0, 6))):
        words.append(draw(st.one_of(WORD, SYMBOL, *italic)))
    typed = " ".join(words)
    return typed, typed.replace("*", "")


def q(text: str) -> str:
    """Return `text` as a YAML double-quoted scalar (JSON's escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@st.composite
def dossiers(draw) -> dict:
    areas = draw(st.integers(1, 4))
    plan = {
        "thang": draw(st.integers(1, 12)),
        "trich_yeu": draw(prose(False)),  # a header line: no markup
        "mo_dau": draw(st.lists(prose(), max_size=2)),
        "muc": [
            (draw(prose()), [(draw(prose()), draw(st.lists(prose(), min_size=1, max_size=2)))
                             for _ in range(draw(st.integers(1, 2)))]),
            (draw(prose()), [(draw(prose()), draw(st.lists(prose(), min_size=1, max_size=2)))
                             for _ in range(areas)]),
        ],
        "ket_thuc": draw(st.lists(prose(), max_size=1)),
    }
    tasks = []
    for area in sorted(draw(st.sets(st.integers(1, areas), min_size=1))):
        for _ in range(draw(st.integers(1, 3))):
            lead = draw(st.sampled_from(OFFICERS))
            deadline = draw(st.one_of(st.sampled_from(RECURRENCES), st.dates(
                min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 12, 31)).map(vn.table_date)))
            # Table cells of the appendix take no markup (yet): their texts carry no asterisks.
            tasks.append({"area": area, "id": f"t{len(tasks) + 1}", "content": draw(prose(False)), "lead": lead,
                          "support": draw(st.lists(st.sampled_from([o for o in OFFICERS if o != lead]),
                                                   max_size=2, unique=True)),
                          "deadline": deadline, "output": draw(prose(False))})
    progress = {t["id"]: draw(st.integers(0, 100)) for t in tasks if draw(st.booleans())}
    return {"plan": plan, "tasks": tasks, "progress": progress}


def write_dossier(folder: Path, d: dict) -> None:
    p = d["plan"]
    out = ['loai: "KH"', f"thang: {p['thang']}", "nam: 2024", f"trich_yeu: {q(p['trich_yeu'][0])}",
           "mo_dau: []" if not p["mo_dau"] else "mo_dau:"]
    out += [f"  - {q(t)}" for t, _ in p["mo_dau"]]
    out.append("muc:")
    for (title, _), clauses in p["muc"]:
        out += [f"  - tieu_de: {q(title)}", "    khoan:"]
        for (ctitle, _), points in clauses:
            out += [f"      - tieu_de: {q(ctitle)}", "        diem:"] + [f"          - {q(t)}" for t, _ in points]
    out += ["ket_thuc: []" if not p["ket_thuc"] else "ket_thuc:"] + [f"  - {q(t)}" for t, _ in p["ket_thuc"]]
    out += ["noi_nhan:", '  - "Các công chức chuyên môn"', '  - "Lưu: VT"']
    (folder / "ke-hoach.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")

    out = ["du_lieu_mau: false", f"tieu_de: {q('Danh mục nhiệm vụ')}", "linh_vuc:"]
    for area in sorted({t["area"] for t in d["tasks"]}):
        out += [f"  - khoan: {area}", "    nhiem_vu:"]
        for t in (t for t in d["tasks"] if t["area"] == area):
            out += [f"      - ma: {q(t['id'])}", f"        noi_dung: {q(t['content'][0])}",
                    f"        chu_tri: {t['lead']}", f"        phoi_hop: [{', '.join(t['support'])}]",
                    f"        thoi_han: {q(t['deadline'])}", f"        san_pham: {q(t['output'][0])}"]
    (folder / "nhiem-vu.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")

    out = ["du_lieu_mau: false", "cap_nhat:"]
    for task_id, percent in d["progress"].items():
        out += [f"  {q(task_id)}:", f'    - {{ngay: "10/06/2024", tien_do: {percent}}}']
    if not d["progress"]:
        out[-1] = "cap_nhat: {}"
    (folder / "tien-do.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")


def new_project(tmp: Path) -> Path:
    shutil.copytree(SEED, tmp / "data" / SEED.name)
    shutil.copytree(REPO / "templates", tmp / "templates", ignore=shutil.ignore_patterns("*.md"))
    mark_as_real(tmp / "data" / SEED.name)
    return tmp


def shown(item: tuple[str, str]) -> str:
    """Return how the document shows a generated text: its display form, blanks collapsed."""
    return " ".join(item[1].split())


def in_order(expected: list[str], paragraphs: list[str]) -> None:
    pos = 0
    for text in expected:
        hit = next((i for i in range(pos, len(paragraphs)) if text in paragraphs[i]), None)
        assert hit is not None, f"missing or out of order: {text!r}"
        pos = hit + 1


@SETTINGS
@given(dossiers())
def test_random_valid_dossiers_build_and_read_back(d):
    with tempfile.TemporaryDirectory(prefix="kehoach-prop-") as tmp:
        root = new_project(Path(tmp))
        write_dossier(root / "data" / SEED.name, d)
        assert main(["--data", str(root / "data"), "--out", str(root / "out")]) == 0
        plan = lines(root / "out" / SEED.name / "ke-hoach.docx")
        p = d["plan"]
        expected = [shown(p["trich_yeu"])] + [shown(t) for t in p["mo_dau"]]
        for title, clauses in p["muc"]:
            expected.append(vn.upper(shown(title)))
            for ctitle, points in clauses:
                expected += [shown(ctitle)] + [shown(t) for t in points]
        expected += [shown(t) for t in p["ket_thuc"]]
        expected += [shown(t["content"]) for t in sorted(d["tasks"], key=lambda t: t["area"])]
        in_order(expected, plan)
        notice = lines(root / "out" / SEED.name / "thong-bao-phan-cong.docx")
        for t in d["tasks"]:
            assert any(shown(t["content"]) in line for line in notice)


# -- corruption ---------------------------------------------------------------------------------

FILES = ["co-quan.yaml", "ke-hoach.yaml", "nhiem-vu.yaml", "tien-do.yaml", "bao-cao.yaml", "thong-bao.yaml"]
KEYS = ["ma", "thang", "nam", "noi_nhan", "muc", "khoan", "linh_vuc", "cap_nhat", "x", "thu_muc_mau", "<<", "?"]


@st.composite
def corruptions(draw):
    """Return (file name, [operation …]) where each operation changes the file's bytes."""
    ops = draw(st.lists(st.one_of(
        st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 255)),
        st.tuples(st.just("truncate"), st.floats(0, 1)),
        st.tuples(st.just("delete-line"), st.floats(0, 1)),
        st.tuples(st.just("insert-key"), st.floats(0, 1), st.integers(0, 8), st.sampled_from(KEYS),
                  st.sampled_from(["1", "", "[", "{a: 1}", "- x", "*a", "&a x", "\"", "²", "31/02/2024", "\t"])),
    ), min_size=1, max_size=3))
    return draw(st.sampled_from(FILES + ["../cau-hinh.yaml"])), ops


def corrupt(data: bytes, ops) -> bytes:
    for op in ops:
        at = int(op[1] * len(data)) if data else 0
        if op[0] == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([op[2]]) + data[at + 1:]
        elif op[0] == "truncate":
            data = data[:at]
        elif op[0] == "delete-line":
            rows = data.split(b"\n")
            del rows[min(int(op[1] * len(rows)), len(rows) - 1)]
            data = b"\n".join(rows)
        elif op[0] == "insert-key":
            rows = data.split(b"\n")
            row = (" " * op[2] + f"{op[3]}: {op[4]}").encode("utf-8")
            rows.insert(int(op[1] * len(rows)), row)
            data = b"\n".join(rows)
    return data


@SETTINGS
@given(corruptions())
def test_random_corruption_is_a_message_or_a_clean_build(case):
    name, ops = case
    with tempfile.TemporaryDirectory(prefix="kehoach-prop-") as tmp:
        root = new_project(Path(tmp))
        path = root / "data" / SEED.name / name
        path.resolve().parent.mkdir(parents=True, exist_ok=True)
        original = path.read_bytes() if path.exists() else b"danh_so: chung\nthu_muc_luu: van-thu\n"
        path.write_bytes(corrupt(original, ops))
        code = main(["--data", str(root / "data"), "--out", str(root / "out")])
        assert code in (0, 1)
        if code == 1:
            assert not (root / "out").exists()  # refused before anything was written
        else:
            assert len(list((root / "out" / SEED.name).glob("*.docx"))) == 6
