"""The Thông báo phân công: for each unit or officer, the tasks of the plan they lead or support. No I/O."""
from __future__ import annotations

from ..dossier.model import Dossier, Officer
from ..rules import layout, vn
from ..rules.numbering import Issue
from ..rules.periods import deadline_text
from .common import (
    NOTICE,
    PLAN,
    TYPE_NAMES,
    Block,
    DocumentModel,
    assignee_kinds,
    citation,
    lower_first,
    make_model,
    table_block,
    table_columns,
)

TASK_HEADER = ("TT", "Nhiệm vụ", "Vai trò", "Thời hạn", "Sản phẩm")


def assignment_notice(d: Dossier, issue: Issue | None = None,
                      plan_issue: Issue | None = None) -> DocumentModel:
    """Return the Thông báo phân công: for each unit or officer, the tasks they lead or support."""
    org, plan, notice = d.organisation, d.plan, d.notice
    plan_cite = citation(TYPE_NAMES[PLAN], plan.type_code, org, plan_issue, plan.month, plan.year)
    body = [Block("doan", f"Thực hiện {plan_cite} về {lower_first(plan.summary)}, Ủy ban nhân dân xã "
                          f"thông báo phân công nhiệm vụ cho {assignee_words(d)} như sau:")]
    n = 0
    tables = []
    for officer in org.assignees:
        rows = []
        for t in d.appendix.tasks:
            role = "Chủ trì" if t.lead == officer.id else "Phối hợp" if officer.id in t.support else None
            if role:
                rows.append((t.content, role, deadline_text(t.deadline), t.output))
        if not rows:
            continue
        rows.sort(key=lambda r: r[1] != "Chủ trì")  # stable: lead tasks first, plan order kept
        n += 1
        who = f"{officer.role} ({officer.name})" if isinstance(officer, Officer) and officer.name else officer.label
        lead = sum(1 for r in rows if r[1] == "Chủ trì")
        body.append(Block("khoan", f"{n}. {who}"))
        counts = [f"{verb} {n} nhiệm vụ" for verb, n in (("chủ trì", lead), ("phối hợp", len(rows) - lead)) if n]
        body.append(Block("doan", vn.sentence(", ".join(counts)) + ":"))
        tables.append((len(body), [(str(i), *r) for i, r in enumerate(rows, start=1)]))
    # One set of column widths for every officer's table, so the tables line up down the pages.
    spans = layout.column_spans(table_columns(TASK_HEADER, [r for _, rows in tables for r in rows]))
    for at, rows in reversed(tables):
        body.insert(at, table_block(TASK_HEADER, rows, spans))
    body.extend(Block("doan", p) for p in notice.closing)
    return make_model(d, NOTICE, NOTICE, notice.type_code, notice.summary, notice.recipients, issue,
                  notice.month, notice.year, (f"{d.name}/{PLAN}",), {"than": body})


def assignee_words(d: Dossier) -> str:
    """Return who the plan's tasks go to: `các công chức`, `các đơn vị` or `các đơn vị, công chức`."""
    org = d.organisation
    tasks = d.appendix.tasks if d.appendix else ()
    named = {t.lead for t in tasks} | {s for t in tasks for s in t.support}
    codes = [a.id for a in org.assignees if a.id in named] or [a.id for a in org.assignees]
    return f"các {assignee_kinds(org, codes)}"
