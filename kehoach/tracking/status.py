"""Where the plan's tasks stand on a day: each task's state, counts by area and by officer or unit, what
is overdue and what falls due soon. The one computation behind a report's figures, `kehoach tinh-hinh`
and the progress sheets. No I/O."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dossier.model import Dossier, Organisation, Task
from ..rules import markup, vn
from ..rules.periods import (
    CCHC,
    DONE,
    DONE_LATE,
    DONE_ON_TIME,
    OVERDUE,
    STATES,
    Period,
    Recurrence,
    occurrences,
    period_on,
    plan_start,
    standing,
)


@dataclass(frozen=True)
class TaskStatus:
    """One task on the day: state, % done, completion, and the latest result and difficulty reported."""

    task: Task
    state: str
    percent: int
    done_on: dt.date | None
    owed: int        # recurring task: occurrences owed in the period by the day (0 for a dated task)
    done: int        # … and how many of them were done
    note: str
    difficulty: str
    next_due: dt.date | None  # the next deadline not yet met, from the day on (None: nothing open)

    @property
    def is_done(self) -> bool:
        return self.state in DONE

    @property
    def progress(self) -> str:
        """Return the progress as a table shows it: `40%`, or `1/2 quý` for a recurring task."""
        if isinstance(self.task.deadline, Recurrence) and self.task.deadline.unit and self.owed:
            text = f"{self.done}/{self.owed} {self.task.deadline.unit}"
            # The occurrence under way when it is not finished: `0/1 quý (50%)`.
            return f"{text} ({self.percent}%)" if 0 < self.percent < 100 else text
        return f"{self.percent}%"


@dataclass(frozen=True)
class Counts:
    """How many tasks are in each state, with the total."""

    total: int
    on_time: int
    late: int
    in_progress: int
    not_started: int
    overdue: int

    @classmethod
    def of(cls, statuses) -> Counts:
        states = [s.state for s in statuses]
        return cls(len(states), *(states.count(s) for s in STATES))

    @property
    def done(self) -> int:
        return self.on_time + self.late

    def __getitem__(self, state: str) -> int:
        return dict(zip(STATES, (self.on_time, self.late, self.in_progress, self.not_started, self.overdue)))[state]

    def share(self, n: int) -> str:
        """Return `n` as a share of the total: `36%`, `33,3%`."""
        return vn.percent(n, self.total)


@dataclass(frozen=True)
class Group:
    """The tasks of one area (key: khoản number) or of one officer or unit they lead (key: code)."""

    key: str
    name: str
    tasks: tuple[TaskStatus, ...]

    @property
    def counts(self) -> Counts:
        return Counts.of(self.tasks)


@dataclass(frozen=True)
class Snapshot:
    """Every task of the plan as it stands at the end of `day`, inside the report period `period`."""

    day: dt.date
    period: Period
    tasks: tuple[TaskStatus, ...]
    areas: tuple[Group, ...]
    leads: tuple[Group, ...]

    @property
    def counts(self) -> Counts:
        return Counts.of(self.tasks)

    def in_state(self, *states: str) -> list[TaskStatus]:
        return [s for s in self.tasks if s.state in states]

    def due_soon(self, days: int = 30) -> list[TaskStatus]:
        """Return the tasks with an open deadline (or occurrence) from the day to `days` days later."""
        until = self.day + dt.timedelta(days=days)
        return sorted((s for s in self.tasks if s.next_due is not None and s.next_due <= until),
                      key=lambda s: s.next_due)


def _next_open(task: Task, done_days: list[dt.date], day: dt.date, year: int) -> dt.date | None:
    """Return the first deadline of `task` from `day` on that is not yet met, within the plan's year."""
    if isinstance(task.deadline, dt.date):
        return task.deadline if task.deadline >= day and not done_days else None
    for o in occurrences(task.deadline, year):
        if o.due >= day and not any(d in o for d in done_days):
            return o.due
    return None


def snapshot(d: Dossier, day: dt.date, period: Period | None = None) -> Snapshot:
    """Return how every task of `d` stands at the end of `day`.

    `period` (default: the report period `day` falls in) decides which occurrences of a recurring
    task are owed; a report passes its own period so that its figures are exactly these.
    """
    plan = d.plan
    period = period or period_on(day, plan.year, schedule(d))
    begins = plan_start(plan.year, plan.month)
    statuses = []
    for task in tasks(d):
        updates = [u for u in d.progress.get(task.id, ()) if u.date <= day]
        st = standing(task.deadline, [(u.date, u.percent) for u in updates], day, period.start, begins, plan.year)
        if isinstance(task.deadline, Recurrence):
            updates = [u for u in updates if u.date >= period.start]  # earlier periods' words are stale
        note = next((u.note for u in reversed(updates) if u.note), "")
        difficulty = next((u.difficulty for u in reversed(updates) if u.difficulty), "")
        done_days = [u.date for u in updates if u.percent == 100]
        statuses.append(TaskStatus(task, st.state, st.percent, st.done_on, st.owed, st.done, note, difficulty,
                                   _next_open(task, done_days, day, plan.year)))
    names = area_names(d)
    areas = tuple(Group(str(n), name, tuple(s for s in statuses if s.task.area == n))
                  for n, name in names.items() if any(s.task.area == n for s in statuses))
    by_lead = tuple(Group(code, assignee_name(d.organisation, code),
                          tuple(s for s in statuses if s.task.lead == code)) for code in leads(d))
    return Snapshot(day, period, tuple(statuses), areas, by_lead)


def tasks(d: Dossier) -> tuple[Task, ...]:
    """Return the plan's tasks (none when the dossier has no nhiem-vu.yaml)."""
    return d.appendix.tasks if d.appendix is not None else ()


def schedule(d: Dossier) -> str:
    """Return the dossier's report schedule (the CCHC periods when it has no bao-cao.yaml)."""
    return d.report.schedule if d.report is not None else CCHC


def leads(d: Dossier) -> list[str]:
    """Return the codes of the officers and units that lead at least one task, in plan order."""
    return list(dict.fromkeys(t.lead for t in tasks(d)))


def area_names(d: Dossier) -> dict[int, str]:
    """Return each area's name by its number: the khoản of the plan section the tasks follow."""
    number = d.appendix.task_section if d.appendix else 2  # nhiem-vu.yaml's default mục
    if not number or not 1 <= number <= len(d.plan.sections):
        return {}  # a mục the plan lacks: check reports it
    section = d.plan.sections[number - 1]
    return {n: markup.plain(clause.text) for n, clause in enumerate(section.clauses, start=1)}


def assignee_name(org: Organisation, code: str) -> str:
    """Return how a table names the officer or unit `code`."""
    return org.assignee(code).label


def as_dict(snap: Snapshot, days: int = 30) -> dict:
    """Return the snapshot as plain data (for `--json`): counts, lists and groups, in Vietnamese keys."""
    def counts(c: Counts) -> dict:
        return {"tong_so": c.total, "hoan_thanh": c.done, "dung_han": c.on_time, "tre_han": c.late,
                "dang_thuc_hien": c.in_progress, "chua_trien_khai": c.not_started, "qua_han": c.overdue,
                "ty_le_hoan_thanh": c.share(c.done)}

    def task(s: TaskStatus) -> dict:
        return {"ma": s.task.id, "noi_dung": markup.plain(s.task.content), "chu_tri": s.task.lead, "tinh_trang": s.state,
                "tien_do": s.progress, "han_tiep_theo": vn.table_date(s.next_due) if s.next_due else None}

    return {
        "ngay": vn.table_date(snap.day),
        "ky": {"ma": snap.period.key, "ten": snap.period.label, "tu_ngay": vn.table_date(snap.period.start)},
        "tong_hop": counts(snap.counts),
        "qua_han": [task(s) for s in snap.in_state(OVERDUE)],
        "sap_den_han": [task(s) for s in snap.due_soon(days)],
        "da_hoan_thanh": [task(s) for s in snap.in_state(DONE_ON_TIME, DONE_LATE)],
        "theo_linh_vuc": [{"khoan": g.key, "ten": g.name, **counts(g.counts)} for g in snap.areas],
        "theo_chu_tri": [{"ma": g.key, "ten": g.name, **counts(g.counts)} for g in snap.leads],
    }

