"""kehoach/messages.py: what the system, SQLite, zip packages and helper programs report, said in Vietnamese."""
from __future__ import annotations

import errno
import io
import json
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from english_words import english_words

from kehoach.messages import (
    GENERIC,
    os_reason,
    reason,
    sqlite_reason,
    tool_reason,
    zip_reason,
)


def _sqlite_error(make) -> sqlite3.Error:
    try:
        make()
    except sqlite3.Error as e:
        return e
    raise AssertionError("no error")


def _zip_error(data: bytes, member: str | None = None) -> Exception:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            z.read(member or z.namelist()[0])
    except Exception as e:  # noqa: BLE001 - whatever zipfile raises is what we translate
        return e
    raise AssertionError("no error")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "ổ đĩa đã đầy"),
    (errno.EROFS, "chỉ cho đọc"),
    (errno.EACCES, "không có quyền"),
    (errno.ENOENT, "không tìm thấy"),
    (errno.ENOTDIR, "là tệp, không phải thư mục"),
    (errno.EISDIR, "là thư mục"),
    (errno.EIO, "lỗi đọc ghi"),
    (errno.EXDEV, "ổ đĩa khác"),
    (errno.ENOTEMPTY, "không trống"),
    (9999, "lỗi hệ thống số 9999"),
    (None, "lỗi hệ thống"),
])
def test_os_errors(code, words):
    error = OSError(code, "Some English text the system wrote") if code else OSError("English only")
    said = os_reason(error)
    assert words in said and english_words(said) == []
    assert reason(error) == said


def test_a_file_open_in_word_on_windows():
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32
    assert "đang mở trong chương trình khác" in os_reason(error)


def test_sqlite_errors_from_real_files(tmp_path):
    garbage = tmp_path / "rac.sqlite3"
    garbage.write_bytes(b"day khong phai so dang ky\n" * 400)
    not_a_db = _sqlite_error(lambda: sqlite3.connect(garbage).execute("SELECT * FROM sqlite_master").fetchall())
    assert "không phải cơ sở dữ liệu SQLite" in sqlite_reason(not_a_db)

    nowhere = _sqlite_error(lambda: sqlite3.connect(f"{(tmp_path / 'khong-co' / 'so.sqlite3').as_uri()}?mode=rw",
                                                    uri=True).execute("SELECT 1"))
    assert "không mở được tệp" in sqlite_reason(nowhere)

    db_path = tmp_path / "so.sqlite3"
    with closing(sqlite3.connect(db_path)) as db:
        db.execute("CREATE TABLE t (a TEXT UNIQUE NOT NULL CHECK (length(a) < 5))")
        db.execute("INSERT INTO t VALUES ('x')")
        db.commit()
        unique = _sqlite_error(lambda: db.execute("INSERT INTO t VALUES ('x')"))
        check = _sqlite_error(lambda: db.execute("INSERT INTO t VALUES ('dai qua')"))
        not_null = _sqlite_error(lambda: db.execute("INSERT INTO t VALUES (NULL)"))
        no_table = _sqlite_error(lambda: db.execute("SELECT * FROM khong_co"))
    assert "trùng với một dòng đã có" in sqlite_reason(unique)
    assert "không hợp lệ theo quy tắc của sổ" in sqlite_reason(check)
    assert "thiếu giá trị bắt buộc" in sqlite_reason(not_null)
    assert "thiếu bảng hoặc cột" in sqlite_reason(no_table)

    data = bytearray(db_path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # the table's page overwritten
    db_path.write_bytes(bytes(data))
    corrupt = _sqlite_error(lambda: sqlite3.connect(db_path).execute("SELECT * FROM t").fetchall())
    assert "bị hỏng" in sqlite_reason(corrupt)
    for error in (not_a_db, nowhere, unique, check, not_null, no_table, corrupt):
        assert english_words(reason(error)) == [], (str(error), reason(error))


@pytest.mark.parametrize("text, words", [
    ("database disk image is malformed", "bị hỏng"),
    ("file is not a database", "không phải cơ sở dữ liệu"),
    ("unable to open database file", "không mở được tệp"),
    ("attempt to write a readonly database", "chỉ cho đọc"),
    ("database or disk is full", "ổ đĩa đã đầy"),
    ("database is locked", "chương trình khác giữ"),
    ("UNIQUE constraint failed: entries.year, entries.number", "trùng với một dòng"),
])
def test_sqlite_sentences_without_a_code(text, words):
    said = sqlite_reason(sqlite3.OperationalError(text))  # made by hand: no sqlite_errorname
    assert words in said and english_words(said) == []


def test_an_unknown_sqlite_error_is_generic_with_its_number():
    error = sqlite3.DatabaseError("something new and strange")
    error.sqlite_errorcode = 4242
    assert sqlite_reason(error) == "lỗi cơ sở dữ liệu SQLite số 4242"
    assert sqlite_reason(sqlite3.DatabaseError("something new")) == "lỗi cơ sở dữ liệu SQLite"


def test_zip_errors_from_real_packages():
    good = _zip({"word/document.xml": b"<w:document/>" * 100})
    assert "không phải tệp nén zip" in zip_reason(_zip_error(b"hello, not a zip"))
    assert "thiếu một phần bên trong" in zip_reason(_zip_error(good, "word/styles.xml"))
    crc = bytearray(good)
    crc[crc.index(b"word/document.xml") + len("word/document.xml") + 5] ^= 0xFF  # a byte of the member's data
    assert "bị hỏng" in zip_reason(_zip_error(bytes(crc)))
    for error in (_zip_error(b"hello, not a zip"), _zip_error(good, "word/styles.xml"), _zip_error(bytes(crc))):
        assert english_words(reason(error)) == [], (str(error), reason(error))


def test_json_unicode_and_anything_else():
    try:
        json.loads('{"archive_id": ')
    except ValueError as e:
        assert "JSON sai cú pháp ở dòng 1" in reason(e)
    try:
        b"\xff".decode("utf-8")
    except UnicodeDecodeError as e:
        assert "UTF-8" in reason(e)
    assert reason(KeyError("archive_id")) == "thiếu một trường bắt buộc"
    assert reason(TypeError("unsupported operand")) == "nội dung không đúng dạng"
    assert reason(Exception("The English text")) == GENERIC
    assert english_words(GENERIC) == []


@pytest.mark.parametrize("stderr, words", [
    (b"I/O Error: Couldn't open file '/tmp/x.pdf': No such file or directory.", "không mở được tệp"),
    ("Syntax Warning: May not be a PDF file (continuing anyway)\nSyntax Error: Couldn't find trailer dictionary",
     "không phải PDF"),
    ("Permission Error: opening this document is not allowed", "không có quyền"),
    ("Wrong page range given: the first page (5) can not be after the last page (1).", "trang không có"),
    ("something else entirely", "chương trình báo lỗi"),
    (b"", "chương trình báo lỗi"),
])
def test_helper_program_output_is_never_shown(stderr, words):
    said = tool_reason(stderr)
    assert words in said and english_words(said) == []


def test_english_words_looks_past_quotes_paths_and_options():
    assert english_words("Sổ bị hỏng (database disk image is malformed).") == [
        "database", "disk", "image", "is", "malformed"]
    assert english_words("không mở được (unable to open database file)") == ["unable", "database", "file"]
    assert english_words("tệp “the file is here” ở /tmp/the/file.docx, --not-found, `kehoach verify`") == []
    assert english_words(str(Path("data") / "error.yaml") + ": thiếu khóa") == []
