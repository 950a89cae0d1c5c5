"""The end of the district level (01/7/2025): documents signed from then on name no district body. Pure."""
from __future__ import annotations

import datetime as dt
import re

ABOLISHED = dt.date(2025, 7, 1)
# A district-level body: its People's Committee or Council (of a huyện, quận or thị xã) or its Party
# committee (Huyện ủy, spelt with either tone placement).
DISTRICT = re.compile(r"\b(UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân)\s+(huyện|quận|thị xã)\b"
                      r"|\bhuyện\s+[uủ]ỷ?y?\b|\bHuyện ủy\b|\bHuyện uỷ\b", re.IGNORECASE)


def names_district(text: str) -> bool:
    """Return True when `text` names a district-level body (`UBND huyện Hương Sơn`, `Huyện ủy Hương Sơn`)."""
    return bool(text) and DISTRICT.search(text) is not None


def after_abolition(year: int, month: int) -> bool:
    """Return True when a document dated in `month`/`year` is signed after the district level ended."""
    return dt.date(year, month, 1) >= ABOLISHED
