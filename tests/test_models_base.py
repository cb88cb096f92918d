"""The shared bases of the table models: one statement of the audit and step-log columns."""

from sqlmodel import SQLModel

from officedesk.models import load_all
from officedesk.models.base import NAME_MAX, Audited, StepLog, one_of


def _tables_of(base: type) -> list[type]:
    load_all()
    found: list[type] = []
    pending = list(base.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if getattr(cls, "__table__", None) is not None:
            found.append(cls)
    return found


def test_every_audited_table_has_its_own_audit_columns() -> None:
    tables = _tables_of(Audited)
    assert {cls.__tablename__ for cls in tables} >= {"incoming", "outgoing", "task", "visit"}
    for cls in tables:
        columns = cls.__table__.columns  # type: ignore[attr-defined]
        assert columns["created_by"].type.length == NAME_MAX
        assert not columns["created_at"].nullable and not columns["updated_at"].nullable
        assert columns["created_at"].table is cls.__table__  # type: ignore[attr-defined]


def test_step_logs_share_when_who_and_states() -> None:
    names = {cls.__tablename__ for cls in _tables_of(StepLog)}
    assert names == {"incoming_log", "matter_log", "outgoing_log", "task_log"}
    log = SQLModel.metadata.tables["task_log"]
    assert {"at", "author", "from_state", "to_state", "task_id", "kind", "text"} <= set(
        log.c.keys()
    )
    assert str(log.c.text.server_default.arg) == ""  # type: ignore[union-attr]


def test_one_of_is_the_check_the_migrations_wrote() -> None:
    assert one_of("kind", ("a", "b")) == "kind IN ('a', 'b')"
