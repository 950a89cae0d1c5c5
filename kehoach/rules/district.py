"""The end of the district level (01/7/2025): documents signed from then on name no UBND huyện. Pure."""
from __future__ import annotations

import datetime as dt
import re

ABOLISHED = dt.date(2025, 7, 1)
_DISTRICT = re.compile(r"\b(UBND|Ủy ban nhân dân|ỦY BAN NHÂN DÂN)\s+(huyện|HUYỆN)\b")


def names_district(text: str) -> bool:
    """Return True when `text` names a district People's Committee (`UBND huyện Hương Sơn`)."""
    return bool(text) and _DISTRICT.search(text) is not None


def after_abolition(year: int, month: int) -> bool:
    """Return True when a document dated in `month`/`year` is signed after the district level ended."""
    return dt.date(year, month, 1) >= ABOLISHED
