"""The kinds of document kehoach makes and the template of each (read by commands that load nothing else)."""
from __future__ import annotations

PLAN, REPORT, NOTICE = "ke-hoach", "bao-cao-quy", "thong-bao-phan-cong"
TEMPLATES = {PLAN: "ke-hoach.docx", REPORT: "bao-cao-quy.docx", NOTICE: "thong-bao-phan-cong.docx"}
TYPE_NAMES = {PLAN: "Kế hoạch", REPORT: "Báo cáo", NOTICE: "Thông báo"}
# The công văn kehoach writes for the register itself (a correction letter, documents/correction.py).
LETTER, LETTER_TEMPLATE = "cong-van", "cong-van.docx"
# Every template kehoach ships, by kind: the documents of a dossier and the công văn.
ALL_TEMPLATES = {**TEMPLATES, LETTER: LETTER_TEMPLATE}
