"""a template tag walks to os.system: refused, runs nothing."""
import docx


def add(path, text):
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def apply(root):
    add(root / "templates" / "thong-bao-phan-cong.docx",
        "{{ cycler.__init__.__globals__.os.system('touch " + str(root / "ran") + "') }}")


def verify(root, done):
    assert not (root / "ran").exists()
