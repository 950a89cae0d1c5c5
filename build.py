"""Entry point for `python build.py`: the same program as the `kehoach` console script.

Run with any Python: when the project's .venv exists and this is not it, the work is handed to the
.venv's Python (where `bootstrap.py` installed the libraries), so nothing needs activating.
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def _venv_python():
    for candidate in (VENV / "bin" / "python", VENV / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    return None


if __name__ == "__main__":
    python = _venv_python()
    if python is not None and Path(sys.prefix).resolve() != VENV.resolve() and "KEHOACH_NO_VENV" not in os.environ:
        import subprocess

        sys.exit(subprocess.call([str(python), str(Path(__file__).resolve()), *sys.argv[1:]],
                                 env={**os.environ, "KEHOACH_NO_VENV": "1"}))
    if sys.version_info < (3, 11):
        sys.exit("kehoach cần Python 3.11 trở lên. Cài đặt lần đầu bằng: python3 bootstrap.py "
                 "(Windows: py bootstrap.py)")
    from kehoach.cli.main import main

    sys.exit(main())
