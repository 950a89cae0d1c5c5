"""Commands `lint`, `lint-template`, `pdf` and `preview`: check any Word file against ND 30 and look at it."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import KehoachError, Problem
from .console import Progress
from .values import number

POPPLER_HINT = ("Chưa cài poppler-utils (lệnh pdftoppm) nên không xuất được ảnh xem trước. "
                "Cài bằng lệnh: sudo apt-get install poppler-utils")


def add_subcommands(sub) -> None:
    p = sub.add_parser("lint", help="kiểm tra thể thức tệp Word (.docx) theo Nghị định 30/2020/NĐ-CP",
                       description="Kiểm tra thể thức, kỹ thuật trình bày của tệp .docx bất kỳ theo "
                       "Nghị định 30/2020/NĐ-CP. Trả về mã 1 nếu có lỗi.",
                       epilog="Ví dụ: kehoach lint out/son-giang-2024/ke-hoach.docx --pdf")
    p.add_argument("files", nargs="+", type=Path, metavar="TỆP.docx", help="tệp cần kiểm tra")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON (một mảng)")
    p.add_argument("--pdf", action="store_true",
                   help="kiểm tra thêm cách dàn trang trên bản PDF (cần LibreOffice và poppler-utils)")
    p.set_defaults(func=run_lint)

    p = sub.add_parser("lint-template", help="kiểm tra mẫu .docx (docxtpl): thẻ Jinja bị Word cắt, dấu nháy cong, "
                       "khối {%% for %%}/{%% if %%} không đóng",
                       epilog="Ví dụ: kehoach lint-template templates/ke-hoach.docx")
    p.add_argument("files", nargs="+", type=Path, metavar="MẪU.docx", help="tệp mẫu cần kiểm tra")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON (một mảng)")
    p.set_defaults(func=run_lint_template)

    p = sub.add_parser("pdf", help="chuyển văn bản sang PDF bằng LibreOffice",
                       epilog="Ví dụ: kehoach pdf son-giang-2024/ke-hoach")
    p.add_argument("items", nargs="+", metavar="TỆP_HOẶC_MÃ", help="tệp .docx (hoặc mã văn bản)")
    p.add_argument("--out-dir", type=Path, metavar="THƯ_MỤC", default=None,
                   help="thư mục ghi PDF (mặc định: cạnh từng tệp .docx)")
    p.set_defaults(func=run_pdf)

    p = sub.add_parser("preview", help="xuất ảnh PNG từng trang để xem nhanh",
                       epilog="Ví dụ: kehoach preview son-giang-2024/thong-bao-phan-cong --dpi 100")
    p.add_argument("item", metavar="TỆP_HOẶC_MÃ", help="tệp .docx (hoặc mã văn bản)")
    p.add_argument("--dpi", type=number("--dpi", 10, 600), default=80, help="độ phân giải ảnh (mặc định: 80)")
    p.add_argument("--out-dir", type=Path, metavar="THƯ_MỤC", default=None, help="thư mục ghi ảnh (mặc định: cạnh tệp .docx)")
    p.set_defaults(func=run_preview)


def _print_findings(results: list[tuple[Path, list]], as_json: bool) -> None:
    if as_json:
        import json

        rows = [f.as_dict(str(path)) for path, findings in results for f in findings]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from ..lint.findings import ERROR, WARNING
    for path, findings in results:
        print(f"{path}:")
        if not findings:
            print("  Đạt: không thấy sai sót về thể thức.")
            continue
        for f in findings:
            print(f"  {f}")
        errors = sum(f.severity == ERROR for f in findings)
        warnings = sum(f.severity == WARNING for f in findings)
        print(f"  Tổng cộng: {errors} lỗi, {warnings} cảnh báo.")


def run_lint(args) -> int:
    import tempfile

    from ..lint import lint_docx
    from ..lint.layout import check_pdf, render_pdfs
    from ..render.pdf import pdf_pages

    if not args.pdf:
        results = [(path, lint_docx(path, spot_templates=True)) for path in args.files]
    else:
        # The rendering is at hand: the rules that depend on the page count (page numbers from page 2)
        # read it from the PDF instead of the estimate.
        results = []
        with tempfile.TemporaryDirectory(prefix="kehoach-lint-") as tmp, Progress("Đang dàn trang bằng LibreOffice"):
            pdfs = render_pdfs(list(args.files), Path(tmp))
            for path in args.files:
                pdf = pdfs[Path(path)]
                found = lint_docx(path, spot_templates=True, pages=pdf_pages(pdf.read_bytes()))
                results.append((path, sorted(found + check_pdf(path, pdf), key=_order)))
    _print_findings(results, args.json)
    return 1 if any(f.is_error for _, fs in results for f in fs) else 0


def _order(f):
    return (f.paragraph if f.paragraph is not None else 0, f.rule)


def run_lint_template(args) -> int:
    from ..lint import lint_template
    from ..pipeline import template_contract, template_variables

    results = []
    for path in args.files:
        findings = lint_template(path, template_variables(path), template_contract(path))
        if not any(f.is_error for f in findings):
            findings += _trial_build(args, path)
        results.append((path, findings))
    _print_findings(results, args.json)
    return 1 if any(f.is_error for _, fs in results for f in fs) else 0


def _trial_build(args, template: Path) -> list:
    """Build a document of the data in `--data` from `template` and check it: TPL-14 findings.

    A template can pass every check of its own and still give documents that fail ND 30 (a style
    changed in Word); when the data can be read, the proof is to build one and look.
    """
    import tempfile

    from ..lint import lint_docx
    from ..lint.findings import Finding
    from ..pipeline import load_project, render_model, template_contract

    if template_contract(template) is None:
        return []
    try:
        project = load_project(args.data)
    except KehoachError:
        return []  # no data here, or data with errors: the template checks above stand alone
    model = _trial_model(project, template)
    if model is None:
        return []
    try:
        data = render_model(project, model, template=template)
    except KehoachError as e:
        return [Finding("TPL-14", "lỗi", f"không dựng được văn bản {model.id} từ mẫu: {e.problems[0].message}")]
    with tempfile.TemporaryDirectory(prefix="kehoach-mau-") as tmp:
        built = Path(tmp) / model.filename
        built.write_bytes(data)
        found = [f for f in lint_docx(built) if f.severity != "thông tin"]
    return [Finding("TPL-14", f.severity, f"văn bản {model.id} dựng thử từ mẫu: {f.message}", f.found, f.required,
                    None, f.location()) for f in found]


def _trial_model(project, template: Path):
    """Return a document of `project` that `template` builds: one of its own, or a trial correction letter."""
    from ..documents.correction import TEMPLATE, Cited, correction_letter
    from ..rules.numbering import DocNumber

    if template.name != TEMPLATE:
        return next((d for ds in project.dossiers for d in ds.documents if d.template == template.name), None)
    if not project.dossiers:
        return None
    # The công văn đính chính of the first plan, as `kehoach dinh-chinh 01/…` would write it.
    dossier = project.dossiers[0]
    plan, org = dossier.documents[0], dossier.data.organisation
    cited = Cited(plan.type_name, DocNumber(1, plan.code), plan.date, plan.summary)
    sent_to = tuple(r for r in plan.recipients if not r.startswith("Lưu:"))
    return correction_letter(org, cited, ["Tại phần Nơi nhận, đã ghi “…”; nay đính chính là “…”."], sent_to,
                             f"{org.code}-VP", None, plan.date)


def resolve_paths(args, items: list[str]) -> list[Path]:
    """Return the .docx paths for `items`: files as given, document ids as fresh drafts in out/."""
    from ..pipeline import build_drafts, find_document, load_project
    from ..register import issuing

    ids = [i for i in items if not (Path(i).suffix.lower() == ".docx" or Path(i).exists())]
    drafts: dict[str, Path] = {}
    if ids:
        project = load_project(args.data)
        for doc_id in ids:
            dossier, model = find_document(project, doc_id)
            drafts[doc_id] = Path(args.out) / dossier.name / model.filename
        # Rebuilt now, so the PDF shows the data as it is (and cites what has been issued).
        build_drafts(project, Path(args.out), issued=issuing.current_issues(project), only=set(ids))
    paths = [drafts.get(i, Path(i)) for i in items]
    problems = []
    for p in paths:
        if not p.exists():
            problems.append(Problem("không tìm thấy tệp", file=str(p)))
        elif p.suffix.lower() != ".docx":
            problems.append(Problem("chỉ nhận tệp .docx", file=str(p)))
    if problems:
        raise KehoachError(problems)
    return paths


def run_pdf(args) -> int:
    import tempfile

    from ..files import write_all_atomic
    from ..render.pdf import convert_to_pdf

    paths = resolve_paths(args, args.items)
    targets = [(args.out_dir or src.resolve().parent) / f"{src.stem}.pdf" for src in paths]
    twice = [(src, target) for src, target in zip(paths, targets) if targets.count(target) > 1]
    if twice:  # beside their own .docx, two files of one name never meet; in one --out-dir they would
        raise KehoachError([Problem(f"trùng tên với tệp khác nên hai bản PDF sẽ ghi đè nhau thành {target}; "
                                    "chuyển riêng từng tệp, mỗi lần một --out-dir", file=str(src))
                            for src, target in twice])
    # One LibreOffice run for all files, then every PDF written in place at once (or none).
    with Progress("Đang chuyển sang PDF bằng LibreOffice"), tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as tmp:
        made = convert_to_pdf(paths, Path(tmp))
        write_all_atomic([(target, pdf.read_bytes()) for target, pdf in zip(targets, made)])
    for pdf in targets:
        print(f"Đã tạo {pdf}")
    return 0


def run_preview(args) -> int:
    import shutil
    import subprocess
    import tempfile

    from ..files import write_all_atomic
    from ..messages import tool_reason
    from ..render.pdf import convert_to_pdf

    exe = shutil.which("pdftoppm")
    if exe is None:
        raise KehoachError(POPPLER_HINT)
    (src,) = resolve_paths(args, [args.item])
    out_dir = args.out_dir or src.resolve().parent
    with tempfile.TemporaryDirectory(prefix="kehoach-preview-") as tmp, Progress("Đang xuất ảnh xem trước"):
        (pdf,) = convert_to_pdf([src], Path(tmp))
        done = subprocess.run([exe, "-png", "-r", str(args.dpi), str(pdf), str(Path(tmp) / f"{src.stem}-trang")],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise KehoachError(f"pdftoppm không xuất được ảnh: {tool_reason(done.stderr)}")
        made = sorted(Path(tmp).glob(f"{src.stem}-trang-*.png"))
        pages = [out_dir / png.name for png in made]
        write_all_atomic([(page, png.read_bytes()) for page, png in zip(pages, made)])
    for page in pages:
        print(f"Đã tạo {page}")
    return 0
