"""The công văn đính chính: a letter correcting a format error in an issued document (ND 30 Đ 18.4). No I/O.

A format error in an issued document is never mended in the document itself: the body issues a
công văn (Mẫu 1.5: no type name, `V/v` under the number, ký hiệu without a type code) that cites the
document in full, says what is corrected, and goes to the same recipients.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dossier.model import Organisation
from ..rules import layout, vn
from ..rules.numbering import DocNumber, Issue
from .common import (
    Block,
    DocumentModel,
    _header,
    _signature,
    addressee_lines,
    lower_first,
    recipient_lines,
)
from .kinds import LETTER, LETTER_TEMPLATE

TEMPLATE, KIND = LETTER_TEMPLATE, LETTER  # kinds.py names every template kehoach ships
# What the công văn template receives (templates/README.md, tools/make_templates.py build_letter).
CONTEXT_KEYS = frozenset({"chu_quan", "co_quan", "so", "trich_yeu", "dia_danh_ngay", "kinh_gui", "than",
                          "tham_quyen", "nguoi_ky", "noi_nhan", "ke_duoi"})
BLOCKS = frozenset({"doan"})  # the `loai` of the letter's body blocks: its template must print them


@dataclass(frozen=True)
class Cited:
    """The document being corrected, as the register holds it."""

    type_name: str
    number: DocNumber
    date: dt.date
    summary: str

    def full(self, issuer: str) -> str:
        """Return the first citation of ND 30 (PL-I II.6b): type, number, date, issuer and summary."""
        about = self.summary[4:] if self.summary.startswith("V/v ") else lower_first(self.summary)
        return f"{self.type_name} số {self.number} ngày {vn.short_date(self.date)} của {issuer} về {about}"

    def short(self) -> str:
        """Return a later citation: type and number only."""
        return f"{self.type_name} số {self.number}"


def correction_letter(org: Organisation, cited: Cited, corrections: list[str], addressees: tuple[str, ...],
                      code: str, issue: Issue | None, date: dt.date) -> DocumentModel:
    """Return the công văn đính chính of `cited` with `corrections` (one paragraph each); draft when `issue` is None.

    `date` fixes the draft's month (and the core properties); `addressees` are the corrected document's
    recipients, which the letter goes to.
    """
    summary = f"V/v đính chính {cited.type_name} số {cited.number} ngày {vn.short_date(cited.date)}"
    body = [Block("doan", f"Ngày {vn.short_date(cited.date)}, {org.name} ban hành {cited.full(org.short_name)}. "
                          f"Do sơ suất trong khâu trình bày, {cited.short()} có sai sót về thể thức. "
                          f"{org.name} đính chính như sau:")]
    numbered = len(corrections) > 1
    body += [Block("doan", f"{k}. {text}" if numbered else text) for k, text in enumerate(corrections, start=1)]
    body.append(Block("doan", f"Các nội dung khác của {cited.short()} giữ nguyên. {org.name} thông báo để các "
                              "cơ quan, đơn vị, cá nhân liên quan biết và thực hiện./."))
    recipients = ("Như trên", f"Lưu: VT, {code.rsplit('-', 1)[-1]}")
    header = _header(org, code, issue, date.month, date.year)
    context = {
        **header,
        # ND 30: the rule under the issuing body is 1/3–1/2 of the line above it (render/ruling.py draws it).
        "ke_duoi": {"co_quan": layout.rule_length(layout.longest_line(
            header["co_quan"], layout.HDR_LEFT_W, layout.ISSUER_PT, bold=True))},
        "trich_yeu": summary,
        "kinh_gui": addressee_lines(addressees),
        "than": body,
        **_signature(org),
        "noi_nhan": recipient_lines(recipients),
    }
    return DocumentModel(
        id=f"dinh-chinh/{cited.number}", kind=KIND, template=TEMPLATE, type_code="", code=code,
        type_name="Công văn", summary=summary, signer=org.signer.name,
        signer_title=" / ".join(context["tham_quyen"]), recipients=recipients, issuer_short=org.short_name,
        date=issue.date if issue else date, cites=(), context=context)
