"""Benchmark: whole-process build and issue, and in-process rendering, each against a baseline measured
in the same run. Prints medians and ratios; asserts nothing (speed is measured, not tested).

    python3 bench/bench_build.py [--runs 5]
"""
from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process(*args: str, cwd: Path = REPO):
    def go():
        subprocess.run([sys.executable, *args], cwd=cwd, check=True, capture_output=True)
    return go


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    rows: list[tuple[str, float, str, float]] = []

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # 1. Whole process, as a clerk runs it, against the bare interpreter importing the libraries.
        floor = median_seconds(process("-c", "import docxtpl, docx, yaml, jinja2"), runs)
        build = median_seconds(process("build.py", "--out", str(tmp / "out")), runs)
        rows.append(("python build.py (6 văn bản, cả kiểm tra thể thức)", build,
                     "python -c 'import docxtpl, docx, yaml'", floor))

        # 2. In process: our rendering (context preparation + deterministic re-pack) against plain docxtpl.
        from docxtpl import DocxTemplate

        from kehoach.pipeline import load_project, render_model
        from kehoach.render.docx import _prepare, jinja_env
        project = load_project(REPO / "data")
        models = [m for d in project.dossiers for m in d.documents]

        def ours():
            for m in models:
                render_model(project, m)

        def plain():
            for m in models:
                tpl = DocxTemplate(str(project.settings.templates_dir / m.template))
                tpl.render(_prepare(m.context), jinja_env=jinja_env(), autoescape=True)
                tpl.save(io.BytesIO())

        rows.append(("render_model × 6 (có đóng gói ổn định)", median_seconds(ours, runs),
                     "docxtpl render+save × 6", median_seconds(plain, runs)))

        # 3. The checker on the six drafts, against rendering them.
        from kehoach.lint import lint_docx
        drafts = sorted((tmp / "out").rglob("*.docx"))
        rows.append(("lint_docx × 6", median_seconds(lambda: [lint_docx(p) for p in drafts], runs),
                     "render_model × 6", rows[-1][1]))

        # 4. Issuing one document (no PDF) in a fresh copy each time, against building all drafts.
        def issue_once():
            work = Path(tempfile.mkdtemp(dir=tmp))
            shutil.copytree(REPO / "data", work / "data")
            shutil.copytree(REPO / "templates", work / "templates")
            process(str(REPO / "build.py"), "issue", "son-giang-2024/ke-hoach", "--ngay", "15/03/2024",
                    "--khong-pdf", cwd=work)()
        rows.append(("kehoach issue (1 văn bản, không PDF)", median_seconds(issue_once, runs),
                     "python build.py", build))

    print(f"{'phép đo':<50} {'trung vị':>9}   {'mốc so sánh':<42} {'trung vị':>9} {'tỷ lệ':>6}")
    for name, value, base_name, base in rows:
        print(f"{name:<50} {value:9.3f}s  {base_name:<42} {base:9.3f}s {value / base:6.2f}")


if __name__ == "__main__":
    main()
