"""Importing supervision items: each created through services.task at the moment and by the
author the file gives, keeping its DB- code (never inventing one: a code must be the next number
of its year's series), then taken along its history: the steps of its log when the log file is
given (`--log`, the export's task_log), else the steps that bring it to the state the row gives.
An item whose history ends elsewhere than the row says is refused."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from typing import Any

from officedesk.errors import Conflict, InvalidInput
from officedesk.imports.read import Row
from officedesk.imports.rows import Importing, at_moment, check_next, differs, given, moment

TASK_COLUMNS = {
    "id": "integer",
    "code": "optional_text",
    "title": "text",
    "detail": "text",
    "source": "text",
    "source_ref": "text",
    "leader": "text",
    "category": "text",
    "priority": "text",
    "dept_id": "integer",
    "dept": "optional_text",
    "owner_id": "integer",
    "owner": "optional_text",
    "assigned_on": "optional_text",
    "due": "optional_text",
    "original_due": "optional_text",
    "state": "text",
    "light": "optional_text",
    "overdue": "boolean",
    "due_in_workdays": "integer",
    "calendar_estimated": "boolean",
    "done_on": "optional_text",
    "on_time": "boolean",
    "eval_score": "integer",
    "eval_comment": "text",
    "cancel_reason": "text",
    "created_by": "text",
    "created_at": "optional_text",
    "updated_at": "optional_text",
    "log": "json",
    "extensions": "json",
}
LOG_COLUMNS = {
    "task_id": "integer",
    "task_code": "text",
    "id": "integer",
    "at": "text",
    "author": "text",
    "kind": "text",
    "text": "text",
    "from_state": "optional_text",
    "to_state": "optional_text",
}
_CREATE_FIELDS = (
    "title",
    "detail",
    "source",
    "source_ref",
    "leader",
    "category",
    "priority",
    "assigned_on",
)
# What the item must hold once its history is replayed (and what a second import compares).
_COMPARED = (
    "code",
    *_CREATE_FIELDS,
    "dept",
    "owner",
    "due",
    "original_due",
    "state",
    "done_on",
    "on_time",
    "eval_score",
    "eval_comment",
    "cancel_reason",
)
_CODE = re.compile(r"^DB-(\d{4})-(\d{4,})$")
_REQUEST = re.compile(r"^→ (\d{4}-\d{2}-\d{2}): (.*)$", re.DOTALL)
_DECISION = re.compile(r"^(.+?) (\d{4}-\d{2}-\d{2})(?: (.*))?$", re.DOTALL)
_SCORE = re.compile(r"^(\d)/5 ?(.*)$", re.DOTALL)


def import_tasks(importing: Importing, rows: list[Row]) -> None:
    from officedesk.export.cells import jsonable
    from officedesk.services import task as tasks

    session = importing.session
    coded = [row for row in rows if row.values.get("code")]
    seen: dict[str, int] = {}
    ordered = []
    for row in coded:
        code = str(row.values["code"])
        match = _CODE.match(code)
        if match is None:
            importing.refuse(
                row, InvalidInput("import.code_form", code=code, example="DB-2026-0001")
            )
        elif code in seen:
            importing.refuse(row, InvalidInput("import.twice", ref=code, line=seen[code]))
        else:
            seen[code] = row.line
            ordered.append((int(match[1]), int(match[2]), row))
    for row in rows:
        if not row.values.get("code") and coded:
            # Numbers given by the file and by the import would mix: a gap or a duplicate.
            importing.refuse(
                row, InvalidInput("import.code_missing", example=str(coded[0].values["code"]))
            )
    uncoded = [row for row in rows if not row.values.get("code")] if not coded else []
    in_order = [row for _year, _seq, row in sorted(ordered, key=lambda found: found[:2])]
    there = _existing(session, [str(row.values["code"]) for row in in_order])
    run = _Run(importing)
    for row in in_order:
        code = str(row.values["code"])
        existing = there.get(code)
        if existing is not None:
            record = jsonable(tasks.read_task(session, existing).model_dump())
            importing.same_or_conflict(row, code, record, _COMPARED)
        elif not run.add(row):
            run.write()
            importing.attempt(row, partial(_create, importing, row))
    for row in uncoded:
        if not run.add(row):
            run.write()
            importing.attempt(row, partial(_create, importing, row))
    run.write()


def _existing(session: Any, codes: list[str]) -> dict[str, Any]:
    """The items already there of these codes, read a chunk of codes at a time (not one query a
    row: an import of 100,000 rows into an empty database asks 200 times, not 100,000)."""
    from sqlmodel import col, select

    from officedesk.models import Task

    found: dict[str, Any] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        found.update(
            (task.code, task)
            for task in session.exec(select(Task).where(col(Task.code).in_(chunk)))
        )
    return found


class _Run:
    """Rows of new items with no history beyond their creation (an open item as a spreadsheet
    lists it: the common import), gathered and then written together through the bulk path
    (services.task.insert_tasks): each row drafted by the same rules as a typed `task add`, at
    its moment and by its author, checked as `_create` checks a row, numbered with one counter
    update a year (a code the file gives must be the next of its series, as `check_next`
    asks), and written in one statement a table. A row with a history goes through `_create`,
    after the rows before it are written: the series' order is the file's."""

    def __init__(self, importing: Importing) -> None:
        from officedesk.services import task as tasks

        self.importing = importing
        self.directory = tasks.Directory(importing.session)
        self.names: dict[tuple[str, Any, str | None], str | Exception | None] = {}
        self.pending: list[tuple[Row, Any, int]] = []

    def add(self, row: Row) -> bool:
        """Take the row into the run when it is a plain creation (True), refused or drafted;
        False leaves it to `_create`."""
        from officedesk.errors import DomainError
        from officedesk.export.cells import jsonable
        from officedesk.services import task as tasks

        values = row.values
        try:
            steps = _log_steps(values) if "__log__" in values else _state_steps(values)
        except DomainError:
            return False  # `_create` refuses it with the same words
        first = steps[0]
        if len(steps) != 1 or first["kind"] != "state" or first.get("to_state") != "assigned":
            return False
        session = self.importing.session
        try:
            when = moment(first.get("at"), "created_at")
            data = given(values, _CREATE_FIELDS)
            data["due"] = values.get("original_due") or values.get("due") or None
            for key in ("dept", "owner"):
                data[key] = self._directory_id(key, values.get(key), data.get("dept"))
            with at_moment(session, when, first.get("author")):
                draft = tasks.draft_task(session, data, self.directory)
                year = session.env.today.year
            final = jsonable(tasks.preview_task(draft))
            wrong = [key for key in _COMPARED if key != "code" and differs(values, final, key)]
            if wrong:
                raise Conflict(
                    "import.history_differs",
                    ref=values.get("code") or values.get("title"),
                    fields=wrong,
                    labels={"fields": "field"},
                )
        except DomainError as error:
            self.importing.refuse(row, error)
            return True
        self.pending.append((row, draft, year))
        return True

    def _directory_id(self, key: str, ref: Any, dept_id: str | None) -> str | None:
        """`_directory_id`, each name looked up once in an import."""
        cache_key = (key, ref, dept_id)
        if cache_key not in self.names:
            try:
                self.names[cache_key] = _directory_id(self.importing, key, ref, dept_id)
            except Exception as exc:  # noqa: BLE001 - kept and raised again for each row
                self.names[cache_key] = exc
        found = self.names[cache_key]
        if isinstance(found, Exception):
            raise found
        return found

    def write(self) -> None:
        """Number and write the rows gathered so far."""
        from officedesk.services import task as tasks
        from officedesk.services.numbering import last_number, reserve_numbers
        from officedesk.services.shared_records import code_of

        if not self.pending:
            return
        session = self.importing.session
        following = {
            year: last_number(session, tasks.SERIES, year) + 1
            for year in {year for _row, _draft, year in self.pending}
        }
        first = dict(following)
        kept: list[tuple[Row, Any, tuple[str, int, int]]] = []
        for row, draft, year in self.pending:
            code = row.values.get("code")
            if not code:
                kept.append((row, draft, code_of(tasks.CODE_PREFIX, year, following[year])))
                following[year] += 1
                continue
            match = _CODE.match(str(code))
            assert match is not None
            if int(match[1]) != year:
                self.importing.refuse(row, InvalidInput("import.record_year", code=code, year=year))
                continue
            seq = int(match[2])
            if seq != following[year]:
                key = "import.gap" if seq > following[year] else "import.number_used"
                expected = code_of(tasks.CODE_PREFIX, year, following[year])[0]
                self.importing.refuse(row, Conflict(key, code=code, next=expected))
                continue
            kept.append((row, draft, code_of(tasks.CODE_PREFIX, year, seq)))
            following[year] += 1
        self.pending.clear()
        for year, start in first.items():
            if following[year] > start:
                taken = reserve_numbers(session, tasks.SERIES, year, following[year] - start)
                assert taken == start
        if not kept:
            return
        from officedesk.journal import ensure_operation_id

        ensure_operation_id(session)
        codes = [code for _row, _draft, code in kept]
        tasks.write_tasks(session, [draft for _row, draft, _code in kept], codes=codes)
        self.importing.tally.created.extend(code for code, _year, _seq in codes)


def _by_code(code: str) -> Any:
    from sqlmodel import select

    from officedesk.models import Task

    return select(Task).where(Task.code == code)


def _create(importing: Importing, row: Row) -> str:
    """The item created and taken along its history; refused (DomainError) when it cannot be."""
    from officedesk.export.cells import jsonable
    from officedesk.services import task as tasks

    session = importing.session
    values = row.values
    steps = _log_steps(values) if "__log__" in values else _state_steps(values)
    first = steps[0]
    if first["kind"] != "state" or first.get("to_state") != "assigned":
        raise InvalidInput("import.log_start", ref=values.get("code") or values.get("title"))
    when = moment(first.get("at"), "created_at")
    data = given(values, _CREATE_FIELDS)
    data["due"] = values.get("original_due") or values.get("due") or None
    for key in ("dept", "owner"):
        data[key] = _directory_id(importing, key, values.get(key), data.get("dept"))
    with at_moment(session, when, first.get("author")):
        code = values.get("code")
        if code:
            check_next(session, str(code), tasks.SERIES)
        made = tasks.create_task(session, data)
    with _written_in(_log_language(steps)):
        for step in steps[1:]:
            with at_moment(session, moment(step.get("at"), "at"), step.get("author")):
                _replay(session, made.id, step, values)
    final = jsonable(tasks.get_task(session, made.id, with_log=False).model_dump())
    wrong = [key for key in _COMPARED if key != "code" and differs(values, final, key)]
    if wrong:
        raise Conflict(
            "import.history_differs", ref=made.code, fields=wrong, labels={"fields": "field"}
        )
    return made.code


def _verdicts() -> dict[str, tuple[str, bool]]:
    """An extension's verdict as a log writes it, in either language → (language, approved)."""
    from officedesk.i18n import catalogue

    return {
        catalogue(lang)[f"extension.{verdict}"]: (lang, verdict == "approved")
        for lang in ("zh", "en")
        for verdict in ("approved", "refused")
    }


def _log_language(steps: list[dict[str, Any]]) -> str | None:
    """The language the log's worded lines (an extension's verdict) were written in, if any."""
    verdicts = _verdicts()
    for step in steps:
        text = str(step.get("text") or "")
        if step.get("kind") == "extension" and not text.startswith("→"):
            for word, (lang, _approved) in verdicts.items():
                if text.startswith(word + " "):
                    return lang
    return None


@contextmanager
def _written_in(lang: str | None) -> Iterator[None]:
    """The lines the services word while an item's history is replayed (an extension's verdict,
    a request lapsed on closing) in the language its log was written in."""
    from officedesk.i18n import current_language, set_language

    if lang is None:
        yield
        return
    before = current_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def _directory_id(importing: Importing, key: str, ref: Any, dept_id: str | None) -> str | None:
    """The department or person named exactly so, as an id: an import never guesses."""
    from sqlmodel import select

    from officedesk.errors import NotFound
    from officedesk.models import Person
    from officedesk.services.lookup import department_named

    if not ref:
        return None
    if key == "dept":
        dept = department_named(importing.session, str(ref))
        if dept is None:
            raise NotFound("dept.not_found", ref=str(ref))
        return str(dept.id)
    stmt = select(Person).where(Person.name == str(ref))
    if dept_id is not None:
        stmt = stmt.where(Person.dept_id == int(dept_id))
    people = list(importing.session.exec(stmt.limit(2)))
    if len(people) != 1:
        if people:
            names = [f"{person.name} #{person.id}" for person in people]
            raise Conflict("person.ambiguous", ref=str(ref), candidates=names)
        raise NotFound("person.not_found", ref=str(ref))
    return str(people[0].id)


def _state_steps(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps that bring a new item to the row's state, without a log: created when the row
    says, then the last steps at its last change."""
    created = {"kind": "state", "to_state": "assigned", "at": values.get("created_at")}
    created["author"] = values.get("created_by") or None
    later = {"at": values.get("updated_at") or None, "author": None, "text": ""}
    state = values.get("state") or "assigned"
    chain = {
        "assigned": [],
        "in_progress": [("assigned", "in_progress")],
        "done": [("assigned", "done")],
        "evaluated": [("assigned", "done"), ("done", "evaluated")],
        "cancelled": [("assigned", "cancelled")],
    }.get(state)
    if chain is None:
        raise InvalidInput("input.choice", field="state", choices=list(_STATE_NAMES))
    steps = [created]
    for before, after in chain:
        kind = "evaluation" if after == "evaluated" else "state"
        text = values.get("cancel_reason", "") if after == "cancelled" else ""
        steps.append({**later, "kind": kind, "from_state": before, "to_state": after, "text": text})
    return steps


_STATE_NAMES = ("assigned", "in_progress", "done", "evaluated", "cancelled")


def _log_steps(values: dict[str, Any]) -> list[dict[str, Any]]:
    entries = sorted(values["__log__"], key=lambda entry: entry.get("id") or 0)
    if not entries:
        raise InvalidInput("import.log_missing", ref=values.get("code"))
    return entries


def _replay(session: Any, task_id: int, step: dict[str, Any], values: dict[str, Any]) -> None:
    """One step of the item's history through the service that takes it."""
    from officedesk.services import task as tasks

    kind, text = step.get("kind"), str(step.get("text") or "")
    before, after = step.get("from_state"), step.get("to_state")
    if kind == "state" and after == "in_progress":
        if before == "done":
            tasks.reopen_task(session, task_id, text)
        else:
            tasks.start_task(session, task_id, text)
    elif kind == "state" and after == "done":
        last = "__log__" not in values or step is _last(values, "done")
        done_on = values.get("done_on") if last else None
        tasks.complete_task(session, task_id, text, done_on or session.env.today)
    elif kind == "state" and after == "cancelled":
        tasks.cancel_task(session, task_id, text)
    elif kind == "evaluation":
        score, comment = values.get("eval_score"), values.get("eval_comment") or ""
        scored = _SCORE.match(text)
        earlier = "__log__" in values and step is not _last(values, "ev")
        if scored and (score is None or earlier):
            score, comment = int(scored[1]), scored[2]
        tasks.evaluate_task(session, task_id, int(score or 0), comment)
    elif kind in ("note", "feedback"):
        tasks.add_log_entry(session, task_id, text, kind=kind)
    elif kind == "remind":
        tasks.remind_task(session, task_id, text)
    elif kind == "extension":
        _extension(session, task_id, text)
    elif kind != "reported":  # written by the service itself when the item is done
        raise InvalidInput("import.log_kind", ref=values.get("code"), kind=str(kind))


def _last(values: dict[str, Any], what: str) -> dict[str, Any] | None:
    """The log's last entry finishing the item ("done") or evaluating it ("ev")."""
    entries = values.get("__log__") or []
    if what == "done":
        found = [e for e in entries if e.get("kind") == "state" and e.get("to_state") == "done"]
    else:
        found = [e for e in entries if e.get("kind") == "evaluation"]
    return max(found, key=lambda e: e.get("id") or 0) if found else None


def _extension(session: Any, task_id: int, text: str) -> None:
    """An extension asked for (→ date: reason) or decided (verdict date note); a request
    settled by closing the item is written again by the step that closes it."""
    from officedesk.services import task as tasks

    asked = _REQUEST.match(text)
    if asked:
        tasks.request_extension(session, task_id, date.fromisoformat(asked[1]), asked[2])
        return
    decided = _DECISION.match(text)
    verdicts = _verdicts()
    if decided and decided[1] in verdicts:
        tasks.decide_extension(session, task_id, verdicts[decided[1]][1], decided[3] or "")
