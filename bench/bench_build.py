"""Benchmark of issue 12 (speed at province scale): every figure of the issue's table against a baseline
measured in the same run, as medians of several runs, plus peak memory for 100, 1 000 and 3 000 dossiers.
Asserts nothing (speed is measured, not tested). Linux (reads /proc for the memory of a process tree).

    python3 bench/bench_build.py [--runs 5] [--runs-large 5] [--quick]

Dossiers are copies of the seed folder, each with its own `ma_ho_so`; issuing needs real data, so the
copies have `du_lieu_mau: false` (as tests/conftest.py's mark_as_real does).
"""
from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "son-giang-2024"
PY = sys.executable
sys.path.insert(0, str(REPO))

ROWS: list[tuple[str, str, str, str]] = []  # (figure, value, baseline, ratio or note)


def row(figure: str, value: float, unit: str, baseline_name: str = "", baseline: float | None = None,
        note: str = "") -> None:
    shown = f"{value:.3f} {unit}" if unit == "s" else f"{value:.1f} {unit}"
    base = ""
    ratio = note
    if baseline is not None:
        base = f"{baseline_name} = " + (f"{baseline:.3f} {unit}" if unit == "s" else f"{baseline:.1f} {unit}")
        ratio = f"{value / baseline:.2f}×" + (f"  {note}" if note else "")
    ROWS.append((figure, shown, base, ratio))
    print(f"  … {figure}: {shown}  {base}  {ratio}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ measuring processes

def _tree_rss(root: int) -> dict[int, int]:
    """Resident bytes of `root` and of each of its descendants, by pid (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, todo = {}, [root]
    while todo:
        pid = todo.pop()
        tree[pid] = rss.get(pid, 0)
        todo += children.get(pid, [])
    return tree


def run_process(cmd: list[str], cwd: Path = REPO, env: dict | None = None,
                memory: bool = False) -> tuple[float, float, float]:
    """Run `cmd`; return (wall seconds, peak MB of its whole process tree, peak MB of its largest process).

    Memory is sampled from /proc (the kernel's own peak of a child counts the pages it shared with this
    process when it was forked, so it says more about the bench than about kehoach)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            tree = _tree_rss(proc.pid)
            peak[0] = max(peak[0], sum(tree.values()))
            peak[1] = max(peak[1], max(tree.values(), default=0))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    stderr = proc.stderr.read()
    _, status, _ = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    if memory:
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{stderr.decode()[-2000:]}")
    return wall, peak[0] / 2**20, peak[1] / 2**20


def median(fn, runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


def kehoach(*args: str) -> list[str]:
    return [PY, str(REPO / "build.py"), *map(str, args)]


# ------------------------------------------------------------------ data

def project(tmp: Path, dossiers: int) -> Path:
    """A project folder with `dossiers` copies of the seed (real data, each its own ma_ho_so)."""
    root = Path(tempfile.mkdtemp(dir=tmp))
    shutil.copytree(REPO / "templates", root / "templates", ignore=shutil.ignore_patterns("*.md"))
    for i in range(dossiers):
        name = SEED.name if i == 0 else f"xa-{i:04d}"
        folder = root / "data" / name
        shutil.copytree(SEED, folder)
        for file in ("nhiem-vu.yaml", "tien-do.yaml"):
            path = folder / file
            path.write_text(path.read_text(encoding="utf-8").replace("du_lieu_mau: true", "du_lieu_mau: false"),
                            encoding="utf-8")
        plan = folder / "ke-hoach.yaml"
        text = plan.read_text(encoding="utf-8")
        if re.search(r"^ma_ho_so:", text, re.MULTILINE):
            text = re.sub(r"^ma_ho_so:.*$", f'ma_ho_so: "{name}"', text, count=1, flags=re.MULTILINE)
        else:
            text = f'ma_ho_so: "{name}"\n' + text
        plan.write_text(text, encoding="utf-8")
    return root


def long_document(path: Path, paragraphs: int, heavy: bool) -> Path:
    """A .docx of `paragraphs` paragraphs: short ones (`heavy` False) or the seed plan's body repeated."""
    if heavy:
        tmp = Path(tempfile.mkdtemp())
        subprocess.run(kehoach("--data", REPO / "data", "--out", tmp), check=True, capture_output=True)
        src = zipfile.ZipFile(tmp / SEED.name / "ke-hoach.docx")
        xml = src.read("word/document.xml").decode()
        body = re.findall(r'<w:p><w:pPr><w:pStyle w:val="KHThan"/>.*?</w:p>', xml)
        extra = "".join(body[i % len(body)] for i in range(paragraphs))
        at = xml.index(body[-1]) + len(body[-1])
        xml = xml[:at] + extra + xml[at:]
    else:
        from docx import Document

        doc = Document()
        doc.add_paragraph("x")
        buf = io.BytesIO()
        doc.save(buf)
        src = zipfile.ZipFile(buf)
        xml = src.read("word/document.xml").decode()
        one = re.search(r"<w:p>.*?</w:p>", xml)
        xml = xml[:one.start()] + "".join(f"<w:p><w:r><w:t>Đoạn văn số {i} của văn bản thử.</w:t></w:r></w:p>"
                                          for i in range(paragraphs)) + xml[one.end():]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            out.writestr(name, xml.encode() if name == "word/document.xml" else src.read(name))
    return path


# ------------------------------------------------------------------ the figures

def startup(runs: int) -> dict[str, float]:
    bare = median(lambda: run_process([PY, "-c", "pass"])[0], runs)
    libs = median(lambda: run_process([PY, "-c", "import docxtpl"])[0], runs)
    return {"pass": bare, "docxtpl": libs}


def seed_build(tmp: Path, runs: int, base: dict) -> None:
    root = project(tmp, 1)

    def cold() -> float:
        shutil.rmtree(root / "out", ignore_errors=True)
        return run_process(kehoach("--data", root / "data", "--out", root / "out"))[0]

    row("Dựng hồ sơ mẫu (6 văn bản, cả kiểm tra thể thức), cả tiến trình", median(cold, runs), "s",
        "python -c 'import docxtpl'", base["docxtpl"], "mục tiêu ≤ 2×")
    nothing = median(lambda: run_process(kehoach("--data", root / "data", "--out", root / "out"))[0], runs)
    row("Dựng lại khi không có gì thay đổi", nothing, "s", "python -c 'import docxtpl'", base["docxtpl"],
        "mục tiêu ≤ 1,2×")
    row("Dựng lại khi không có gì thay đổi", nothing, "s", "python -c pass", base["pass"])
    forced = median(lambda: run_process(kehoach("--data", root / "data", "--out", root / "out", "--tat-ca"))[0],
                    runs)
    row("Dựng lại tất cả (--tat-ca)", forced, "s", "python -c 'import docxtpl'", base["docxtpl"])


def in_process(tmp: Path, runs: int) -> None:
    from kehoach.lint import lint_docx
    from kehoach.pipeline import load_project
    from kehoach.render.docx import render_docx, render_with_docxtpl

    proj = load_project(REPO / "data")
    models = [m for d in proj.dossiers for m in d.documents]

    def args(m):
        return (proj.settings.templates_dir / m.template, m.context)

    def kw(m):
        return {"when": m.date, "title": f"{m.type_name} {m.summary}", "author": m.issuer_short}

    for m in models:  # compile once, as every process of a build does
        render_docx(*args(m), **kw(m))

    def per_doc(fn):
        def go():
            start = time.perf_counter()
            for m in models:
                fn(*args(m), **kw(m))
            return (time.perf_counter() - start) / len(models)
        return go

    compiled = median(per_doc(render_docx), runs)
    naive = median(per_doc(render_with_docxtpl), runs)
    row("Dựng một văn bản (mẫu đã biên dịch)", compiled * 1000, "ms", "docxtpl mới mỗi văn bản", naive * 1000,
        f"nhanh hơn {naive / compiled:.1f}× (mục tiêu ≥ 10×)")
    drafts = tmp / "drafts"
    drafts.mkdir()
    paths = []
    for m in models:
        paths.append(drafts / m.filename)
        paths[-1].write_bytes(render_docx(*args(m), **kw(m)))
    lint_docx(paths[0])

    def check():
        start = time.perf_counter()
        for p in paths:
            lint_docx(p)
        return (time.perf_counter() - start) / len(paths)

    row("Kiểm tra thể thức một văn bản", median(check, runs) * 1000, "ms", "dựng một văn bản", compiled * 1000,
        "mục tiêu ≤ 10 ms")


def province(tmp: Path, runs: int, base: dict, quick: bool) -> None:
    root = project(tmp, 1000)

    def build(jobs: int) -> tuple[float, float, float]:
        shutil.rmtree(root / "out", ignore_errors=True)
        return run_process(kehoach("--data", root / "data", "--out", root / "out", "--jobs", jobs), memory=True)

    results = [build(2) for _ in range(runs)]
    wall = statistics.median(r[0] for r in results)
    single = build(1)[0] if not quick else None
    row("1 000 hồ sơ (6 000 văn bản), --jobs 2", wall, "s", "cùng việc với --jobs 1" if single else "",
        single, "mục tiêu < 60 s")
    row("  bộ nhớ đỉnh, cả cây tiến trình", max(r[1] for r in results), "MB", note="mục tiêu < 150 MB")
    row("  bộ nhớ đỉnh, tiến trình lớn nhất", max(r[2] for r in results), "MB")
    nothing = median(lambda: run_process(kehoach("--data", root / "data", "--out", root / "out"))[0], runs)
    row("1 000 hồ sơ, dựng lại khi không có gì thay đổi", nothing, "s", "python -c 'import docxtpl'",
        base["docxtpl"])
    for count in (100, 3000) if not quick else (100,):
        other = project(tmp, count)
        wall, tree, largest = run_process(kehoach("--data", other / "data", "--out", other / "out", "--jobs", 2),
                                          memory=True)
        row(f"{count} hồ sơ, --jobs 2: bộ nhớ đỉnh cả cây (tiến trình lớn nhất {largest:.0f} MB; "
            f"{wall:.1f} s)", tree, "MB", note="mục tiêu < 150 MB")
        shutil.rmtree(other)


def start_up(runs: int, base: dict) -> None:
    help_time = median(lambda: run_process(kehoach("--help"))[0], runs)
    row("kehoach --help", help_time, "s", "python -c pass", base["pass"], "mục tiêu ≤ 2×")
    listing = median(lambda: run_process(kehoach("--data", REPO / "data", "list"))[0], runs)
    row("kehoach list (hồ sơ mẫu)", listing, "s", "python -c pass", base["pass"])


def pdf(tmp: Path, runs: int) -> None:
    from kehoach.render import pdf as conversion

    exe = conversion.find_libreoffice()
    if exe is None:
        ROWS.append(("PDF", "bỏ qua", "", "chưa cài LibreOffice"))
        return
    drafts = tmp / "pdf-src"
    subprocess.run(kehoach("--data", REPO / "data", "--out", drafts), check=True, capture_output=True)
    docs = sorted(drafts.rglob("*.docx"))
    out = tmp / "pdf-out"
    out.mkdir()
    office = conversion.Office(exe)
    try:
        started = time.perf_counter()
        office.start()
        start_time = time.perf_counter() - started
        times = []
        for i in range(max(runs, len(docs))):
            doc = docs[i % len(docs)]
            t = time.perf_counter()
            office.convert(doc, out / f"{doc.stem}-{i}.pdf")
            times.append(time.perf_counter() - t)
        warm = statistics.median(times)
    except conversion.OfficeUnavailable as e:
        ROWS.append(("PDF chạy nền", "không khởi động được", "", str(e)))
        return
    finally:
        office.close()

    def cold() -> float:
        t = time.perf_counter()
        conversion._convert_once(exe, [docs[0]], out / "cold", 300)
        return time.perf_counter() - t

    row("PDF một văn bản, LibreOffice chạy nền", warm, "s", "soffice mỗi lần chạy", median(cold, runs),
        f"mục tiêu ≤ 0,3 s; khởi động {start_time:.1f} s một lần mỗi lệnh")

    def batch(warm_from: int) -> float:
        conversion.WARM_FROM = warm_from
        target = Path(tempfile.mkdtemp(dir=tmp))
        t = time.perf_counter()
        conversion.convert_to_pdf(docs, target)
        return time.perf_counter() - t

    row("PDF 6 văn bản, một lệnh (2 LibreOffice chạy nền)", median(lambda: batch(2), max(runs // 2, 1)), "s",
        "một lần soffice cho cả 6", median(lambda: batch(10**9), max(runs // 2, 1)))


def long_lint(tmp: Path) -> None:
    from kehoach.lint import lint_docx

    for heavy in (False, True):
        path = long_document(tmp / f"long-{heavy}.docx", 100_000, heavy)
        code = f"import time; from kehoach.lint import lint_docx; lint_docx({str(path)!r})"
        wall = median(lambda code=code: run_process([PY, "-c", code])[0], 3)
        bare = median(lambda: run_process([PY, "-c", "import kehoach.lint"])[0], 3)
        cpu = time.process_time()
        lint_docx(path)
        cpu = time.process_time() - cpu
        row(f"lint 100 000 đoạn {'dài (thân kế hoạch lặp lại)' if heavy else 'ngắn'} "
            f"({path.stat().st_size // 1024} KB; CPU {cpu:.2f} s)", wall - bare, "s", note="mục tiêu < 1 s")


def issue_once(tmp: Path, runs: int, base: dict) -> None:
    def once() -> float:
        root = project(tmp, 1)
        return run_process(kehoach("--data", root / "data", "issue", f"{SEED.name}/ke-hoach", "--ngay", "15/03/2024",
                                   "--khong-pdf"), cwd=root)[0]
    row("kehoach issue (1 văn bản, không PDF)", median(once, runs), "s", "python -c 'import docxtpl'", base["docxtpl"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--runs-large", type=int, default=5, help="runs of the 1 000-dossier build")
    parser.add_argument("--quick", action="store_true", help="skip 3 000 dossiers and the --jobs 1 baseline")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"Máy: {os.cpu_count()} lõi; tải (uptime) lúc bắt đầu {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"Python {sys.version.split()[0]}; trung vị của {args.runs} lần (1 000 hồ sơ: {args.runs_large} lần)")
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        tmp = Path(tmp)
        base = startup(args.runs)
        seed_build(tmp, args.runs, base)
        in_process(tmp, args.runs)
        start_up(args.runs, base)
        issue_once(tmp, args.runs, base)
        pdf(tmp, args.runs)
        long_lint(tmp)
        province(tmp, args.runs_large, base, args.quick)
    load = os.getloadavg()
    widths = [max(len(r[i]) for r in ROWS) for i in range(3)]
    print(f"{'phép đo':<{widths[0]}}  {'trung vị':>{widths[1]}}  {'mốc cùng lần chạy':<{widths[2]}}  tỷ lệ / ghi chú")
    for figure, value, base_text, ratio in ROWS:
        print(f"{figure:<{widths[0]}}  {value:>{widths[1]}}  {base_text:<{widths[2]}}  {ratio}")
    print(f"Tải lúc kết thúc: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
