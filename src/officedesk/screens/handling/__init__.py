"""Handling (承办): the registers the office works through every day."""

from typing import TYPE_CHECKING, Any, ClassVar

from officedesk.registry import RECORD_OPENERS, RECORD_TABS, screen_tabs
from officedesk.screens.base import FunctionScreen

if TYPE_CHECKING:
    from officedesk.screens.handling.task import SupervisionPane


class HandlingScreen(FunctionScreen):
    NAME = "handling"
    TABS: ClassVar[list[tuple[str, str, Any]]] = screen_tabs(NAME)

    def show_task(self, task_id: int, code: str) -> None:
        pane: SupervisionPane = self.pane(RECORD_TABS["task"])
        pane.show_task(task_id, code)

    def show_record(self, kind: str, ref_id: int) -> None:
        """Open a register's record: its pane filters down to it and puts the cursor on it (a
        letter: the usage log entry that issued it)."""
        pane = self.pane(RECORD_TABS[kind])
        getattr(pane, RECORD_OPENERS.get(kind, "show_record"))(ref_id)

    def show_filtered(self, kind: str, filters: dict[str, Any]) -> None:
        """A register's list with these filters on top of its default ones."""
        self.pane(RECORD_TABS[kind]).show_filtered(filters)
