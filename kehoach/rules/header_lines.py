"""The Số line and the place-date line of a document's header (ND 30 ô 3 and ô 4; spec §3.3, §3.4), as the
checker, the draft reader, the register's Word intake and the stamper meet them. Pure."""
from __future__ import annotations

import re

from .numbering import CODE_PATTERN

# What a blank left for the Văn thư may be typed with: spaces, dots, ellipses, underscores.
BLANK = r"[ \t\u00a0.…_]"
_MONTH = r"(01|02|[3-9]|1[0-2])"

# As ND 30 prints them (the format checker, spaces inside collapsed): `Số: 05/KH-UBND`, `Số:      /KH-UBND`;
# group 1 the number and 2 the ký hiệu of an issued line, group 1 the ký hiệu of a draft.
NUMBER_ISSUED = re.compile(rf"^Số: (0[1-9]|[1-9]\d+)/({CODE_PATTERN})$")
NUMBER_DRAFT = re.compile(rf"^Số:{BLANK}+/({CODE_PATTERN})$")
# `Sơn Giang, ngày 05 tháng 3 năm 2024` (place, day, month, year), and a draft's with the day blank.
DATE_ISSUED = re.compile(rf"^([^,]+), ngày (0[1-9]|[12][0-9]|3[01]) tháng {_MONTH} năm (\d{{4}})$")
DATE_DRAFT = re.compile(rf"^([^,]+), ngày{BLANK}+tháng {_MONTH} năm (\d{{4}})$")

# As clerks type them in a draft to import (any case and spacing): the number (maybe blank), the type
# code and the issuer's code; the place, day, month and year (day and month maybe blank).
NUMBER_TYPED = re.compile(r"^Số\s*:\s*(?P<n>[\d.]*)\s*/\s*(?P<type>[^\s\-/]+)\s*-\s*(?P<code>\S+)\s*$", re.IGNORECASE)
DATE_TYPED = re.compile(r"^(?P<place>[^,]{1,60}),\s*ngày\b(?P<d>[\s\d._…]*)tháng\b\s*(?P<m>\d{1,2})?[\s._…]*"
                        r"năm\s*(?P<y>\d{4})\s*$", re.IGNORECASE)
# A Word document's Số line, spaces collapsed: whatever stands after "/" is its ký hiệu (group 1).
NUMBER_CODE = re.compile(r"^Số\s*:[\s.…_\d]*/\s*(\S+)$")
# A place-date line's month (group 1) and year (group 2), whatever fills the day.
MONTH_YEAR = re.compile(r"tháng\D*?(\d{1,2})\D+năm\D*?(\d{4})")

# The blanks themselves inside a Word text run, for the number and day the Văn thư writes in: the Số
# blank (group 1), a number already written there (group 2) and the blank after it; the day, month and
# year with their blanks.
NUMBER_BLANKS = re.compile(rf"Số\s*:({BLANK}*)(\d*)({BLANK}*)/")
DATE_BLANKS = re.compile(rf"ngày(?P<d>{BLANK}*\d{{0,2}}{BLANK}*)tháng(?P<m>{BLANK}*\d{{0,2}}{BLANK}*)"
                         rf"năm(?P<y>{BLANK}*\d{{0,4}})")
