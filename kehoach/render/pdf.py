"""PDF conversion through LibreOffice, only where PDF is asked for.

Several documents are converted by LibreOffices kept running for the command (unoserver: its server
runs under a Python that has `uno`, the client here speaks XML-RPC), one per core; one document, or
a machine where that office cannot start, gets a one-shot `soffice --convert-to`.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import KehoachError, Problem
from ..messages import os_reason

INSTALL_HINT = (
    "Chưa cài LibreOffice nên không chuyển được sang PDF. "
    "Cài bằng lệnh: sudo apt-get install libreoffice-writer-nogui fonts-liberation2 "
    "(Windows: cài LibreOffice từ libreoffice.org)"
)
UNO_PYTHON_ENV = "KEHOACH_UNO_PYTHON"  # a Python that can `import uno`, when not found by itself
_START_TIMEOUT = 90  # seconds for a LibreOffice to come up
_CONVERSION_TIMEOUT = 300
WARM_FROM = 12  # documents in one command from which warm offices beat one soffice run (measured: bench)

Say = Callable[[str], None]


def find_libreoffice() -> str | None:
    """Return the LibreOffice executable (on PATH, or where its Windows installer puts it), or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if os.name == "nt":
        for variable in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "LOCALAPPDATA"):
            base = os.environ.get(variable)
            if not base:
                continue
            for folder in (Path(base) / "LibreOffice", Path(base) / "Programs" / "LibreOffice"):
                exe = folder / "program" / "soffice.exe"
                if exe.is_file():
                    return str(exe)
    return None


def uno_python(soffice: str) -> str | None:
    """Return a Python that has `uno` for the warm office's server: LibreOffice's own (Windows, macOS),
    else the system's (Debian's python3-uno), or the one KEHOACH_UNO_PYTHON names."""
    named = os.environ.get(UNO_PYTHON_ENV)
    if named:
        return named
    program = Path(soffice).resolve().parent
    candidates = [program / "python.exe", program / "python", program.parent / "Resources" / "python"]
    if os.name != "nt":
        candidates += [Path("/usr/bin/python3"), Path("/usr/local/bin/python3")]
    return next((str(c) for c in candidates if c.is_file()), None)


def _stderr_note(message: str) -> None:
    print(message, file=sys.stderr)


def convert_to_pdf(docx_paths: list[Path], out_dir: Path, timeout: int = _CONVERSION_TIMEOUT,
                   say: Say | None = None) -> list[Path]:
    """Convert every `.docx` in `docx_paths` to PDF in `out_dir`; return the PDFs in the same order.

    Each PDF is `<out_dir>/<stem>.pdf`; when two files share a name (two dossiers' ke-hoach.docx), each
    PDF goes into a numbered folder of its own instead (`<out_dir>/000/<stem>.pdf`, `001/` …), since
    LibreOffice names a PDF after its file alone and one would overwrite the other. Raise KehoachError
    when LibreOffice is missing or a file was not converted. `say` gets the note when the warm office
    cannot start and each file is converted by a LibreOffice of its own.
    """
    exe = find_libreoffice()
    if exe is None:
        raise KehoachError(INSTALL_HINT)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [Path(p) for p in docx_paths]
    if len({p.stem for p in paths}) == len(paths):
        _convert(exe, paths, out_dir, timeout, say)
        targets = [out_dir / (p.stem + ".pdf") for p in paths]
    else:
        targets = [out_dir / f"{k:03d}" / (p.stem + ".pdf") for k, p in enumerate(paths)]
        for batch in _rounds(paths):  # each round holds a name once: one LibreOffice run per round
            with tempfile.TemporaryDirectory(prefix="kehoach-pdf-", dir=out_dir) as tmp:
                _convert(exe, [paths[k] for k in batch], Path(tmp), timeout, say)
                for k in batch:
                    made = Path(tmp) / (paths[k].stem + ".pdf")
                    if made.exists():
                        targets[k].parent.mkdir(exist_ok=True)
                        os.replace(made, targets[k])
    missing = [(p, t) for p, t in zip(paths, targets) if not t.exists()]
    if missing:
        raise KehoachError([Problem("LibreOffice không tạo được tệp PDF của tệp này", file=str(p))
                            for p, _ in missing])
    return targets


def _rounds(paths: list[Path]) -> list[list[int]]:
    """Split the indexes of `paths` into rounds in which no file name comes twice (fewest rounds, order kept)."""
    rounds: list[list[int]] = []
    seen: dict[str, int] = {}
    for k, p in enumerate(paths):
        r = seen.get(p.stem, 0)
        seen[p.stem] = r + 1
        if r == len(rounds):
            rounds.append([])
        rounds[r].append(k)
    return rounds


def _convert(exe: str, paths: list[Path], out_dir: Path, timeout: int, say: Say | None) -> None:
    """Convert `paths` (no two of one name) to `<out_dir>/<stem>.pdf`, by warm offices for a large batch."""
    # A warm office costs a LibreOffice start like a one-shot run, so it pays off where several
    # offices share a batch; a single document is converted by one `soffice --convert-to`.
    if len(paths) >= WARM_FROM and (os.cpu_count() or 1) > 1:
        try:
            with Offices(exe, min(len(paths), os.cpu_count() or 1)) as offices:
                offices.convert_all(paths, out_dir, timeout)
        except OfficeUnavailable as e:
            (say or _stderr_note)(f"Lưu ý: không khởi động được LibreOffice chạy nền ({e}); "
                                  "chuyển sang PDF bằng một lần chạy soffice.")
            _convert_once(exe, paths, out_dir, timeout)
    else:
        _convert_once(exe, paths, out_dir, timeout)


def pdf_pages(data: bytes) -> int | None:
    """Return the number of pages of a PDF LibreOffice wrote (page objects are not compressed there)."""
    count = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    return count or None


def _convert_once(exe: str, paths: list[Path], out_dir: Path, timeout: int) -> None:
    """Convert with one LibreOffice process that starts, converts `paths` and exits."""
    # A private profile: a clerk's open LibreOffice window must not block or be disturbed.
    with tempfile.TemporaryDirectory(prefix="kehoach-lo-") as profile:
        cmd = [
            exe, "--headless", "--norestore", "--nolockcheck",
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--convert-to", "pdf", "--outdir", str(out_dir),
            *[str(p) for p in paths],
        ]
        try:
            subprocess.run(cmd, check=False, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            raise KehoachError("LibreOffice không chuyển xong sang PDF trong thời gian cho phép.") from e


class OfficeUnavailable(Exception):
    """The warm office could not start here (no Python with uno, no unoserver, LibreOffice refused)."""


class Office:
    """One LibreOffice kept running behind a unoserver server, converting one document at a time."""

    def __init__(self, soffice: str):
        self.soffice = soffice
        self.process: subprocess.Popen | None = None
        self.folder: tempfile.TemporaryDirectory | None = None
        self.port = 0

    def start(self) -> None:
        """Start the server and its LibreOffice; raise OfficeUnavailable when they do not come up."""
        python = uno_python(self.soffice)
        if python is None:
            raise OfficeUnavailable("không tìm thấy Python có thư viện uno của LibreOffice")
        try:
            import unoserver
        except ModuleNotFoundError as e:
            raise OfficeUnavailable("thiếu thư viện unoserver") from e
        self.folder = tempfile.TemporaryDirectory(prefix="kehoach-office-")
        work = Path(self.folder.name)
        packages = _server_packages(Path(unoserver.__file__).parent, work / "packages")
        self.port, uno_port = _free_port(), _free_port()
        log = (work / "server.log").open("wb")
        cmd = [python, "-m", "unoserver.server", "--interface", "127.0.0.1", "--port", str(self.port),
               "--uno-interface", "127.0.0.1", "--uno-port", str(uno_port), "--executable", self.soffice,
               "--user-installation", str(work / "profile"), "--libreoffice-pid-file", str(work / "office.pid"),
               "--conversion-timeout", str(_CONVERSION_TIMEOUT)]
        # Only unoserver on the path: the server's Python may be another version than ours.
        env = {**os.environ, "PYTHONPATH": str(packages)}
        env.pop("PYTHONHOME", None)
        try:
            self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                            stdin=subprocess.DEVNULL)
        except OSError as e:
            log.close()
            raise OfficeUnavailable(os_reason(e)) from e
        log.close()
        self._wait_ready(work / "server.log")

    def _wait_ready(self, log: Path) -> None:
        from xmlrpc.client import ServerProxy

        deadline = time.monotonic() + _START_TIMEOUT
        with ServerProxy(f"http://127.0.0.1:{self.port}", transport=_quick_transport()) as proxy:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    # The last line of its log would be the server's English: the exit code says enough.
                    raise OfficeUnavailable(f"máy chủ dừng với mã {self.process.returncode}")
                try:
                    proxy.info()
                    if (log.parent / "office.pid").exists():  # written just after: needed to stop it
                        return
                except OSError:
                    pass
                time.sleep(0.1)
        raise OfficeUnavailable(f"LibreOffice không sẵn sàng sau {_START_TIMEOUT} giây")

    def convert(self, docx: Path, pdf: Path) -> None:
        """Convert `docx` to `pdf` (paths on this machine)."""
        from unoserver.client import UnoClient

        UnoClient("127.0.0.1", str(self.port), host_location="local").convert(
            inpath=str(Path(docx).resolve()), outpath=str(Path(pdf).resolve()))

    def close(self) -> None:
        """Stop the server and its LibreOffice (also when the server itself is gone)."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()  # unoserver stops its LibreOffice on SIGTERM
                try:
                    self.process.wait(15)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            if self.folder is not None:
                _stop_pid(Path(self.folder.name) / "office.pid")
            self.process = None
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None


class Offices:
    """`count` warm offices for one command; converts a batch, one document per office at a time."""

    def __init__(self, soffice: str, count: int):
        self.offices = [Office(soffice) for _ in range(max(count, 1))]

    def __enter__(self) -> Offices:  # noqa: PYI034
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(len(self.offices)) as pool:  # they start side by side
            results = list(pool.map(_try_start, self.offices))
        started = [o for o, error in zip(self.offices, results) if error is None]
        for office, error in zip(self.offices, results):
            if error is not None:
                office.close()
        if not started:
            raise next(e for e in results if e is not None)
        self.offices = started
        return self

    def convert_all(self, paths: list[Path], out_dir: Path, timeout: int) -> None:
        """Convert `paths` to `<out_dir>/<stem>.pdf`, spread over the offices."""
        import queue
        import xmlrpc.client
        from concurrent.futures import ThreadPoolExecutor

        waiting: queue.SimpleQueue = queue.SimpleQueue()
        for p in paths:
            waiting.put(p)

        def work(office: Office) -> None:
            while True:
                try:
                    path = waiting.get_nowait()
                except queue.Empty:
                    return
                try:
                    office.convert(path, out_dir / (path.stem + ".pdf"))
                except (OSError, xmlrpc.client.Error):
                    continue  # a document LibreOffice refuses is reported by name, as a missing PDF

        with ThreadPoolExecutor(len(self.offices)) as pool:
            for future in [pool.submit(work, o) for o in self.offices]:
                future.result(timeout=timeout * len(paths))

    def __exit__(self, *exc) -> None:
        for office in self.offices:
            office.close()


def _try_start(office: Office) -> OfficeUnavailable | None:
    try:
        office.start()
    except OfficeUnavailable as e:
        return e
    return None


def _server_packages(package: Path, target: Path) -> Path:
    """Copy unoserver and its metadata where the server's Python finds them (and nothing else of ours)."""
    target.mkdir(parents=True)
    shutil.copytree(package, target / package.name, ignore=shutil.ignore_patterns("__pycache__"))
    for meta in package.parent.glob(f"{package.name}-*.dist-info"):
        shutil.copytree(meta, target / meta.name)
    return target


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _quick_transport():
    import xmlrpc.client

    class _Transport(xmlrpc.client.Transport):
        def make_connection(self, host):
            connection = super().make_connection(host)
            connection.timeout = 2
            return connection

    return _Transport()


def _stop_pid(pid_file: Path) -> None:
    """Stop the LibreOffice whose pid unoserver wrote, if it outlived its server."""
    import signal

    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        pass
