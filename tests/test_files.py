"""Writes are all or nothing, and what the disk refuses becomes a message the clerk can act on."""
from __future__ import annotations

import errno
import os
import zipfile
from pathlib import Path

import pytest

from kehoach.errors import KehoachError
from kehoach.files import (
    check_zip,
    make_dirs,
    write_all_atomic,
    write_atomic,
    write_folder_atomic,
    write_temp,
)


def full_disk_on(n: int):
    """Return a temp-file writer that fails like a full disk on its `n`-th file."""
    calls = []

    def write(path: Path, data: bytes, mode):
        calls.append(path)
        if len(calls) == n:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return write_temp(path, data, mode)

    return write


def state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_full_disk_on_the_third_file_leaves_the_previous_set_whole(tmp_path):
    names = [f"van-ban-{i}.docx" for i in range(6)]
    write_all_atomic([(tmp_path / n, b"cu " + n.encode()) for n in names])
    before = state(tmp_path)
    with pytest.raises(KehoachError) as e:
        write_all_atomic([(tmp_path / n, b"moi " + n.encode()) for n in names], write=full_disk_on(3))
    (p,) = e.value.problems
    assert p.file == str(tmp_path / names[2]) and "ổ đĩa đã đầy" in p.message
    assert state(tmp_path) == before  # no draft replaced, no temporary file left


def test_full_disk_on_a_first_build_writes_nothing(tmp_path):
    with pytest.raises(KehoachError):
        write_all_atomic([(tmp_path / "a" / f"{i}.docx", b"x") for i in range(4)], write=full_disk_on(2))
    assert state(tmp_path) == {}


def test_a_failed_rename_puts_back_the_files_already_replaced(tmp_path):
    for name in "abc":
        (tmp_path / f"{name}.docx").write_bytes(b"cu")
    before = state(tmp_path)

    def write(path, data, mode):
        tmp = write_temp(path, data, mode)
        if path.name == "c.docx":  # its temporary file vanishes before the rename, as on a yanked USB stick
            tmp.unlink()
        return tmp

    with pytest.raises(KehoachError) as e:
        write_all_atomic([(tmp_path / f"{n}.docx", b"moi") for n in "abc"], write=write)
    assert e.value.problems[0].file == str(tmp_path / "c.docx")
    assert state(tmp_path) == before


def test_all_written_when_nothing_fails(tmp_path):
    write_all_atomic([(tmp_path / "x" / "a.docx", b"1"), (tmp_path / "x" / "b.docx", b"2")])
    write_atomic(tmp_path / "x" / "a.docx", b"3", mode=0o444)
    assert state(tmp_path) == {"x/a.docx": b"3", "x/b.docx": b"2"}
    if os.name == "posix":
        assert (tmp_path / "x" / "a.docx").stat().st_mode & 0o777 == 0o444


def test_a_file_where_the_folder_should_be(tmp_path):
    (tmp_path / "out").write_text("ghi chú", encoding="utf-8")
    with pytest.raises(KehoachError) as e:
        write_all_atomic([(tmp_path / "out" / "ho-so" / "a.docx", b"x")])
    (p,) = e.value.problems
    assert p.file == str(tmp_path / "out" / "ho-so") and "“" + str(tmp_path / "out") + "” là một tệp" in p.message
    assert (tmp_path / "out").read_text(encoding="utf-8") == "ghi chú"


def test_a_folder_where_the_file_should_be(tmp_path):
    (tmp_path / "a.docx").mkdir()
    (tmp_path / "b.docx").write_bytes(b"cu")
    with pytest.raises(KehoachError) as e:
        write_all_atomic([(tmp_path / "b.docx", b"moi"), (tmp_path / "a.docx", b"moi")])
    assert e.value.problems[0].file == str(tmp_path / "a.docx")
    assert (tmp_path / "b.docx").read_bytes() == b"cu"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out").chmod(0o555)
    try:
        with pytest.raises(KehoachError) as e:
            write_atomic(tmp_path / "out" / "a.docx", b"x")
        assert "không có quyền" in e.value.problems[0].message
    finally:
        (tmp_path / "out").chmod(0o755)


def test_make_dirs_names_the_file_in_the_way(tmp_path):
    (tmp_path / "a").write_text("x", encoding="utf-8")
    with pytest.raises(KehoachError) as e:
        make_dirs(tmp_path / "a" / "b" / "c")
    assert "là một tệp" in e.value.problems[0].message


def zip_with(path: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data, compresslevel=9)
    return path


@pytest.mark.parametrize("size, refused", [(4_000_000, False), (6_000_000, True), (51_000_000, True)])
def test_zip_members_that_inflate_unreasonably_are_refused(tmp_path, size, refused):
    path = zip_with(tmp_path / "a.docx", "word/document.xml", b"0" * size)
    if refused:
        with pytest.raises(KehoachError) as e:
            check_zip(path)
        assert "tệp nén bất thường" in e.value.problems[0].message
    else:
        check_zip(path)


def test_zip_total_size_is_capped(tmp_path, monkeypatch):
    import random

    import kehoach.files

    monkeypatch.setattr(kehoach.files, "MAX_TOTAL_BYTES", 1_000_000)  # 200 MB of test data is too slow
    rng = random.Random(1)
    with zipfile.ZipFile(tmp_path / "a.docx", "w", zipfile.ZIP_STORED) as zf:
        for i in range(3):  # incompressible, each under the part limit, together over the total
            zf.writestr(f"word/media/{i}.bin", rng.randbytes(400_000))
    with pytest.raises(KehoachError) as e:
        check_zip(tmp_path / "a.docx")
    assert "tổng cộng 1 MB" in e.value.problems[0].message


def test_a_folder_is_written_whole_and_replaced_keeping_what_it_does_not_name(tmp_path):
    folder = tmp_path / "data" / "son-giang-2024"
    assert write_folder_atomic(folder, {"ke-hoach.yaml": b"nam: 2024\n", "co-quan.yaml": b"ky_hieu: UBND\n"}) == []
    assert state(folder) == {"co-quan.yaml": b"ky_hieu: UBND\n", "ke-hoach.yaml": b"nam: 2024\n"}
    (folder / "tien-do.yaml").write_bytes(b"cap_nhat: {}\n")
    (folder / ".ghi-chu").write_bytes(b"x")
    kept = write_folder_atomic(folder, {"ke-hoach.yaml": b"nam: 2025\n"})
    assert kept == ["co-quan.yaml", "tien-do.yaml"]
    assert state(folder) == {"co-quan.yaml": b"ky_hieu: UBND\n", "ke-hoach.yaml": b"nam: 2025\n",
                             "tien-do.yaml": b"cap_nhat: {}\n"}
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["son-giang-2024"]  # nothing left beside it


@pytest.mark.skipif(os.name != "posix", reason="symlinks need privileges on Windows")
def test_a_folder_that_cannot_be_assembled_leaves_the_old_one_as_it_was(tmp_path):
    folder = tmp_path / "son-giang-2024"
    write_folder_atomic(folder, {"ke-hoach.yaml": b"nam: 2024\n"})
    (folder / "tien-do.yaml").symlink_to(tmp_path / "khong-co.yaml")  # cannot be carried over
    with pytest.raises(KehoachError) as e:
        write_folder_atomic(folder, {"ke-hoach.yaml": b"nam: 2025\n"})
    (p,) = e.value.problems
    assert p.file == str(folder) and "không tìm thấy" in p.message
    assert (folder / "ke-hoach.yaml").read_bytes() == b"nam: 2024\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["son-giang-2024"]


def test_a_folder_the_disk_refuses_is_not_written_at_all(tmp_path):
    with pytest.raises(KehoachError) as e:
        write_folder_atomic(tmp_path / "moi", {"a.yaml": b"x", "b" * 300: b"y"})  # longer than a file name may be
    assert e.value.problems[0].file == str(tmp_path / "moi") and "đường dẫn quá dài" in e.value.problems[0].message
    assert list(tmp_path.iterdir()) == []


def test_write_temp_without_sync_writes_the_same_file(tmp_path):
    target = tmp_path / "a.docx"
    assert write_temp(target, b"abc", sync=False).read_bytes() == b"abc"
