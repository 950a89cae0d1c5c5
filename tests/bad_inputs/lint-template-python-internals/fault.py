"""lint-template of a template reaching for __globals__ (it used to say Đạt)."""
from faults import add_paragraph as add


def apply(root):
    add(root / "templates" / "thong-bao-phan-cong.docx", "{{ cycler.__init__.__globals__.os.popen('id').read() }}")
    add(root / "templates" / "thong-bao-phan-cong.docx", "{{ self._TemplateReference__context }}")
