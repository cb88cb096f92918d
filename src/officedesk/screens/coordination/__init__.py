"""Coordination (协调): the directory now; meetings, coordination matters and public relations
join as their registers land."""

from typing import Any, ClassVar

from officedesk.screens.base import FunctionScreen
from officedesk.screens.coordination.directory import DepartmentsPane, PeoplePane


class CoordinationScreen(FunctionScreen):
    NAME = "coordination"
    TABS: ClassVar[list[tuple[str, str, Any]]] = [
        ("tab-departments", "tab.departments", DepartmentsPane),
        ("tab-people", "tab.people", PeoplePane),
    ]

    def show_record(self, kind: str, ref_id: int) -> None:
        tab = "tab-departments" if kind == "department" else "tab-people"
        self.pane(tab).show_by_id(ref_id)
