"""The demo office: a fictional company filled in through the services, as a user would.

The entry points (`officedesk demo`, `--demo`): the office's own directory and supervision items
(demo/task.py), then every register with a demo filler in the registry (demo/<register>.py).
"""

import gc
import importlib
import random
import time as clock
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy import event as orm_event
from sqlmodel import SQLModel, col

from officedesk.db import OfficeSession
from officedesk.demo.clock import travel
from officedesk.demo.task import build_office
from officedesk.errors import Conflict
from officedesk.models import Department, Person, Task, load_all
from officedesk.registry import DEMO_COUNTS, REGISTERS
from officedesk.services.moments import local_moment

if TYPE_CHECKING:
    from officedesk.context import AppContext

DEFAULT_SEED = 2026
# The registers with a demo filler (the module answering fill_demo(session, rng)), in the order
# they are filled: after the directory and the supervision items (incoming documents link to
# items; seals need keepers).
DEMO_FILLERS = {spec.name: str(spec.demo) for spec in REGISTERS if spec.demo}
REGISTER_DEMOS = tuple(DEMO_FILLERS)
# The figures populate_demo and `officedesk demo` report: name → "module:Model", in the order
# they are shown (registry.DEMO_COUNTS).
_FIGURES = DEMO_COUNTS


# How many times the demo's session flushes while it is built (measured: 6,052 on 2026-11-26,
# meetings included, a new item written in one flush by bulk_insert; the day moves it by a few).
# The fill is deterministic, so the count is its clock: the progress a front end shows is
# flushes so far over this, and tests/test_demo.py keeps it within 15 %.
DEMO_FLUSHES = 6050


@dataclass(frozen=True)
class FillProgress:
    """How far the demo fill is: the part being written ("office": the directory and the
    supervision items; a register's name; "search": the index, last), the share done, the
    seconds it has taken."""

    stage: str
    done: float  # 0.0 … 1.0
    elapsed: float


Progress = Callable[[FillProgress], None]


@contextmanager
def _reporting(
    session: OfficeSession, progress: Progress | None
) -> Iterator[Callable[[str], None]]:
    """Call `progress` as the fill goes: at each new stage, and every 1 % of the flushes.
    Yields the function that names the stage."""
    started = clock.monotonic()
    state = {"stage": "office", "flushes": 0, "shown": -1}

    def report() -> None:
        if progress is not None:
            done = min(state["flushes"] / DEMO_FLUSHES, 0.99)  # 100 % is said when it is done
            progress(FillProgress(str(state["stage"]), done, clock.monotonic() - started))

    def flushed(_session: OfficeSession, _context: Any) -> None:
        state["flushes"] = int(state["flushes"]) + 1
        percent = int(state["flushes"]) * 100 // DEMO_FLUSHES
        if percent != state["shown"]:
            state["shown"] = percent
            report()

    def stage(name: str) -> None:
        state["stage"] = name
        report()

    orm_event.listen(session, "after_flush", flushed)
    try:
        stage("office")
        yield stage
    finally:
        orm_event.remove(session, "after_flush", flushed)
    if progress is not None:
        progress(FillProgress(str(state["stage"]), 1.0, clock.monotonic() - started))


# ---- public API ----------------------------------------------------------------------------


def has_data(session: OfficeSession) -> bool:
    """True when any department, person or task exists: one query, cheap on every `--demo` run."""
    stmt = select(
        or_(
            select(col(Department.id)).exists(),
            select(col(Person.id)).exists(),
            select(col(Task.id)).exists(),
        )
    )
    return bool(session.execute(stmt).scalar())


def populate_demo(
    session: OfficeSession,
    *,
    reset: bool = False,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill the database with the demo company; refuse to mix it into existing data.

    With reset every row of every table goes first (journal and counters included), so the
    demo starts at DB-…-0001 with an empty history, as a fresh office would. `progress` hears
    how far the fill is (the front ends' progress bars), from the thread that fills.
    """
    if not reset and has_data(session):
        raise Conflict("demo.has_data")
    if reset:
        _wipe(session)
    from officedesk.journal import journal_held
    from officedesk.search_index import INDEX_OFF, rebuild_search_index

    # Thousands of records, each written several times over: one rebuild of the search index
    # at the end costs a fraction of keeping it in step on every flush, and the journal's
    # entries go in with one statement (the fill reads none of them back).
    indexing = session.info.get(INDEX_OFF)
    session.info[INDEX_OFF] = True
    try:
        with (
            _sparing_collector(),
            _holding_records(session),
            _reporting(session, progress) as stage,
            journal_held(session),  # written before the fill says it is done
        ):
            office = build_office(session, random.Random(seed))
            counts = office.counts
            # The registers are filled after the office's last step, by its author, on the real
            # day: each takes its "today" from the session, and today's visitors must be today's
            # even when the last step was on Friday and this is Monday.
            morning = min(local_moment(session.env.today, time(8, 0)), session.env.now())
            moment = max(office.last_moment, morning)
            with travel(session, moment, operator=office.last_author):
                for register, module_name in DEMO_FILLERS.items():
                    # Each register draws from a generator of its own: changing one register's
                    # demo leaves every other register's data as it was.
                    stage(register)
                    module = importlib.import_module(module_name)
                    rng = random.Random(f"{seed}:{register}")
                    counts.update(module.fill_demo(session, rng))
            stage("search")
            rebuild_search_index(session)
    finally:
        session.info[INDEX_OFF] = indexing
    # The registers add supervision items of their own (documents to handle): the totals are
    # counted at the end, the registers' own figures (numbered, voided, …) kept beside them.
    return {**counts, **demo_counts(session)}


def demo_counts(session: OfficeSession) -> dict[str, int]:
    """What the demo database holds, in the shape populate_demo reports: the registry's
    headline figures, counted as a restore counts them."""
    from officedesk.services.counts import record_counts

    return record_counts(session)


def ensure_demo(ctx: "AppContext", progress: Progress | None = None) -> None:
    """Fill the demo database on its first use; one read when it is already filled.

    Only a demo context is ever filled, so a caller's mistake cannot pour demo data into an
    office's real (perhaps just created, still empty) database.
    """
    if not ctx.demo:
        return
    with ctx.read() as session:
        if has_data(session):
            return
    with ctx.write("demo") as session:
        # Another process may have filled it between our read and this write transaction.
        if not has_data(session):
            populate_demo(session, progress=progress)


# Every way a record becomes persistent in a session: created and flushed, loaded by a query.
_PERSISTENT_EVENTS = (
    "pending_to_persistent",
    "loaded_as_persistent",
    "detached_to_persistent",
    "deleted_to_persistent",
)
# The records later steps come back to: the directory, and each register's own records (a
# document reviewed after it was registered, an item done after it was opened). Their logs and
# other rows are written once and never read again by the demo.
_REVISITED = frozenset(spec.table for spec in REGISTERS)


@contextmanager
def _holding_records(session: OfficeSession) -> Iterator[None]:
    """Keep the records later steps come back to in memory until the demo is built.

    The identity map holds records weakly and the services hand back read models, so a record
    is forgotten as soon as its service returns, and the next step on it would load it again:
    one more query for each of the thousands of steps the demo replays (SQLAlchemy's "strong
    reference" recipe, for this session, this build and these tables only: holding every row
    written would cost more in garbage collection than the queries it saves).
    """
    held: list[Any] = []

    def hold(_session: OfficeSession, record: Any) -> None:
        if getattr(record, "__tablename__", None) in _REVISITED:
            held.append(record)

    for name in _PERSISTENT_EVENTS:
        orm_event.listen(session, name, hold)
    try:
        yield
    finally:
        for name in _PERSISTENT_EVENTS:
            orm_event.remove(session, name, hold)
        held.clear()


@contextmanager
def _sparing_collector() -> Iterator[None]:
    """Leave the objects that were there before the fill (the imported modules, the models'
    and the validators' machinery: over a hundred thousand) out of the garbage collector's
    scans while it runs.

    The fill allocates millions of objects, so full collections come round several times, and
    each would go through all of those again for the little garbage there is (measured: the
    fill's full collections took 0.30 s, 0.07 s with them left out). They are handed back to
    the collector when the fill ends, so the process (the workbench, which fills in a worker)
    keeps collecting them as before.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# ---- wiping --------------------------------------------------------------------------------


def _wipe(session: OfficeSession) -> None:
    """Delete every row, children first; bulk statements bypass the journal on purpose."""
    from officedesk.journal import start_operation

    session.flush()
    load_all()  # models load lazily; a table nobody imported yet must be emptied too
    for table in reversed(SQLModel.metadata.sorted_tables):
        # A self-reference (department.parent_id is ON DELETE RESTRICT) blocks a one-statement
        # delete of parent and child rows, so cut those links first.
        for fk in table.foreign_keys:
            column = fk.parent
            if fk.column.table is table and column.nullable:
                session.execute(
                    update(table).where(column.is_not(None)).values({column.name: None})
                )
        session.execute(delete(table))
    session.expunge_all()
    # The bulk delete bypassed the search index's listener (SQLite's FTS5 table keeps its own
    # entries): rebuild it from the now empty documents table, so it holds no orphans.
    from officedesk.search_index import rebuild_search_index

    rebuild_search_index(session)
    # The operation row this session may already have written is gone: journal under a new one.
    start_operation(session, session.info.get("op_name") or "demo")
