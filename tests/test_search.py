"""Global search: the index kept in step by the flush listener, ranking, query safety, the
migration's backfill, rebuild, the CLI, and the query plans (an index, never a scan)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, create_engine, func, select, text

from conftest import BACKEND, OPERATOR, TODAY
from officedesk.context import AppContext
from officedesk.errors import InvalidInput
from officedesk.models import JournalEntry, Person, SearchDoc
from officedesk.search_index import INDEX_OFF, index_tokens, rebuild_search_index, spaced
from officedesk.services.directory import create_department, create_person, update_department
from officedesk.services.directory import update_person as edit_person
from officedesk.services.history import undo_last
from officedesk.services.search import (
    CODE_PREFIX,
    EXACT_CODE,
    EXACT_NAME,
    MAX_QUERY_CHARS,
    PREFIX,
    SearchHit,
    normalise_query,
    search,
)
from officedesk.services.task import create_task, update_task
from officedesk.views.search import subtitle

sqlite_only = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite FTS5 specifics")

CONTRACT = "妥善处置与宏达物流的合同纠纷"
APART = "合作共同推进园区绿化"  # 合 and 同 both present, never next to each other


# ---- helpers -------------------------------------------------------------------------------


def find(ctx: AppContext, query: str, **options: Any) -> list[SearchHit]:
    with ctx.read() as session:
        return search(session, query, **options)


def titles(ctx: AppContext, query: str, **options: Any) -> list[str]:
    return [hit.title for hit in find(ctx, query, **options)]


def add_task(ctx: AppContext, title: str, **fields: Any) -> Any:
    with ctx.write("task.add") as session:
        return create_task(session, {"title": title, **fields})


def seed(ctx: AppContext) -> None:
    with ctx.write("setup") as session:
        create_department(session, {"name": "人力资源部", "code": "RLZYB"})
        create_department(session, {"name": "办公室", "code": "BGS", "note": "综合协调"})
        create_person(
            session,
            {"name": "张三", "dept": "BGS", "title": "主任", "email": "zhangsan@example.cn"},
        )
        create_person(session, {"name": "李四", "dept": "RLZYB", "phone": "0571-81234567"})


def documents(url: str) -> set[tuple[Any, ...]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT kind, ref_id, code, title, context, tag, spaced, pinyin, initials"
                " FROM search_doc"
            )
        ).all()
    engine.dispose()
    return {tuple(row) for row in rows}


# ---- the tokenizer -------------------------------------------------------------------------


def test_spaced_form_splits_cjk_and_keeps_words() -> None:
    assert index_tokens("OA系统上线 DB-2026-0042") == [
        "oa",
        "系",
        "统",
        "上",
        "线",
        "db",
        "2026",
        "0042",
    ]
    assert spaced("ＯＡ，合同。", None, "zhang_san@x.cn") == "oa 合 同 zhang san x cn"
    assert index_tokens('"*AND NEAR(- ^:') == ["and", "near"]


# ---- Chinese terms -------------------------------------------------------------------------


def test_two_characters_find_adjacent_characters_only(ctx: AppContext) -> None:
    add_task(ctx, CONTRACT)
    add_task(ctx, APART)
    assert titles(ctx, "合同") == [CONTRACT]
    assert titles(ctx, "同合") == []


def test_single_character(ctx: AppContext) -> None:
    add_task(ctx, CONTRACT)
    add_task(ctx, APART)
    assert titles(ctx, "纠") == [CONTRACT]
    assert sorted(titles(ctx, "同")) == sorted([CONTRACT, APART])


def test_three_and_four_characters(ctx: AppContext) -> None:
    add_task(ctx, CONTRACT)
    add_task(ctx, "宏达公司年度审计")
    assert titles(ctx, "合同纠") == [CONTRACT]
    assert titles(ctx, "宏达物流") == [CONTRACT]
    assert titles(ctx, "物流合同") == []


def test_several_terms_must_all_match(ctx: AppContext) -> None:
    add_task(ctx, CONTRACT)
    add_task(ctx, "宏达公司年度审计")
    assert titles(ctx, "宏达 纠纷") == [CONTRACT]
    assert sorted(titles(ctx, "宏达")) == sorted([CONTRACT, "宏达公司年度审计"])


def test_ascii_mixed_and_full_width(ctx: AppContext) -> None:
    add_task(ctx, "OA 系统上线")
    add_task(ctx, "Network upgrade for the 档案室", source_ref="IT-7")
    assert titles(ctx, "oa") == ["OA 系统上线"]
    assert titles(ctx, "OA系统") == ["OA 系统上线"]
    assert titles(ctx, "ＯＡ") == ["OA 系统上线"]
    assert titles(ctx, "netw") == ["Network upgrade for the 档案室"]
    assert titles(ctx, "upgrade 档案") == ["Network upgrade for the 档案室"]
    assert titles(ctx, "it-7") == ["Network upgrade for the 档案室"]


def test_source_reference_and_category_are_searchable(ctx: AppContext) -> None:
    add_task(
        ctx, "办理国资委通知", source="incoming", source_ref="国资发〔2026〕12号", category="安全"
    )
    assert titles(ctx, "国资发") == ["办理国资委通知"]
    assert titles(ctx, "12号") == ["办理国资委通知"]
    assert titles(ctx, "安全") == ["办理国资委通知"]


# ---- codes, pinyin, initials ---------------------------------------------------------------


def test_code_whole_and_prefix(ctx: AppContext) -> None:
    first = add_task(ctx, "第一项")
    second = add_task(ctx, "第二项")
    add_task(ctx, "第三项")
    hits = find(ctx, second.code)
    assert (hits[0].code, hits[0].score) == (second.code, EXACT_CODE)
    assert find(ctx, second.code.lower())[0].code == second.code
    prefix = find(ctx, "DB-2026-000")
    # Newest first (issue 10, point 10: recent records rank above older ones).
    assert [h.code for h in prefix] == ["DB-2026-0003", "DB-2026-0002", "DB-2026-0001"]
    assert {h.score for h in prefix} == {CODE_PREFIX}
    assert find(ctx, "db-2026")[-1].code == first.code


def test_department_by_code_pinyin_and_initials(ctx: AppContext) -> None:
    seed(ctx)
    for query in ("rlzyb", "RLZYB", "renliziyuanbu", "renli", "人力"):
        hits = find(ctx, query)
        assert (hits[0].kind, hits[0].title) == ("department", "人力资源部"), query
    assert find(ctx, "bgs")[0].score == EXACT_CODE


def test_person_by_initials_pinyin_contact_details(ctx: AppContext) -> None:
    seed(ctx)
    for query in ("zs", "zhangsan", "zhang", "张三", "张"):
        hits = find(ctx, query)
        assert (hits[0].kind, hits[0].title) == ("person", "张三"), query
    assert find(ctx, "zs")[0].score == EXACT_NAME
    assert find(ctx, "zhang")[0].score == PREFIX
    assert titles(ctx, "81234567") == ["李四"]
    assert titles(ctx, "0571-8123") == ["李四"]
    assert titles(ctx, "example") == ["张三"]


def test_subtitles_say_where_a_record_belongs(ctx: AppContext) -> None:
    seed(ctx)
    add_task(ctx, CONTRACT, dept="BGS")
    by_kind = {hit.kind: subtitle(hit) for hit in find(ctx, "办公室")}
    assert by_kind["department"] == "internal"
    assert subtitle(find(ctx, "张三")[0]) == "办公室 · 主任"
    assert subtitle(find(ctx, "合同")[0]) == "办公室 · assigned"


# ---- ranking -------------------------------------------------------------------------------


def test_exact_code_ranks_first(ctx: AppContext) -> None:
    target = add_task(ctx, "整改落实")
    add_task(ctx, f"跟进 {target.code} 的整改情况")
    hits = find(ctx, target.code)
    assert [h.title for h in hits] == ["整改落实", f"跟进 {target.code} 的整改情况"]
    assert hits[0].score > hits[1].score


def test_name_matches_rank_before_text_matches(ctx: AppContext) -> None:
    with ctx.write("setup") as session:
        create_department(session, {"name": "合同管理科", "code": "HTGLK"})
    add_task(ctx, "配合合同管理科梳理合同台账")
    add_task(ctx, CONTRACT)
    hits = find(ctx, "合同管理科")
    assert (hits[0].kind, hits[0].score) == ("department", EXACT_NAME)
    assert [h.title for h in hits] == ["合同管理科", "配合合同管理科梳理合同台账"]
    prefix_first = find(ctx, "合同")
    assert (prefix_first[0].title, prefix_first[0].score) == ("合同管理科", PREFIX)
    assert all(h.score < 1 for h in prefix_first[1:])
    assert {h.title for h in prefix_first[1:]} == {"配合合同管理科梳理合同台账", CONTRACT}


def test_ties_go_by_kind_then_title(ctx: AppContext) -> None:
    with ctx.write("setup") as session:
        create_department(session, {"name": "王五"})
        create_person(session, {"name": "王五"})
    add_task(ctx, "王五")
    hits = find(ctx, "王五")
    assert [(h.kind, h.score) for h in hits] == [
        ("department", EXACT_NAME),
        ("person", EXACT_NAME),
        ("task", EXACT_NAME),
    ]


def close_task(ctx: AppContext, code: str) -> None:
    from officedesk.services.task import complete_task

    with ctx.write("task.done") as session:
        complete_task(session, code)


def test_open_and_recent_records_rank_above_closed_ones(ctx: AppContext) -> None:
    """Issue 10, point 10: within a tier, open before closed, then the newest first."""
    old_open = add_task(ctx, "整改消防通道堵塞问题")
    closed = add_task(ctx, "整改消防通道标识")
    new_open = add_task(ctx, "整改消防通道照明")
    close_task(ctx, closed.code)
    # The prefix tier (by title) and the text tier, the closed one newer than old_open.
    for query in ("整改消防", "消防通道"):
        assert [h.code for h in find(ctx, query)] == [new_open.code, old_open.code, closed.code]
    # The code-prefix tier: newest code first, open ones before closed.
    assert [h.code for h in find(ctx, "DB-2026")] == [new_open.code, old_open.code, closed.code]
    # A better tier still wins: the closed record's exact code comes first.
    assert find(ctx, closed.code)[0].code == closed.code


def test_an_open_record_is_not_left_out_for_closed_ones_that_sort_first(
    ctx: AppContext,
) -> None:
    """A page of 3 from a tier holding 6: the open one, last in the index's order, is read."""
    codes = [add_task(ctx, f"安全检查{n}").code for n in range(6)]
    for code in codes[:-1]:
        close_task(ctx, code)
    assert find(ctx, "安全检查", limit=3)[0].code == codes[-1]


def test_limit_and_kinds(ctx: AppContext) -> None:
    seed(ctx)
    for n in range(5):
        add_task(ctx, f"办公室合同事项 {n}")
    assert len(find(ctx, "办公室", limit=3)) == 3
    assert {h.kind for h in find(ctx, "办公室", kinds=["task"])} == {"task"}
    assert {h.kind for h in find(ctx, "办公室", kinds=["dept"])} == {"department"}
    with pytest.raises(InvalidInput):
        find(ctx, "办公室", kinds=["no-such-kind"])
    with pytest.raises(InvalidInput):
        find(ctx, "办公室", limit=0)


# ---- query safety --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"合同',
        '合同"',
        "*",
        "合同*",
        "AND",
        "合同 AND",
        "OR NOT",
        "NEAR(",
        "NEAR(合同 纠纷, 2)",
        "-",
        "合同 -纠纷",
        "^合同",
        "spaced:合同",
        "(",
        ")",
        "{x}",
        "'",
        "\\",
        "%",
        "_",
        ":*",
        "&|!<->",
        "'); DROP TABLE search_doc; --",
        "\x00\x1b[31m",
    ],
)
def test_query_syntax_is_never_interpreted(ctx: AppContext, query: str) -> None:
    add_task(ctx, CONTRACT)
    hits = find(ctx, query)
    if query in ('"合同', '合同"', "合同*", "^合同", "合同 -纠纷"):  # what is left is words
        assert [h.title for h in hits] == [CONTRACT]
    with ctx.read() as session:
        assert session.execute(text("SELECT count(*) FROM search_doc")).scalar_one() == 1


def test_blank_and_long_queries(ctx: AppContext) -> None:
    add_task(ctx, CONTRACT)
    assert find(ctx, "") == [] and find(ctx, " \t\n ") == []
    long_query = "合同" + "x" * 10_000
    assert len(normalise_query(long_query)) == MAX_QUERY_CHARS
    assert find(ctx, long_query) == []
    assert titles(ctx, "合同" + " " * 500 + "纠纷") == [CONTRACT]


# ---- keeping in step -----------------------------------------------------------------------


def test_editing_a_title_moves_it_in_the_index(ctx: AppContext) -> None:
    task = add_task(ctx, CONTRACT)
    with ctx.write("task.edit") as session:
        update_task(session, task.code, {"title": "筹备年度工作会议"})
    assert titles(ctx, "合同") == []
    assert titles(ctx, "会议") == ["筹备年度工作会议"]


def test_state_change_updates_the_subtitle(ctx: AppContext) -> None:
    from officedesk.services.task import start_task

    task = add_task(ctx, CONTRACT)
    with ctx.write("task.start") as session:
        start_task(session, task.code)
    assert subtitle(find(ctx, "合同")[0]) == "in progress"


def test_undo_keeps_the_index_right(ctx: AppContext) -> None:
    task = add_task(ctx, CONTRACT)
    with ctx.write("task.edit") as session:
        update_task(session, task.code, {"title": "筹备年度工作会议"})
    with ctx.write("undo") as session:
        undo_last(session)
    assert titles(ctx, "合同") == [CONTRACT]
    assert titles(ctx, "会议") == []
    with ctx.write("undo") as session:
        undo_last(session)
    assert titles(ctx, "合同") == []
    with ctx.read() as session:
        assert session.execute(text("SELECT count(*) FROM search_doc")).scalar_one() == 0


def test_deleting_a_record_deletes_its_document(ctx: AppContext) -> None:
    seed(ctx)
    with ctx.write("probe") as session:
        person = session.get(Person, find(ctx, "李四")[0].ref_id)
        session.delete(person)
    assert titles(ctx, "李四") == []
    assert titles(ctx, "lisi") == []


def test_renaming_a_department_updates_its_people_and_items(ctx: AppContext) -> None:
    seed(ctx)
    add_task(ctx, CONTRACT, dept="BGS")
    with ctx.write("dept.edit") as session:
        update_department(session, "BGS", {"name": "综合办公室"})
    assert subtitle(find(ctx, "张三")[0]) == "综合办公室 · 主任"
    assert subtitle(find(ctx, "合同")[0]) == "综合办公室 · assigned"
    assert titles(ctx, "综合办公室") == ["综合办公室"]
    with ctx.write("undo") as session:
        undo_last(session)
    assert subtitle(find(ctx, "张三")[0]) == "办公室 · 主任"


def test_moving_a_person_updates_the_subtitle(ctx: AppContext) -> None:
    seed(ctx)
    with ctx.write("contact.edit") as session:
        edit_person(session, "张三", {"dept": "RLZYB", "title": "副主任"})
    assert subtitle(find(ctx, "张三")[0]) == "人力资源部 · 副主任"


def test_documents_are_not_journaled(ctx: AppContext) -> None:
    seed(ctx)
    add_task(ctx, CONTRACT)
    with ctx.read() as session:
        entities = set(session.execute(select(JournalEntry.entity)).scalars())
        assert {"department", "person", "task"} <= entities
        assert "search_doc" not in entities
        assert session.execute(select(func.count()).select_from(SearchDoc)).scalar_one() == 5


def test_a_failed_transaction_leaves_no_document(ctx: AppContext) -> None:
    with pytest.raises(RuntimeError), ctx.write("task.add") as session:
        create_task(session, {"title": CONTRACT})
        raise RuntimeError("boom")
    assert titles(ctx, "合同") == []


# ---- rebuild -------------------------------------------------------------------------------


def test_rebuild_indexes_rows_written_around_the_listener(ctx: AppContext) -> None:
    with ctx.write("bulk") as session:
        session.info[INDEX_OFF] = True
        create_department(session, {"name": "人力资源部", "code": "RLZYB"})
        create_task(session, {"title": CONTRACT, "dept": "RLZYB"})
    assert titles(ctx, "合同") == [] and titles(ctx, "rlzyb") == []
    with ctx.write("search.rebuild") as session:
        assert rebuild_search_index(session) == 2
    assert titles(ctx, "合同") == [CONTRACT]
    assert find(ctx, "rlzyb")[0].title == "人力资源部"
    assert subtitle(find(ctx, "合同")[0]) == "人力资源部 · assigned"
    with ctx.write("search.rebuild") as session:  # idempotent
        assert rebuild_search_index(session) == 2
    assert titles(ctx, "合同") == [CONTRACT]


@sqlite_only
def test_fts_index_agrees_with_documents_after_changes(ctx: AppContext) -> None:
    """FTS5's own integrity check against its content table (search_doc)."""
    seed(ctx)
    task = add_task(ctx, CONTRACT, dept="BGS")
    with ctx.write("task.edit") as session:
        update_task(session, task.code, {"title": "筹备会议", "category": "会议"})
    with ctx.write("dept.edit") as session:
        update_department(session, "BGS", {"name": "综合办公室", "note": "新的备注"})
    with ctx.write("undo") as session:
        undo_last(session)
    with ctx.read() as session:
        session.execute(
            text("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        )


@sqlite_only
def test_rebuild_repairs_an_outdated_fts_table(ctx: AppContext) -> None:
    add_task(ctx, CONTRACT)
    with ctx.write("probe") as session:  # an FTS table of another definition, and empty
        session.execute(text("DROP TABLE search_fts"))
        session.execute(text("CREATE VIRTUAL TABLE search_fts USING fts5(spaced)"))
    with ctx.write("search.rebuild") as session:
        rebuild_search_index(session)
    assert titles(ctx, "合同") == [CONTRACT]
    add_task(ctx, "合同续签")
    assert sorted(titles(ctx, "合同")) == sorted([CONTRACT, "合同续签"])


def test_common_terms_rank_the_newest_candidates_and_every_person(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bm25 ranks at most TEXT_CANDIDATES matches (the newest); people and departments are
    ranked apart, so a common word cannot crowd them out."""
    from officedesk.services import search as search_module

    with ctx.write("setup") as session:
        create_person(session, {"name": "王五", "title": "合同专员"})
    for n in range(5):
        add_task(ctx, f"审核合同事项{n}")
    monkeypatch.setattr(search_module, "TEXT_CANDIDATES", 3)
    hits = find(ctx, "合同")
    assert sorted(h.title for h in hits if h.kind == "task") == [
        f"审核合同事项{n}" for n in (2, 3, 4)
    ]
    assert [h.title for h in hits if h.kind == "person"] == ["王五"]
    assert {h.title for h in find(ctx, "合同", kinds=["person"])} == {"王五"}


# ---- query plans ---------------------------------------------------------------------------


def text_plans(ctx: AppContext, query: str, kinds: list[str]) -> list[str]:
    """The plans of the text tier's SQL, exactly as the service sends it."""
    from officedesk.services.search import text_statements

    postgresql = not ctx.store.is_sqlite
    terms = [index_tokens(term) for term in query.split()]
    plans = []
    for stmt, params in text_statements(terms, kinds, 20, postgresql):
        explained = text(("EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN ") + stmt.text)
        if "kinds" in params:
            explained = explained.bindparams(bindparam("kinds", expanding=True))
        with ctx.read() as session:
            if postgresql:  # a handful of rows: make the planner show what it would do at scale
                session.execute(text("SET LOCAL enable_seqscan = off"))
            rows = session.execute(explained, params)
            plans.append("\n".join(str(row[-1]) for row in rows))
    return plans


@pytest.mark.parametrize("kinds", [["department", "person", "task"], ["task"], ["person"]])
def test_text_search_uses_the_index(ctx: AppContext, kinds: list[str]) -> None:
    seed(ctx)
    add_task(ctx, CONTRACT)
    plans = text_plans(ctx, "合同 db", kinds)
    assert len(plans) == (2 if len(kinds) > 1 else 1)
    for plan in plans:
        if ctx.store.is_sqlite:
            assert "VIRTUAL TABLE INDEX" in plan, plan
            assert "SCAN d" not in plan and "SCAN search_doc" not in plan, plan
            assert "USING INTEGER PRIMARY KEY" in plan, plan
        else:
            assert "Seq Scan" not in plan, plan
    if not ctx.store.is_sqlite and "task" in kinds:  # the directory pass may take the kind index
        assert "ix_search_doc_fts" in plans[0], plans[0]


@pytest.mark.parametrize(
    ("query", "columns"),
    [
        ("zs", {"title", "pinyin", "initials", "code"}),
        ("DB-2026-00", {"title", "code"}),
        ("合同", {"title"}),
    ],
)
def test_index_tiers_search_the_index_of_their_column(
    ctx: AppContext, query: str, columns: set[str]
) -> None:
    """Every exact/prefix query searches the index of the column it matches, as SQLAlchemy
    compiles it: on SQLite without ANALYZE (a fresh database has no statistics), on PostgreSQL
    through the text_pattern_ops indexes whatever the database's collation."""
    from officedesk.services.search import _index_tiers

    seed(ctx)
    postgresql = not ctx.store.is_sqlite
    searched = set()
    with ctx.read() as session:
        if postgresql:  # a handful of rows: make the planner show what it would do at scale
            session.execute(text("SET LOCAL enable_seqscan = off"))
        engine = session.get_bind()
        for _score, _by_code, statements in _index_tiers(
            query, ["department", "person", "task"], 20, postgresql
        ):
            for stmt in statements:
                compiled = stmt.compile(engine, compile_kwargs={"literal_binds": True})
                explain = "EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN "
                rows = session.execute(text(explain + str(compiled))).all()
                plan = " ".join(str(row[-1]) for row in rows)
                searched_part = plan.split("Index Cond:" if postgresql else "USING INDEX")[-1]
                column = next(
                    c for c in ("code", "pinyin", "initials", "title") if c in searched_part
                )
                index = (
                    "ix_search_doc_kind_title" if column == "title" else f"ix_search_doc_{column}"
                )
                assert index in plan, plan
                if postgresql:
                    assert "Seq Scan" not in plan, plan
                else:
                    assert f"SEARCH search_doc USING INDEX {index}" in plan, plan
                    assert f"{column}=?" in plan or f"{column}>?" in plan, plan
                searched.add(column)
    assert searched == columns


# ---- migration -----------------------------------------------------------------------------

_OLD_ROWS = (
    "INSERT INTO department (id, name, code, kind, note, pinyin, initials, created_at,"
    " updated_at) VALUES (1, '人力资源部', 'RLZYB', 'internal', '', 'renliziyuanbu', 'rlzyb',"
    " :now, :now)",
    "INSERT INTO person (id, name, dept_id, title, phone, email, pinyin, initials, created_at,"
    " updated_at) VALUES (1, '张三', 1, '主任', '', 'zhangsan@example.cn', 'zhangsan', 'zs',"
    " :now, :now)",
    "INSERT INTO task (id, code, year, seq, title, detail, source, source_ref, category, priority,"
    " dept_id, owner_id, assigned_on, due, original_due, state, is_open, eval_comment,"
    " cancel_reason, created_by, created_at, updated_at) VALUES (1, 'DB-2026-0001', 2026, 1,"
    " :title, '', 'leadership', '政办发〔2026〕3号', '法务', 2, 1, 1, :today, :today, :today,"
    " 'in_progress', TRUE, '', '', 'old', :now, :now)",
)


def test_upgrade_backfills_documents_for_existing_rows(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from officedesk.context import build_context
    from officedesk.db import SCHEMA_HEAD, Store
    from officedesk.migrate import upgrade

    store = Store(empty_db_url)
    upgrade(store, "0001_initial")
    with store.engine.begin() as conn:
        values = {"now": datetime(2026, 11, 1, tzinfo=UTC), "today": TODAY, "title": CONTRACT}
        for statement in _OLD_ROWS:
            conn.execute(text(statement), values)
    backup = upgrade(store)
    assert store.schema_version() == SCHEMA_HEAD
    if store.is_sqlite:
        assert backup is not None and backup.exists()
    store.dispose()

    monkeypatch.setenv("OFFICEDESK_DATABASE_URL", empty_db_url)
    ctx = build_context(lang="en")
    try:
        assert find(ctx, "rlzyb")[0].title == "人力资源部"
        assert subtitle(find(ctx, "zs")[0]) == "人力资源部 · 主任"
        hit = find(ctx, "合同")[0]
        assert (hit.code, subtitle(hit)) == ("DB-2026-0001", "人力资源部 · in progress")
        assert find(ctx, "DB-2026-0001")[0].score == EXACT_CODE
        assert titles(ctx, "政办发") == [CONTRACT]
        backfilled = documents(empty_db_url)
        assert len(backfilled) == 3
        with ctx.write("search.rebuild") as session:
            rebuild_search_index(session)
        assert documents(empty_db_url) == backfilled  # the migration's copy of the rules agrees
        with ctx.write("task.edit") as session:  # backfilled FTS entries can be replaced
            update_task(session, "DB-2026-0001", {"title": "筹备会议"})
        assert titles(ctx, "合同") == [] and titles(ctx, "会议") == ["筹备会议"]
    finally:
        ctx.close()


def test_the_seal_search_migration_indexes_the_existing_log_and_letters(private_ctx: Any) -> None:
    """0014: entries and letters written before it are found after it, with the documents a
    rebuild makes today, and in the text index."""
    from alembic import command

    from officedesk.db import SCHEMA_HEAD
    from officedesk.migrate import alembic_config, upgrade
    from officedesk.services.seal import actions as seals
    from officedesk.services.seal import letters

    ctx = private_ctx
    with ctx.write("seed") as session:
        create_department(session, {"name": "办公室", "code": "BGS"})
        create_person(session, {"name": "李娜", "dept": "BGS"})
        seal = seals.create_seal(session, {"name": "公章", "kind": "official", "approval": "批"})
        seals.step_seal(session, seal.id, "activate", approval="批")
        seals.use_seal(
            session, seal.id, {"requester": "李娜", "doc_title": "采购合同", "approver": "王总"}
        )
        letters.issue_letter(
            session,
            {
                "to_unit": "市税务局",
                "bearers": "李娜",
                "purpose": "办税",
                "requester": "李娜",
                "approver": "王总",
            },
        )
    config = alembic_config(ctx.store.url, lock=ctx.store.lock)
    command.downgrade(config, "0013_marks")
    assert titles(ctx, "采购") == [] and titles(ctx, "JS-2026-0001") == []
    upgrade(ctx.store)
    assert ctx.store.schema_version() == SCHEMA_HEAD
    assert [(h.kind, h.title) for h in find(ctx, "采购")] == [("seal_use", "采购合同")]
    letter = find(ctx, "JS-2026-0001")[0]
    assert (letter.kind, letter.title) == ("letter", "市税务局")
    assert set(titles(ctx, "税务")) == {"市税务局", "JS-2026-0001 市税务局"}  # letter, entry
    url = ctx.store.url
    backfilled = documents(url)
    with ctx.write("search.rebuild") as session:
        rebuild_search_index(session)
    assert documents(url) == backfilled  # the migration's copy of the rules agrees


# ---- CLI -----------------------------------------------------------------------------------


def test_cli_search_json(cli: Any) -> None:
    assert cli("dept", "add", "办公室", "--code", "BGS").exit_code == 0
    assert cli("task", "add", CONTRACT, "--dept", "BGS").exit_code == 0
    result = cli("search", "合同", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json() == [
        {
            "kind": "task",
            "ref_id": 1,
            "code": "DB-2026-0001",
            "title": CONTRACT,
            "subtitle": "办公室 · assigned",
            "score": result.json()[0]["score"],
        }
    ]
    assert cli("search", "bgs", "--kind", "dept", "--json").json()[0]["title"] == "办公室"


def test_cli_human_output_prints_markup_literally(cli: Any) -> None:
    title = "[bold red]合同[/] [link=https://a]y[/] [@click=app.quit]z[/]"
    assert cli("task", "add", title).exit_code == 0
    result = cli("search", "合同", env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.stderr
    assert title in result.stdout
    assert "[@click=app.quit]z[/]" in result.stdout
    assert "\x1b" not in result.stdout
    none = cli("search", "没有这样的记录")
    assert none.exit_code == 0 and "没有这样的记录" in none.stdout


def test_cli_refusals_are_one_line(cli: Any) -> None:
    blank = cli("search")
    assert blank.exit_code == 2 and "Traceback" not in blank.stderr
    wrong = cli("search", "x", "--kind", "no-such-kind")
    assert wrong.exit_code == 1
    assert wrong.stderr.count("\n") == 1 and "Traceback" not in wrong.stderr


def test_cli_rebuild(cli: Any) -> None:
    assert cli("task", "add", CONTRACT).exit_code == 0
    result = cli("search", "--rebuild", "--json")
    assert (result.exit_code, result.json()) == (0, {"documents": 1})
    human = cli("search", "--rebuild", "合同")
    assert human.exit_code == 0 and CONTRACT in human.stdout and "1" in human.stdout


def test_cli_undo_of_an_add_removes_the_document(cli: Any) -> None:
    assert cli("task", "add", CONTRACT).exit_code == 0
    assert len(cli("search", "合同", "--json").json()) == 1
    assert cli("undo").exit_code == 0
    assert cli("search", "合同", "--json").json() == []


@pytest.mark.slow
def test_real_write_path(db_url: str, tmp_path: Path) -> None:
    """`officedesk task add` in a fresh process indexes the item it adds: the listener is
    registered by the store (db.Store.session), not by whoever happened to import search."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OFFICEDESK_")},
        "OFFICEDESK_DATABASE_URL": db_url,
        "OFFICEDESK_TODAY": TODAY.isoformat(),
        "OFFICEDESK_OPERATOR": OPERATOR,
        "OFFICEDESK_LANG": "en",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    probe = "from officedesk.cli.main import run; run(['task', 'add', '合同审核', '--json'])"
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["code"] == "DB-2026-0001"
    assert len(documents(db_url)) == 1
