"""What the registry says of a register (officedesk.registry): where each of its pieces lives.

Every field is a string or a tuple of strings ("package.module" or "package.module:attribute"),
so describing every register imports none of them.
"""

from dataclasses import dataclass

# Today's panels of agenda lines, in the order shown (the overdue counts by department follow).
PANELS = ("schedule", "waiting", "due")


@dataclass(frozen=True)
class Tab:
    """A tab on a function screen: its widget id, its title's message key, its pane class."""

    id: str
    label: str
    pane: str  # "module:Class", imported when the tab is first shown


@dataclass(frozen=True)
class Resolver:
    """How a typed reference (`history incoming:12`, `收文:SW-2026-0001`) finds a record."""

    kind: str  # the reference kind
    target: str  # "module:function" taking (session, text) and returning the row
    names: str  # the row's attribute naming it: "code", "number|title" (first set), "#id"
    prefixes: tuple[str, ...]  # the prefixes naming it, the one advised first
    series: str | None = None  # the two letters of the codes it gives (SW-2026-0001), if any
    entity: str = ""  # the journal's entity name for the row's table; by default the kind

    def __post_init__(self) -> None:
        if not self.entity:
            object.__setattr__(self, "entity", self.kind)


@dataclass(frozen=True)
class Search:
    """A table of a register that global search finds besides the register's own (the seal
    register's usage log and introduction letters). Its model module describes its documents
    in SEARCH_TABLES; the kind is a resolver's, so `history` finds a hit's record too."""

    kind: str  # the hits' kind, a reference kind of the register (Resolver.kind)
    table: str
    tab: str  # the tab opening one of its records
    opens: str = "show_record"  # the method of that tab's pane taking the record's id


@dataclass(frozen=True)
class Noun:
    """A CLI noun: `officedesk <name> …`, the module and attribute holding its Typer app."""

    name: str
    target: str  # "module:attribute"
    help: str  # message key of its one-line help


@dataclass(frozen=True)
class Section:
    """A section of Today's agenda; `rank` places it among every register's sections, `panel`
    on the dashboard: the day's schedule, what waits for the director, or what falls due."""

    name: str  # also the title key today.agenda.<name>
    rank: int
    panel: str  # one of PANELS

    def __post_init__(self) -> None:
        if self.panel not in PANELS:  # a misspelt panel would drop the section from Today
            raise ValueError(f"section {self.name}: panel {self.panel!r} is not one of {PANELS}")


@dataclass(frozen=True)
class RegisterSpec:
    """One register: where each of its pieces lives. A field left empty takes the place the
    layout gives a register of that name (`by convention` below), so a register that follows
    the layout is described by what is particular to it."""

    name: str  # the search kind, the demo's and the contract test's name for it
    screen: str  # the function screen holding its tabs
    tabs: tuple[Tab, ...]  # its tabs there; the first opens its records, unless record_tab says
    resolvers: tuple[Resolver, ...]  # how `history` and "go to record" find its rows
    model: str = ""  # the module holding its tables; by convention officedesk.models.<name>
    table: str = ""  # the table whose rows are searched and shown; by convention <name>
    nouns: tuple[Noun, ...] = ()  # by convention `officedesk <name>`: officedesk.cli.<name>:app
    record_tab: str = ""  # the tab opening one of its records (search, Today, the palette)
    # The palette's "new record" commands (cmd.new_<kind>) and the tab whose form makes one;
    # by convention one, named after the register, on its record tab.
    new_records: tuple[tuple[str, str], ...] = ()
    export: str = ""  # "module:COLUMNS" of `list --json` and the export; officedesk.views.<name>
    # "module:function" answering the register's export tables (officedesk.export.registers:
    # Dataset), each streaming its records as `--json` items; by convention
    # officedesk.export.registers:<name>.
    rows: str = ""
    list_argv: tuple[str, ...] = ()  # the CLI words listing it, when not `<noun> list`
    show_argv: tuple[str, ...] = ()  # the CLI words showing one, when not `<noun> show`
    indexed_by_model: bool = True  # the model module defines SEARCH_KIND, search_fields, …
    searches: tuple[Search, ...] = ()  # its other tables found by search
    state_labels: str | None = None  # the label group wording its state (search's tag)
    # "module:NAME" of the states in which its records count as open: search ranks them above
    # closed ones. By convention, for a register with state labels, its services' states module.
    open_states: str = ""
    today: str | None = None  # module answering today_lines(session)
    sections: tuple[Section, ...] = ()
    # Its demo filler, officedesk.demo.<name> answering fill_demo(session, rng); without one
    # the office's own demo (directory, items) fills it.
    demo: bool | str | None = False
    counts: tuple[tuple[str, str], ...] = ()  # demo/summary figure → "module:Model"
    area: bool | str | None = False  # its message catalogue area, i18n/<lang>/<name>.py
    # One of the registers the office started with (the directory, the supervision items): its
    # nouns come first in `officedesk --help`, before the shared commands.
    first: bool = False

    def __post_init__(self) -> None:
        name = self.name
        conventions: dict[str, object] = {
            "model": self.model or f"officedesk.models.{name}",
            "table": self.table or name,
            "nouns": self.nouns or (Noun(name, f"officedesk.cli.{name}:app", f"help.{name}"),),
            "record_tab": self.record_tab or self.tabs[0].id,
            "export": self.export or f"officedesk.views.{name}:COLUMNS",
            "rows": self.rows or f"officedesk.export.registers:{name}",
            "demo": f"officedesk.demo.{name}" if self.demo is True else (self.demo or None),
            "area": name if self.area is True else (self.area or None),
            "open_states": self.open_states
            or (f"officedesk.services.{name}.states:OPEN_STATES" if self.state_labels else ""),
        }
        conventions["new_records"] = self.new_records or ((name, conventions["record_tab"]),)
        for field_name, value in conventions.items():
            object.__setattr__(self, field_name, value)
