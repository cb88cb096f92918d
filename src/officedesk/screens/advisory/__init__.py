"""Advisory (参谋): what the director brings to the leaders. The assessment is here now — on-time
completion of supervision items per department, category or source, derived from the register,
never typed in; policies, reports, decisions and plans join as their registers land."""

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from officedesk.errors import DomainError
from officedesk.i18n import t
from officedesk.screens.base import FunctionScreen
from officedesk.widgets.filter_bar import FilterBar, FilterSpec
from officedesk.widgets.late import deliver

# services.assessment.GROUPINGS, repeated so that this screen paints before the database layer
# is imported (tests/test_tui.py checks they agree).
GROUPINGS = ("dept", "category", "source")


class AssessmentPane(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "reload", "key.reload", id="assessment.reload"),
    ]
    DEFAULT_CSS = """
    AssessmentPane { height: 1fr; }
    AssessmentPane > VerticalScroll { height: 1fr; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.filters: dict[str, Any] = {"by": "dept"}

    def compose(self) -> ComposeResult:
        groupings = tuple((t(f"tui.assessment.by.{g}"), g) for g in GROUPINGS)
        yield FilterBar(
            [
                FilterSpec("by", "choice", t("tui.assessment.by"), groupings, default="dept"),
                FilterSpec("since", "text", t("tui.assessment.since"), width=16),
                FilterSpec("until", "text", t("tui.assessment.until"), width=16),
                FilterSpec("category", "text", t("field.category"), width=16),
            ]
        )
        with VerticalScroll():
            yield Static(Text(t("tui.loading")), id="assessment-body")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.app.when_ready(  # type: ignore[attr-defined]
            lambda: self._load(dict(self.filters), self.size.width or 100)
        )

    @on(FilterBar.Changed)
    def _changed(self, event: FilterBar.Changed) -> None:
        self.filters = {**event.values, "by": event.values.get("by") or "dept"}
        self.reload()

    @work(thread=True, exclusive=True, group="assessment")
    def _load(self, filters: dict[str, Any], width: int) -> None:
        from officedesk.services.assessment import assess
        from officedesk.views.assessment import assessment_view

        try:
            with self.app.ctx.read() as session:  # type: ignore[attr-defined]
                result = assess(
                    session,
                    by=filters["by"],
                    since=filters.get("since"),
                    until=filters.get("until"),
                    category=filters.get("category"),
                )
        except DomainError as error:
            message = error.message()
            deliver(self, lambda: self.query_one(FilterBar).show_error(message))
            return
        view = assessment_view(result, width - 2)
        deliver(self, lambda: self.query_one("#assessment-body", Static).update(view))

    def action_reload(self) -> None:
        self.reload()


class AdvisoryScreen(FunctionScreen):
    NAME = "advisory"
    TABS: ClassVar[list[tuple[str, str, Any]]] = [
        ("tab-assessment", "tab.assessment", AssessmentPane),
    ]
