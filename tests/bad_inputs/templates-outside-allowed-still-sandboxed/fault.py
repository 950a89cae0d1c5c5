"""templates outside the project, allowed: a warning, and a template reaching for os still runs nothing."""
import shutil

import docx


def apply(root):
    outside = root.parent / "mau-ngoai"
    shutil.copytree(root / "templates", outside)
    path = outside / "thong-bao-phan-cong.docx"
    document = docx.Document(str(path))
    document.paragraphs[-1].add_run("{{ cycler.__init__.__globals__.os.system('touch " + str(root / "ran") + "') }}")
    document.save(str(path))


def verify(root, done):
    assert not (root / "ran").exists()
