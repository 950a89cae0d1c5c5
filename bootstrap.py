"""Set up kehoach on a fresh machine with nothing but Python: a virtual environment in .venv, the program
installed into it, then the sample dossier built (or, with --test, the test suite run).

Standard library only, and written so that an old Python can still run it far enough to say what to do.
Works with a distribution's /usr/bin/python3 (PEP 668 forbids `pip install` outside a venv) even when
Debian/Ubuntu ship `venv` without `ensurepip` (package python3-venv not installed): the venv is then made
without pip and pip is installed into it from the system's pip wheel or from the package index.

    python3 bootstrap.py            # Windows: py bootstrap.py
    python3 bootstrap.py --test     # Windows: py bootstrap.py --test
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
STAMP = os.path.join(VENV, "kehoach-cai-dat.json")
MIN_PYTHON = (3, 11)
WINDOWS = os.name == "nt"
SHOWN_VENV = ".venv\\Scripts\\kehoach" if WINDOWS else ".venv/bin/kehoach"
APT_HINT = ("Trên Debian/Ubuntu, cài gói còn thiếu bằng một lệnh: sudo apt-get install python3-venv\n"
            "rồi chạy lại lệnh này.")


def say(text):
    """Print a Vietnamese line even on a console whose code page cannot show it."""
    stream = sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        stream.buffer.write((text + "\n").encode("utf-8", "replace"))
    stream.flush()


def fail(text):
    say("LỖI: " + text)
    sys.exit(1)


def venv_python():
    return os.path.join(VENV, "Scripts", "python.exe") if WINDOWS else os.path.join(VENV, "bin", "python")


def newer_python():
    """Return a command that runs a Python >= 3.11 installed beside this one, or None."""
    minors = range(20, MIN_PYTHON[1] - 1, -1)
    if WINDOWS and shutil.which("py"):
        for minor in minors:
            cmd = ["py", "-3.%d" % minor]
            if subprocess.call(cmd + ["-c", ""], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
                return cmd
    for minor in minors:
        found = shutil.which("python3.%d" % minor)
        if found:
            return [found]
    return None


def check_python():
    """Re-run this script with a new enough Python, or say how to get one."""
    if sys.version_info[:2] >= MIN_PYTHON:
        return
    other = newer_python()
    if other:
        say("Python %d.%d quá cũ; dùng %s." % (sys.version_info[0], sys.version_info[1], " ".join(other)))
        sys.exit(subprocess.call(other + [os.path.abspath(__file__)] + sys.argv[1:]))
    fail("kehoach cần Python %d.%d trở lên, máy đang dùng Python %d.%d.\n"
         "Trên Debian/Ubuntu: sudo apt-get install python3.11 python3.11-venv (hoặc bản mới hơn); "
         "trên Windows: cài Python từ python.org (đánh dấu “Add python.exe to PATH”), rồi chạy lại lệnh này."
         % (MIN_PYTHON + sys.version_info[:2]))


def runs(cmd):
    try:
        return subprocess.call(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0
    except OSError:
        return False


def has_ensurepip():
    try:
        import ensurepip  # noqa: F401  Debian/Ubuntu move it to the python3-venv package
    except ImportError:
        return False
    return True


def make_venv():
    """Create .venv (again, if the one there does not run) and make sure it has pip."""
    python = venv_python()
    version_ok = "import sys; sys.exit(sys.version_info[:2] < %r)" % (MIN_PYTHON,)
    if os.path.isdir(VENV) and not runs([python, "-c", version_ok]):
        say("Thư mục .venv hỏng hoặc làm bằng Python cũ: tạo lại.")
        shutil.rmtree(VENV)
    if not os.path.isdir(VENV):
        say("Tạo môi trường ảo .venv (Python %d.%d) ..." % sys.version_info[:2])
        with_pip = has_ensurepip()
        try:
            venv.EnvBuilder(with_pip=with_pip).create(VENV)
        except (OSError, subprocess.CalledProcessError) as e:
            shutil.rmtree(VENV, ignore_errors=True)
            fail("không tạo được môi trường ảo .venv (%s).\n%s" % (e, APT_HINT))
    if not runs([python, "-m", "pip", "--version"]):
        install_pip(python)


def install_pip(python):
    """Install pip into a venv made without it: from the system's pip wheel, else from the package index."""
    wheel = system_pip_wheel()
    tmp = None
    if wheel is None:
        say("Python của máy thiếu ensurepip: tải pip từ kho gói PyPI ...")
        tmp = tempfile.mkdtemp(prefix="kehoach-pip-")
        try:
            wheel = download_pip_wheel(tmp)
        except (OSError, ValueError) as e:
            shutil.rmtree(tmp, ignore_errors=True)
            shutil.rmtree(VENV, ignore_errors=True)
            fail("không tải được pip (%s).\n%s" % (e, APT_HINT))
    try:
        # A pip wheel can run itself: python pip-X.whl/pip install pip-X.whl
        code = subprocess.call([python, os.path.join(wheel, "pip"), "install", "--quiet", "--no-index", wheel])
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    if code != 0:
        shutil.rmtree(VENV, ignore_errors=True)
        fail("không cài được pip vào .venv.\n" + APT_HINT)


def system_pip_wheel():
    """Return Debian's pip wheel (package python3-pip-whl) when it is there."""
    folder = "/usr/share/python-wheels"
    names = sorted(n for n in os.listdir(folder) if n.startswith("pip-")) if os.path.isdir(folder) else []
    return os.path.join(folder, names[-1]) if names else None


def download_pip_wheel(folder):
    """Download the newest pip wheel from the package index (PEP 691 JSON or PEP 503 HTML); check its sha256."""
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple/").rstrip("/") + "/pip/"
    request = urllib.request.Request(index, headers={
        "Accept": "application/vnd.pypi.simple.v1+json, text/html;q=0.1"})
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read().decode("utf-8")
        is_json = "json" in response.headers.get("Content-Type", "")
    if is_json:
        files = [(f["filename"], urllib.parse.urljoin(index, f["url"]), f.get("hashes", {}).get("sha256"))
                 for f in json.loads(body)["files"] if not f.get("yanked")]
    else:
        files = []
        for href in re.findall(r'href="([^"]+)"', body):
            url, _, fragment = href.partition("#sha256=")
            files.append((url.rsplit("/", 1)[-1], urllib.parse.urljoin(index, url), fragment or None))
    wheels = []
    for name, url, digest in files:
        m = re.match(r"pip-(\d+(?:\.\d+)*)-py3-none-any\.whl$", name)
        if m and digest:
            wheels.append((tuple(int(x) for x in m.group(1).split(".")), name, url, digest))
    if not wheels:
        raise ValueError("kho gói không có bản pip nào")
    _, name, url, digest = max(wheels)
    path = os.path.join(folder, name)
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    if hashlib.sha256(data).hexdigest() != digest:
        raise ValueError("tệp pip tải về sai mã băm")
    with open(path, "wb") as f:
        f.write(data)
    return path


def install_kehoach(extras):
    """pip install -e the project into .venv, unless the same pyproject.toml is installed already."""
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    try:
        with open(STAMP, encoding="utf-8") as f:
            stamp = json.load(f)
    except (OSError, ValueError):
        stamp = {}
    if stamp.get("pyproject") == digest and set(extras) <= set(stamp.get("extras", [])):
        return
    extras = sorted(set(extras) | set(stamp.get("extras", [])) if stamp.get("pyproject") == digest else extras)
    target = ".[%s]" % ",".join(extras) if extras else "."
    say("Cài kehoach và các thư viện vào .venv (lần đầu cần mạng, khoảng một phút) ...")
    # PYTHONWARNINGS: setuptools' notes about editable installs are for developers, not for the clerk.
    code = subprocess.call([venv_python(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                            "-e", target], cwd=ROOT, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    if code != 0:
        fail("cài thư viện không thành công (xem thông báo của pip ở trên). Kiểm tra kết nối mạng rồi chạy "
             "lại lệnh này.")
    with open(STAMP, "w", encoding="utf-8") as f:
        json.dump({"pyproject": digest, "extras": extras}, f)


def main(argv):
    test = "--test" in argv
    rest = [a for a in argv if a != "--test"]
    if rest and not test:
        fail("không hiểu tham số %s. Dùng: python3 bootstrap.py [--test [tham số cho pytest]]" % " ".join(rest))
    check_python()
    make_venv()
    install_kehoach(["test"] if test else [])
    if test:
        cmd = [venv_python(), "-m", "pytest", "-q"] + rest
        say("Chạy kiểm thử: %s" % " ".join(["pytest", "-q"] + rest))
    else:
        cmd = [venv_python(), "-m", "kehoach"]
        say("Đã cài xong. Dựng kế hoạch mẫu: %s (lần sau chạy đúng lệnh này, không cần kích hoạt .venv)"
            % SHOWN_VENV)
    return subprocess.call(cmd, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
