"""What the registry says of a register (officedesk.registry): where each of its pieces lives.

Every field is a string or a tuple of strings ("package.module" or "package.module:attribute"),
so describing every register imports none of them.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tab:
    """A tab on a function screen: its widget id, its title's message key, its pane class."""

    id: str
    label: str
    pane: str  # "module:Class", imported when the tab is first shown


@dataclass(frozen=True)
class Resolver:
    """How a typed reference (`history incoming:12`, `收文:SW-2026-0001`) finds a record."""

    kind: str  # the reference kind, also the prefix in English
    target: str  # "module:function" taking (session, text) and returning the row
    entity: str  # the journal's entity name for the row's table
    names: str  # the row's attribute naming it: "code", "number|title" (first set), "#id"
    prefixes: tuple[str, ...] = ()  # the prefixes naming it, the one advised first
    series: str | None = None  # the two letters of the codes it gives (SW-2026-0001), if any


@dataclass(frozen=True)
class Noun:
    """A CLI noun: `officedesk <name> …`, the module and attribute holding its Typer app."""

    name: str
    target: str  # "module:attribute"
    help: str  # message key of its one-line help


@dataclass(frozen=True)
class Section:
    """A section of Today's agenda; `rank` places it among every register's sections."""

    name: str  # also the title key today.agenda.<name>
    rank: int


@dataclass(frozen=True)
class RegisterSpec:
    """One register: where each of its pieces lives."""

    name: str  # the search kind, the demo's and the contract test's name for it
    screen: str  # the function screen holding its tabs
    model: str  # the module holding its tables
    table: str  # the table whose rows are searched and shown
    nouns: tuple[Noun, ...]
    tabs: tuple[Tab, ...]
    record_tab: str  # the tab that opens one of its records (search, Today, the palette)
    resolvers: tuple[Resolver, ...]
    # The palette's "new record" commands (cmd.new_<kind>) and the tab whose form makes one.
    new_records: tuple[tuple[str, str], ...]
    export: str  # "module:COLUMNS": the columns of `list --json`, export and import
    list_argv: tuple[str, ...] = ()  # the CLI words listing it, when not `<noun> list`
    show_argv: tuple[str, ...] = ()  # the CLI words showing one, before the reference
    indexed_by_model: bool = True  # the model module defines SEARCH_KIND, search_fields, …
    state_labels: str | None = None  # the label group wording its state (search's tag)
    today: str | None = None  # module answering today_lines(session)
    sections: tuple[Section, ...] = ()
    demo: str | None = None  # module answering fill_demo(session, rng); None: the office's
    counts: tuple[tuple[str, str], ...] = ()  # demo/summary figure → "module:Model"
    area: str | None = None  # its message catalogue area (i18n/<lang>/<area>.py)
    # One of the registers the office started with (the directory, the supervision items): its
    # nouns come first in `officedesk --help`, before the shared commands.
    first: bool = False
