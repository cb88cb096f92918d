"""The Textual workbench: Today plus one screen per function of the office, keys 1–5 between
them, `/` to search, `?` for help, ctrl+p for every command."""

import asyncio
import contextlib
import importlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen

from officedesk.context import AppContext
from officedesk.errors import DomainError
from officedesk.i18n import current_language, set_language, t
from officedesk.registry import BY_NAME, KIND_SCREENS, NEW_RECORDS, SCREENS, screen_tabs
from officedesk.screens.advisory import AdvisoryScreen
from officedesk.screens.coordination import CoordinationScreen
from officedesk.screens.first_run import is_first_run, who_form
from officedesk.screens.handling import HandlingScreen
from officedesk.screens.management import ManagementScreen
from officedesk.screens.palette import RecordProvider
from officedesk.screens.today import TodayScreen
from officedesk.text import display_safe
from officedesk.widgets.record_form import ConfirmDialog, RecordForm

if TYPE_CHECKING:
    from officedesk.demo.office import FillProgress, Progress

THEMES = {"dark": "textual-dark", "light": "textual-light"}
# What the palette offers to create (cmd.new_<kind>), and the screen and tab whose form does it,
# are the registry's (NEW_RECORDS); so are the function screens (SCREENS, keys 1–5).


# What the function screens import on their first visit besides their register tabs' panes.
WARM_MODULES = (
    "textual.command",
    "officedesk.services.today",
    "officedesk.views.today",
    "officedesk.services.assessment",
    "officedesk.views.assessment",
    "officedesk.services.history",
    "officedesk.views.history",
    "officedesk.services.search",
    "officedesk.views.search",
)


class OfficeDeskApp(App[None]):
    TITLE = "officedesk"
    # Build the screens not shown yet in the background after the first paint (screens/warming).
    # The test suite turns it off but for the tests about it: each pilot test would otherwise
    # build all five screens, about doubling its cost.
    WARM_SCREENS: ClassVar[bool] = True
    CSS = """
    TabbedContent { height: 1fr; }
    TabbedContent > ContentSwitcher { height: 1fr; }
    TabPane { height: 1fr; padding: 0; }
    """
    MODES: ClassVar[dict[str, Any]] = {
        "today": TodayScreen,
        "advisory": AdvisoryScreen,
        "handling": HandlingScreen,
        "management": ManagementScreen,
        "coordination": CoordinationScreen,
    }
    COMMANDS = App.COMMANDS | {RecordProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "go('today')", "screen.today", show=False, id="go.today"),
        Binding("2", "go('advisory')", "screen.advisory", show=False, id="go.advisory"),
        Binding("3", "go('handling')", "screen.handling", show=False, id="go.handling"),
        Binding("4", "go('management')", "screen.management", show=False, id="go.management"),
        Binding("5", "go('coordination')", "screen.coordination", show=False, id="go.coordination"),
        Binding("question_mark", "help", "key.help", id="help"),
        Binding("slash", "search", "key.search", id="search"),
        # ctrl+q only: a bare q is a register's key (印章: a use request), and one slip away
        # from losing the form being typed.
        Binding("ctrl+q", "quit", "key.quit", id="quit", priority=True),
    ]

    def __init__(
        self,
        ctx: AppContext,
        *,
        screen: str = "today",
        prepare: "Callable[[Progress], None] | None" = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.initial_screen = screen if screen in SCREENS else "today"
        self._day_text: str | None = None
        # Opens (and migrates) the database; with --demo also fills it on first use, telling
        # how far it is through the callback it is given (Today shows a bar meanwhile).
        self._prepare = prepare or (lambda _progress: ctx.store.ensure_schema())
        self._db_ready = threading.Event()
        self.prepare_error: DomainError | None = None
        self.first_paint: float | None = None
        self.filling_line: str | None = None  # the demo fill's progress, while it lasts
        self._when_ready: list[Callable[[], None]] = []
        self._when_failed: list[Callable[[DomainError], None]] = []
        self._waiting_toasts: list[Notification] = []
        # Held while screens are built in the background or recomposed (language, operator).
        self.rebuilding = asyncio.Lock()

    # ---- start ------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, but ask first when a form holds typing not yet saved."""
        screen = self.screen
        if isinstance(screen, RecordForm) and screen.is_dirty():

            def answered(yes: bool | None) -> None:
                if yes:
                    self.exit()

            self.push_screen(ConfirmDialog(t("tui.quit_unsaved")), answered)
            return
        self.exit()

    def on_key(self, event: events.Key) -> None:
        """Keys typed faster than a form opens (`n`, then the title at once) were queued to the
        list underneath before the form was pushed; they bubble up to here unread. Hand each
        printable one to the form now on top, which puts it in its field (see RecordForm)."""
        screen = self.screen
        if (
            isinstance(screen, RecordForm)
            and event.is_printable
            and event.character
            and not getattr(event, "handed_to_form", False)
        ):
            again = events.Key(event.key, event.character)
            again.handed_to_form = True  # type: ignore[attr-defined]
            screen.post_message(again)

    def on_mount(self) -> None:
        theme = THEMES.get(self.ctx.settings.theme or "dark", THEMES["dark"])
        self.theme = theme
        self.switch_mode(self.initial_screen)
        if is_first_run(self.ctx):  # at once: what is typed from the start lands in its first field
            self._ask_who()
        # After the first frame is on the terminal: the import it does holds the interpreter
        # lock for ~0.3 s, and the frame should not wait for it.
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.first_paint = time.perf_counter()  # read by benchmarks/tui_bench.py
        self.run_worker(self._run_prepare, thread=True, group="prepare")

    def _ask_who(self) -> None:
        self.push_screen(who_form(self.ctx), self._who_saved)

    def _who_saved(self, result: tuple[str, str] | None) -> None:
        if result is None:
            return
        name, company = result
        self.ctx.operator = name
        self.ctx.settings = replace(
            self.ctx.settings, operator=name, company=company or self.ctx.settings.company
        )
        self.run_worker(self._relabel())
        self.notify(t("tui.first_run_saved", name=name))

    async def _relabel(self) -> None:
        """Every screen built again (the header carries the company's name, every label the
        language); an open form keeps what was typed in it rather than its labels' language.
        Those being built in the background are waited for (see screens/warming.py)."""
        async with self.rebuilding:
            for mode in SCREENS:
                for screen in self.get_screen_stack(mode) if mode in self._screen_stacks else []:
                    if not isinstance(screen, RecordForm):
                        await screen.recompose()

    def _run_prepare(self) -> None:
        """The database layer is imported and opened here, after the first paint."""
        try:
            store = self.ctx.store
            store.on_wait = self._database_waits
            for notice in store.notices:  # said on stderr by the CLI; the terminal is ours here
                self.notify(notice, severity="warning", timeout=15)
            self._prepare(self._filling)
        except DomainError as error:
            self.prepare_error = error
            self.call_from_thread(self.notify, error.message(), severity="error", timeout=60)
        finally:
            self._db_ready.set()
            self.call_from_thread(self._now_ready)
        self._warm()
        if self.prepare_error is None and self.WARM_SCREENS:
            self._on_ui_thread(self._build_screens)

    def _warm(self) -> None:
        """Still in the prepare thread, once the database is open: import what the first visit
        of each screen and tab would otherwise import on the keypress (its panes, the services
        they read, the views they render, the palette), so that a first visit costs what a
        second one does. Nothing is composed here; a failure only leaves a visit slower."""
        modules = list(WARM_MODULES)
        for screen in SCREENS:
            modules += [pane.partition(":")[0] for _id, _label, pane in screen_tabs(screen)]
        try:
            for name in modules:
                module = importlib.import_module(name)
                for value in vars(module).values():
                    services = getattr(value, "READ_SERVICES", None)
                    if isinstance(services, tuple) and services:
                        importlib.import_module(services[0])
        except Exception as exc:  # noqa: BLE001 - warming is an optimisation, never a failure
            from officedesk.error_log import log_error

            log_error(exc)
        self._warm_sounds()

    def _warm_sounds(self) -> None:
        """pypinyin loaded, and the titles' sounds other processes left pending worked out
        (search_sounds): a pinyin search then answers at once, and this process's own writes
        work theirs out as they go. A database it may not write only leaves them for later."""
        try:
            from officedesk.services.search import fill_sounds

            fill_sounds(self.ctx)
        except Exception as exc:  # noqa: BLE001 - an optimisation, never a failure
            from officedesk.error_log import log_error

            log_error(exc)

    def _build_screens(self) -> None:
        """Once the imports are warm: the screens not shown yet, built without showing them
        (the costliest first), so that their first visit costs what a second one does."""
        order = sorted(SCREENS, key=lambda screen: len(screen_tabs(screen)), reverse=True)
        self.run_worker(self._build_hidden(order), group="warm", exclusive=True)

    async def _build_hidden(self, modes: list[str]) -> None:
        from officedesk.screens.warming import warm_screens

        try:
            await warm_screens(self, modes)
        except Exception as exc:  # noqa: BLE001 - warming is an optimisation, never a failure
            from officedesk.error_log import log_error

            log_error(exc)

    def _filling(self, progress: "FillProgress") -> None:
        """From the prepare thread while the demo fills: the screens that wait say how far."""
        from officedesk.views.demo import fill_line

        line = fill_line(progress)

        def show() -> None:
            self.filling_line = line  # for a screen shown later, until the fill is over
            for screen in self.screen_stack:
                if screen.is_mounted and hasattr(screen, "show_filling"):
                    screen.show_filling(line)

        self._on_ui_thread(show)

    def _database_waits(self, waiting: bool) -> None:
        """The store's hook, called from the thread whose write waits for another program's
        lock: a toast while it waits (up to lock_wait), gone when the wait is over."""
        if waiting:
            toast = Notification(
                t("store.waiting"), severity="warning", timeout=self.ctx.store.lock_wait + 1
            )
            self._waiting_toasts.append(toast)
            self.post_message(Notify(toast))  # thread-safe, like notify()
        elif self._waiting_toasts:
            toast = self._waiting_toasts.pop(0)
            self._on_ui_thread(lambda: self._unnotify(toast))  # a no-op once it has expired

    def _on_ui_thread(self, callback: Callable[[], None]) -> None:
        if threading.get_ident() == self._thread_id:
            callback()
            return
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.call_from_thread(callback)

    def _now_ready(self) -> None:
        waiting, self._when_ready = self._when_ready, []
        failed, self._when_failed = self._when_failed, []
        if self.prepare_error is None:
            for callback in waiting:
                callback()
        else:
            for on_error in failed:
                on_error(self.prepare_error)

    def db_ready(self) -> bool:
        return self._db_ready.is_set() and self.prepare_error is None

    def when_ready(
        self,
        callback: Callable[[], None],
        on_error: Callable[[DomainError], None] | None = None,
    ) -> bool:
        """Run callback now if the database is open, else once it is (on the UI thread).
        Loads are queued here rather than parked in worker threads: a thread pool full of
        waiting loaders would leave no thread to open the database. True if run now."""
        if self._db_ready.is_set():
            if self.prepare_error is None:
                callback()
            elif on_error is not None:
                on_error(self.prepare_error)
            return True
        self._when_ready.append(callback)
        if on_error is not None:
            self._when_failed.append(on_error)
        return False

    def wait_ready(self) -> bool:
        """Called by data workers before their first query; False if the database failed or
        the app is closing (a worker must never outlive the app, waiting)."""
        while not self._db_ready.wait(0.05):
            if not self.is_running:
                return False
        return self.prepare_error is None

    def company_name(self) -> str:
        return self.ctx.settings.company or t("app.company_default")

    def day_text(self) -> str:
        """Workday, weekend, holiday (and which) or make-up workday, on the official calendar."""
        if self._day_text is None:
            from officedesk.views.day import day_status_text

            self._day_text = day_status_text(self.ctx.env())
        return self._day_text

    # ---- navigation -------------------------------------------------------------------------

    def action_go(self, screen: str) -> None:
        if screen in SCREENS:
            self.switch_mode(screen)

    def action_command_palette(self) -> None:
        """Textual's palette, with its placeholder in the user's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=t("tui.palette_placeholder"))
            )

    def action_help(self) -> None:
        from officedesk.screens.help import HelpScreen, key_group, key_words

        groups: dict[str, list[tuple[str, str]]] = {"steps": [], "navigation": [], "global": []}
        seen: set[str] = set()
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not enabled or binding.action in seen or not binding.description:
                continue
            seen.add(binding.action)
            entry = (self.get_key_display(binding), key_words(binding.description))
            groups[key_group(node, binding, app=self)].append(entry)
        self.push_screen(HelpScreen(t(f"screen.{self.current_mode}"), groups))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice is plain text, whatever the caller asks: they quote titles, names and
        reasons the user typed, and Textual would read `[@click=app.quit]` in a toast as an
        action. Widgets' and screens' notify() end here too."""
        super().notify(
            display_safe(message), title=title, severity=severity, timeout=timeout, markup=False
        )

    def action_search(self) -> None:
        from officedesk.screens.search import SearchScreen

        def chosen(hit: Any) -> None:
            if hit is not None:
                self.open_record(hit.kind, hit.ref_id, hit.code)

        self.push_screen(SearchScreen(), chosen)

    def find_records(self, query: str) -> list[Any]:
        from officedesk.services.search import search_fresh

        return search_fresh(self.ctx, query, limit=10)

    def open_record(self, kind: str, ref_id: int, code: str | None = None) -> None:
        """Jump to a record from Today, search or the palette."""
        self.switch_mode(KIND_SCREENS[kind])
        if kind == "task":
            self.call_after_refresh(lambda: self.screen.show_task(ref_id, code or str(ref_id)))
        else:
            self.call_after_refresh(lambda: self.screen.show_record(kind, ref_id))

    def open_filtered(self, kind: str, filters: dict[str, Any]) -> None:
        """Jump to a register's list with these filters set (Today's counts): the filter bar
        shows them and Esc clears them."""
        self.switch_mode(BY_NAME[kind].screen)
        self.call_after_refresh(lambda: self.screen.show_filtered(kind, filters))

    def new_record(self, kind: str) -> None:
        target = NEW_RECORDS[kind]
        self.switch_mode(target[0])
        self.call_after_refresh(lambda: self.screen.pane(target[1]).action_new())

    # ---- language and theme -----------------------------------------------------------------

    async def switch_language(self, lang: str) -> None:
        """Relabel everything now and remember the choice in the config file."""
        from officedesk.config import save_setting

        set_language(lang)
        self.ctx.lang = lang
        self._day_text = None
        save_setting("lang", lang)
        await self._relabel()
        self.refresh_bindings()

    def toggle_theme(self) -> None:
        from officedesk.config import save_setting

        dark = self.theme != THEMES["dark"]
        self.theme = THEMES["dark" if dark else "light"]
        save_setting("theme", "dark" if dark else "light")

    # ---- palette ----------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for kind in NEW_RECORDS:
            yield SystemCommand(
                t(f"cmd.new_{kind}"), t(f"cmd.new_{kind}.help"), partial(self.new_record, kind)
            )
        for index, name in enumerate(SCREENS, start=1):
            yield SystemCommand(
                t("cmd.go", screen=t(f"screen.{name}")),
                t("cmd.go.help", key=index),
                partial(self.switch_mode, name),
            )
        yield SystemCommand(t("cmd.search"), t("cmd.search.help"), self.action_search)
        other = "en" if current_language() == "zh" else "zh"
        yield SystemCommand(
            t(f"cmd.language.{other}"),
            t("cmd.language.help"),
            lambda: self.run_worker(self.switch_language(other)),
        )
        yield SystemCommand(t("cmd.theme"), t("cmd.theme.help"), self.toggle_theme)
        yield SystemCommand(t("cmd.help"), t("cmd.help.help"), self.action_help)
        yield SystemCommand(t("cmd.quit"), t("cmd.quit.help"), self.exit)


def run_app(
    ctx: AppContext, screen: str = "today", prepare: "Callable[[Progress], None] | None" = None
) -> None:
    OfficeDeskApp(ctx, screen=screen, prepare=prepare).run()
