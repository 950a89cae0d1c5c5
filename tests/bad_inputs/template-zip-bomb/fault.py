"""a template whose document part inflates to 60 MB."""
import zipfile


def apply(root):
    path = root / "templates" / "ke-hoach.docx"
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/bom.xml", b"0" * 60_000_000, compresslevel=9)
