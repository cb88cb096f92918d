"""Coordination (协调): the directory now; meetings, coordination matters and public relations
join as their registers land."""

from typing import Any, ClassVar

from officedesk.registry import RECORD_TABS, screen_tabs
from officedesk.screens.base import FunctionScreen


class CoordinationScreen(FunctionScreen):
    NAME = "coordination"
    TABS: ClassVar[list[tuple[str, str, Any]]] = screen_tabs(NAME)

    def show_record(self, kind: str, ref_id: int) -> None:
        self.pane(RECORD_TABS[kind]).show_by_id(ref_id)
