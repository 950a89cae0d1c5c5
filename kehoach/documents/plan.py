"""The Kế hoạch: header, preamble, numbered mục/khoản/điểm, closing, and the Phụ lục task table. No I/O."""
from __future__ import annotations

from ..dossier.model import Dossier
from ..rules import vn
from ..rules.numbering import Issue
from ..rules.periods import deadline_text
from .common import (
    PLAN,
    TYPE_NAMES,
    Block,
    DocumentModel,
    Rich,
    appendix_link,
    body_blocks,
    make_model,
    task_groups,
)


def plan_document(d: Dossier, issue: Issue | None = None) -> DocumentModel:
    """Return the Kế hoạch with its Phụ lục; `issue` None → draft form."""
    plan, org = d.plan, d.organisation
    body = body_blocks(plan.preamble)
    for si, section in enumerate(plan.sections):
        body.append(Block("muc", f"{vn.roman(si + 1)}. {vn.upper(section.title)}"))
        body.extend(body_blocks(section.content))
    body.extend(body_blocks(plan.closing))

    appendix = None  # no tasks: the plan goes out without its Phụ lục section
    if d.appendix is not None:
        groups = task_groups(d, list(d.appendix.tasks), lambda t: t, lambda t: {
            "noi_dung": Rich(t.content), "chu_tri": org.assignee(t.lead).label,
            "phoi_hop": ", ".join(org.assignee(s).label for s in t.support),
            "thoi_han": deadline_text(t.deadline), "san_pham": Rich(t.output),
        })
        appendix = {
            "nhan": "Phụ lục",
            "tieu_de": vn.upper(d.appendix.title),
            "kem_theo": appendix_link(TYPE_NAMES[PLAN], plan.type_code, org, issue, plan.month, plan.year),
            "nhom": groups,
        }
    return make_model(d, PLAN, PLAN, plan.type_code, plan.summary, plan.recipients, issue,
                  plan.month, plan.year, (), {"than": body, "phu_luc": appendix})
