"""The plan's deadlines as iCalendar files, for officers' phones and Outlook: one calendar per officer or
unit and one for the whole plan; each deadline an all-day event with a reminder, recurring work as a
repeating event. UIDs and time stamps come from the data, so the same data give the same bytes."""
from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Alarm, Calendar, Event

from ..dossier.model import Dossier, Task
from ..rules import markup, vn
from ..rules.periods import CUT_OFF_DAY, Recurrence, deadline_text, occurrences, plan_start
from .status import assignee_name, leads, tasks

REMIND_DAYS = 7
_RULES = {"tháng": {"freq": "monthly", "bymonthday": CUT_OFF_DAY},
          "quý": {"freq": "monthly", "interval": 3, "bymonthday": CUT_OFF_DAY}}


def _uid(d: Dossier, task: Task) -> str:
    # Task ids like "3d" and "3đ" read the same in ASCII: a short hash of the real id keeps them apart.
    digest = hashlib.sha1(f"{d.name}/{task.id}".encode()).hexdigest()[:8]
    return f"{_ascii(d.name)}-{_ascii(task.id)}-{digest}@kehoach"


def _ascii(text: str) -> str:
    return vn.ascii_name(text) or "x"


def plan_calendar(d: Dossier) -> bytes:
    """Return the calendar of every deadline of the plan."""
    return _calendar(d, f"Kế hoạch {d.plan.year} - {d.organisation.short_name}", tasks(d), None)


def lead_calendars(d: Dossier) -> dict[str, bytes]:
    """Return one calendar per officer or unit with tasks (led or supported), by code."""
    codes = leads(d) + [s for t in tasks(d) for s in t.support]
    out = {}
    for code in dict.fromkeys(codes):
        mine = [t for t in tasks(d) if t.lead == code or code in t.support]
        name = f"Kế hoạch {d.plan.year} - {assignee_name(d.organisation, code)}"
        out[code] = _calendar(d, name, mine, code)
    return out


def _calendar(d: Dossier, name: str, chosen, who: str | None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//kehoach//Ke hoach UBND xa//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    begins = plan_start(d.plan.year, d.plan.month)
    # Stamped with the plan's first day: a time stamp from the clock would change the bytes on every run.
    stamp = dt.datetime(begins.year, begins.month, begins.day, tzinfo=dt.UTC)
    for task in chosen:
        event = _event(d, task, who, begins, stamp)
        if event is not None:
            cal.add_component(event)
    return cal.to_ical()


def _event(d: Dossier, task: Task, who: str | None, begins: dt.date, stamp: dt.datetime) -> Event | None:
    org = d.organisation
    deadline = task.deadline
    if isinstance(deadline, Recurrence):
        owed = [o for o in occurrences(deadline, d.plan.year) if o.due >= begins]
        if not owed:
            return None  # ongoing work ("Thường xuyên") has no day to remind of
        first, rule = owed[0].due, _RULES.get(deadline.unit)
    else:
        first, rule = deadline, None
    role = "" if who is None else ("Chủ trì: " if task.lead == who else "Phối hợp: ")
    event = Event()
    event.add("uid", _uid(d, task))
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", first + dt.timedelta(days=1))
    if rule is not None:
        event.add("rrule", {**rule, "until": owed[-1].due})
    content = markup.plain(task.content)
    event.add("summary", f"{role}{content}")
    lines = [f"Nhiệm vụ {task.id} của Kế hoạch: {markup.plain(d.plan.summary)} ({org.short_name}).",
             f"Chủ trì: {assignee_name(org, task.lead)}."]
    if task.support:
        lines.append(f"Phối hợp: {', '.join(assignee_name(org, s) for s in task.support)}.")
    lines.append(f"Thời hạn: {deadline_text(deadline)}"
                 + (f" (mỗi lần đến ngày {CUT_OFF_DAY}, ngày chốt số liệu báo cáo)."
                    if isinstance(deadline, Recurrence) else "."))
    lines.append(f"Sản phẩm: {markup.plain(task.output)}.")
    event.add("description", "\n".join(lines))
    event.add("categories", ["Kế hoạch"])
    event.add("transp", "TRANSPARENT")  # a deadline does not make anybody busy that day
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Còn {REMIND_DAYS} ngày đến hạn: {content}")
    alarm.add("trigger", dt.timedelta(days=-REMIND_DAYS))
    event.add_component(alarm)
    return event
