"""PDF conversion through LibreOffice (headless), only where PDF is asked for."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import KehoachError

INSTALL_HINT = (
    "Chưa cài LibreOffice nên không chuyển được sang PDF. "
    "Cài bằng lệnh: sudo apt-get install libreoffice-writer-nogui fonts-liberation2"
)


def find_libreoffice() -> str | None:
    """Return the LibreOffice executable, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_pdf(docx_paths: list[Path], out_dir: Path, timeout: int = 300) -> list[Path]:
    """Convert every `.docx` in `docx_paths` to PDF in `out_dir` with one LibreOffice process.

    Raise KehoachError when LibreOffice is missing or a file was not converted.
    """
    exe = find_libreoffice()
    if exe is None:
        raise KehoachError(INSTALL_HINT)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # A private profile: a clerk's open LibreOffice window must not block or be disturbed.
    with tempfile.TemporaryDirectory(prefix="kehoach-lo-") as profile:
        cmd = [
            exe, "--headless", "--norestore", "--nolockcheck",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to", "pdf", "--outdir", str(out_dir),
            *[str(p) for p in docx_paths],
        ]
        try:
            subprocess.run(cmd, check=False, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            raise KehoachError("LibreOffice không chuyển xong sang PDF trong thời gian cho phép.") from e
    results = []
    missing = []
    for p in docx_paths:
        pdf = out_dir / (Path(p).stem + ".pdf")
        (results if pdf.exists() else missing).append(pdf)
    if missing:
        names = ", ".join(m.name for m in missing)
        raise KehoachError(f"LibreOffice không tạo được tệp PDF: {names}")
    return results
