"""The directory in the workbench: departments (internal, superior bodies, outside organisations)
and people, found by name, pinyin or initials, added and edited through forms."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType

from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.directory import DEPARTMENT_COLUMNS, PERSON_COLUMNS
from officedesk.widgets.columns import table_columns
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.record_form import FormField, RecordForm
from officedesk.widgets.record_table import Column

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.directory_schemas import DepartmentRead, PersonRead


def _kind_choices() -> tuple[tuple[str, str], ...]:
    """The department kinds the model allows, worded (the model holds the list)."""
    from officedesk.models.directory import DEPT_KINDS

    return tuple((label("kind", k), k) for k in DEPT_KINDS)


def pairs_view(title: str, pairs: list[tuple[str, str]]) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row(Text(display_safe(title), style="bold"), Text(""))
    for key, value in pairs:
        table.add_row(Text(key), Text(display_safe(value)))
    return table


class DepartmentsPane(ListPane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.new", id="dept.new"),
        Binding("e", "edit", "key.edit", id="dept.edit"),
    ]

    def filter_specs(self) -> list[FilterSpec]:
        kinds = _kind_choices()
        return [
            FilterSpec("kind", "choice", t("field.kind"), kinds),
            FilterSpec("text", "text", t("tui.filter_name"), width=28),
        ]

    def columns(self) -> list[Column]:
        return table_columns(DEPARTMENT_COLUMNS)

    def cells(self, dept: "DepartmentRead") -> list[Text]:
        return [
            Text(display_safe(dept.name)),
            Text(display_safe(dept.code or "")),
            Text(label("kind", dept.kind)),
            Text(display_safe(dept.parent or "")),
            Text(str(dept.people), justify="right"),
        ]

    def count(self, session: Any) -> int:
        from officedesk.services.directory import count_departments

        return count_departments(
            session, kind=self.filters.get("kind"), text=self.filters.get("text")
        )

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        from officedesk.services.directory import list_departments

        page = list_departments(
            session,
            kind=self.filters.get("kind"),
            text=self.filters.get("text"),
            limit=limit,
            offset=offset,
        )
        return page.items

    def detail_view(self, dept: "DepartmentRead") -> RenderableType:
        return pairs_view(
            dept.name,
            [
                (t("field.code"), dept.code or ""),
                (t("field.kind"), label("kind", dept.kind)),
                (t("field.parent"), dept.parent or ""),
                (t("field.people"), str(dept.people)),
                (t("field.note"), dept.note),
            ],
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.detail is not None if action == "edit" else True

    def show_by_id(self, dept_id: int) -> None:
        from officedesk.services.directory import get_department

        self.run_worker(lambda: self._find(get_department, dept_id), thread=True)

    def _fields(self, dept: "DepartmentRead | None") -> list[FormField]:
        kinds = _kind_choices()
        return [
            FormField("name", t("field.name"), value=dept.name if dept else "", required=True),
            FormField("code", t("field.code"), value=(dept.code or "") if dept else ""),
            FormField(
                "kind",
                t("field.kind"),
                "choice",
                value=dept.kind if dept else "internal",
                choices=kinds,
                required=True,
            ),
            FormField(
                "parent",
                t("field.parent"),
                value=(dept.parent or "") if dept else "",
                placeholder=t("tui.name_hint"),
            ),
            FormField("note", t("field.note"), "long", value=dept.note if dept else ""),
        ]

    def action_new(self) -> None:
        from officedesk.services.directory import create_department

        def apply(session: Any, values: dict[str, Any]) -> Any:
            return create_department(session, {k: v for k, v in values.items() if v is not None})

        def done(dept: "DepartmentRead") -> str:
            self.focus_record(dept.id, dept.name)
            return t("dept.added", name=dept.name, id=dept.id)

        form = RecordForm(t("tui.new_dept"), self._fields(None), self.saver("dept.add", apply))
        self.open_form(form, done)

    def action_edit(self) -> None:
        from officedesk.services.directory import update_department

        dept = self.detail
        if dept is None:
            return

        def apply(session: Any, values: dict[str, Any]) -> Any:
            data = {k: v for k, v in values.items() if v is not None}
            return update_department(session, str(dept.id), data)

        form = RecordForm(
            t("tui.edit_dept", name=dept.name), self._fields(dept), self.saver("dept.edit", apply)
        )
        self.open_form(form, lambda d: t("dept.edited", name=d.name, id=d.id))


class PeoplePane(ListPane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.new", id="person.new"),
        Binding("e", "edit", "key.edit", id="person.edit"),
    ]

    def filter_specs(self) -> list[FilterSpec]:
        return [
            FilterSpec("dept", "text", t("field.dept"), width=16),
            FilterSpec("text", "text", t("tui.filter_name"), width=28),
        ]

    def columns(self) -> list[Column]:
        return table_columns(PERSON_COLUMNS)

    def cells(self, person: "PersonRead") -> list[Text]:
        return [
            Text(display_safe(person.name)),
            Text(display_safe(person.dept or "")),
            Text(display_safe(person.title)),
            Text(display_safe(person.phone)),
            Text(display_safe(person.email)),
        ]

    def count(self, session: Any) -> int:
        from officedesk.services.directory import count_people

        return count_people(session, dept=self.filters.get("dept"), text=self.filters.get("text"))

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        from officedesk.services.directory import list_people

        page = list_people(
            session,
            dept=self.filters.get("dept"),
            text=self.filters.get("text"),
            limit=limit,
            offset=offset,
        )
        return page.items

    def detail_view(self, person: "PersonRead") -> RenderableType:
        return pairs_view(
            person.name,
            [
                (t("field.dept"), person.dept or ""),
                (t("field.job_title"), person.title),
                (t("field.phone"), person.phone),
                (t("field.email"), person.email),
            ],
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.detail is not None if action == "edit" else True

    def show_by_id(self, person_id: int) -> None:
        from officedesk.services.directory import get_person

        self.run_worker(lambda: self._find(get_person, person_id), thread=True)

    def _fields(self, person: "PersonRead | None") -> list[FormField]:
        return [
            FormField("name", t("field.name"), value=person.name if person else "", required=True),
            FormField(
                "dept",
                t("field.dept"),
                value=(person.dept or "") if person else "",
                placeholder=t("tui.name_hint"),
            ),
            FormField("title", t("field.job_title"), value=person.title if person else ""),
            FormField("phone", t("field.phone"), value=person.phone if person else ""),
            FormField("email", t("field.email"), value=person.email if person else ""),
        ]

    def action_new(self) -> None:
        from officedesk.services.directory import create_person

        def apply(session: Any, values: dict[str, Any]) -> Any:
            return create_person(session, {k: v for k, v in values.items() if v is not None})

        def done(person: "PersonRead") -> str:
            self.focus_record(person.id, person.name)
            return t("person.added", name=person.name, id=person.id)

        form = RecordForm(t("tui.new_person"), self._fields(None), self.saver("contact.add", apply))
        self.open_form(form, done)

    def action_edit(self) -> None:
        from officedesk.services.directory import update_person

        person = self.detail
        if person is None:
            return

        def apply(session: Any, values: dict[str, Any]) -> Any:
            data = {k: v for k, v in values.items() if v is not None}
            return update_person(session, str(person.id), data)

        form = RecordForm(
            t("tui.edit_person", name=person.name),
            self._fields(person),
            self.saver("contact.edit", apply),
        )
        self.open_form(form, lambda p: t("person.edited", name=p.name, id=p.id))
