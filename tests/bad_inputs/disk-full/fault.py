"""the disk fills up on the third draft: no draft is replaced, no temporary file is left."""
import hashlib
import shutil

from faults import in_namespace

PAGE = 4096


def _pages(n):
    return -(-n // PAGE)


def apply(root):
    # The drafts this build would write are the baseline's (same data): room for all that is in out/ (drafts,
    # record, chart cache), plus two more drafts.
    drafts = sorted(p for p in (root / "out").rglob("*") if p.is_file())
    order = ["ke-hoach", "bao-cao-quy-1", "bao-cao-6-thang"]
    first_two = sum(_pages((root / "out" / "son-giang-2024" / f"{n}.docx").stat().st_size) for n in order[:2])
    apply.size = (sum(_pages(p.stat().st_size) for p in drafts) + first_two + 1) * PAGE


def wrap(command, root):
    return in_namespace(
        ["mkdir -p out-day", f"mount -t tmpfs -o size={apply.size} tmpfs out-day", "cp -a out/. out-day/"],
        command,
        after=["mkdir -p after", "cp -a out-day/. after/"])


def verify(root, done):
    before = {p.relative_to(root / "out"): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in (root / "out").rglob("*") if p.is_file()}
    after = {p.relative_to(root / "after"): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in (root / "after").rglob("*") if p.is_file()}
    assert after == before  # the full disk holds exactly the previous drafts: no new one, no temporary file
    shutil.rmtree(root / "after")
