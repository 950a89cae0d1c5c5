"""The YAML parser's error messages in Vietnamese: a clerk never reads the parser's English. Pure."""
from __future__ import annotations

import re

import yaml

_QUOTE_HINT = "hãy đặt cả giá trị trong dấu ngoặc kép \"…\""
_ESCAPE = ("trong dấu ngoặc kép, dấu gạch chéo ngược “\\” phải đi với một ký tự thoát hợp lệ; muốn viết chính "
           "dấu “\\” hãy gõ hai lần “\\\\”, hoặc đặt giá trị trong dấu nháy đơn '…'")
_INDENT = "thụt lề không khớp với các dòng cùng cấp (các khóa cùng cấp phải thẳng cột, thụt bằng dấu cách)"
_TAG = f"dấu “!” đứng đầu giá trị có nghĩa riêng trong YAML: {_QUOTE_HINT}"

# (pattern on the parser's `problem` text, Vietnamese sentence; {0} is the pattern's first group, shown
# as the character it names). Order matters: the first match wins.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"found character '\\t' that cannot start any token|found a tab character",
     "có ký tự Tab: YAML chỉ thụt lề bằng dấu cách, hãy thay mỗi Tab bằng dấu cách"),
    (r"found character (.+) that cannot start any token",
     f"ký tự {'{0}'} không được đứng đầu một giá trị: {_QUOTE_HINT}"),
    (r"mapping values are not allowed here",
     ("dấu hai chấm “:” đặt sai chỗ: giá trị có dấu hai chấm phải đặt trong dấu ngoặc kép, "
      "hoặc dòng này thụt lề chưa đúng")),
    (r"could not find expected ':'",
     "thiếu dấu hai chấm “:” sau tên khóa (hoặc dấu ngoặc kép ở dòng trên chưa đóng)"),
    (r"expected <block end>, but found '-'",
     "mục danh sách “- ” thụt lề không khớp với các mục khác của danh sách"),
    (r"expected <block end>, but found '<scalar>'",
     "có chữ thừa sau giá trị (chẳng hạn sau dấu ngoặc kép đóng), hoặc " + _INDENT),
    (r"expected <block end>, but found", _INDENT),
    (r"expected ',' or '\]', but got", "danh sách trong ngoặc vuông thiếu dấu phẩy “,” hoặc dấu đóng “]”"),
    (r"expected ',' or '\}', but got", "nhóm trong ngoặc nhọn thiếu dấu phẩy “,” hoặc dấu đóng “}”"),
    (r"found undefined alias (.+)", "tham chiếu “*” tới tên {0} chưa được khai báo bằng “&”"),
    (r"found unknown escape character|expected escape sequence", _ESCAPE),
    (r"expected a single document|but found another document|found unexpected document separator",
     "tệp chỉ được chứa một khối dữ liệu: xóa dòng “---” hoặc “...” ở giữa tệp"),
    (r"expected a comment or a line break",
     f"sau giá trị còn chữ thừa trên cùng dòng: {_QUOTE_HINT}, hoặc thêm “# ” trước lời ghi chú"),
    (r"expected alphabetic or numeric character",
     f"dấu “&” hoặc “*” đứng đầu giá trị có nghĩa riêng trong YAML: {_QUOTE_HINT}"),
    (r"expected the node content", "thiếu giá trị ở đây"),
    (r"sequence entries are not allowed here", "dấu “- ” của danh sách đặt sai chỗ: kiểm tra thụt lề"),
    (r"mapping keys are not allowed here", f"dấu “?” đặt sai chỗ: {_QUOTE_HINT}"),
    (r"invalid indentation or unclosed '\[' or '\{'", "thụt lề sai, hoặc dấu ngoặc “[” hay “{” chưa được đóng"),
    (r"expected chomping or indentation indicators|expected indentation indicator",
     "sau dấu “|” hoặc “>” chỉ được có “-”, “+” hoặc một chữ số từ 1 đến 9"),
    (r"tag|expected '!'|expected URI", _TAG),
)
_CONTEXTS: tuple[tuple[str, str], ...] = (
    (r"while scanning a directive", f"dòng bắt đầu bằng “%” bị hiểu là chỉ thị YAML: {_QUOTE_HINT}"),
    (r"found duplicate anchor", "tên neo “&” bị khai báo hai lần"),
    (r"tag", _TAG),
)
_GENERIC = "tệp YAML sai cú pháp ở đây"
_HINT = "kiểm tra dấu hai chấm, dấu ngoặc kép và thụt lề (dùng dấu cách, không dùng Tab)"


def _character(text: str) -> str:
    """Return `'@'` (PyYAML's repr of a character) as “@”, naming blanks and control characters."""
    inner = text.strip()[1:-1] if len(text.strip()) >= 2 else text
    try:
        char = inner.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        char = inner
    if len(char) == 1 and (not char.isprintable() or char.isspace()):
        return f"mã U+{ord(char):04X}"
    return f"“{char[:20]}”"


def yaml_message(error: yaml.YAMLError, text: str) -> tuple[str, int | None]:
    """Return (Vietnamese message, 1-based line) for a PyYAML `error` raised on `text`; never English."""
    problem = getattr(error, "problem", None) or ""
    context = getattr(error, "context", None) or ""
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    line = problem_mark.line + 1 if problem_mark is not None else None
    lines = text.splitlines()
    if line is not None and 0 < line <= len(lines) and "\t" in lines[line - 1].split("#")[0]:
        return f"sai cú pháp YAML: {_PROBLEMS[0][1]}", line
    message = None
    if re.search(r"expected <block end>|mapping values are not allowed|could not find expected ':'|"
                 r"expected the node content", problem):
        # A quote left open swallows the lines after it, and the parser only notices further down.
        opened = _unclosed_quote(lines[: line or len(lines)])
        if opened is not None:
            return f"sai cú pháp YAML: dấu ngoặc kép mở ở dòng {opened} chưa được đóng", opened
    if "expected '<document start>'" in problem:
        percent = next((i + 1 for i, text_line in enumerate(lines) if text_line.startswith("%")), line)
        return f"sai cú pháp YAML: {_CONTEXTS[0][1]}", percent
    if "end of stream" in problem or "end of stream" in context:
        opened = context_mark.line + 1 if context_mark is not None else None
        if "quoted scalar" in context and opened is not None:
            quote = "dấu nháy đơn" if text[context_mark.index: context_mark.index + 1] == "'" else "dấu ngoặc kép"
            return f"sai cú pháp YAML: {quote} mở ở dòng {opened} chưa được đóng", opened
        message = "tệp kết thúc khi còn dấu ngoặc chưa đóng"
    if "simple key" in context and context_mark is not None:
        line = context_mark.line + 1  # the key without its colon, not the line after it
    for pattern, sentence in _PROBLEMS:
        if message is not None:
            break
        m = re.search(pattern, problem)
        if m:
            message = sentence.replace("{0}", _character(m.group(1)) if m.groups() else "")
    for pattern, sentence in _CONTEXTS:
        if message is None and re.search(pattern, context):
            message = sentence
    if message is None:
        message = f"{_GENERIC}; {_HINT}"
    return f"sai cú pháp YAML: {message}", line


def _unclosed_quote(lines: list[str]) -> int | None:
    """Return the 1-based number of the first line whose double quotes do not pair up (comments aside)."""
    for number, text in enumerate(lines, 1):
        inside, previous = False, " "
        for char in text:
            if char == '"' and previous != "\\":
                inside = not inside
            elif char == "#" and not inside and previous in " \t":
                break
            previous = char
        if inside:
            return number
    return None
