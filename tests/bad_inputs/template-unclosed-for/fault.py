"""a {% for %} without its endfor."""
import docx


def add(path, text):
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def apply(root):
    add(root / "templates" / "thong-bao-phan-cong.docx", "{% for x in than %}")
