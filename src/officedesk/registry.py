"""The registers, each described once. Every list that used to be kept by hand (search kinds,
searchable tables, reference prefixes and resolvers, Today's providers and sections, CLI nouns,
the function screens' tabs, the palette's "new record" commands, the demo fillers and counts,
the message catalogues' areas, the export columns) is derived from `REGISTERS`.

Everything here is a string naming a module ("package.module" or "package.module:attribute"):
importing the registry costs nothing, so `officedesk task add` still loads no other register.

Adding a register is: its own modules (models/<name>.py, services/<name>…, cli/<name>.py,
screens/<function>/<name>.py, views/<name>.py, demo/<name>.py, i18n/{zh,en}/<name>.py), one
entry below, and one migration for its tables. tests/test_register_contract.py then checks that
every piece is there, by the register's name.
"""

from officedesk.register_spec import PANELS, Noun, RegisterSpec, Resolver, Search, Section, Tab

# The function screens, in the order of keys 1–5 (the essay's four functions, after Today).
SCREENS = ("today", "advisory", "handling", "management", "coordination")

__all__ = ["PANELS", "Noun", "RegisterSpec", "Resolver", "Search", "Section", "Tab"]


_DIRECTORY = "officedesk.models.directory"
_HANDLING = "officedesk.screens.handling"
_COORDINATION = "officedesk.screens.coordination"

REGISTERS: tuple[RegisterSpec, ...] = (
    RegisterSpec(
        "department",
        "coordination",
        tabs=(
            Tab(
                "tab-departments",
                "tab.departments",
                "officedesk.screens.coordination.directory:DepartmentsPane",
            ),
        ),
        resolvers=(
            Resolver(
                "department",
                "officedesk.services.lookup:resolve_department",
                "name",
                ("dept", "部门"),
            ),
        ),
        model=_DIRECTORY,
        nouns=(Noun("dept", "officedesk.cli.directory:dept_app", "help.dept"),),
        export="officedesk.views.directory:DEPARTMENT_COLUMNS",
        indexed_by_model=False,
        counts=(("departments", f"{_DIRECTORY}:Department"),),
        first=True,
    ),
    RegisterSpec(
        "person",
        "coordination",
        tabs=(
            Tab("tab-people", "tab.people", "officedesk.screens.coordination.directory:PeoplePane"),
        ),
        resolvers=(
            Resolver(
                "person",
                "officedesk.services.lookup:resolve_person",
                "name",
                ("person", "contact", "人员"),
            ),
        ),
        model=_DIRECTORY,
        nouns=(Noun("contact", "officedesk.cli.directory:contact_app", "help.contact"),),
        export="officedesk.views.directory:PERSON_COLUMNS",
        indexed_by_model=False,
        counts=(("people", f"{_DIRECTORY}:Person"),),
        first=True,
    ),
    RegisterSpec(
        "task",
        "handling",
        tabs=(Tab("tab-supervision", "tab.supervision", f"{_HANDLING}.task:SupervisionPane"),),
        resolvers=(
            Resolver(
                "task",
                "officedesk.services.task:resolve_task",
                "code",
                ("task", "item", "督办"),
                "DB",
            ),
        ),
        indexed_by_model=False,
        state_labels="state",
        today="officedesk.services.task.today",
        sections=(Section("extensions_pending", 70, "waiting"),),
        counts=(
            ("tasks", "officedesk.models.task:Task"),
            ("log_entries", "officedesk.models.task_log:TaskLog"),
        ),
        first=True,
    ),
    RegisterSpec(
        "incoming",
        "handling",
        tabs=(Tab("tab-incoming", "tab.incoming", f"{_HANDLING}.incoming:IncomingPane"),),
        resolvers=(
            Resolver(
                "incoming",
                "officedesk.services.incoming.query:resolve_incoming",
                "code",
                ("incoming", "收文"),
                "SW",
            ),
        ),
        state_labels="incoming_state",
        today="officedesk.services.incoming.today",
        sections=(
            Section("incoming_waiting", 10, "waiting"),
            Section("incoming_urgent", 20, "due"),
            Section("incoming_overdue", 30, "due"),
        ),
        demo=True,
        counts=(("incoming", "officedesk.models.incoming:Incoming"),),
        area=True,
    ),
    RegisterSpec(
        "outgoing",
        "handling",
        tabs=(Tab("tab-outgoing", "tab.outgoing", f"{_HANDLING}.outgoing:OutgoingPane"),),
        resolvers=(
            Resolver(
                "outgoing",
                "officedesk.services.outgoing.actions:resolve_outgoing",
                "number|title",
                ("outgoing", "发文"),
            ),
        ),
        state_labels="outgoing_state",
        today="officedesk.services.outgoing.today",
        sections=(Section("outgoing_to_sign", 15, "waiting"),),
        demo=True,
        counts=(("outgoing", "officedesk.models.outgoing:Outgoing"),),
        area=True,
    ),
    RegisterSpec(
        "seal",
        "handling",
        tabs=(
            Tab("tab-seals", "tab.seals", f"{_HANDLING}.seal:SealPane"),
            Tab("tab-seal-uses", "tab.seal_uses", f"{_HANDLING}.seal_use:SealUsePane"),
        ),
        resolvers=(
            Resolver(
                "seal", "officedesk.services.seal.actions:resolve_seal", "name", ("seal", "印章")
            ),
            Resolver(
                "seal_use", "officedesk.services.seal.actions:resolve_use", "#id", ("use", "用印")
            ),
            Resolver(
                "letter",
                "officedesk.services.seal.letters:get_letter",
                "number",
                ("letter", "介绍信"),
                "JS",
                "intro_letter",
            ),
            Resolver(
                "request",
                "officedesk.services.seal.requests:get_request",
                "#id",
                ("request", "用印申请"),
                entity="seal_request",
            ),
        ),
        searches=(
            Search("seal_use", "seal_use", "tab-seal-uses"),
            Search("letter", "intro_letter", "tab-seal-uses", "show_letter"),
        ),
        new_records=(("seal_use", "tab-seal-uses"),),
        state_labels="seal_state",
        today="officedesk.services.seal.requests",
        sections=(Section("seal_requests", 60, "waiting"),),
        demo=True,
        counts=(
            ("seals", "officedesk.models.seal:Seal"),
            ("seal_uses", "officedesk.models.seal:SealUse"),
        ),
        area=True,
    ),
    RegisterSpec(
        "visit",
        "handling",
        tabs=(Tab("tab-visits", "tab.visits", f"{_HANDLING}.visit:VisitPane"),),
        resolvers=(
            Resolver(
                "visit",
                "officedesk.services.visit.actions:resolve_visit",
                "code",
                ("visit", "接待"),
                "JD",
            ),
        ),
        state_labels="visit_state",
        today="officedesk.services.visit.query",
        sections=(
            Section("visits_today", 40, "schedule"),
            Section("visits_tomorrow", 50, "schedule"),
        ),
        demo=True,
        counts=(("visits", "officedesk.models.visit:Visit"),),
        area=True,
    ),
    RegisterSpec(
        "award",
        "handling",
        tabs=(Tab("tab-awards", "tab.awards", f"{_HANDLING}.award:AwardPane"),),
        resolvers=(
            Resolver("award", "officedesk.services.award:resolve_award", "name", ("award", "表彰")),
            Resolver(
                "event",
                "officedesk.services.award:resolve_event",
                "title",
                ("event", "活动"),
                entity="staff_event",
            ),
        ),
        demo=True,
        counts=(("awards", "officedesk.models.award:Award"),),
        area=True,
    ),
    RegisterSpec(
        "meeting",
        "coordination",
        tabs=(
            Tab("tab-meetings", "tab.meetings", f"{_COORDINATION}.meeting:MeetingPane"),
            Tab("tab-rooms", "tab.rooms", f"{_COORDINATION}.meeting_room:RoomPane"),
        ),
        resolvers=(
            Resolver(
                "meeting",
                "officedesk.services.meeting.actions:resolve_meeting",
                "code",
                ("meeting", "会议"),
                "HY",
            ),
            Resolver(
                "room",
                "officedesk.services.meeting.rooms:resolve_room",
                "name",
                ("room", "会议室"),
            ),
        ),
        nouns=(
            Noun("meeting", "officedesk.cli.meeting:app", "help.meeting"),
            Noun("room", "officedesk.cli.meeting:room_app", "help.room"),
        ),
        # The export's tables live beside the views (export/ is not this register's to change).
        rows="officedesk.views.meeting_export:meeting",
        state_labels="meeting_state",
        today="officedesk.services.meeting.query",
        sections=(Section("meetings_today", 35, "schedule"),),
        demo=True,
        counts=(
            ("meetings", "officedesk.models.meeting:Meeting"),
            ("rooms", "officedesk.models.meeting:Room"),
        ),
        area=True,
    ),
    RegisterSpec(
        "matter",
        "coordination",
        tabs=(Tab("tab-matters", "tab.matters", f"{_COORDINATION}.matter:MatterPane"),),
        resolvers=(
            Resolver(
                "matter",
                "officedesk.services.matter.query:resolve_matter",
                "code",
                ("matter", "协调"),
                "XT",
            ),
        ),
        # The export's table lives beside the views (export/ is not this register's to change).
        rows="officedesk.views.matter_export:matter",
        state_labels="matter_state",
        today="officedesk.services.matter.query",
        sections=(Section("matters_stale", 65, "waiting"),),
        demo=True,
        counts=(("matters", "officedesk.models.matter:Matter"),),
        area=True,
    ),
)

BY_NAME = {spec.name: spec for spec in REGISTERS}


def by_screen() -> tuple[RegisterSpec, ...]:
    """The registers in the order the workbench shows them: by function screen, then as listed."""
    return tuple(sorted(REGISTERS, key=lambda spec: SCREENS.index(spec.screen)))


# ---- the lists derived from the registry ------------------------------------------------------

# Searchable kinds, in the order of ties in search results: each register's, then its other
# tables' (the seal register's usage log and letters).
SEARCH_KINDS = tuple(
    kind for spec in REGISTERS for kind in (spec.name, *(found.kind for found in spec.searches))
)
# Tables whose model module describes its search documents (the others are built in).
REGISTER_TABLES = {
    **{spec.table: spec.model for spec in REGISTERS if spec.indexed_by_model},
    **{found.table: spec.model for spec in REGISTERS for found in spec.searches},
}
# The registers whose model modules hold their own tables (imported by models.load_all).
MODEL_MODULES = tuple(dict.fromkeys(spec.model.rsplit(".", 1)[1] for spec in REGISTERS))
# Today's agenda: its sections in order, and the modules answering today_lines(session).
AGENDA_SECTIONS = tuple(
    section.name
    for section in sorted(
        (section for spec in REGISTERS for section in spec.sections), key=lambda s: s.rank
    )
)
# The panel of each of Today's sections (register_spec.PANELS).
SECTION_PANELS = {section.name: section.panel for spec in REGISTERS for section in spec.sections}
AGENDA_PROVIDERS = tuple(dict.fromkeys(spec.today for spec in REGISTERS if spec.today))
# Registers with a demo filler of their own, in the order they are filled.
REGISTER_DEMOS = tuple(spec.name for spec in REGISTERS if spec.demo)
# The demo's (and `officedesk demo`'s) figures: name → "module:Model", in the order shown.
DEMO_COUNTS = tuple(pair for spec in REGISTERS for pair in spec.counts)
# The message catalogue areas the registers bring.
REGISTER_AREAS = tuple(spec.area for spec in REGISTERS if spec.area)
# Label groups wording each kind's state in search hits.
STATE_LABELS = {spec.name: spec.state_labels for spec in REGISTERS if spec.state_labels}
# "module:NAME" of each stateful kind's open states (search ranks open records first).
OPEN_STATES = {spec.name: spec.open_states for spec in REGISTERS if spec.open_states}
# The palette's "new record" commands: kind → (screen, tab id).
NEW_RECORDS = {kind: (spec.screen, tab) for spec in by_screen() for kind, tab in spec.new_records}
# A searchable kind → the function screen and the tab opening its records, and the method of
# that tab's pane doing it when it is not show_record.
KIND_SCREENS = {
    kind: spec.screen
    for spec in REGISTERS
    for kind in (spec.name, *(found.kind for found in spec.searches))
}
RECORD_TABS = {
    **{spec.name: spec.record_tab for spec in REGISTERS},
    **{found.kind: found.tab for spec in REGISTERS for found in spec.searches},
}
RECORD_OPENERS = {found.kind: found.opens for spec in REGISTERS for found in spec.searches}
# Reference kinds (history, `find_record`) → their resolver; typed prefixes → a reference kind.
RESOLVERS = {resolver.kind: resolver for spec in REGISTERS for resolver in spec.resolvers}
# A kind's own name is a prefix too, so a search hit's kind and ref_id name its record.
PREFIXES = {
    prefix: kind for kind, resolver in RESOLVERS.items() for prefix in (*resolver.prefixes, kind)
}
# A code's two letters → the reference kind it names.
CODE_KINDS = {resolver.series: kind for kind, resolver in RESOLVERS.items() if resolver.series}


def screen_tabs(screen: str) -> list[tuple[str, str, str]]:
    """A function screen's register tabs, as (id, label key, "module:Class")."""
    return [
        (tab.id, tab.label, tab.pane)
        for spec in REGISTERS
        if spec.screen == screen
        for tab in spec.tabs
    ]


def cli_nouns(*, first: bool) -> list[Noun]:
    """The registers' CLI nouns, in `--help` order: the first registers' (items, directory), or
    the others' (in the workbench's order)."""
    ordered = sorted(REGISTERS, key=lambda spec: spec.name != "task") if first else by_screen()
    return [noun for spec in ordered if spec.first == first for noun in spec.nouns]
