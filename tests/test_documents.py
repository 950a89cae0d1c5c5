"""The document model, without rendering: contexts, citations, recipient lines, the template contract."""
from __future__ import annotations

import datetime as dt

import pytest
from docxtpl import DocxTemplate

from conftest import REPO, SEED
from kehoach.documents.catalog import all_documents
from kehoach.documents.common import (CONTEXT_KEYS, PROGRAM_KEYS, TEMPLATES, addressee_lines, citation,
                               recipient_lines)
from kehoach.dossier.loading import load_dossier
from kehoach.rules.numbering import DocNumber, Issue


@pytest.fixture(scope="module")
def seed():
    dossier, _, problems = load_dossier(SEED)
    assert not [p for p in problems if p.is_error]
    return dossier


@pytest.mark.parametrize("kind, template", TEMPLATES.items())
def test_template_contract(seed, kind, template):
    declared = DocxTemplate(str(REPO / "templates" / template)).get_undeclared_template_variables()
    assert declared == set(CONTEXT_KEYS[kind]) - PROGRAM_KEYS
    for doc in all_documents(seed):
        if doc.kind == kind:
            assert set(doc.context) == set(CONTEXT_KEYS[kind])


def test_recipient_lines():
    assert recipient_lines(("UBND huyện Hương Sơn", "Lưu: VT")) == ["- UBND huyện Hương Sơn;", "- Lưu: VT."]


@pytest.mark.parametrize("items, expected", [
    ((), []),
    (("Ủy ban nhân dân huyện Hương Sơn",), ["Kính gửi: Ủy ban nhân dân huyện Hương Sơn."]),
    (("A", "B"), ["Kính gửi:", "- A;", "- B."]),
])
def test_addressee_lines(items, expected):
    assert addressee_lines(items) == expected


def test_citation_blank_before_issue_and_filled_after(seed):
    org = seed.organisation
    assert citation("Kế hoạch", "KH", org, None, 3, 2024) == \
        "Kế hoạch số      /KH-UBND ngày      /3/2024 của UBND xã Sơn Giang"
    issue = Issue(DocNumber(5, "KH-UBND"), dt.date(2024, 3, 15))
    assert citation("Kế hoạch", "KH", org, issue, 3, 2024) == \
        "Kế hoạch số 05/KH-UBND ngày 15/3/2024 của UBND xã Sơn Giang"


def test_issued_plan_is_cited_by_reports_and_notice(seed):
    issue = Issue(DocNumber(5, "KH-UBND"), dt.date(2024, 3, 15))
    docs = {d.id: d for d in all_documents(seed, {"son-giang-2024/ke-hoach": issue})}
    plan = docs["son-giang-2024/ke-hoach"]
    assert plan.context["so"] == "Số: 05/KH-UBND"
    assert plan.context["dia_danh_ngay"] == "Sơn Giang, ngày 15 tháng 3 năm 2024"
    assert plan.context["phu_luc"]["kem_theo"] == \
        "(Kèm theo Kế hoạch số 05/KH-UBND ngày 15 tháng 3 năm 2024 của Ủy ban nhân dân xã Sơn Giang)"
    for doc_id in ("son-giang-2024/thong-bao-phan-cong", "son-giang-2024/bao-cao-6-thang"):
        first = docs[doc_id].context["than"][0].noi_dung
        assert first.startswith("Thực hiện Kế hoạch số 05/KH-UBND ngày 15/3/2024 của UBND xã Sơn Giang về khắc phục")
        assert docs[doc_id].context["so"].startswith("Số:      /")  # not issued itself


def test_every_document_ends_its_body_with_a_paragraph(seed):
    # The template keeps the last body paragraph with the signature block; a table there would not be.
    for doc in all_documents(seed):
        assert doc.context["than"][-1].loai == "doan"
        assert doc.context["than"][-1].noi_dung.endswith("./.")


@pytest.mark.parametrize("doc, when, issued_plan, words", [
    ("bao-cao-quy-1", dt.date(2024, 3, 10), None, "số liệu tính đến ngày 14/3/2024"),
    ("bao-cao-quy-1", dt.date(2024, 3, 14), None, None),
    ("bao-cao-6-thang", dt.date(2024, 6, 20), None, None),
    ("bao-cao-6-thang", dt.date(2024, 6, 13), None, "số liệu tính đến ngày 14/6/2024"),
    ("thong-bao-phan-cong", dt.date(2024, 3, 4), dt.date(2024, 3, 5), "trích dẫn son-giang-2024/ke-hoach"),
    ("thong-bao-phan-cong", dt.date(2024, 3, 5), dt.date(2024, 3, 5), None),
])
def test_issue_date_problem(seed, doc, when, issued_plan, words):
    from kehoach.documents.common import issue_date_problem
    issued = {"son-giang-2024/ke-hoach": Issue(DocNumber(1, "KH-UBND"), issued_plan)} if issued_plan else {}
    model = next(m for m in all_documents(seed, issued) if m.id == f"son-giang-2024/{doc}")
    problem = issue_date_problem(model, when, issued)
    assert (problem is None) if words is None else (words in problem)
