"""the template zip lacks word/document.xml."""
from faults import rewrite_zip as rewrite


def apply(root):
    rewrite(root / "templates" / "ke-hoach.docx", lambda name: name != "word/document.xml")
