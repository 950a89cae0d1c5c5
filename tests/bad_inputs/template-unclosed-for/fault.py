"""a {% for %} without its endfor."""
from faults import add_paragraph as add


def apply(root):
    add(root / "templates" / "thong-bao-phan-cong.docx", "{% for x in than %}")
