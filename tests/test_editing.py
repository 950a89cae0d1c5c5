"""Editing a clerk's YAML in place keeps what was not changed: comments, quotes, blank lines."""
from __future__ import annotations

import shutil

import pytest

from conftest import SEED
from kehoach.dossier.editing import edit_yaml
from kehoach.errors import KehoachError


@pytest.mark.parametrize("name", sorted(p.name for p in SEED.glob("*.yaml")))
def test_a_no_op_edit_leaves_each_seed_file_byte_identical(tmp_path, name):
    path = tmp_path / name
    shutil.copy(SEED / name, path)
    assert edit_yaml(path, lambda data: None) is False
    assert path.read_bytes() == (SEED / name).read_bytes()


def test_a_change_keeps_the_comments_around_it(tmp_path):
    path = tmp_path / "ke-hoach.yaml"
    shutil.copy(SEED / "ke-hoach.yaml", path)

    def change(data):
        data["thang"] = 4

    assert edit_yaml(path, change) is True
    old, new = (SEED / "ke-hoach.yaml").read_text(encoding="utf-8"), path.read_text(encoding="utf-8")
    assert "thang: 4\n" in new and "thang: 3\n" in old
    assert new.replace("thang: 4\n", "thang: 3\n") == old
    assert "# Tháng, năm dự kiến ký" in new


def test_a_broken_file_is_refused_with_its_line_and_left_alone(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("a: 1\nb: [\n", encoding="utf-8")
    with pytest.raises(KehoachError) as e:
        edit_yaml(path, lambda data: data.update(c=2))
    assert e.value.problems[0].line == 3 and e.value.problems[0].file == str(path)
    assert path.read_text(encoding="utf-8") == "a: 1\nb: [\n"
