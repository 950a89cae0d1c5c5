"""Which documents a dossier has, with the numbers and dates issuing gave them. No I/O."""
from __future__ import annotations

from ..dossier.model import Dossier
from ..rules.numbering import Issue
from .common import NOTICE, PLAN, REPORT, DocumentModel
from .notice import assignment_notice
from .plan import plan_document
from .report import quarter_report


def all_documents(d: Dossier, issued: dict[str, Issue] | None = None) -> list[DocumentModel]:
    """Return every document of the dossier; `issued` (by id) gives numbers, dates and citations.

    The plan is always there; reports and the notice only when the dossier has tasks and their settings.
    """
    issued = issued or {}
    plan_id = f"{d.name}/{PLAN}"
    plan_issue = issued.get(plan_id)
    docs = [plan_document(d, plan_issue)]
    if d.appendix is not None and d.report is not None:
        docs += [quarter_report(d, q, issued.get(f"{d.name}/{REPORT}-{q}"), plan_issue) for q in (1, 2, 3, 4)]
    if d.appendix is not None and d.notice is not None:
        docs.append(assignment_notice(d, issued.get(f"{d.name}/{NOTICE}"), plan_issue))
    return docs
