import pytest

from kehoach.rules.numbering import DocNumber, format_number, ky_hieu, next_number, number_line


@pytest.mark.parametrize("n, expected", [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (12, "12"), (125, "125")])
def test_format_number(n, expected):
    assert format_number(n) == expected


@pytest.mark.parametrize("number, code, expected", [
    (5, "KH-UBND", "05/KH-UBND"), (12, "BC-UBND", "12/BC-UBND"), (3, "TB-UBND", "03/TB-UBND"),
    (100, "QĐ-UBND", "100/QĐ-UBND"),
])
def test_doc_number_str(number, code, expected):
    assert str(DocNumber(number, code)) == expected


def test_doc_number_starts_at_one():
    with pytest.raises(ValueError):
        DocNumber(0, "KH-UBND")


@pytest.mark.parametrize("t, issuer, expected", [("KH", "UBND", "KH-UBND"), ("QyĐ", "UBND", "QyĐ-UBND")])
def test_ky_hieu(t, issuer, expected):
    assert ky_hieu(t, issuer) == expected


def test_number_line_draft_and_issued():
    assert number_line("KH-UBND", None) == "Số:      /KH-UBND"
    assert number_line("KH-UBND", DocNumber(5, "KH-UBND")) == "Số: 05/KH-UBND"


@pytest.mark.parametrize("last, expected", [(None, 1), (1, 2), (9, 10), (99, 100)])
def test_next_number(last, expected):
    assert next_number(last) == expected
