"""Strict, bounded YAML reading: limits before expansion, ASCII digits, Vietnamese parser messages."""
from __future__ import annotations

import os
import re
import sys

import pytest

from kehoach.dossier.reader import (
    MAX_DEPTH,
    Marks,
    Reader,
    parse_yaml,
    read_text,
    read_yaml,
)
from kehoach.errors import KehoachError

ENGLISH = re.compile(r"\b(found|expected|while|could not|cannot|allowed|token|scalar|mapping|stream|"
                     r"character|block|indentation|document|alias|anchor|escape)\b", re.IGNORECASE)


def problem(text: str):
    with pytest.raises(KehoachError) as e:
        parse_yaml(text, "t.yaml")
    (p,) = e.value.problems[:1]
    return p


# (YAML text, the line the clerk must look at, a fragment of the Vietnamese message)
SYNTAX = [
    ("a: 1\nb:\tc\n", 2, "Tab"),
    ("a:\n\t- 1\n", 2, "Tab"),
    ('a: 1\nb: "abc\nc: 2\n', 2, "dấu ngoặc kép mở ở dòng 2 chưa được đóng"),
    ('a: "x\nb: 2\nc: "y"\n', 1, "dấu ngoặc kép mở ở dòng 1"),
    ("a: b: c\n", 1, "dấu hai chấm"),
    ("a:\n  - 1\n - 2\n", 3, "thụt lề"),
    ("a: [1, 2\nb: 3\n", 2, "ngoặc vuông"),
    ("a: {b: 1\n", 2, "ngoặc nhọn"),
    ("a: *x\n", 1, "chưa được khai báo"),
    ('a: "\\q"\n', 1, "gạch chéo ngược"),
    ("a: 1\n---\nb: 2\n", 2, "một khối dữ liệu"),
    ("a: @x\n", 1, "“@” không được đứng đầu"),
    ("a: `x`\n", 1, "“`” không được đứng đầu"),
    ("a: &\n", 1, "“&” hoặc “*”"),
    ("%YAML x\n", 1, "chỉ thị"),
    ("%a b\n", 1, "chỉ thị"),
    ("a: |x\n  q\n", 1, "“|” hoặc “>”"),
    ('a: "x" y\n', 1, "chữ thừa"),
    ("a: &x 1\nb: &x 2\n", 2, "tên neo"),
    ("a: 'x\n", 1, "dấu nháy đơn mở ở dòng 1"),
]


@pytest.mark.parametrize("text, line, words", SYNTAX, ids=[repr(t[0])[:30] for t in SYNTAX])
def test_syntax_errors_are_vietnamese_and_located(text, line, words):
    p = problem(text)
    assert p.file == "t.yaml" and p.line == line, p
    assert words in p.message and p.message.startswith("sai cú pháp YAML"), p.message
    assert not ENGLISH.search(p.message), p.message


def bomb(levels: int) -> str:
    lines = ["l0: &l0 [" + ", ".join(["x"] * 9) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_while_composing():
    p = problem(bomb(9))  # 9^9 values once expanded; refused at the level that passes 500 000
    assert p.line == 6 and "quá nhiều giá trị" in p.message


def test_a_few_aliases_are_fine():
    assert len(parse_yaml(bomb(4), "t.yaml").value) == 4


def test_an_alias_to_itself_is_refused():
    assert "vòng lặp" in problem("a: &a [*a]\n").message


@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "]" * 5000, "a:\n  " + "- " * 5000 + "x",
                                  "a: " + "{b: " * 60 + "1" + "}" * 60])
def test_deep_nesting_is_refused(text):
    p = problem(text + "\n")
    assert f"hơn {MAX_DEPTH} tầng" in p.message and p.line in (1, 2)


def test_nesting_a_plan_needs_is_fine():
    assert parse_yaml("a: " + "[" * 40 + "]" * 40 + "\n", "t.yaml").value["a"].line == 1


@pytest.mark.parametrize("escape", ["\\x01", "\\0", "\\ud800", "\\x1b", "\\x7f"])
def test_escaped_control_characters_are_refused_with_field(escape):
    p = problem(f'a:\n  b: "x{escape}y"\n')
    assert p.line == 2 and p.field == "a.b" and "ký tự điều khiển" in p.message


def test_a_list_as_a_key_is_refused_without_quoting_nodes():
    p = problem("? [a, b]\n: c\n")
    assert "tên khóa" in p.message and "Node" not in p.message


def reader(problems):
    return Reader("t.yaml", Marks(), problems)


@pytest.mark.parametrize("value", ["²", "٣", "３", "1²", "12a", "-1", "1.0", "99999999999999999999",
                                   "9" * 5000])
def test_integers_take_ascii_digits_only(value):
    problems = []
    node = parse_yaml(f'n: "{value}"\n', "t.yaml").value["n"]
    assert reader(problems).integer(node, "n", 0, 100) is None  # unknown, never a stand-in
    (p,) = problems
    assert p.field == "n" and p.line == 1 and "chữ số 0–9" in p.message
    assert len(p.message) < 200  # a 5 000-digit value is not quoted whole


@pytest.mark.parametrize("value, expected", [("7", 7), ("07", 7), ("100", 100)])
def test_integers_in_range(value, expected):
    problems = []
    node = parse_yaml(f"n: {value}\n", "t.yaml").value["n"]
    assert reader(problems).integer(node, "n", 0, 100) == expected and problems == []


@pytest.mark.parametrize("value", ["３１/03/2024", "3¹/03/2024", "31/03/２０２４"])
def test_dates_take_ascii_digits_only(value):
    problems = []
    node = parse_yaml(f'd: "{value}"\n', "t.yaml").value["d"]
    assert reader(problems).date(node, "d") is None
    assert "không đúng dạng" in problems[0].message


def test_texts_are_remembered_with_their_line_for_prose_checks():
    marks = Marks()
    root = parse_yaml("a: x\nb:\n  - y\n  - z\n", "t.yaml")
    r = Reader("t.yaml", marks, [])
    r.text(root.value["a"], "a")
    r.texts(root.value["b"], "b")
    assert marks.texts == [("t.yaml", "a", 1, "x"), ("t.yaml", "b[1]", 3, "y"), ("t.yaml", "b[2]", 4, "z")]


# -- reading the file ---------------------------------------------------------------------------


def test_non_utf8_names_the_line(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("a: 1\nb: 2\n# ghi chú\n".encode() + b"c: caf\xe9\n")
    with pytest.raises(KehoachError) as e:
        read_text(path, "a.yaml", tmp_path)
    (p,) = e.value.problems
    assert p.line == 4 and "UTF-8" in p.message


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_yaml(path, "a.yaml", tmp_path).value["a"].value == "1"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0c", "\x1b", "\x7f", "\x9b"])
def test_control_characters_are_refused_even_in_comments(tmp_path, char):
    path = tmp_path / "a.yaml"
    path.write_text(f"a: 1\n# ghi chú {char}\n", encoding="utf-8")
    with pytest.raises(KehoachError) as e:
        read_text(path, "a.yaml", tmp_path)
    (p,) = e.value.problems
    assert p.line == 2 and f"U+{ord(char):04X}" in p.message


@pytest.mark.skipif(sys.platform == "win32", reason="symlink cần quyền quản trị trên Windows")
def test_a_link_out_of_the_dossier_is_neither_read_nor_quoted(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    dossier = tmp_path / "ho-so"
    dossier.mkdir()
    os.symlink(secret, dossier / "a.yaml")
    with pytest.raises(KehoachError) as e:
        read_yaml(dossier / "a.yaml", "a.yaml", dossier)
    assert "liên kết" in str(e.value) and "root:x" not in str(e.value)


@pytest.mark.skipif(sys.platform == "win32", reason="symlink cần quyền quản trị trên Windows")
def test_a_link_inside_the_dossier_is_read(tmp_path):
    (tmp_path / "real.yaml").write_text("a: 1\n", encoding="utf-8")
    os.symlink(tmp_path / "real.yaml", tmp_path / "a.yaml")
    assert read_yaml(tmp_path / "a.yaml", "a.yaml", tmp_path).value["a"].value == "1"


def test_a_file_that_is_not_keys_is_not_quoted(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1\n", encoding="utf-8")
    with pytest.raises(KehoachError) as e:
        read_yaml(path, "a.yaml", tmp_path)
    assert "khóa: giá trị" in str(e.value) and "root" not in str(e.value)
