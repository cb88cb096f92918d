"""Handling (承办): the registers the office works through every day."""

from typing import Any, ClassVar

from officedesk.screens.base import FunctionScreen
from officedesk.screens.supervision import SupervisionPane


class HandlingScreen(FunctionScreen):
    NAME = "handling"
    TABS: ClassVar[list[tuple[str, str, Any]]] = [
        ("tab-supervision", "tab.supervision", SupervisionPane),
    ]

    def show_task(self, task_id: int, code: str) -> None:
        pane: SupervisionPane = self.pane("tab-supervision")
        pane.show_task(task_id, code)
