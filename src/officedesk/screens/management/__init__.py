"""Management (管理): the office's own record keeping. The change journal is here now — every
operation anyone made, what it changed, and undo of your own last one; supplies, archives and
vehicles join as their registers land."""

from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType

from officedesk.errors import DomainError
from officedesk.i18n import label, t
from officedesk.screens.base import FunctionScreen
from officedesk.text import display_safe, local_time
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.record_form import ConfirmDialog
from officedesk.widgets.record_table import Column

local = local_time


# An operation's detail shows its first changes: the demo's fill wrote ten thousand, and
# rendering them all froze the workbench for seconds.
DETAIL_CHANGES = 200


class JournalPane(ListPane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "undo", "key.undo", id="journal.undo"),
        # Off the footer (the detail's last line names them), listed by `?`.
        Binding(
            "greater_than_sign",
            "changes(1)",
            "key.next_changes",
            id="journal.next_changes",
            show=False,
        ),
        Binding(
            "less_than_sign",
            "changes(-1)",
            "key.previous_changes",
            id="journal.previous_changes",
            show=False,
        ),
    ]
    TEXT_FILTER = "operator"
    # Which page of the shown operation's changes the detail shows: (operation id, first change).
    _changes_at: tuple[int, int] = (0, 0)

    def filter_specs(self) -> list[FilterSpec]:
        return [
            FilterSpec("mine", "flag", t("tui.journal_mine")),
            FilterSpec("operator", "text", t("field.operator"), width=20),
        ]

    def _operator(self) -> str | None:
        if self.filters.get("mine"):
            return self.ctx.operator
        return self.filters.get("operator")

    def columns(self) -> list[Column]:
        return [
            Column("at", t("field.at"), 16),
            Column("operator", t("field.operator"), 12),
            Column("operation", t("field.operation"), 0),
            Column("changes", t("tui.journal_changes"), 8, drop=1),
            Column("undone", t("tui.journal_undone"), 8),
        ]

    def cells(self, op: Any) -> list[Text]:
        return [
            Text(local(op.at)),
            Text(display_safe(op.operator)),
            Text(label("op", op.name)),
            Text(str(op.changes), justify="right"),
            Text(t("tui.journal_undone_mark") if op.undone else ""),
        ]

    def row_style(self, op: Any) -> str:
        return "dim strike" if op.undone else ""

    def count(self, session: Any) -> int:
        from officedesk.services.history import count_operations

        return count_operations(session, operator=self._operator())

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        from officedesk.services.history import list_operations

        return list_operations(session, operator=self._operator(), limit=limit, offset=offset)

    def load_detail(self, session: Any, op: Any) -> Any:
        """A page of the operation's changes (DETAIL_CHANGES of them), from the first unless
        `>`/`<` moved along this operation's; in the detail worker, as every load is."""
        from officedesk.services.history import count_changes, operation_changes

        shown_op, first = self._changes_at
        start = first if shown_op == op.id else 0
        changes = operation_changes(session, op.id, limit=DETAIL_CHANGES, offset=start)
        paged = start or len(changes) == DETAIL_CHANGES
        total = count_changes(session, op.id) if paged else len(changes)
        return op, changes, total, start

    def detail_view(self, detail: Any) -> RenderableType:
        from officedesk.views.history import describe_change

        op, changes, total, start = detail
        title = Text(f"{label('op', op.name)}  ", style="bold")
        title.append(f"{display_safe(op.operator)}  {local(op.at)}", style="dim")
        lines: list[RenderableType] = [title, Text("")]
        lines += [Text(display_safe(describe_change(change))) for change in changes]
        if total > len(changes):
            page = t(
                "journal.changes_page",
                first=start + 1,
                last=start + len(changes),
                total=total,
                n=DETAIL_CHANGES,
            )
            lines.append(Text(page, style="dim"))
        return Group(*lines)

    def action_changes(self, step: int) -> None:
        """`>` the next page of the shown operation's changes, `<` the one before."""
        if self.detail is None:
            return
        op, _changes, total, start = self.detail
        moved = start + step * DETAIL_CHANGES
        if 0 <= moved < total and moved != start:
            self._changes_at = (op.id, moved)
            self.refresh_detail()

    def action_undo(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self._undo()

        self.app.push_screen(ConfirmDialog(t("tui.undo_confirm")), confirmed)

    @work(thread=True, exclusive=True, group="undo")
    def _undo(self) -> None:
        from officedesk.services.history import undo_last
        from officedesk.views.history import undo_summary

        try:
            with self.ctx.write("undo") as session:
                result = undo_last(session)
        except DomainError as error:
            self.app.call_from_thread(self.app.notify, error.message(), severity="error")
            return
        self.app.call_from_thread(self._undone, undo_summary(result))

    def _undone(self, message: str) -> None:
        """Undo may change any register; the other screens reload when they are next shown."""
        self.app.notify(message)
        self.reload()


class ManagementScreen(FunctionScreen):
    NAME = "management"
    TABS: ClassVar[list[tuple[str, str, Any]]] = [
        ("tab-journal", "tab.journal", JournalPane),
    ]
