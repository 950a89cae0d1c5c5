"""word/document.xml of the template is cut mid-tag."""
from faults import rewrite_zip as rewrite


def apply(root):
    rewrite(root / "templates" / "ke-hoach.docx", lambda name: True,
            lambda name, data: data[:600] if name == "word/document.xml" else data)
