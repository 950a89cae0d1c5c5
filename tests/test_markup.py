"""Inline markup and typed numbering (rules.markup): one line per case."""
from __future__ import annotations

import pytest

from kehoach.rules.markup import (
    MarkupError,
    Span,
    check,
    escape,
    join,
    parse,
    plain,
)


@pytest.mark.parametrize("text, spans", [
    ("plain", (Span("plain"),)),
    ("a (*b*) c", (Span("a ("), Span("b", italic=True), Span(") c"))),
    ("**đậm**", (Span("đậm", bold=True),)),
    ("***cả hai***", (Span("cả hai", bold=True, italic=True),)),
    ("**đậm *và nghiêng***", (Span("đậm ", bold=True), Span("và nghiêng", bold=True, italic=True))),
    ("*a **b***", (Span("a ", italic=True), Span("b", bold=True, italic=True))),
    ("**a** *b*", (Span("a", bold=True), Span(" "), Span("b", italic=True))),
    (r"5 \* 3", (Span("5 * 3"),)),
    (r"\\*a*", (Span("\\"), Span("a", italic=True))),
    (r"C:\thu-muc", (Span(r"C:\thu-muc"),)),
    ("", ()),
])
def test_parse(text, spans):
    assert parse(text) == spans


@pytest.mark.parametrize("text, column, words", [
    ("**đậm", 1, "dấu ** mở in đậm ở vị trí 1"),
    ("a *b", 3, "dấu * mở in nghiêng ở vị trí 3"),
    ("(*)", 2, "chưa có dấu đóng"),
    ("***a", 1, "dấu ***"),
    ("a****b", 2, "4 dấu * liền nhau"),
    ("**a *b**", 5, "dấu * mở in nghiêng ở vị trí 5"),
])
def test_unbalanced_marker_is_an_error(text, column, words):
    with pytest.raises(MarkupError) as e:
        parse(text)
    assert e.value.column == column
    assert words in str(e.value)
    assert "\\*" in str(e.value)  # tells how to print an asterisk
    assert check(text) == str(e.value)


@pytest.mark.parametrize("text, expected", [
    ("a (*b*) c", "a (b) c"), ("**x** y", "x y"), (r"5 \* 3", "5 * 3"), ("(*) lỗi", "() lỗi"),
])
def test_plain(text, expected):
    assert plain(text) == expected


@pytest.mark.parametrize("spans", [
    (Span("a", bold=True), Span("b", bold=True, italic=True)),
    (Span("a", bold=True), Span("b", italic=True)),
    (Span("x "), Span("y", bold=True), Span(" z")),
    (Span("5 * 3 "), Span("\\", italic=True)),
    (Span("đậm", bold=True), Span(" "), Span("nghiêng", italic=True), Span(".")),
])
def test_join_round_trips(spans):
    assert parse(join(spans)) == spans


def test_join_keeps_markers_on_the_words():
    assert join((Span("Nội dung "), Span("quan trọng ", bold=True), Span("ở đây"))) == "Nội dung **quan trọng** ở đây"
    assert escape("a*b\\c") == "a\\*b\\\\c"
