"""The message catalogues: complete, in step with each other, and covering every key the code uses.

The key scan reads the source (AST), so a new `t("…")`, `label("group", "…")` or `NotFound("…")`
without a catalogue entry fails here; dynamic keys are enumerated from the code's own constants.
"""

import ast
import re
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel

import officedesk
from officedesk import i18n
from officedesk.i18n import AREAS, area_messages, catalogue

SRC = Path(officedesk.__file__).parent
ZH = catalogue("zh")
EN = catalogue("en")
CATALOGUES = {"zh": ZH, "en": EN}
AREA_FILES = {(lang, area): area_messages(lang, area) for lang in CATALOGUES for area in AREAS}

# Calls that name the operation being journaled (its label is op.<name>), and at which argument.
# The position of the operation's name among a call's arguments: the store's write and the
# journal, and the workbench's forms, which run their save as one named operation.
OPERATION_CALLS = {
    "write": 0,
    "start_operation": 1,
    "open_form": 2,
    "open_batch": 2,
    "EditForm": 2,
    "_wrote": 0,  # cli: a register's confirming(...) write
}
# Dynamic label groups and where their values come from (see enumerated_keys).
ENUMERATED_GROUPS = {
    "action",
    "entity",
    "extension",
    "field",
    "journal",
    "kind",
    "kind_short",
    "light",
    "log",
    "nightly_outcome",
    "nightly_step",
    "op",
    "priority",
    "secrecy",
    "source",
    "state",
    "urgency",
}
# f-string keys the code builds, by their literal prefix, each covered by enumerated_keys.
DYNAMIC_PREFIXES = {
    "field.",
    "input.",
    "{what}.",
    # the workbench: screens, palette commands, per-action keys and form titles, sections
    "screen.",
    "cmd.new_",
    "cmd.language.",
    "key.",
    "tui.",
    "tui.today.panel.",
    "tui.today.empty.",
    "tui.today.guide.step",
    "key.today_",
    "tui.assessment.by.",
    "tui.help_group.",
    "today.agenda.",
    "demo.stage.",
    "nightly.trouble.",
    "count.",  # the registry's headline figures (registry.DEMO_COUNTS; tests/test_backup.py)
}
# Dotted string literals that are not message keys although their first word is a key group.
PATH_SUFFIXES = (".db", ".toml", ".log", ".py", ".json", ".bak", ".key")


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


# ---- the source scan ---------------------------------------------------------------------------


def source_files() -> list[Path]:
    """Every module but the catalogues and the migrations (which no user ever reads)."""
    skip = ("i18n", "migrations/versions")
    return sorted(
        p for p in SRC.rglob("*.py") if not p.relative_to(SRC).as_posix().startswith(skip)
    )


@cache
def trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in source_files()}


def call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def domain_error_names() -> set[str]:
    """DomainError and every subclass, including those defined outside errors.py."""
    import officedesk.db
    import officedesk.migrate
    import officedesk.outfiles  # noqa: F401 - defines the --out refusals
    from officedesk.errors import DomainError

    names, todo = set(), [DomainError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def calls() -> Iterator[tuple[Path, ast.Call]]:
    yield from _calls()


@cache
def _calls() -> tuple[tuple[Path, ast.Call], ...]:
    """Every call in the scanned source, walked once per process (the scans below share it)."""
    return tuple(
        (path, node)
        for path, tree in trees().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    )


def const_str(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def keyed_calls() -> Iterator[tuple[Path, ast.Call, str]]:
    """(file, call, name) for t(...) and DomainError(...) calls."""
    errors = domain_error_names()
    for path, node in calls():
        name = call_name(node)
        if node.args and (name == "t" or name in errors):
            yield path, node, name


def literal_keys() -> dict[str, list[tuple[str, int, set[str] | None]]]:
    """key -> [(file, line, keyword names passed, or None when **kwargs hides them)]."""
    found: dict[str, list[tuple[str, int, set[str] | None]]] = {}
    for path, node, _name in keyed_calls():
        key = const_str(node.args[0])
        if key is None:
            continue
        kwargs = {k.arg for k in node.keywords}
        params = None if None in kwargs else {k for k in kwargs if k is not None}
        found.setdefault(key, []).append((path.name, node.lineno, params))
    return found


def dynamic_key_prefixes() -> set[str]:
    """Literal heads of f-string keys: t(f"field.{x}") -> "field.", f"{what}.x" -> "{what}."."""
    prefixes = set()
    for _path, node, _name in keyed_calls():
        first = node.args[0]
        if isinstance(first, ast.JoinedStr):
            head = first.values[0] if first.values else None
            if isinstance(head, ast.FormattedValue):
                prefixes.add("{" + ast.unparse(head.value) + "}.")
            elif head is not None and (text := const_str(head)) is not None:
                prefixes.add(text)
        elif isinstance(first, ast.BinOp) and const_str(first.left):
            prefixes.add(const_str(first.left))
    return prefixes


def label_uses() -> tuple[set[str], set[str]]:
    """(every group passed to label(), literal keys from label("group", "value"))."""
    groups, keys = set(), set()
    for _path, node in calls():
        if call_name(node) != "label" or len(node.args) != 2:
            continue
        group, value = const_str(node.args[0]), const_str(node.args[1])
        if group is None:
            continue
        groups.add(group)
        if value is not None:
            keys.add(f"{group}.{value}")
    return groups, keys


def operation_forwarders() -> dict[str, int]:
    """Functions that hand one of their parameters to write(): _each("task.start", …) -> 0."""
    forwarders = {}
    for tree in trees().values():
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            params = [a.arg for a in func.args.args if a.arg not in ("self", "cls")]
            for node in ast.walk(func):
                if not isinstance(node, ast.Call) or call_name(node) not in OPERATION_CALLS:
                    continue
                index = OPERATION_CALLS[call_name(node)]  # type: ignore[index]
                arg = node.args[index] if len(node.args) > index else None
                if isinstance(arg, ast.Name) and arg.id in params:
                    forwarders[func.name] = params.index(arg.id)
    return forwarders


def operation_names() -> set[str]:
    """write("task.add"), ctx.write("batch"), start_operation(session, "undo"), _each("task.done",
    …) and the journal's fallback name."""
    forwarders = operation_forwarders()
    names = set()
    for _path, node in calls():
        name = call_name(node)
        if name in OPERATION_CALLS and len(node.args) > OPERATION_CALLS[name]:
            if (value := const_str(node.args[OPERATION_CALLS[name]])) is not None:
                names.add(value)
        elif name in forwarders and len(node.args) > forwarders[name]:
            value = const_str(node.args[forwarders[name]])
            names.update([value] if value is not None else [])
        for keyword in node.keywords:  # operation="outgoing.check"
            if keyword.arg == "operation" and (value := const_str(keyword.value)) is not None:
                names.add(value)
    journal = (SRC / "journal.py").read_text(encoding="utf-8")
    names.update(re.findall(r'"op_name"\) or "([\w.]+)"', journal))
    return names


def parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


# Tables whose keys are dotted names of something else than a message.
NOT_KEYS = {"DEFAULT_DUE_RULES"}


def _assigned_name(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    return None


def indirect_keys(groups: set[str], ops: set[str]) -> set[str]:
    """Dotted literals handed to t() through a variable: _human_one(task, "task.added"), the
    key of an IfExp, a batch result code. Operation names, foreign keys and paths are not keys."""
    pattern = re.compile(r"[a-z][a-z_]*(\.[a-z][a-z0-9_]*)+")
    found = set()
    for tree in trees().values():
        up = parents(tree)
        for node in ast.walk(tree):
            value = const_str(node)
            if value is None or not pattern.fullmatch(value) or value in ops:
                continue
            if value.split(".")[0] not in groups or value.endswith(PATH_SUFFIXES):
                continue
            parent = up.get(node)
            if isinstance(parent, ast.Dict) and _assigned_name(up.get(parent)) in NOT_KEYS:
                continue  # a config table's keys ("incoming.urgent"), not messages
            if isinstance(parent, ast.JoinedStr):
                continue  # the literal head of an f-string key, covered by DYNAMIC_PREFIXES
            if isinstance(parent, ast.keyword) and parent.arg in (
                "foreign_key",
                "id",
                "group",
                "key",
            ):
                continue  # a foreign key, a Binding id, a worker group, a config key: not messages
            found.add(value)
    return found


def module_constants(tree: ast.Module) -> dict[str, list[str]]:
    """NAME = ("a", "b", …) at module level: the tuples loops iterate over."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple | ast.List):
            values = [const_str(e) for e in node.value.elts]
            if all(v is not None for v in values):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = [v for v in values if v is not None]
    return found


def field_names_in_loops() -> set[str]:
    """for key in ("id", "name", …): t(f"field.{key}"), and [t(f"field.{k}") for k in COLUMNS]."""
    names = set()
    for tree in trees().values():
        constants = module_constants(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.For):
                loops = [(node.iter, node)]
            elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
                loops = [(gen.iter, node) for gen in node.generators]
            else:
                continue
            for iterable, scope in loops:
                if "field." not in ast.unparse(scope):
                    continue
                if isinstance(iterable, ast.Tuple | ast.List):
                    names.update(v for e in iterable.elts if (v := const_str(e)) is not None)
                elif isinstance(iterable, ast.Name):
                    names.update(constants.get(iterable.id, []))
    return names


def raw_field_arguments() -> set[str]:
    """InvalidInput("input.required", field="task"): the field's name should be translatable."""
    names = set()
    for _path, node, name in keyed_calls():
        if name == "t":
            continue
        for keyword in node.keywords:
            if keyword.arg == "field" and (value := const_str(keyword.value)) is not None:
                names.add(value)
    return names


def enumerated_keys() -> set[str]:
    """Every key behind a dynamic group, from the constants the code itself uses."""
    import officedesk.models as models
    from officedesk.models import limits as marks
    from officedesk.models import schemas
    from officedesk.services import task as tasks

    getattr(models, "load_all", lambda: None)()  # table models may be imported lazily
    keys: set[str] = set()

    def add(group: str, values: object) -> None:
        keys.update(f"{group}.{v}" for v in values)  # type: ignore[attr-defined]

    add("state", tasks.STATES)
    add("action", tasks.TASK_ACTIONS)
    add("source", tasks.SOURCES)
    add("priority", tasks.PRIORITIES)
    add("urgency", marks.INCOMING_URGENCIES)
    add("secrecy", marks.SECRECY_LEVELS)
    add("log", tasks.LOG_KINDS)
    add("light", tasks.LIGHTS)
    add("kind", models.DEPT_KINDS)
    tables = SQLModel.metadata.tables
    add("entity", tables)
    add("field", {column.name for table in tables.values() for column in table.columns})
    read_and_input_models = [
        obj
        for obj in vars(schemas).values()
        if isinstance(obj, type) and issubclass(obj, SQLModel) and obj is not SQLModel
    ]
    add("field", {name for model in read_and_input_models for name in model.model_fields})
    add("field", field_names_in_loops())
    add("field", raw_field_arguments())
    add("field", ("value",))  # validation.py: an error without a location
    checks = [str(c.sqltext) for c in tables["task_extension"].constraints if hasattr(c, "sqltext")]
    statuses = [re.findall(r"'(\w+)'", text) for text in checks if "status" in text]
    add("extension", {value for found in statuses for value in found})
    journal = (SRC / "journal.py").read_text(encoding="utf-8")
    add("journal", set(re.findall(r'_Change\(\w+, "(\w+)"', journal)))
    add("op", operation_names())
    from officedesk.services import nightly as runs

    add("nightly_outcome", runs.OUTCOMES)
    add("nightly_step", runs.STEPS)
    add("nightly.trouble", runs.TROUBLES)
    add_workbench_keys(add)
    add_register_keys(add)
    schema_source = (SRC / "models" / "schema_base.py").read_text(encoding="utf-8")
    add("input", set(re.findall(r'raise ValueError\("(\w+)"\)', schema_source)))
    directory = (SRC / "services" / "lookup.py").read_text(encoding="utf-8")
    whats = set(re.findall(r'_resolve\(session, \w+, \w+, "(\w+)"', directory))
    keys.update(f"{what}.{outcome}" for what in whats for outcome in ("not_found", "ambiguous"))
    return keys


def register_key_modules() -> list[Any]:
    """tests/i18n_keys_<register>.py: each register's dynamic key groups, kept beside its tests.

    Such a module may define GROUPS (label groups whose values it enumerates), PREFIXES (the
    literal heads of its f-string keys) and keys(add), which adds the values like
    enumerated_keys() does."""
    import importlib.util

    modules = []
    for path in sorted(Path(__file__).parent.glob("i18n_keys_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def add_register_keys(add: Any) -> None:
    for module in register_key_modules():
        if hasattr(module, "keys"):
            module.keys(add)


def add_workbench_keys(add: Any) -> None:
    """The TUI's keys built from its own constants (screens, record kinds, actions)."""
    from officedesk.app import NEW_RECORDS, SCREENS
    from officedesk.registry import SEARCH_KINDS
    from officedesk.screens.advisory import GROUPINGS
    from officedesk.screens.today.panels import PANEL_KEYS

    PANELS = tuple(PANEL_KEYS)
    from officedesk.services.agenda import AGENDA_SECTIONS

    actions = ("start", "done", "evaluate", "cancel", "reopen", "remind", "extend", "log")
    add("screen", SCREENS)
    add("kind_short", SEARCH_KINDS)
    add("today.agenda", AGENDA_SECTIONS)
    add("entity", SEARCH_KINDS)
    add("cmd", [f"new_{kind}" for kind in NEW_RECORDS])
    add("cmd", [f"new_{kind}.help" for kind in NEW_RECORDS])
    add("cmd.language", ("zh", "en"))
    add("key", actions)
    add("tui", [f"{name}_title" for name in (*actions, "decide")])
    add("tui.today.panel", PANELS)
    add("tui.today.empty", PANELS)
    add("tui.today.guide", ("step1", "step2", "step3"))
    add("key", [f"today_{panel}" for panel in PANELS])
    add("tui.assessment.by", GROUPINGS)
    add("tui.help_group", ("steps", "navigation", "global"))
    add("demo.stage", ("office", "search"))  # views/demo.fill_stage: the fill's own stages


def used_keys() -> set[str]:
    return set(_used_keys())


@cache
def _used_keys() -> frozenset[str]:
    """The scan behind used_keys(), run once per process: several tests ask for it."""
    groups = {key.split(".")[0] for key in ZH} | {key.split(".")[0] for key in EN}
    _label_groups, label_keys = label_uses()
    return frozenset(
        set(literal_keys())
        | label_keys
        | enumerated_keys()
        | indirect_keys(groups, operation_names())
    )


# ---- (a) same keys, (b) same placeholders ------------------------------------------------------


def test_catalogues_have_the_same_keys() -> None:
    assert sorted(ZH.keys() - EN.keys()) == [], "in zh.py only"
    assert sorted(EN.keys() - ZH.keys()) == [], "in en.py only"


def test_areas_do_not_overlap() -> None:
    for lang in CATALOGUES:
        seen: dict[str, str] = {}
        for area in AREAS:
            for key in area_messages(lang, area):
                assert key not in seen, f"{key} in both {lang}{seen.get(key)} and {lang}{area}"
                seen[key] = area


@pytest.mark.parametrize(("lang", "area"), sorted(AREA_FILES))
def test_catalogue_is_sorted_and_clean(lang: str, area: str) -> None:
    messages = AREA_FILES[(lang, area)]
    assert list(messages) == sorted(messages)
    for key, text in messages.items():
        assert text, key
        if not key.endswith(".sep"):  # a list separator may be ", "
            assert text == text.strip(), key
        assert "\n" not in text, f"{key}: messages are one line"


def test_placeholders_match_between_languages() -> None:
    wrong = {
        key: (sorted(placeholders(ZH[key])), sorted(placeholders(EN[key])))
        for key in ZH.keys() & EN.keys()
        if placeholders(ZH[key]) != placeholders(EN[key])
    }
    assert wrong == {}


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_every_message_formats(lang: str) -> None:
    for text in CATALOGUES[lang].values():
        text.format(**dict.fromkeys(placeholders(text), "x"))  # no stray braces or bad specs


# ---- (c) every key the code uses exists ------------------------------------------------------


def test_scan_finds_keys() -> None:
    """Guard the scan itself: if it found nothing the coverage test would pass vacuously."""
    keys = used_keys()
    expected = {
        "help.root",  # t("…")
        "task.not_found",  # NotFound("…")
        "db.cannot_open",  # StoreError("…"), a subclass outside errors.py
        "state.done",  # STATES
        "field.assigned_on",  # a column
        "field.people",  # a read-model field
        "field.change",  # a table header loop in cli/system.py
        "field.due_in",  # a column's label (views/task.py COLUMNS)
        "op.task.add",  # write("task.add")
        "op.change",  # the journal's fallback operation name
        "task.added",  # passed to t() through _human_one
        "dept.ambiguous",  # f"{what}.ambiguous"
        "input.phone",  # f"input.{reason}"
        "extension.pending",
        "journal.update",
    }
    assert expected <= keys, sorted(expected - keys)


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_every_used_key_exists(lang: str) -> None:
    keys = CATALOGUES[lang].keys()
    missing = sorted(
        used
        for used in used_keys() - keys
        # A label group ("today.weekday", worded through a Notice's labels) or a key prefix a
        # table of keys completes ("key.seal_" + step) is not a key, but must head some.
        if not any(
            key.startswith(used if used.endswith(("_", ".")) else used + ".") for key in keys
        )
    )
    assert missing == []


def test_every_label_group_is_enumerated() -> None:
    """A new label("group", value) needs its values listed in enumerated_keys()."""
    groups, _keys = label_uses()
    enumerated = ENUMERATED_GROUPS.union(
        *(getattr(module, "GROUPS", set()) for module in register_key_modules())
    )
    assert sorted(groups - enumerated) == []


def test_every_dynamic_key_is_enumerated() -> None:
    """A new t(f"x.{y}") or Error(f"…") needs its values listed in enumerated_keys()."""
    prefixes = DYNAMIC_PREFIXES.union(
        *(getattr(module, "PREFIXES", set()) for module in register_key_modules())
    )
    assert sorted(dynamic_key_prefixes() - prefixes) == []


def test_call_sites_pass_every_placeholder() -> None:
    """t("k", a=…) must supply every {name} in the message, or the raw template is shown."""
    short = {}
    for key, sites in literal_keys().items():
        need = placeholders(ZH.get(key, "")) | placeholders(EN.get(key, ""))
        for file, line, params in sites:
            if params is not None and not need <= params:
                short[f"{file}:{line} {key}"] = sorted(need - params)
    assert short == {}


# ---- (d) Chinese punctuation -----------------------------------------------------------------

CJK = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]"
ASCII_PUNCTUATION_NEXT_TO_CJK = re.compile(
    rf"(?<=[\u4e00-\u9fff])[,:;!?]|[,:;!?](?=[\u4e00-\u9fff])"
    rf"|(?<=[\u4e00-\u9fff])\.(?=\s|$)"
    rf"|\((?={CJK})|(?<={CJK})\)"
)


def test_chinese_uses_chinese_punctuation() -> None:
    bad = {key: text for key, text in ZH.items() if ASCII_PUNCTUATION_NEXT_TO_CJK.search(text)}
    assert bad == {}


def test_punctuation_check_catches_ascii() -> None:
    for text in ("状态:办理中", "部门,人员", "已办结.", "(原定)", "请填写标题;"):
        assert ASCII_PUNCTUATION_NEXT_TO_CJK.search(text), text
    assert not ASCII_PUNCTUATION_NEXT_TO_CJK.search("截止日期：+3d、+5wd、fri、eom。")


def test_chinese_messages_are_chinese() -> None:
    """A zh entry copied from en by mistake: words of Latin text and no Chinese at all."""
    latin_only = {
        key: text
        for key, text in ZH.items()
        if not re.search("[\u4e00-\u9fff]", text)
        and len(re.findall(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", text))) > 1  # not {params}
    }
    assert latin_only == {}


# ---- (e) t() never crashes -----------------------------------------------------------------


@pytest.fixture
def language() -> Iterator[None]:
    before = i18n.current_language()
    yield
    i18n.set_language(before)


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
@pytest.mark.usefixtures("language")
def test_missing_key_returns_the_key(lang: str) -> None:
    i18n.set_language(lang)
    assert i18n.t("no.such.key") == "no.such.key"
    assert i18n.t("no.such.key", code="DB-2026-0001", n=3) == "no.such.key"
    assert i18n.label("state", "no_such_state") == "state.no_such_state"


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
@pytest.mark.usefixtures("language")
def test_missing_parameter_does_not_raise(lang: str) -> None:
    i18n.set_language(lang)
    assert i18n.t("task.not_found", wrong="x") == CATALOGUES[lang]["task.not_found"]
    assert i18n.t("task.not_found", ref="DB-1") != CATALOGUES[lang]["task.not_found"]


@pytest.mark.usefixtures("language")
def test_t_speaks_the_current_language() -> None:
    i18n.set_language("zh")
    params = {"code": "DB-2026-0001", "state": "已办结", "action": "开始办理", "allowed": "评价"}
    zh = i18n.t("task.illegal", **params)
    i18n.set_language("en")
    en = i18n.t("task.illegal", code="DB-2026-0001", state="done", action="start", allowed="none")
    assert "DB-2026-0001" in zh and "DB-2026-0001" in en
    assert zh != en
    assert re.search("[\u4e00-\u9fff]", zh) and not re.search("[\u4e00-\u9fff]", en)
