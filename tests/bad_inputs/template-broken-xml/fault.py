"""word/document.xml of the template is cut mid-tag."""
import zipfile


def rewrite(path, keep, change=None):
    """Rewrite the .docx at `path` with only the members `keep` accepts, `change` applied to their bytes."""
    with zipfile.ZipFile(path) as src:
        members = [(i, src.read(i)) for i in src.infolist() if keep(i.filename)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            dst.writestr(info, change(info.filename, data) if change else data)


def apply(root):
    rewrite(root / "templates" / "ke-hoach.docx", lambda name: True,
            lambda name, data: data[:600] if name == "word/document.xml" else data)
