"""Orchestration: find dossiers under data/, load and check them, build their documents, write drafts."""
from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .documents import correction
from .documents.catalog import all_documents
from .documents.common import (
    BLOCK_KINDS,
    CONTEXT_KEYS,
    PROGRAM_KEYS,
    TEMPLATES,
    DocumentModel,
)
from .dossier.folders import dossier_folders  # part of this module's API
from .dossier.loading import load_dossier
from .dossier.model import Dossier as DossierData
from .dossier.model import Organisation
from .dossier.settings import Settings, load_settings
from .dossier.validation import check_dossier
from .errors import KehoachError, Problem
from .files import write_all_atomic
from .rules.numbering import Issue

if TYPE_CHECKING:
    from .lint.templates import Contract


@dataclass
class Dossier:
    """One plan folder: its data and its documents (draft form)."""

    name: str
    folder: Path
    data: DossierData
    documents: list[DocumentModel]

    @property
    def closed(self) -> bool:
        """`dong: true`: listed and verified, never rebuilt nor warned about."""
        return self.data.plan.closed


@dataclass
class Project:
    data_dir: Path
    settings: Settings
    dossiers: list[Dossier]
    warnings: list[Problem] = field(default_factory=list)


def load_dossier_folder(folder: Path) -> tuple[Dossier | None, list[Problem]]:
    """Load and check one dossier folder; return it (None when it has errors) and its problems."""
    try:
        data, marks, found = load_dossier(folder)
    except KehoachError as e:
        return None, list(e.problems)
    found += check_dossier(data, marks)
    if data.plan.closed:
        found = [p for p in found if p.is_error]
    if any(p.is_error for p in found):
        return None, found
    return Dossier(data.name, Path(folder), data, all_documents(data)), found


def load_project(data_dir: Path) -> Project:
    """Load and check every dossier; raise KehoachError with every error of every dossier."""
    data_dir = Path(data_dir)
    settings = load_settings(data_dir)
    dossiers, problems = [], []
    for folder in dossier_folders(data_dir):
        dossier, found = load_dossier_folder(folder)
        problems.extend(found)
        if dossier is not None:
            dossiers.append(dossier)
    problems += same_ids([(d.name, d.folder) for d in dossiers])
    errors = [p for p in problems if p.is_error]
    if errors:
        raise KehoachError(problems)
    return Project(data_dir, settings, dossiers, [*settings.warnings, *problems])


def open_dossier(data_dir: Path, name: str) -> tuple[Path, DossierData, list[Problem]]:
    """Return one dossier's folder, checked data and warnings; `name` is a folder under `data_dir` or a path.

    Raise KehoachError with every error of that dossier (other dossiers are not read).
    """
    folder = Path(name)
    if not (folder / "ke-hoach.yaml").is_file():
        folder = Path(data_dir) / name
    if not folder.is_dir():
        known = ", ".join(p.name for p in dossier_folders(data_dir)) if Path(data_dir).is_dir() else ""
        raise KehoachError(f"không có hồ sơ “{name}” trong {data_dir}" + (f". Các hồ sơ: {known}" if known else ""))
    data, marks, problems = load_dossier(folder)
    problems += check_dossier(data, marks)
    if any(p.is_error for p in problems):
        raise KehoachError(problems)
    return folder, data, problems


def same_ids(dossiers: Iterable[tuple[str, Path]]) -> list[Problem]:
    """Return an error for each (id, folder) of `dossiers` whose `ma_ho_so` an earlier folder has: the two
    would share document ids, and so register numbers."""
    first: dict[str, Path] = {}
    problems = []
    for name, folder in dossiers:
        other = first.setdefault(name, folder)
        if other != folder:
            problems.append(Problem(
                f"hồ sơ {folder} có cùng mã hồ sơ “{name}” với hồ sơ {other}; mỗi hồ sơ một mã riêng "
                "(hồ sơ chép từ hồ sơ khác thì đổi ma_ho_so của bản chép)",
                file=str(folder / "ke-hoach.yaml"), field="ma_ho_so"))
    return problems


def pin_dossier_id(dossier: Dossier) -> None:
    """Write the dossier's id into its ke-hoach.yaml when missing, so renaming the folder keeps its documents."""
    from .dossier.editing import edit_yaml  # ruamel.yaml: only when issuing

    def change(data) -> None:
        if "ma_ho_so" not in data:
            data["ma_ho_so"] = dossier.name  # at the end: the comments above the first key stay with it
            data.yaml_set_comment_before_after_key(
                "ma_ho_so", before="Mã hồ sơ (kehoach tự ghi khi ban hành lần đầu): mã văn bản là ma_ho_so/tên văn bản.\n"
                "Không sửa sau khi đã ban hành; đổi tên thư mục hồ sơ thì mã vẫn giữ nguyên.")

    edit_yaml(dossier.folder / "ke-hoach.yaml", change)


def find_document(project: Project, doc_id: str) -> tuple[Dossier, DocumentModel]:
    """Return the dossier and draft model of `doc_id`; KehoachError listing the known ids otherwise."""
    for dossier in project.dossiers:
        for doc in dossier.documents:
            if doc.id == doc_id:
                return dossier, doc
    ids = [d.id for ds in project.dossiers for d in ds.documents]
    close = difflib.get_close_matches(doc_id, ids, n=1, cutoff=0.6)
    hint = f"; có phải là “{close[0]}”?" if close else ""
    raise KehoachError(f"không có văn bản mã “{doc_id}”{hint} Các mã hiện có: {', '.join(ids)} (xem kehoach list)")


def document_model(project: Project, doc_id: str, issue: Issue | None,
                   issued: Mapping[str, Issue]) -> DocumentModel:
    """Return the model of `doc_id` with its own `issue` and the citations `issued` gives."""
    dossier, _ = find_document(project, doc_id)
    state = {k: v for k, v in issued.items() if k != doc_id}
    if issue is not None:
        state[doc_id] = issue
    return next(d for d in all_documents(dossier.data, state) if d.id == doc_id)


def draft_models(dossier: Dossier, issued: Mapping[str, Issue]) -> list[DocumentModel]:
    """Return the draft of every document of `dossier`: no number of its own, citing what `issued` says."""
    if not issued:
        return list(dossier.documents)  # as loaded: nothing to cite, no number
    shared = all_documents(dossier.data, dict(issued))
    drafts = []
    for doc in shared:
        if doc.id in issued:  # an issued document's draft still leaves its own number blank
            state = {k: v for k, v in issued.items() if k != doc.id}
            doc = next(d for d in all_documents(dossier.data, state) if d.id == doc.id)
        drafts.append(doc)
    return drafts


def render_model(project: Project, model: DocumentModel, chart_cache: Path | None = None,
                 template: Path | None = None) -> bytes:
    """Render one document model to deterministic .docx bytes, through `template` when given (else the
    project's template of its kind); charts kept in the folder `chart_cache`."""
    from .render.docx import render_docx  # only commands that render load docxtpl

    return render_docx(template or project.settings.templates_dir / model.template, model.context,
                       when=model.date, title=f"{model.type_name} {model.summary}",
                       author=model.issuer_short,
                       omit_last_section=model.context.get("phu_luc", {}) is None, chart_cache=chart_cache)


def render_document(project: Project, doc_id: str, issue: Issue | None,
                    issued: Mapping[str, Issue]) -> bytes:
    """Return the .docx bytes of `doc_id`: draft when `issue` is None, final otherwise."""
    return render_model(project, document_model(project, doc_id, issue, issued))


def input_digest(project: Project, doc_id: str) -> str:
    """Return a sha256 of what `doc_id` is made of: its draft content (all citations blank) and template.

    Hashing the built content rather than the files means an edit that does not change this
    document (e.g. new progress data for the plan) does not count as a change to it.
    """
    model = document_model(project, doc_id, None, {})
    h = hashlib.sha256()
    h.update(model_fingerprint(model))
    h.update((project.settings.templates_dir / model.template).read_bytes())
    return h.hexdigest()


def input_parts(project: Project, doc_id: str) -> tuple[str, str]:
    """Return sha256 digests of `doc_id`'s draft content and of its template, apart (to say which changed)."""
    model = document_model(project, doc_id, None, {})
    template = (project.settings.templates_dir / model.template).read_bytes()
    return hashlib.sha256(model_fingerprint(model)).hexdigest(), hashlib.sha256(template).hexdigest()


def model_fingerprint(model: DocumentModel) -> bytes:
    """Return what a document says, as bytes: its context as sorted JSON, a picture by its sha256.

    The register keeps a digest of these bytes for every issued document (to tell when its data
    changed), so the same context must always give the same bytes; builds use them to skip drafts.
    """
    return json.dumps(model.context, ensure_ascii=False, sort_keys=True, check_circular=False,
                      default=_json_value).encode()


def _json_value(value):
    """Return what JSON writes for a value it does not know: a dataclass as a dict of its fields, bytes
    (a picture's image) as their sha256."""
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {k: getattr(value, k) for k in fields}
    raise TypeError(f"{type(value).__name__} is not part of a document model")


def build_drafts(project: Project, out_dir: Path, issued: Mapping[str, Issue] | None = None,
                 only: set[str] | None = None) -> list[Path]:
    """Render every document (citing what `issued` says), then write them all to `out_dir`, or none.

    Nothing is written until every document has rendered, and the files are replaced all or
    nothing, so a broken template or a full disk leaves the previous drafts as they were.
    """
    issued = issued or {}
    rendered: list[tuple[Path, bytes]] = []
    for dossier in project.dossiers:
        if dossier.closed and only is None:
            continue
        for draft in draft_models(dossier, issued):
            if only is None or draft.id in only:
                rendered.append((Path(out_dir) / dossier.name / draft.filename, render_model(project, draft)))
    write_all_atomic(rendered)
    return [p for p, _ in rendered]


def template_variables(template: Path) -> set[str]:
    """Return the names a template may use: those of its document kind, or of any kind if unknown."""
    if Path(template).name == correction.TEMPLATE:
        return set(correction.CONTEXT_KEYS)
    for kind, name in TEMPLATES.items():
        if Path(template).name == name:
            return set(CONTEXT_KEYS[kind])
    return set().union(*CONTEXT_KEYS.values())


def template_contract(template: Path) -> Contract | None:
    """Return what a template of one of kehoach's documents must hold, or None for another file name."""
    from .lint.templates import Contract

    if Path(template).name == correction.TEMPLATE:
        # A công văn has no rule under its trích yếu (the V/v line sits under the number).
        return Contract(frozenset(correction.CONTEXT_KEYS - PROGRAM_KEYS), correction.BLOCKS, False,
                        frozenset({"KH Kẻ dưới cơ quan"}))
    for kind, name in TEMPLATES.items():
        if Path(template).name == name:
            return Contract(frozenset(CONTEXT_KEYS[kind] - PROGRAM_KEYS), BLOCK_KINDS[kind],
                            "phu_luc" in CONTEXT_KEYS[kind])
    return None


# -- what the register is given from here (it never imports this module) --------------------------


def builder():
    """Return what issuing needs to make, check and pin the documents of a loaded project (`issuing.Builder`)."""
    from .lint import lint_docx
    from .register.issuing import Builder

    return Builder(find_document, render_document, input_digest, lint_docx, input_parts, pin_dossier_id)


def issuing_body(project: Project, year: int) -> Organisation | None:
    """Return the issuing body of `year` as co-quan.yaml describes it: that year's plan's, else the latest
    plan's before it, else the first dossier's; None when the data holds no dossier.

    Loads the dossiers when `project` was opened for the register alone; KehoachError on their errors.
    """
    dossiers = project.dossiers or load_project(project.data_dir).dossiers
    if not dossiers:
        return None
    years = [d for d in dossiers if d.data.plan.year is not None and d.data.plan.year <= year]
    chosen = max(years, key=lambda d: d.data.plan.year) if years else dossiers[0]
    return chosen.data.organisation


def correction_letters(project: Project, org: Organisation):
    """Return how `org` writes and renders a công văn đính chính (`lifecycle.Letters`); KehoachError without its template."""
    from .lint import lint_docx
    from .register.lifecycle import Letters

    template = _letter_template(project)

    def draft(row, corrections: list[str], addressees: tuple[str, ...], code: str, issue: Issue | None, date):
        cited = correction.Cited(row.type_name, row.number, row.date, row.summary)
        return correction.correction_letter(org, cited, corrections, addressees, code, issue, date)

    def render(model: DocumentModel) -> bytes:
        return render_model(project, model, template=template)

    return Letters(draft, render, lint_docx)


def _letter_template(project: Project) -> Path:
    own = Path(project.settings.templates_dir) / correction.TEMPLATE
    if own.is_file():
        return own
    bundled = Path(__file__).resolve().parents[1] / "templates" / correction.TEMPLATE
    if bundled.is_file():
        return bundled
    raise KehoachError(Problem(f"không có mẫu {correction.TEMPLATE}; chép tệp này từ thư mục templates của kehoach",
                               file=str(own)))
