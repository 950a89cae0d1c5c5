"""vao-so of a .docx whose document part inflates to 60 MB."""
import zipfile


def apply(root):
    with zipfile.ZipFile(root / "bom.docx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:p/>" * 10_000_000, compresslevel=9)
