"""lint of a .docx whose document part inflates to 60 MB."""
import shutil
import zipfile


def apply(root):
    shutil.copyfile(root / "out" / "son-giang-2024" / "ke-hoach.docx", root / "bom.docx")
    with zipfile.ZipFile(root / "bom.docx", "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/bom.xml", b"<a/>" * 15_000_000, compresslevel=9)
