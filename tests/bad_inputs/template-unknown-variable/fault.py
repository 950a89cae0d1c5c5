"""a template asks for a variable no document has."""
import docx


def add(path, text):
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def apply(root):
    add(root / "templates" / "thong-bao-phan-cong.docx", "{{ bien_la }}")
