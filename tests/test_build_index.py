"""The build index out/.kehoach-cache/index.json: a dossier whose files all stat as before is kept without
being opened; at any doubt the content hash decides, so the drafts are those a build without it makes."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from zipfile import ZipFile

import pytest

from kehoach.batch.index import INDEX_FILE, RACY_NS, entry_for, folder_stats, load_index
from kehoach.batch.record import (
    RECORD_FILE,
    Record,
    inputs_key,
    settings_key,
    shared_key,
)

SEED = "son-giang-2024"


@pytest.fixture
def build(project, run):
    def _build(*extra: str) -> tuple[int, str, str]:
        return run("--data", project / "data", "--out", project / "out", "build", *extra)
    return _build


def drafts(project: Path) -> dict[str, bytes]:
    """Every draft under out/ with its bytes."""
    return {str(p.relative_to(project / "out")): p.read_bytes() for p in sorted((project / "out").rglob("*.docx"))}


def times(project: Path) -> dict[str, int]:
    """Every file under out/ with its modification time."""
    return {str(p.relative_to(project / "out")): p.stat().st_mtime_ns
            for p in sorted((project / "out").rglob("*")) if p.is_file()}


def index_entry(project: Path):
    """Return the index's entry of the seed dossier, read as a build reads it."""
    index = load_index(project / "out", project / "data", _shared(project))
    assert index is not None
    return index.entries[SEED]


def _shared(project: Path) -> str:
    # What build_all adds for a data folder that has never issued anything (no register).
    from kehoach.batch.record import issued_key
    from kehoach.dossier.settings import SETTINGS_FILE

    salt = settings_key(project / "data" / SETTINGS_FILE)
    return shared_key(project / "templates", salt) + issued_key({}) + "-,-"


def edit(path: Path, old: str, new: str) -> None:
    """What a clerk does: open the file, change a word, save."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_index_records_each_input_file_and_trusts_files_older_than_the_racy_window(project, build):
    code, _, _ = build()
    assert code == 0
    entry = index_entry(project)
    folder = project / "data" / SEED
    assert entry.files == folder_stats(folder)
    assert set(entry.files) == {p.name for p in folder.iterdir()}
    assert entry.inputs == inputs_key(folder, _shared(project))
    assert entry.id == SEED and set(entry.record.drafts) == {p.name for p in (project / "out" / SEED).glob("*.docx")}
    # The seed's files were copied with their old times: trusted by their stat, nothing opened.
    assert not entry.racy()
    index = load_index(project / "out", project / "data", _shared(project))
    assert index.kept(folder, project / "out") is not None


def test_a_no_change_build_touches_nothing_not_even_the_index(project, build):
    build()
    before, index_bytes = times(project), (project / "out" / INDEX_FILE).read_bytes()
    code, out, err = build()
    assert code == 0 and "Không có gì thay đổi: 6 văn bản đã mới nhất." in out
    assert "du_lieu_mau" in err  # the warnings kept in the index are said again
    assert times(project) == before
    assert (project / "out" / INDEX_FILE).read_bytes() == index_bytes


@pytest.mark.parametrize("same_size", [False, True])
def test_a_file_the_clerk_edits_and_saves_builds_that_dossier_again(project, build, same_size):
    build()
    before = drafts(project)
    org = project / "data" / SEED / "co-quan.yaml"
    # Same size: one letter for another, as a typo fixed.
    edit(org, "Nguyễn Đức Thắng", "Nguyễn Đức Thắnh" if same_size else "Nguyễn Văn An")
    code, out, _ = build()
    assert code == 0 and "Không có gì thay đổi" not in out
    after = drafts(project)
    changed = {name for name in after if after[name] != before[name]}
    assert f"{SEED}/ke-hoach.docx" in changed
    signer = "Nguyễn Đức Thắnh" if same_size else "Nguyễn Văn An"
    assert all(signer.encode() in ZipFile(project / "out" / name).read("word/document.xml") for name in changed)
    assert build()[1].startswith("Không có gì thay đổi")


def test_a_file_saved_again_within_the_disks_time_step_is_hashed_not_trusted(project, build):
    # A disk that stamps times coarsely (FAT: 2 s) can give an edit made just after a build the very
    # size and time the index holds: such files are too new to be trusted by their stat.
    folder = project / "data" / SEED
    org = folder / "co-quan.yaml"
    edit(org, "Nguyễn Đức Thắng", "Nguyễn Đức Thắnh")
    # The disk stamps the save a little ahead (FAT rounds up to its 2 s step; here a minute, so that
    # the build surely looks at the file within the window however loaded the machine is).
    ahead = time.time_ns() + 60 * 10**9
    os.utime(org, ns=(ahead, ahead))
    build()
    entry = index_entry(project)
    assert entry.racy()  # saved no earlier than its stat: the stat proves nothing
    recorded = org.stat()
    edit(org, "Nguyễn Đức Thắnh", "Nguyễn Đức Thắng")
    os.utime(org, ns=(recorded.st_atime_ns, recorded.st_mtime_ns))  # as the coarse disk shows it
    assert folder_stats(folder) == entry.files
    code, out, _ = build()
    assert code == 0 and "Không có gì thay đổi" not in out
    doc = ZipFile(project / "out" / SEED / "ke-hoach.docx").read("word/document.xml")
    assert "Nguyễn Đức Thắng".encode() in doc


def test_an_old_file_is_trusted_once_the_racy_window_has_passed(project, build):
    folder = project / "data" / SEED
    build()
    old = folder / "thong-bao.yaml"
    st = old.stat()
    os.utime(old, ns=(st.st_atime_ns, st.st_mtime_ns - 2 * RACY_NS))  # saved long before the build
    build()
    assert not index_entry(project).racy()
    assert load_index(project / "out", project / "data", _shared(project)).kept(folder, project / "out")


@pytest.mark.parametrize("change", ["added", "removed", "draft-deleted", "record-deleted"])
def test_any_doubt_falls_back_to_the_content_hash(project, build, change):
    build()
    folder, out = project / "data" / SEED, project / "out" / SEED
    if change == "added":
        (folder / "ghi-chu.txt").write_text("ghi chú của văn thư\n", encoding="utf-8")
    elif change == "removed":
        (folder / "thong-bao.yaml").unlink()
    elif change == "draft-deleted":
        (out / "ke-hoach.docx").unlink()
    else:
        (out / RECORD_FILE).unlink()
    index = load_index(project / "out", project / "data", _shared(project))
    assert index.kept(folder, project / "out") is None


def test_a_damaged_or_missing_index_gives_the_same_drafts_as_none(project, build, run):
    build()
    edit(project / "data" / SEED / "co-quan.yaml", "Nguyễn Đức Thắng", "Nguyễn Văn An")
    shutil.copytree(project, project.parent / "twin")
    twin = project.parent / "twin"
    (project / "out" / INDEX_FILE).write_bytes(b'{"format": 1, "shared": ')  # cut short
    (twin / "out" / INDEX_FILE).unlink()
    code, out, _ = build()
    code2, out2, _ = run("--data", twin / "data", "--out", twin / "out", "build")
    assert code == code2 == 0 and "Đã dựng 6 văn bản nháp" in out and "Đã dựng 6 văn bản nháp" in out2
    assert drafts(project) == drafts(twin)
    assert index_entry(project).inputs == inputs_key(project / "data" / SEED, _shared(project))
    for damage in (b"", b"[]", b'{"format": 1}', "{ không phải JSON".encode()):
        (project / "out" / INDEX_FILE).write_bytes(damage)
        code, out, _ = build()
        assert code == 0 and "Không có gì thay đổi: 6 văn bản đã mới nhất." in out
        assert drafts(project) == drafts(twin)


def test_the_index_of_another_data_folder_or_version_is_not_used(project, build):
    build()
    assert load_index(project / "out", project / "data", "khác") is None
    assert load_index(project / "out", project / "other", _shared(project)) is None


def test_a_racy_entry_is_hashed_again_when_the_index_is_written_and_trusted_if_unchanged(project, build):
    # A long build writes the index a minute after it looked at the files: those saved just before it
    # began are hashed once more then, so the next build need not.
    build()
    folder, drafts = project / "data" / SEED, project / "out" / SEED
    entry = index_entry(project)
    files = folder_stats(folder)
    just_before = max(m for _, m in files.values()) + 1  # as if the build had looked right after a save
    again = entry_for(folder, (files, just_before), drafts, entry.record, _shared(project), None)
    assert again is not None and not again.racy() and again.seen_ns > just_before
    other = Record("khác", entry.record.drafts, entry.record.warnings)  # the drafts were made from other content
    stays = entry_for(folder, (files, just_before), drafts, other, _shared(project), None)
    assert stays is not None and stays.racy()
