"""kehoach nhap of a Word draft whose document part inflates to 60 MB."""
import zipfile


def bomb(path, member):
    """Write a zip whose `member` inflates to 60 MB (from about 60 kB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, b"<w:p/>" * 10_000_000, compresslevel=9)


def apply(root):
    bomb(root / "bom.docx", "word/document.xml")


def verify(root, done):
    assert sorted(p.name for p in (root / "data").iterdir() if p.is_dir()) == ["son-giang-2024"]  # no half-made dossier
