"""Which body a register book of a year is headed by: the plan of that year, never simply the first dossier."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kehoach.errors import KehoachError
from kehoach.pipeline import issuing_body, load_project


@pytest.fixture
def two_years(project):
    """data/ with the seed (2024, xã Sơn Giang) and the 2025 plan of a merged commune, here named xã Sơn Kim."""
    later = project / "data" / "son-kim-2025"
    shutil.copytree(Path(__file__).parent / "fixtures" / "xa-sau-sap-xep-2025", later)
    org = later / "co-quan.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace('co_quan: "Ủy ban nhân dân xã Sơn Giang"',
                                                           'co_quan: "Ủy ban nhân dân xã Sơn Kim"'), encoding="utf-8")
    return project


def test_each_year_gets_its_own_plans_body(two_years):
    project = load_project(two_years / "data")
    assert issuing_body(project, 2024).name == "Ủy ban nhân dân xã Sơn Giang"
    assert issuing_body(project, 2025).name == "Ủy ban nhân dân xã Sơn Kim"
    assert issuing_body(project, 2026).name == "Ủy ban nhân dân xã Sơn Kim"  # the latest plan before it
    assert issuing_body(project, 2023).name == "Ủy ban nhân dân xã Sơn Giang"  # none before: the first dossier


def test_the_register_book_of_2025_is_headed_by_the_2025_body(two_years, run, tmp_path):
    code, out, err = run("register", "--data", two_years / "data", "--nam", "2025", "--out", tmp_path / "so.docx")
    assert code == 0, err
    assert out.splitlines()[0] == "SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2025 — Ủy ban nhân dân xã Sơn Kim"


def test_a_broken_dossier_is_said_not_passed_over(two_years, run, tmp_path):
    (two_years / "data" / "son-kim-2025" / "co-quan.yaml").write_text("co_quan: [\n", encoding="utf-8")
    from kehoach.dossier.settings import load_settings
    from kehoach.pipeline import Project

    bare = Project(two_years / "data", load_settings(two_years / "data"), [])
    with pytest.raises(KehoachError) as caught:
        issuing_body(bare, 2025)
    assert any(p.file and p.file.endswith("co-quan.yaml") for p in caught.value.problems)
