"""a template tag walks to os.system: refused, runs nothing."""
from faults import add_paragraph as add


def apply(root):
    add(root / "templates" / "thong-bao-phan-cong.docx",
        "{{ cycler.__init__.__globals__.os.system('touch " + str(root / "ran") + "') }}")


def verify(root, done):
    assert not (root / "ran").exists()
