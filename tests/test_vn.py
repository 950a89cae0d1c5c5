import datetime as dt
import unicodedata

import pytest

from kehoach.rules import vn


@pytest.mark.parametrize("i, expected", [
    (0, "a"), (1, "b"), (2, "c"), (3, "d"), (4, "đ"), (5, "e"), (6, "g"), (7, "h"), (8, "i"),
    (9, "k"), (10, "l"), (15, "q"), (20, "v"), (21, "x"), (22, "y"),
])
def test_letter(i, expected):
    assert vn.letter(i) == expected


@pytest.mark.parametrize("i", [-1, 23, 30])
def test_letter_out_of_range(i):
    with pytest.raises(ValueError):
        vn.letter(i)


def test_letters_skip_non_vietnamese_and_marked_vowels():
    assert not set(vn.LETTERS) & {"f", "j", "w", "z", "ă", "â", "ê", "ô", "ơ", "ư"}


@pytest.mark.parametrize("n, expected", [
    (1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (8, "VIII"), (9, "IX"), (14, "XIV"),
    (40, "XL"), (1999, "MCMXCIX"),
])
def test_roman(n, expected):
    assert vn.roman(n) == expected


@pytest.mark.parametrize("n", [0, -3, 4000])
def test_roman_out_of_range(n):
    with pytest.raises(ValueError):
        vn.roman(n)


@pytest.mark.parametrize("value, places, expected", [
    (84.4, 2, "84,40"), (1250.5, 1, "1.250,5"), (0, 2, "0,00"), (1234567.891, 2, "1.234.567,89"),
    (-3.5, 1, "-3,5"), (7, 0, "7"),
])
def test_decimal(value, places, expected):
    assert vn.decimal(value, places) == expected


@pytest.mark.parametrize("n, expected", [(0, "0"), (999, "999"), (1250, "1.250"), (1000000, "1.000.000"), (-1250, "-1.250")])
def test_integer(n, expected):
    assert vn.integer(n) == expected


@pytest.mark.parametrize("part, whole, expected", [
    (5, 25, "20%"), (11, 25, "44%"), (1, 3, "33,3%"), (2, 3, "66,7%"), (0, 0, "0%"), (25, 25, "100%"),
])
def test_percent(part, whole, expected):
    assert vn.percent(part, whole) == expected


@pytest.mark.parametrize("day, expected", [
    (dt.date(2024, 3, 5), "Sơn Giang, ngày 05 tháng 3 năm 2024"),
    (dt.date(2020, 1, 5), "Sơn Giang, ngày 05 tháng 01 năm 2020"),
    (dt.date(2024, 2, 29), "Sơn Giang, ngày 29 tháng 02 năm 2024"),
    (dt.date(2019, 6, 29), "Sơn Giang, ngày 29 tháng 6 năm 2019"),
    (dt.date(2024, 12, 15), "Sơn Giang, ngày 15 tháng 12 năm 2024"),
    (dt.date(2024, 10, 1), "Sơn Giang, ngày 01 tháng 10 năm 2024"),
])
def test_place_date(day, expected):
    assert vn.place_date("Sơn Giang", day) == expected


def test_place_date_draft_has_blank_day_and_filled_month():
    assert vn.place_date("Sơn Giang", month=3, year=2024) == "Sơn Giang, ngày      tháng 3 năm 2024"
    assert vn.place_date("Sơn Giang", month=1, year=2025) == "Sơn Giang, ngày      tháng 01 năm 2025"


@pytest.mark.parametrize("day, expected", [
    (dt.date(2023, 12, 29), "29/12/2023"), (dt.date(2019, 9, 27), "27/9/2019"),
    (dt.date(2024, 3, 15), "15/3/2024"), (dt.date(2024, 3, 5), "05/3/2024"),
])
def test_short_date(day, expected):
    assert vn.short_date(day) == expected


@pytest.mark.parametrize("text, expected", [
    ("15/03/2024", dt.date(2024, 3, 15)), ("5/3/2024", dt.date(2024, 3, 5)),
    (" 29/02/2024 ", dt.date(2024, 2, 29)),
])
def test_parse_date(text, expected):
    assert vn.parse_date(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("31/02/2024", "không có trên lịch"), ("29/02/2023", "không có trên lịch"),
    ("2024-03-15", "không đúng dạng"), ("15/3/24", "không đúng dạng"), ("ngày 15", "không đúng dạng"),
])
def test_parse_date_rejects(text, reason):
    with pytest.raises(ValueError, match=reason):
        vn.parse_date(text)


@pytest.mark.parametrize("text, expected", [
    ("Ủy ban nhân dân", "ỦY BAN NHÂN DÂN"), ("xã Sơn Giang", "XÃ SƠN GIANG"),
    ("UBND huyện Hương Sơn", "UBND HUYỆN HƯƠNG SƠN"), ("Chủ tịch", "CHỦ TỊCH"),
    ("đường", "ĐƯỜNG"),
])
def test_upper_keeps_diacritics(text, expected):
    assert vn.upper(text) == expected


def test_upper_of_decomposed_text_is_composed():
    nfd = unicodedata.normalize("NFD", "Sơn Giang")
    assert vn.upper(nfd) == "SƠN GIANG"
    assert unicodedata.is_normalized("NFC", vn.upper(nfd))


def test_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Đức Thắng")
    assert nfd != "Nguyễn Đức Thắng"
    assert vn.nfc(nfd) == "Nguyễn Đức Thắng"


@pytest.mark.parametrize("q, expected", [(1, "Quý I"), (2, "Quý II"), (3, "Quý III"), (4, "Quý IV")])
def test_quarter_name(q, expected):
    assert vn.quarter_name(q) == expected


@pytest.mark.parametrize("month, expected", [(1, "01"), (2, "02"), (3, "3"), (9, "9"), (10, "10"), (12, "12")])
def test_month_text(month, expected):
    assert vn.month_text(month) == expected
