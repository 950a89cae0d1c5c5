"""The Thông báo phân công: for each unit or officer, the tasks of the plan they lead or support. No I/O."""
from __future__ import annotations

from ..dossier.model import Dossier, Officer, Unit
from ..rules import vn
from ..rules.numbering import Issue
from .common import NOTICE, PLAN, TYPE_NAMES, Block, DocumentModel, citation, deadline_text, lower_first, make_model

def assignment_notice(d: Dossier, issue: Issue | None = None,
                      plan_issue: Issue | None = None) -> DocumentModel:
    """Return the Thông báo phân công: for each unit or officer, the tasks they lead or support."""
    org, plan, notice = d.organisation, d.plan, d.notice
    plan_cite = citation(TYPE_NAMES[PLAN], plan.type_code, org, plan_issue, plan.month, plan.year)
    body = [Block("doan", f"Thực hiện {plan_cite} về {lower_first(plan.summary)}, Ủy ban nhân dân xã "
                          f"thông báo phân công nhiệm vụ cho {assignee_words(d)} như sau:")]
    n = 0
    for officer in org.assignees:
        rows = []
        for t in d.appendix.tasks:
            role = "Chủ trì" if t.lead == officer.id else "Phối hợp" if officer.id in t.support else None
            if role:
                rows.append({"noi_dung": t.content, "vai_tro": role,
                             "thoi_han": deadline_text(t.deadline), "san_pham": t.output})
        if not rows:
            continue
        rows.sort(key=lambda r: r["vai_tro"] != "Chủ trì")  # stable: lead tasks first, plan order kept
        for i, r in enumerate(rows, start=1):
            r["tt"] = str(i)
        n += 1
        who = f"{officer.role} ({officer.name})" if isinstance(officer, Officer) and officer.name else officer.label
        lead = sum(1 for r in rows if r["vai_tro"] == "Chủ trì")
        body.append(Block("khoan", f"{n}. {who}"))
        counts = [f"{verb} {n} nhiệm vụ" for verb, n in (("chủ trì", lead), ("phối hợp", len(rows) - lead)) if n]
        body.append(Block("doan", vn.sentence(", ".join(counts)) + ":"))
        body.append(Block("nhiem_vu", dong=tuple(rows)))
    body.extend(Block("doan", p) for p in notice.closing)
    return make_model(d, NOTICE, NOTICE, notice.type_code, notice.summary, notice.recipients, issue,
                  notice.month, notice.year, (f"{d.name}/{PLAN}",), {"than": body})


def assignee_words(d: Dossier) -> str:
    """Return who the plan's tasks go to: `các công chức`, `các đơn vị` or `các đơn vị, công chức`."""
    org = d.organisation
    codes = {t.lead for t in d.appendix.tasks} | {s for t in d.appendix.tasks for s in t.support}
    kinds = {type(a) for a in org.assignees if a.id in codes} or {type(a) for a in org.assignees}
    if kinds == {Unit}:
        return "các đơn vị"
    if kinds == {Officer}:
        return "các công chức"
    return "các đơn vị, công chức"
