"""Which documents a dossier has, with the numbers and dates issuing gave them. No I/O."""
from __future__ import annotations

from ..dossier.model import Dossier
from ..rules.numbering import Issue
from .common import NOTICE, PLAN, DocumentModel
from .notice import assignment_notice
from .plan import plan_document
from .report import period_report, report_id, report_periods_of


def all_documents(d: Dossier, issued: dict[str, Issue] | None = None) -> list[DocumentModel]:
    """Return every document of the dossier; `issued` (by id) gives numbers, dates and citations.

    The plan is always there; reports and the notice only when the dossier has tasks and their settings.
    """
    issued = issued or {}
    plan_id = f"{d.name}/{PLAN}"
    plan_issue = issued.get(plan_id)
    docs = [plan_document(d, plan_issue)]
    if d.appendix is not None and d.report is not None:
        docs += [period_report(d, p, issued.get(report_id(d, p)), plan_issue) for p in report_periods_of(d)]
    if d.appendix is not None and d.notice is not None:
        docs.append(assignment_notice(d, issued.get(f"{d.name}/{NOTICE}"), plan_issue))
    return docs
