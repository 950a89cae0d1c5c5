"""Jinja's error messages about a template, in Vietnamese (a clerk who edits a template reads them). Pure."""
from __future__ import annotations

import re

import jinja2

_SYNTAX: tuple[tuple[str, str], ...] = (
    (r"Encountered unknown tag '([^']*)'", "thẻ {% {0} %} không có trong cú pháp mẫu (gõ sai tên thẻ?)"),
    ((r"Unexpected end of template.*?looking for the following tags: (.*?)\. The innermost block that needs "
      r"to be closed is '([^']*)'"), "khối {% {1} %} chưa có thẻ đóng ({0})"),
    (r"Unexpected end of template", "mẫu kết thúc khi còn khối {% … %} chưa đóng"),
    (r"unexpected end of template, expected '(.*?)'", "thẻ chưa viết xong: thiếu “{0}”"),
    (r"expected token '([^']*)', got '([^']*)'", "trong thẻ cần “{0}” nhưng gặp “{1}”"),
    (r"unexpected '(.*?)'", "ký tự “{0}” đặt sai chỗ trong thẻ"),
    (r"unexpected char '(.*?)'", "ký tự “{0}” không được dùng trong thẻ (dấu nháy cong do Word tự đổi?)"),
    (r"expected '(.*?)'", "trong thẻ thiếu “{0}”"),
)


def _fill(sentence: str, groups: tuple[str, ...]) -> str:
    for i, group in enumerate(groups):
        sentence = sentence.replace("{" + str(i) + "}", group.replace("'", "").replace(" or ", " hoặc ")[:40])
    return sentence


def template_message(error: jinja2.TemplateError) -> str:
    """Return what went wrong with a template tag, in Vietnamese, for any Jinja `error`."""
    text = str(getattr(error, "message", None) or error)
    if isinstance(error, jinja2.UndefinedError):
        m = re.search(r"'([^']*)' is undefined", text) or re.search(r"has no attribute '([^']*)'", text)
        return f"mẫu dùng biến «{m.group(1)[:40]}» không có trong dữ liệu" if m else "mẫu dùng biến không có trong dữ liệu"
    if isinstance(error, jinja2.exceptions.SecurityError):
        m = re.search(r"attribute '([^']*)'", text)
        what = f" («{m.group(1)[:40]}»)" if m else ""
        return f"thẻ truy cập vào bên trong chương trình{what}"
    for pattern, sentence in _SYNTAX:
        m = re.search(pattern, text, re.DOTALL)
        if m:
            return _fill(sentence, m.groups())
    return "thẻ {{ … }} hoặc {% … %} viết sai cú pháp"
