"""Vietnamese text rules: dates, lettering, Roman numerals, numbers, case and Unicode form. No I/O."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Điểm lettering (spec §5.3): Vietnamese alphabet without ă â ê ô ơ ư; f j w z are not Vietnamese.
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
           "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y")

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))

# What a blank day (or number) looks like in a draft, as in the seed: `ngày      tháng 3`.
BLANK = "      "


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC (TCVN 6909:2001), whatever form it was typed in."""
    return unicodedata.normalize("NFC", text)


def upper(text: str) -> str:
    """Return `text` uppercased with its diacritics kept (`Sơn Giang` → `SƠN GIANG`)."""
    return nfc(nfc(text).upper())


def letter(index: int) -> str:
    """Return the điểm letter for the 0-based `index` (0 → `a`, 4 → `đ`); ValueError past `y`."""
    if not 0 <= index < len(LETTERS):
        raise ValueError(f"không có chữ cái thứ {index + 1} để đánh điểm (tối đa {len(LETTERS)})")
    return LETTERS[index]


def roman(n: int) -> str:
    """Return `n` (1…3999) in Roman numerals, as in section headings (`IV`)."""
    if not 0 < n < 4000:
        raise ValueError(f"{n} cannot be written in Roman numerals")
    out = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        out.append(symbol * count)
    return "".join(out)


def integer(n: int) -> str:
    """Return `n` with a dot as thousands separator (`1.250`)."""
    sign = "-" if n < 0 else ""
    return sign + f"{abs(n):,}".replace(",", ".")


def decimal(value: float, places: int = 2) -> str:
    """Return `value` with a decimal comma and thousands dot (`84,40`, `1.250,5`)."""
    text = f"{abs(value):,.{places}f}"
    whole, _, frac = text.partition(".")
    whole = whole.replace(",", ".")
    sign = "-" if value < 0 and float(text.replace(",", "")) != 0 else ""
    return f"{sign}{whole},{frac}" if places else f"{sign}{whole}"


def percent(part: int, whole: int) -> str:
    """Return `part/whole` as a percentage with at most one decimal (`40%`, `33,3%`, `0%` for 0/0)."""
    if whole == 0:
        return "0%"
    value = round(part * 100 / whole, 1)
    return (f"{int(value)}%" if value == int(value) else f"{decimal(value, 1)}%")


def day_text(day: int) -> str:
    """Return the day as written in the place-date line: `05`, `15`."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Return the month as written in the place-date line: `01`, `02`, then `3` … `12` (spec §3.4)."""
    return f"{month:02d}" if month <= 2 else str(month)


def place_date(place: str, date: dt.date | None = None, *, month: int | None = None,
               year: int | None = None) -> str:
    """Return the place-date line; without `date`, the draft form with a blank day.

    `place_date("Sơn Giang", month=3, year=2024)` → `Sơn Giang, ngày      tháng 3 năm 2024`.
    """
    if date is not None:
        return f"{place}, ngày {day_text(date.day)} tháng {month_text(date.month)} năm {date.year}"
    if month is None or year is None:
        raise ValueError("a draft date line needs its month and year")
    return f"{place}, ngày{BLANK}tháng {month_text(month)} năm {year}"


def long_date(date: dt.date) -> str:
    """Return `ngày 05 tháng 3 năm 2024` (the place-date form without the place)."""
    return f"ngày {day_text(date.day)} tháng {month_text(date.month)} năm {date.year}"


def short_date(date: dt.date) -> str:
    """Return a date as cited in running text: `15/3/2024`, `29/12/2023`, `05/3/2024`."""
    return f"{date.day:02d}/{date.month}/{date.year}"


def table_date(date: dt.date) -> str:
    """Return a date for table cells: `30/06/2024` (fixed width reads better in a column)."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def quarter_name(q: int) -> str:
    """Return `Quý I` … `Quý IV`."""
    if q not in (1, 2, 3, 4):
        raise ValueError(f"quý {q} không tồn tại")
    return f"Quý {roman(q)}"


def parse_date(text: str) -> dt.date:
    """Parse `DD/MM/YYYY` (also `D/M/YYYY`); ValueError with a Vietnamese reason otherwise."""
    parts = text.strip().split("/")
    # ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() then refuses.
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts) or len(parts[2]) != 4:
        raise ValueError(f"“{text}” không đúng dạng ngày/tháng/năm (ví dụ 15/03/2024)")
    day, month, year = (int(p) for p in parts)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"ngày “{text}” không có trên lịch") from None


def sentence(text: str) -> str:
    """Return `text` with its first letter capitalised (`công chức` → `Công chức`)."""
    return text[:1].upper() + text[1:] if text else text


def ascii_fold(text: str) -> str:
    """Return `text` without Vietnamese diacritics (`QĐ-UBND` → `QD-UBND`), for file names other systems read."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def ascii_name(text: str, limit: int | None = 40) -> str:
    """Return `text` as a lowercase ASCII name of at most `limit` characters: `Văn phòng 3đ` → `van-phong-3d`.

    File names go to the province's e-office system, which takes ASCII only; dossier ids and
    folder names are made the same way. Empty when `text` has no letter or digit.
    """
    name = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")
    return name if limit is None else name[:limit].rstrip("-")
