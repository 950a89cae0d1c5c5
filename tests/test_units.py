"""Units (don_vi) beside officers (can_bo): loading, codes, and the words the notice uses."""
from __future__ import annotations

import re

from kehoach.documents.notice import assignee_words
from kehoach.dossier.loading import load_dossier
from kehoach.dossier.validation import check_dossier

DOSSIER = "data/son-giang-2024"
UNITS = """
don_vi:
  - ma: van-phong-hdnd-ubnd
    ten: "Văn phòng HĐND và UBND"
"""


def _org(project, transform):
    path = project / DOSSIER / "co-quan.yaml"
    path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def _load(project):
    dossier, marks, problems = load_dossier(project / DOSSIER)
    return dossier, problems + check_dossier(dossier, marks)


def test_seed_tasks_go_to_officers(project):
    dossier, problems = _load(project)
    assert not [p for p in problems if p.is_error]
    assert assignee_words(dossier) == "các công chức"


def test_a_task_may_name_a_unit(project):
    _org(project, lambda t: t + UNITS)
    tasks = project / DOSSIER / "nhiem-vu.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("chu_tri: van-hoa", "chu_tri: van-phong-hdnd-ubnd", 1),
                     encoding="utf-8")
    dossier, problems = _load(project)
    assert not [p for p in problems if p.is_error]
    assert dossier.organisation.assignee("van-phong-hdnd-ubnd").label == "Văn phòng HĐND và UBND"
    assert assignee_words(dossier) == "các đơn vị, công chức"


def test_units_only(project):
    _org(project, lambda t: t[:t.index("can_bo:")] + UNITS)
    tasks = project / DOSSIER / "nhiem-vu.yaml"
    text = tasks.read_text(encoding="utf-8")
    text = re.sub(r"chu_tri: [a-z-]+", "chu_tri: van-phong-hdnd-ubnd", text)
    text = re.sub(r"phoi_hop: \[[^\]]*\]", "phoi_hop: []", text)
    tasks.write_text(text, encoding="utf-8")
    dossier, problems = _load(project)
    assert not [p for p in problems if p.is_error], [str(p) for p in problems]
    assert assignee_words(dossier) == "các đơn vị"


def test_neither_list_is_an_error(project):
    path = _org(project, lambda t: t[:t.index("can_bo:")])
    _, problems = _load(project)
    (p,) = [p for p in problems if p.field == "can_bo"]
    assert p.file == str(path) and "don_vi" in p.message


def test_a_code_shared_by_a_unit_and_an_officer_is_an_error(project):
    path = _org(project, lambda t: t + UNITS.replace("van-phong-hdnd-ubnd", "van-phong"))
    _, problems = _load(project)
    dup = [p for p in problems if p.is_error and "bị trùng" in p.message]
    assert [p.field for p in dup] == ["can_bo[3].ma"] and dup[0].file == str(path)
