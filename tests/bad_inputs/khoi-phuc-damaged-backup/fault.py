"""khoi-phuc of a backup whose register copy was damaged after it was written."""
import zipfile

from faults import rewrite_zip

from kehoach.cli.main import main


def apply(root):
    assert main(["--data", str(root / "data"), "sao-luu", str(root / "sao-luu" / "hong.zip")]) == 0
    made = root / "sao-luu" / "hong.zip"
    assert zipfile.is_zipfile(made)

    def spoil(name, data):
        return data[:-100] + b"\0" * 100 if name.endswith(".sqlite3") else data

    rewrite_zip(made, lambda name: True, spoil)
