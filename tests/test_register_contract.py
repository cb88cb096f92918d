"""The register contract: every register in officedesk.registry has every piece a register needs.

Parametrised over the registry, so a register that forgets one fails here by its name: it is
searchable (a write shows in search), resolvable by `history` and by the palette's "go to
record", has a CLI noun with `list --json` and `show`, a tab on its function's screen, demo rows,
both languages' keys, and the columns the export writes.
"""

import importlib
import os
import shutil
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select, text

from conftest import DemoOffice
from officedesk.i18n import LANGUAGES, area_messages, catalogue
from officedesk.registry import (
    AGENDA_SECTIONS,
    BY_NAME,
    KIND_SCREENS,
    NEW_RECORDS,
    RECORD_TABS,
    REGISTERS,
    SCREENS,
    SEARCH_KINDS,
    RegisterSpec,
)

NAMES = [spec.name for spec in REGISTERS]
# Every kind search finds: each register's own, and its other tables' (the seal register's
# usage log and letters), as (kind, its table, its register).
SEARCHABLE = {
    kind: (table, spec)
    for spec in REGISTERS
    for kind, table in ((spec.name, spec.table), *((f.kind, f.table) for f in spec.searches))
}


def _attr(target: str) -> Any:
    module, _, attribute = target.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


def _table(spec: RegisterSpec) -> Any:
    from officedesk.models import SearchDoc, load_all

    load_all()
    return SearchDoc.metadata.tables[spec.table]


@pytest.fixture(scope="module")
def contract_url(demo_file: DemoOffice, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The run's demo office (SQLite, conftest.demo_file), copied once for this module: the
    checks below only read it, or write inside a transaction they roll back. The contract is
    the code's shape, not a backend's."""
    path = tmp_path_factory.mktemp("contract") / "demo.db"
    shutil.copyfile(demo_file.source, path)
    os.chmod(path, 0o600)
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def contract_ctx(contract_url: str) -> Iterator[Any]:
    from officedesk.config import Settings
    from officedesk.context import build_context

    ctx = build_context(db=contract_url.removeprefix("sqlite:///"), lang="en", settings=Settings())
    yield ctx
    ctx.close()


def _first_row(session: Any, table: Any) -> Any:
    row = session.execute(select(table).order_by(table.c.id).limit(1)).first()
    assert row is not None, f"{table.name}: no rows in the demo office"
    return row


# ---- the registry itself ----------------------------------------------------------------------


def test_registry_names_are_unique_and_screens_known() -> None:
    assert len(set(NAMES)) == len(NAMES)
    assert tuple(SEARCHABLE) == SEARCH_KINDS and len(SEARCH_KINDS) == len(set(SEARCH_KINDS))
    for spec in REGISTERS:
        assert spec.screen in SCREENS, spec.name
    for kind in SEARCH_KINDS:
        assert len(kind) <= 10, f"{kind}: search_doc.kind holds 10 characters"
        assert kind in RECORD_TABS and kind in KIND_SCREENS, kind
    tabs = [tab.id for spec in REGISTERS for tab in spec.tabs]
    assert len(set(tabs)) == len(tabs)


def test_registry_costs_no_imports() -> None:
    """Strings, not imports: loading the registry loads no register."""
    import subprocess
    import sys

    code = (
        "import sys, officedesk.registry; "
        "print(','.join(m for m in sys.modules if m.startswith('officedesk.') "
        "and m not in ('officedesk.registry', 'officedesk.register_spec')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", out


# ---- each register ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_modules_exist(name: str) -> None:
    spec = BY_NAME[name]
    importlib.import_module(spec.model)
    assert spec.table in _table(spec).metadata.tables
    for noun in spec.nouns:
        _attr(noun.target)
    for resolver in spec.resolvers:
        assert callable(_attr(resolver.target)), resolver.target
    if spec.today:
        assert callable(importlib.import_module(spec.today).today_lines)
    if spec.demo:
        assert callable(importlib.import_module(spec.demo).fill_demo)
    for _figure, model in spec.counts:
        _attr(model)


@pytest.mark.parametrize("name", NAMES)
def test_tab_on_its_screen(name: str) -> None:
    """Its tabs are on its function screen, and the tab opening a record can show one (the
    palette's "go to record", search and Today all open records there)."""
    spec = BY_NAME[name]
    assert spec.tabs, f"{name}: no tab"
    screen_module = importlib.import_module(f"officedesk.screens.{spec.screen}")
    screen = next(
        value
        for value in vars(screen_module).values()
        if isinstance(value, type) and getattr(value, "NAME", None) == spec.screen
    )
    ids = [tab_id for tab_id, _label, _pane in screen.TABS]
    for tab in spec.tabs:
        assert tab.id in ids, f"{name}: {tab.id} not on the {spec.screen} screen"
        pane = _attr(tab.pane)
        assert isinstance(pane, type), tab.pane
    assert RECORD_TABS[name] in ids
    opener = _attr(next(tab.pane for tab in spec.tabs if tab.id == spec.record_tab))
    assert any(hasattr(opener, method) for method in ("show_record", "show_by_id", "show_task"))
    for kind, tab_id in spec.new_records:
        assert NEW_RECORDS[kind] == (spec.screen, tab_id)
        form_pane = _attr(next(tab.pane for tab in spec.tabs if tab.id == tab_id))
        assert hasattr(form_pane, "action_new"), f"{name}: {tab_id} makes no new record"


@pytest.mark.parametrize("name", NAMES)
def test_both_languages_have_its_keys(name: str) -> None:
    spec = BY_NAME[name]
    keys = [
        f"kind_short.{name}",
        f"entity.{name}",
        *(noun.help for noun in spec.nouns),
        *(tab.label for tab in spec.tabs),
        *(f"today.agenda.{section.name}" for section in spec.sections),
        *(
            key
            for kind, _tab in spec.new_records
            for key in (f"cmd.new_{kind}", f"cmd.new_{kind}.help")
        ),
        *(f"entity.{resolver.entity}" for resolver in spec.resolvers),
    ]
    for lang in LANGUAGES:
        messages = catalogue(lang)
        missing = [key for key in keys if key not in messages]
        assert not missing, f"{name} ({lang}): {missing}"
        if spec.area:
            assert area_messages(lang, spec.area), f"{name}: i18n/{lang}/{spec.area}.py is empty"
    for section in spec.sections:
        assert section.name in AGENDA_SECTIONS


@pytest.mark.parametrize("name", NAMES)
def test_export_columns(name: str, demo_cli: Any) -> None:
    """The columns the export writes: keys of `list --json`, labels in both languages."""
    spec = BY_NAME[name]
    columns = _attr(spec.export)
    assert columns, f"{name}: no export columns"
    result = demo_cli(*_list_argv(spec), "--json")
    assert result.exit_code == 0, result.stderr
    items = _items(result.json())
    assert items, f"{name}: `{' '.join(_list_argv(spec))} --json` lists nothing in the demo"
    missing = [column.key for column in columns if column.key not in items[0]]
    assert not missing, f"{name}: export columns not in list --json: {missing}"
    for lang in LANGUAGES:
        messages = catalogue(lang)
        unworded = [column.label for column in columns if column.label not in messages]
        assert not unworded, f"{name} ({lang}): {unworded}"


def _list_argv(spec: RegisterSpec) -> tuple[str, ...]:
    return spec.list_argv or (spec.nouns[0].name, "list")


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        for key in ("items", "rows", "records", "results"):
            if isinstance(data.get(key), list):
                return data[key]
        raise AssertionError(f"list --json gave an object without a list: {list(data)}")
    return data


@pytest.fixture
def demo_cli(contract_url: str, monkeypatch: pytest.MonkeyPatch, cli: Any) -> Any:
    monkeypatch.setenv("OFFICEDESK_DATABASE_URL", contract_url)
    return cli


@pytest.mark.parametrize("name", NAMES)
def test_cli_list_and_show(name: str, demo_cli: Any, contract_ctx: Any) -> None:
    spec = BY_NAME[name]
    listed = demo_cli(*_list_argv(spec), "--json")
    assert listed.exit_code == 0, listed.stderr
    items = _items(listed.json())
    assert items, name
    noun = spec.nouns[0].name
    show = spec.show_argv or (noun, "show")
    with contract_ctx.read() as session:
        row = _first_row(session, _table(spec))
        references = _references(row, spec.resolvers[0])
    errors = []
    for reference in references:  # its code or name, else its id
        shown = demo_cli(*show, reference, "--json")
        if shown.exit_code == 0:
            assert shown.json(), name
            return
        errors.append(f"`{' '.join(show)} {reference}`: {shown.stderr.strip()}")
    pytest.fail(f"{name}: " + "; ".join(errors))


def _references(row: Any, resolver: Any) -> list[str]:
    """The ways a user names the row: by what the register calls it (a code, a name), by id."""
    from officedesk.services.record_refs import _name

    named = _name(row, resolver.names) if resolver.names != "#id" else ""
    return [ref for ref in (named, f"#{row.id}", str(row.id)) if ref]


@pytest.mark.parametrize("name", NAMES)
def test_demo_rows(name: str, contract_ctx: Any) -> None:
    spec = BY_NAME[name]
    with contract_ctx.read() as session:
        count = session.execute(select(func.count()).select_from(_table(spec))).scalar_one()
        assert count > 0, f"{name}: the demo office has no {spec.table} rows"
        for _figure, target in spec.counts:
            model = _attr(target)
            assert session.execute(select(func.count()).select_from(model)).scalar_one() > 0


@pytest.mark.parametrize("name", NAMES)
def test_history_resolves_each_reference_kind(name: str, contract_ctx: Any) -> None:
    """`officedesk history <prefix>:<ref>` finds a record of every kind the register resolves."""
    from officedesk.models import SearchDoc
    from officedesk.services.record_refs import find_record

    spec = BY_NAME[name]
    with contract_ctx.read() as session:
        for resolver in spec.resolvers:
            table = SearchDoc.metadata.tables[resolver.entity]
            row = _first_row(session, table)
            for reference in _references(row, resolver):
                try:
                    found = find_record(session, f"{resolver.prefixes[0]}:{reference}")
                except Exception:  # noqa: BLE001 - an ambiguous name: the id must do
                    continue
                assert (found.entity, found.entity_id) == (resolver.entity, str(row.id))
                break
            else:
                pytest.fail(f"{name}: {resolver.kind} #{row.id} not resolved by history")


@pytest.mark.parametrize("name", list(SEARCHABLE))
def test_a_write_shows_in_search(name: str, contract_ctx: Any) -> None:
    """Change one of the fields its search document is built from: search finds the record by
    the new word at once (in the same transaction, which is then rolled back)."""
    from officedesk.search_index import all_sources
    from officedesk.services.search import search

    table, spec = SEARCHABLE[name]
    source = all_sources()[table]
    assert source.kind == name
    word = "契约" + uuid.uuid4().hex[:6]
    model = _model_of(spec, table)
    with contract_ctx.write("contract") as session:
        row = session.execute(select(model).order_by(model.id).limit(1)).scalar_one()
        tried = []
        for attribute in sorted(source.watched):
            if not isinstance(getattr(row, attribute, None), str):
                continue
            tried.append(attribute)
            savepoint = session.begin_nested()
            try:
                setattr(row, attribute, word)
                session.flush()
            except Exception:  # noqa: BLE001 - a constrained column: try the next one
                savepoint.rollback()
                continue
            hits = search(session, word, limit=5)
            if any(hit.kind == name and hit.ref_id == row.id for hit in hits):
                session.rollback()
                return
            savepoint.rollback()
        session.rollback()
    pytest.fail(f"{name}: no write to {tried} showed in search")


def _model_of(spec: RegisterSpec, table: str) -> Any:
    module = importlib.import_module(spec.model)
    for value in vars(module).values():
        if getattr(value, "__tablename__", None) == table:
            return value
    raise AssertionError(f"{spec.model} holds no model of {table}")


def test_search_kinds_are_checked_by_the_application(contract_ctx: Any) -> None:
    """No CHECK in the database any more (0010_registry); the index refuses unknown kinds."""
    import types

    from officedesk import search_index

    fake = types.SimpleNamespace(
        __name__="officedesk.models.fake",
        SEARCH_KIND="fake",
        SEARCH_WATCHED=("name",),
        SEARCH_DEPT_ATTR=None,
        search_fields=lambda row: {},
    )
    importlib.import_module("sys").modules["officedesk.models.fake"] = fake
    try:
        search_index.REGISTER_TABLES["fake"] = "officedesk.models.fake"
        with pytest.raises(ValueError, match="not registered"):
            search_index._register_source("fake")
    finally:
        search_index.REGISTER_TABLES.pop("fake", None)
        importlib.import_module("sys").modules.pop("officedesk.models.fake", None)
    with contract_ctx.read() as session:
        kinds = {row[0] for row in session.execute(text("SELECT DISTINCT kind FROM search_doc"))}
    assert kinds <= set(SEARCH_KINDS)


# A hit shown through another record: a letter as the usage log entry that issued it.
SHOWN_AS = {"letter": "use_id"}


@pytest.mark.pilot
@pytest.mark.parametrize("name", list(SEARCHABLE))
async def test_go_to_record_opens_it_on_its_tab(name: str, contract_ctx: Any) -> None:
    """The palette's "go to record" (also search's and Today's): the register's screen, its
    record tab, and the record's detail shown."""
    from textual.widgets import TabbedContent

    from officedesk.app import OfficeDeskApp
    from tui_helpers import settle, wait_until

    table, spec = SEARCHABLE[name]
    with contract_ctx.read() as session:
        row = _first_row(session, _table(spec).metadata.tables[table])
    wanted = getattr(row, SHOWN_AS.get(name, "id"))
    app = OfficeDeskApp(contract_ctx, screen="today")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.open_record(name, row.id, getattr(row, "code", None))
        await settle(pilot)
        assert app.current_mode == spec.screen == KIND_SCREENS[name], name
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == RECORD_TABS[name], name
        pane = app.screen.query_one(f"#{RECORD_TABS[name]}").children[0]

        def shown() -> bool:
            detail = getattr(pane, "detail", None)
            return detail is not None and getattr(detail, "id", None) == wanted

        await wait_until(pilot, shown)


@pytest.mark.parametrize("name", NAMES)
def test_register_exports(name: str, contract_ctx: Any, tmp_path: Any) -> None:
    """Its registry entry's export tables (RegisterSpec.rows): the first is the register's own,
    and the export writes its demo records with every key of its list columns."""
    import json

    from officedesk.export.registers import datasets
    from officedesk.export.run import run_export

    spec = BY_NAME[name]
    tables = datasets(spec)
    assert tables and tables[0].name == name, f"{name}: its own table is not exported first"
    done = run_export(contract_ctx, tmp_path, formats=["jsonl"], registers=[name])
    for table in tables:
        assert done.rows[table.name] + done.secret_left_out.get(table.name, 0) > 0, table.name
    first = json.loads((tmp_path / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()[0])
    missing = [column.key for column in _attr(spec.export) if column.key not in first]
    assert not missing, f"{name}: export columns not in the export: {missing}"
