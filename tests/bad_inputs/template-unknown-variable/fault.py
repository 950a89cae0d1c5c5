"""a template asks for a variable no document has."""
from faults import add_paragraph as add


def apply(root):
    add(root / "templates" / "thong-bao-phan-cong.docx", "{{ bien_la }}")
