"""The seal log against forgery: the hash chain, the exact count/counter/sequence check, the
keyed MAC (印章密钥) and this machine's anchor (锚点) outside the database.

Every tamper is raw SQL on a connection of its own, as someone with write access to the
database but not to this machine's files would do it. Runs on SQLite, and on PostgreSQL when
OFFICEDESK_TEST_PG_URL is set."""

import json
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from officedesk.context import AppContext
from officedesk.models.seal import SealUse
from officedesk.services.directory import create_department, create_person
from officedesk.services.seal import actions as seals
from officedesk.services.seal import letters as seal_letters
from officedesk.services.seal.anchor import anchor_path, database_identity, read_anchor
from officedesk.services.seal.chain import (
    ENTRY_FIELDS,
    appended_head,
    chain_notices,
    entry_hash,
    verify_chain,
)
from officedesk.services.seal.key import KEY_BYTES, key_path, mac_of
from officedesk.views.seal import chain_details, chain_message

# ---- the office and the tamperer ---------------------------------------------------------------


@pytest.fixture
def office(ctx: AppContext) -> AppContext:
    """One department, one person, an active official seal (#1), and four uses (#1–#4)."""
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        seal = seals.create_seal(
            session,
            {"name": "华信科技有限公司公章", "kind": "official", "approval": "批件 1"},
        )
        seals.step_seal(session, seal.id, "activate", approval="批件 1")
    for n in range(1, 5):
        use(ctx, f"第{n}份文件", copies=n)
    return ctx


def use(ctx: AppContext, title: str = "关于采购合同的函", **extra: Any) -> Any:
    data = {"requester": "李娜", "doc_title": title, "approver": "总经理", **extra}
    with ctx.write("seal.use") as session:
        entry = seals.use_seal(session, 1, data)
    entry_notices = [n.key for n in chain_notices(session)]
    return SimpleNamespace(entry=entry, head=appended_head(session), notices=entry_notices)


def verify(ctx: AppContext) -> Any:
    with ctx.read() as session:
        return verify_chain(session)


def raw(ctx: AppContext, sql: str, **params: Any) -> None:
    """Change the database behind the application's back, on an engine of its own."""
    engine = create_engine(ctx.url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


def rows(ctx: AppContext) -> list[Any]:
    """The log's rows as plain values (the read session expires its objects when it ends)."""
    columns = [column.name for column in SealUse.__table__.columns]  # type: ignore[attr-defined]
    with ctx.read() as session:
        found = session.scalars(select(SealUse).order_by(SealUse.id))
        return [SimpleNamespace(**{name: getattr(row, name) for name in columns}) for row in found]


def the_key() -> bytes:
    return key_path(None).read_bytes()


def lower_counter(ctx: AppContext, by: int = 1) -> None:
    raw(
        ctx,
        "UPDATE counter SET value = value - :by WHERE series = 'seal_chain' AND year = 0",
        by=by,
    )


def bump_counter(ctx: AppContext) -> None:
    raw(ctx, "UPDATE counter SET value = value + 1 WHERE series = 'seal_chain' AND year = 0")


FORGED_COLUMNS = (
    "seal_id, used_at, requester, requester_id, dept_id, purpose, copies, approver,"
    " registered_by, recorded_at, corrects_id, void, note"
)


def forge(
    ctx: AppContext,
    *,
    random_hash: bool = False,
    mac_key: bytes | None = None,
    title: str = "伪造的用印",
) -> int:
    """Append an entry after the last one, as a tamperer would: its hash computed correctly
    over its content and the last entry's hash (or random), its MAC only when handed the key.
    The columns are copied in SQL from the last entry, so the times read back exactly."""
    last = rows(ctx)[-1]
    fake = SimpleNamespace(**{name: getattr(last, name) for name in ENTRY_FIELDS})
    fake.seq, fake.doc_title = last.seq + 1, title
    digest = secrets.token_hex(32) if random_hash else entry_hash(last.hash, fake)
    raw(
        ctx,
        f"INSERT INTO seal_use (seq, doc_title, prev_hash, hash, mac, {FORGED_COLUMNS}) "
        f"SELECT :seq, :title, :prev, :hash, :mac, {FORGED_COLUMNS} FROM seal_use WHERE id = :id",
        seq=fake.seq,
        title=title,
        prev=last.hash,
        hash=digest,
        mac=mac_of(mac_key, digest) if mac_key else None,
        id=last.id,
    )
    return fake.seq


def swap_ids_and_seqs(ctx: AppContext, first: int, second: int) -> None:
    parking = -first
    for old, new in ((first, parking), (second, first), (parking, second)):
        raw(ctx, "UPDATE seal_use SET id = :new, seq = :new WHERE id = :old", new=new, old=old)


def test_the_log_has_no_triggers_that_would_stop_a_tamperer(office: AppContext) -> None:
    """The tamper tests below write raw SQL: nothing in the database itself refuses it."""
    engine = create_engine(office.url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            found = conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    " AND tbl_name = 'seal_use'"
                )
            ).all()
        else:
            found = conn.execute(
                text(
                    "SELECT tgname FROM pg_trigger "
                    "WHERE tgrelid = 'seal_use'::regclass AND NOT tgisinternal"
                )
            ).all()
    engine.dispose()
    assert found == []


# ---- the fourteen tampers ------------------------------------------------------------------------

# name -> (tamper, reason, id named, seq named, expected seq). The log holds #1–#4 (no. 1–4),
# each with a MAC, and this machine's anchor is at no. 4.
Tamper = Callable[[AppContext], Any]
TAMPERS: dict[str, tuple[Tamper, str, int | None, int | None, int | None]] = {
    "change copies": (
        lambda c: raw(c, "UPDATE seal_use SET copies = 20 WHERE id = 2"),
        "content",
        2,
        2,
        2,
    ),
    "change title": (
        lambda c: raw(c, "UPDATE seal_use SET doc_title = :t WHERE id = 3", t="第3份文件 "),
        "content",
        3,
        3,
        3,
    ),
    "change requester": (
        lambda c: raw(c, "UPDATE seal_use SET requester = :r WHERE id = 2", r="王建国"),
        "content",
        2,
        2,
        2,
    ),
    "change approver": (
        lambda c: raw(c, "UPDATE seal_use SET approver = :a WHERE id = 1", a="某人"),
        "content",
        1,
        1,
        1,
    ),
    "change registered_by": (
        lambda c: raw(c, "UPDATE seal_use SET registered_by = :r WHERE id = 4", r="outsider"),
        "content",
        4,
        4,
        4,
    ),
    "change only the hash": (
        lambda c: raw(c, "UPDATE seal_use SET hash = :h WHERE id = 2", h=secrets.token_hex(32)),
        "content",
        2,
        2,
        2,
    ),
    "delete a middle row": (
        lambda c: raw(c, "DELETE FROM seal_use WHERE id = 2"),
        "missing",
        3,
        3,
        2,
    ),
    "delete the first row": (
        lambda c: raw(c, "DELETE FROM seal_use WHERE id = 1"),
        "missing",
        2,
        2,
        1,
    ),
    "delete the last row": (
        lambda c: raw(c, "DELETE FROM seal_use WHERE id = 4"),
        "tail",
        None,
        None,
        4,
    ),
    "append a row with a random hash": (
        lambda c: forge(c, random_hash=True),
        "content",
        5,
        5,
        5,
    ),
    "swap two rows' ids and seqs": (
        lambda c: swap_ids_and_seqs(c, 2, 3),
        "content",
        2,
        2,
        2,
    ),
    "delete the last row and lower the counter": (
        lambda c: (raw(c, "DELETE FROM seal_use WHERE id = 4"), lower_counter(c)),
        "anchor_missing",
        None,
        None,
        4,
    ),
    "append a correctly hashed row and bump the counter": (
        lambda c: (forge(c), bump_counter(c)),
        "unkeyed",
        5,
        5,
        1,
    ),
    "append a correctly hashed row, counter not bumped": (
        lambda c: forge(c),
        "beyond",
        5,
        5,
        4,
    ),
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_every_tamper_is_caught_and_named(office: AppContext, name: str) -> None:
    tamper, reason, broken_id, broken_seq, expected = TAMPERS[name]
    assert verify(office).ok
    tamper(office)
    result = verify(office)
    assert (result.ok, result.reason) == (False, reason), chain_message(result)
    assert (result.broken_id, result.broken_seq, result.expected_seq) == (
        broken_id,
        broken_seq,
        expected,
    )
    message = chain_message(result)
    if broken_id is not None:
        assert f"entry #{broken_id} (no. {broken_seq})" in message
    else:
        assert f"no. {expected}" in message or f"{expected} were written" in message
    # A break never moves the anchor: it still names no. 4 as this machine saw it.
    assert read_anchor(office.url).anchor.seq == 4


def test_the_messages_say_what_to_suspect(office: AppContext) -> None:
    forge(office)
    bump_counter(office)
    unkeyed = chain_message(verify(office))
    assert "recorded without the seal key — cannot be told from a forgery" in unkeyed
    raw(office, "DELETE FROM seal_use WHERE id = 5")
    lower_counter(office)
    raw(office, "DELETE FROM seal_use WHERE id = 4")
    lower_counter(office)
    missing = verify(office)
    text_of = chain_message(missing)
    assert "entry no. 4, which this machine saw" in text_of and "cut short" in text_of
    assert str(anchor_path(office.url)) in text_of  # where to look, or what to delete
    assert chain_details(missing) == [f"Last intact entry: no. 3  {rows(office)[-1].hash}"]


# ---- recording goes on over a broken log -------------------------------------------------------


def test_a_forged_append_does_not_block_the_next_real_use(office: AppContext) -> None:
    forged = forge(office)  # no. 5, the counter still at 4
    recorded = use(office, "真实的用印")
    assert recorded.entry.seq == forged + 1
    assert recorded.head == (recorded.entry.seq, recorded.entry.hash)
    assert "seal.chain_beyond_counter" in recorded.notices
    result = verify(office)
    assert (result.ok, result.broken_id, result.broken_seq, result.reason) == (
        False,
        5,
        5,
        "unkeyed",
    )
    assert [(r.seq, r.mac is not None) for r in rows(office)][-2:] == [(5, False), (6, True)]
    assert rows(office)[-1].prev_hash == rows(office)[-2].hash  # chained onto the last row


def test_a_use_after_a_deleted_tail_continues_the_count_and_the_break_stays(
    office: AppContext,
) -> None:
    raw(office, "DELETE FROM seal_use WHERE id = 4")
    recorded = use(office, "删除之后")
    assert recorded.entry.seq == 5  # the counter said 4 were written
    result = verify(office)
    # (SQLite gives the deleted id again, PostgreSQL's sequence does not: name it by the entry)
    assert (result.reason, result.broken_id, result.expected_seq) == (
        "missing",
        recorded.entry.id,
        4,
    )


def test_a_use_on_a_truncated_log_does_not_move_the_anchor(office: AppContext) -> None:
    anchored = read_anchor(office.url).anchor
    raw(office, "DELETE FROM seal_use WHERE id = 4")
    lower_counter(office)
    recorded = use(office, "截短之后")
    assert recorded.entry.seq == 4
    assert "seal.anchor_held_back" in recorded.notices
    assert read_anchor(office.url).anchor == anchored
    result = verify(office)
    assert (result.reason, result.broken_id, result.broken_seq) == (
        "anchor_mismatch",
        recorded.entry.id,
        4,
    )


# ---- the key -----------------------------------------------------------------------------------


def test_the_key_is_created_0600_in_a_0700_directory_on_the_first_use(ctx: AppContext) -> None:
    path = key_path(None)
    assert not path.exists()
    with ctx.read() as session:
        assert verify_chain(session).key_state == "absent"  # verify never creates it
    assert not path.exists()
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        seals.create_seal(session, {"name": "公章", "kind": "official", "approval": "批件"})
        seals.step_seal(session, 1, "activate", approval="批件")
    first = use(ctx)
    assert "seal.key_created" in first.notices
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    key = path.read_bytes()
    assert len(key) == KEY_BYTES
    assert rows(ctx)[0].mac == mac_of(key, first.entry.hash)
    use(ctx)
    assert path.read_bytes() == key  # made once, never replaced


def test_the_configured_key_file_wins_and_its_directory_is_made_0700(
    office: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "from-env" / "k"
    monkeypatch.setenv("OFFICEDESK_SEAL_KEY", str(elsewhere))
    assert key_path(None) == elsewhere
    configured = tmp_path / "keys" / "seal-office.key"
    office.settings = replace(office.settings, seal_key_file=configured)
    assert key_path(configured) == configured
    raw(office, "UPDATE seal_use SET mac = NULL")  # as if logged before any key existed
    anchor_path(office.url).unlink()
    use(office)
    assert configured.exists() and not elsewhere.exists()
    assert stat.S_IMODE(configured.parent.stat().st_mode) == 0o700
    assert rows(office)[-1].mac == mac_of(configured.read_bytes(), rows(office)[-1].hash)


def test_a_keyed_log_without_the_key_here_records_without_a_mac(office: AppContext) -> None:
    key_path(None).unlink()
    recorded = use(office, "没有密钥时的用印")
    assert "seal.key_missing_recorded" in recorded.notices
    assert not key_path(None).exists()  # never a new key over a keyed log
    assert rows(office)[-1].mac is None
    result = verify(office)
    assert (result.ok, result.reason, result.broken_id, result.expected_seq) == (
        False,
        "unkeyed",
        5,
        1,
    )
    assert "recorded without the seal key" in chain_message(result)
    assert result.macs_unchecked == 4
    assert [n.key for n in result.notices] == ["seal.key_missing"]


def test_without_the_key_the_macs_go_unchecked_but_the_log_still_verifies(
    office: AppContext,
) -> None:
    key_path(None).unlink()
    result = verify(office)
    assert (result.ok, result.macs_checked, result.macs_unchecked, result.key_state) == (
        True,
        0,
        4,
        "absent",
    )
    assert [n.key for n in result.notices] == ["seal.key_missing"]


def test_a_wrong_key_is_worded_so_the_key_is_suspected(office: AppContext) -> None:
    key_path(None).write_bytes(secrets.token_bytes(KEY_BYTES))
    result = verify(office)
    assert (result.reason, result.broken_id) == ("mac", 1)
    message = chain_message(result)
    assert "MAC does not match" in message and "not the one the log was written with" in message
    recorded = use(office, "换了密钥之后")
    assert "seal.key_wrong_recorded" in recorded.notices
    assert rows(office)[-1].mac is None  # not signed with a key nobody else can check


def test_a_loose_key_file_is_tightened_when_ours(office: AppContext) -> None:
    path = key_path(None)
    os.chmod(path, 0o644)
    recorded = use(office)
    assert "seal.key_tightened" in recorded.notices
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_loose_key_file_of_someone_else_is_reported(
    office: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = key_path(None)
    os.chmod(path, 0o640)
    monkeypatch.setattr(os, "getuid", lambda: path.stat().st_uid + 1)
    result = verify(office)
    assert result.ok and [n.key for n in result.notices] == ["seal.key_loose"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # not ours to change


def test_a_damaged_key_file_is_never_replaced(office: AppContext) -> None:
    path = key_path(None)
    path.write_bytes(b"short")
    recorded = use(office)
    assert "seal.key_bad_size" in recorded.notices and "seal.key_missing_recorded" in (
        recorded.notices
    )
    assert path.read_bytes() == b"short"


def test_legacy_entries_are_covered_by_the_chain_only(office: AppContext) -> None:
    """A log written before the key existed: the key is made on the next use, and verify says
    how many entries only the hash chain covers."""
    raw(office, "UPDATE seal_use SET mac = NULL")
    key_path(None).unlink()
    anchor_path(office.url).unlink()
    recorded = use(office, "启用密钥后的第一次用印")
    assert "seal.key_created" in recorded.notices
    result = verify(office)
    assert (result.ok, result.legacy, result.macs_checked, result.first_mac_seq) == (
        True,
        4,
        1,
        5,
    )
    details = chain_details(result)
    assert "4 entries written before the seal key existed are covered by the hash chain only." in (
        details
    )


def test_stripping_the_macs_does_not_make_the_log_legacy_again(office: AppContext) -> None:
    raw(office, "UPDATE seal_use SET mac = NULL")
    result = verify(office)
    assert (result.reason, result.broken_id, result.expected_seq) == ("unkeyed", 1, 1)


# ---- the anchor --------------------------------------------------------------------------------


def test_the_anchor_catches_truncation_even_with_the_key_removed(office: AppContext) -> None:
    key_path(None).unlink()
    raw(office, "DELETE FROM seal_use WHERE id IN (3, 4)")
    lower_counter(office, by=2)
    result = verify(office)
    assert (result.ok, result.reason, result.expected_seq, result.entries) == (
        False,
        "anchor_missing",
        4,
        2,
    )


def test_the_anchor_catches_a_rewritten_log_even_with_valid_macs(office: AppContext) -> None:
    """Someone with the database and the key rebuilds the log with other content: every hash,
    MAC and count agrees, only the anchor remembers what was there."""
    key = the_key()
    previous = "0" * 64
    for row in rows(office):
        fake = SimpleNamespace(**{name: getattr(row, name) for name in ENTRY_FIELDS})
        fake.copies = row.copies + 10
        digest = entry_hash(previous, fake)
        raw(
            office,
            "UPDATE seal_use SET copies = :c, prev_hash = :p, hash = :h, mac = :m WHERE id = :id",
            c=fake.copies,
            p=previous,
            h=digest,
            m=mac_of(key, digest),
            id=row.id,
        )
        previous = digest
    result = verify(office)
    assert (result.reason, result.broken_id, result.broken_seq) == ("anchor_mismatch", 4, 4)
    assert "not the entry this machine saw" in chain_message(result)


def test_an_older_backup_put_back_is_caught(office: AppContext, tmp_path: Path) -> None:
    """Uses recorded after a backup was taken are gone once the backup is restored."""
    if office.store.is_sqlite:
        office.close()
        backup = tmp_path / "backup.db"
        database = Path(office.store.path) if office.store.path else None
        assert database is not None
        backup.write_bytes(database.read_bytes())
        use(office, "备份之后")
        office.close()
        os.replace(backup, database)
    else:  # the same effect on the server: the newest entry and its count are gone
        use(office, "备份之后")
        raw(office, "DELETE FROM seal_use WHERE id = 5")
        lower_counter(office)
    result = verify(office)
    assert (result.ok, result.reason, result.expected_seq) == (False, "anchor_missing", 5)


def test_an_anchor_behind_the_head_is_fine_and_verify_moves_it(office: AppContext) -> None:
    """Another machine on the same server appended: this one's anchor lags, which is no break."""
    path = anchor_path(office.url)
    second = rows(office)[1]
    path.write_text(json.dumps({"seq": 2, "hash": second.hash}), encoding="utf-8")
    result = verify(office)
    assert (result.ok, result.anchor_state, result.anchor_seq) == (True, "moved", 4)
    assert read_anchor(office.url).anchor.seq == 4
    assert f"This machine's anchor moved to the head ({path})." in chain_details(result)


def test_an_anchor_that_names_another_hash_is_a_break(office: AppContext) -> None:
    path = anchor_path(office.url)
    path.write_text(json.dumps({"seq": 2, "hash": "ab" * 32}), encoding="utf-8")
    result = verify(office)
    assert (result.ok, result.reason, result.broken_id) == (False, "anchor_mismatch", 2)


def test_verify_writes_the_anchor_atomically_0600(office: AppContext) -> None:
    path = anchor_path(office.url)
    path.unlink()
    result = verify(office)
    assert (result.ok, result.anchor_state) == (True, "created")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["seq"], data["hash"], data["first_mac_seq"]) == (4, rows(office)[-1].hash, 1)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    assert f"Head: no. 4  {rows(office)[-1].hash}" in chain_details(result)


def test_an_unreadable_anchor_is_reported_and_replaced_by_an_intact_verify(
    office: AppContext,
) -> None:
    path = anchor_path(office.url)
    path.write_text("{not json", encoding="utf-8")
    recorded = use(office)
    assert "seal.anchor_unreadable" in recorded.notices
    assert path.read_text(encoding="utf-8") == "{not json"  # an append leaves it to verify
    result = verify(office)
    assert result.ok and "seal.anchor_unreadable" in [n.key for n in result.notices]
    assert read_anchor(office.url).anchor.seq == 5


def test_the_anchor_is_written_after_commit_never_for_a_rolled_back_use(
    office: AppContext,
) -> None:
    before = read_anchor(office.url).anchor
    with pytest.raises(RuntimeError), office.write("seal.use") as session:
        seals.use_seal(session, 1, {"requester": "李娜", "doc_title": "撤销", "approver": "甲"})
        assert appended_head(session) is not None
        raise RuntimeError("the transaction fails after the append")
    assert appended_head(session) is None
    assert read_anchor(office.url).anchor == before
    assert verify(office).ok
    letter = None
    with office.write("seal.letter") as session:
        letter = seal_letters.issue_letter(
            session,
            {
                "to_unit": "市市场监督管理局",
                "bearers": "李娜",
                "purpose": "办理变更",
                "requester": "李娜",
                "approver": "总经理",
            },
        )
        assert read_anchor(office.url).anchor == before  # not before the commit
    assert letter is not None
    assert read_anchor(office.url).anchor.seq == 5


def test_the_database_identity_hides_the_password_and_resolves_sqlite_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        database_identity("postgresql+psycopg://office:s3cret@db.example:5432/office")
        == "postgresql://office:***@db.example:5432/office"
    )
    assert "s3cret" not in str(anchor_path("postgresql://office:s3cret@db/office"))
    monkeypatch.chdir(tmp_path)
    assert database_identity("sqlite:///office.db") == f"sqlite:///{tmp_path / 'office.db'}"
    assert database_identity("sqlite://") is None and anchor_path("") is None
