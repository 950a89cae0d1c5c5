"""What the operating system, SQLite, zip packages, JSON and helper programs report, said in Vietnamese. Pure.

A clerk never reads a library's English: a message that explains a failure by an exception takes
its reason from here (`reason`, or the narrower `os_reason`, `sqlite_reason`, `zip_reason`,
`tool_reason`). Known failures get a sentence of their own; anything else gets a plain Vietnamese
sentence, at most with a number a technician can look up — never the library's text.
"""
from __future__ import annotations

import errno
import json
import re
import sqlite3
import zipfile

# By name: not every platform has every code (Windows has no EDQUOT in some builds).
_OS_REASONS = {getattr(errno, name): text for name, text in (
    ("ENOSPC", "ổ đĩa đã đầy"),
    ("EDQUOT", "đã hết dung lượng được cấp trên ổ đĩa"),
    ("EFBIG", "tệp vượt quá kích thước ổ đĩa cho phép"),
    ("EROFS", "ổ đĩa chỉ cho đọc"),
    ("EACCES", "không có quyền ghi hoặc đọc ở đây"),
    ("EPERM", "không có quyền ghi hoặc đọc ở đây"),
    ("ENOTDIR", "một phần của đường dẫn là tệp, không phải thư mục"),
    ("EISDIR", "đây là thư mục, không phải tệp"),
    ("EEXIST", "đã có một tệp trùng tên"),
    ("ENOENT", "không tìm thấy"),
    ("ENAMETOOLONG", "đường dẫn quá dài"),
    ("EIO", "lỗi đọc ghi của ổ đĩa"),
    ("EBUSY", "tệp hoặc thư mục đang được chương trình khác dùng"),
    ("ETXTBSY", "tệp đang được chương trình khác dùng"),
    ("ENOTEMPTY", "thư mục không trống"),
    ("EXDEV", "không chuyển thẳng được sang ổ đĩa khác"),
    ("ELOOP", "đường dẫn có liên kết (symlink) vòng quanh"),
    ("EINVAL", "tên tệp hoặc đường dẫn không hợp lệ"),
    ("EMFILE", "mở quá nhiều tệp cùng lúc"),
    ("ENFILE", "mở quá nhiều tệp cùng lúc"),
    ("ENOMEM", "máy không đủ bộ nhớ"),
    ("ETIMEDOUT", "ổ đĩa mạng không trả lời"),
    ("EHOSTDOWN", "máy chứa ổ đĩa mạng không trả lời"),
    ("ESTALE", "ổ đĩa mạng đã ngắt kết nối"),
) if hasattr(errno, name)}
_WINDOWS_IN_USE = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: the file is open in Word or Excel

# SQLite's error names (Python 3.11: `sqlite_errorname`), the longest prefix wins: SQLITE_IOERR_SHORT_READ
# is an SQLITE_IOERR; the name says what happened where SQLite's own English sentence would.
_SQLITE_REASONS = {
    "SQLITE_CORRUPT": "dữ liệu bên trong tệp bị hỏng",
    "SQLITE_NOTADB": "tệp không phải cơ sở dữ liệu SQLite",
    "SQLITE_CANTOPEN": "không mở được tệp (thư mục chỉ cho đọc, thiếu quyền, hoặc tệp không còn)",
    "SQLITE_READONLY": "tệp hoặc thư mục chỉ cho đọc, không ghi được",
    "SQLITE_FULL": "ổ đĩa đã đầy",
    "SQLITE_IOERR": "lỗi đọc ghi của ổ đĩa",
    "SQLITE_IOERR_SHORT_READ": "tệp bị cắt cụt (ngắn hơn nội dung ghi bên trong)",
    "SQLITE_BUSY": "tệp đang bị một chương trình khác giữ",
    "SQLITE_LOCKED": "tệp đang bị một chương trình khác giữ",
    "SQLITE_PERM": "không có quyền đọc hoặc ghi tệp",
    "SQLITE_NOMEM": "máy không đủ bộ nhớ",
    "SQLITE_TOOBIG": "giá trị quá dài",
    "SQLITE_CONSTRAINT": "dòng vi phạm ràng buộc của sổ",
    "SQLITE_CONSTRAINT_UNIQUE": "trùng với một dòng đã có (số, ký hiệu và năm, hoặc mã văn bản)",
    "SQLITE_CONSTRAINT_PRIMARYKEY": "trùng với một dòng đã có",
    "SQLITE_CONSTRAINT_CHECK": "giá trị không hợp lệ theo quy tắc của sổ",
    "SQLITE_CONSTRAINT_NOTNULL": "thiếu giá trị bắt buộc",
    "SQLITE_CONSTRAINT_FOREIGNKEY": "tham chiếu tới dòng không có trong sổ",
    "SQLITE_ERROR": "cấu trúc tệp không như chương trình cần (thiếu bảng hoặc cột)",
    "SQLITE_SCHEMA": "cấu trúc tệp vừa bị thay đổi",
    "SQLITE_MISMATCH": "giá trị sai kiểu",
    "SQLITE_RANGE": "tham số ngoài phạm vi",
    "SQLITE_AUTH": "không được phép",
    "SQLITE_PROTOCOL": "tệp đang bị một chương trình khác giữ",
}
# Before Python 3.11 (or from a wrapper that lost the code), only SQLite's sentence is known.
_SQLITE_SENTENCES = (
    ("malformed", "SQLITE_CORRUPT"),
    ("not a database", "SQLITE_NOTADB"),
    ("unable to open", "SQLITE_CANTOPEN"),
    ("readonly", "SQLITE_READONLY"),
    ("is full", "SQLITE_FULL"),
    ("i/o error", "SQLITE_IOERR"),
    ("locked", "SQLITE_BUSY"),
    ("busy", "SQLITE_BUSY"),
    ("unique constraint", "SQLITE_CONSTRAINT_UNIQUE"),
    ("check constraint", "SQLITE_CONSTRAINT_CHECK"),
    ("not null constraint", "SQLITE_CONSTRAINT_NOTNULL"),
    ("foreign key constraint", "SQLITE_CONSTRAINT_FOREIGNKEY"),
    ("constraint", "SQLITE_CONSTRAINT"),
    ("no such table", "SQLITE_ERROR"),
    ("no such column", "SQLITE_ERROR"),
)

_ZIP_SENTENCES = (
    ("not a zip file", "không phải tệp nén zip (tệp .docx, .xlsx và bản sao lưu đều là tệp zip)"),
    ("truncated", "tệp bị cắt cụt"),
    ("bad crc", "tệp nén bị hỏng (mã kiểm tra CRC sai)"),
    ("bad magic number", "tệp nén bị hỏng"),
    ("overlapped", "tệp nén bị hỏng hoặc được làm cố ý để gây hại (các phần chồng lên nhau)"),
    ("corrupt", "tệp nén bị hỏng"),
    ("encrypted", "tệp nén có mật khẩu"),
    ("password", "tệp nén có mật khẩu"),
    ("compression method", "tệp nén dùng cách nén chương trình không đọc được"),
    ("span multiple disks", "tệp nén bị chia thành nhiều phần"),
)

# What poppler and LibreOffice write to stderr; matched case-insensitively, the first match wins.
_TOOL_SENTENCES = (
    ("couldn't open", "không mở được tệp"),
    ("permission", "không có quyền đọc tệp"),
    ("may not be a pdf", "tệp không phải PDF hoặc bị hỏng"),
    ("syntax error", "tệp PDF bị hỏng"),
    ("wrong page range", "trang không có trong tệp"),
    ("no such file", "không tìm thấy tệp"),
)

GENERIC = "lỗi không rõ nguyên nhân"


def os_reason(error: OSError) -> str:
    """Return what `error` means to a clerk, in Vietnamese (never the system's English text)."""
    if getattr(error, "winerror", None) in _WINDOWS_IN_USE:
        return "tệp đang mở trong chương trình khác (Word, Excel …); hãy đóng tệp đó"
    return _OS_REASONS.get(error.errno, f"lỗi hệ thống số {error.errno}" if error.errno else "lỗi hệ thống")


def sqlite_name(error: sqlite3.Error) -> str | None:
    """Return SQLite's name for `error` (`SQLITE_CORRUPT` …), from its code or, failing that, its sentence."""
    name = getattr(error, "sqlite_errorname", None)
    if name:
        return name
    text = str(error).lower()
    return next((n for words, n in _SQLITE_SENTENCES if words in text), None)


def sqlite_reason(error: sqlite3.Error) -> str:
    """Return what SQLite's `error` means, in Vietnamese."""
    name = sqlite_name(error)
    if name:
        known = [k for k in _SQLITE_REASONS if name == k or name.startswith(k + "_")]
        if known:
            return _SQLITE_REASONS[max(known, key=len)]
    code = getattr(error, "sqlite_errorcode", None)
    return f"lỗi cơ sở dữ liệu SQLite số {code}" if code is not None else "lỗi cơ sở dữ liệu SQLite"


def zip_reason(error: BaseException) -> str:
    """Return what went wrong reading a zip package (.docx, .xlsx, a backup), in Vietnamese."""
    if isinstance(error, zipfile.LargeZipFile):
        return "tệp nén quá lớn"
    if isinstance(error, EOFError):
        return "tệp bị cắt cụt"
    text = str(error).lower()
    if isinstance(error, KeyError) and "no item named" in text:
        return "tệp nén thiếu một phần bên trong"
    return next((sentence for words, sentence in _ZIP_SENTENCES if words in text), "tệp nén bị hỏng")


def tool_reason(stderr: str | bytes) -> str:
    """Return what a helper program's (poppler, LibreOffice) error output means, never the output itself."""
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", errors="replace")
    text = stderr.lower()
    return next((sentence for words, sentence in _TOOL_SENTENCES if words in text), "chương trình báo lỗi")


def reason(error: BaseException) -> str:
    """Return a Vietnamese reason for any `error` a library raised: known cases by kind, else a generic one."""
    if isinstance(error, sqlite3.Error):
        return sqlite_reason(error)
    if isinstance(error, (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError)):
        return zip_reason(error)
    if isinstance(error, OSError):
        return os_reason(error)
    if isinstance(error, json.JSONDecodeError):
        return f"nội dung JSON sai cú pháp ở dòng {error.lineno}"
    if isinstance(error, UnicodeError):
        return "có byte không đọc được theo bảng mã UTF-8"
    if isinstance(error, KeyError):
        if "no item named" in str(error).lower():
            return zip_reason(error)
        return "thiếu một trường bắt buộc"
    if isinstance(error, (TypeError, ValueError)):
        return "nội dung không đúng dạng"
    if isinstance(error, (NotImplementedError, RuntimeError)) and re.search(
            r"compression|encrypt|password", str(error), re.IGNORECASE):
        return zip_reason(error)
    if isinstance(error, MemoryError):
        return "máy không đủ bộ nhớ"
    return GENERIC
