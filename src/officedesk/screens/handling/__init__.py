"""Handling (承办): the registers the office works through every day."""

from typing import Any, ClassVar

from officedesk.screens.base import FunctionScreen
from officedesk.screens.handling.task import SupervisionPane

# Which tab shows a record of each searchable kind (search, Today and the palette open it there).
RECORD_TABS = {
    "task": "tab-supervision",
    "incoming": "tab-incoming",
    "outgoing": "tab-outgoing",
    "seal": "tab-seals",
    "visit": "tab-visits",
    "award": "tab-awards",
}


class HandlingScreen(FunctionScreen):
    NAME = "handling"
    TABS: ClassVar[list[tuple[str, str, Any]]] = [
        ("tab-supervision", "tab.supervision", SupervisionPane),
        ("tab-incoming", "tab.incoming", "officedesk.screens.handling.incoming:IncomingPane"),
        ("tab-outgoing", "tab.outgoing", "officedesk.screens.handling.outgoing:OutgoingPane"),
        ("tab-seals", "tab.seals", "officedesk.screens.handling.seal:SealPane"),
        ("tab-seal-uses", "tab.seal_uses", "officedesk.screens.handling.seal_use:SealUsePane"),
        ("tab-visits", "tab.visits", "officedesk.screens.handling.visit:VisitPane"),
        ("tab-awards", "tab.awards", "officedesk.screens.handling.award:AwardPane"),
    ]

    def show_task(self, task_id: int, code: str) -> None:
        pane: SupervisionPane = self.pane("tab-supervision")
        pane.show_task(task_id, code)

    def show_record(self, kind: str, ref_id: int) -> None:
        """Open a register's record: its pane filters down to it and puts the cursor on it."""
        self.pane(RECORD_TABS[kind]).show_record(ref_id)
