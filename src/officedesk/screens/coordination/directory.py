"""The directory in the workbench: departments (internal, superior bodies, outside organisations)
and people, found by name, pinyin or initials, added and edited through forms."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import BindingType

from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.directory import DEPARTMENT_COLUMNS, PERSON_COLUMNS
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.pane_keys import record_keys
from officedesk.widgets.record_form import (
    FormField,
    given,
    prefill,
    word_choices,
    word_field,
)
from officedesk.widgets.register_pane import EditablePane, EditForm

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.directory_schemas import DepartmentRead, PersonRead


def _dept_kinds() -> tuple[str, ...]:
    """The department kinds the model allows (the model holds the list)."""
    from officedesk.models.directory import DEPT_KINDS

    return DEPT_KINDS


def pairs_view(title: str, pairs: list[tuple[str, str]]) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row(Text(display_safe(title), style="bold"), Text(""))
    for key, value in pairs:
        table.add_row(Text(key), Text(display_safe(value)))
    return table


class DirectoryPane(EditablePane):
    """A directory list: counted and listed by keyword filters, a record added or edited through
    one form. Subclasses name the services, the filters and the notices."""

    FILTER_NAMES: tuple[str, ...] = ()  # the service's keyword filters, as in `self.filters`
    SERVICES = ("", "", "", "", "")  # count, list, get, create, update in services.directory
    OPERATIONS = ("", "")  # the journaled add and edit
    TITLES = ("", "")  # the new and edit form's titles (edit: {name})
    NOTICES = ("", "")  # after an add, after an edit ({name}, {id})

    def _service(self, index: int) -> Callable[..., Any]:
        from officedesk.services import directory

        return getattr(directory, self.SERVICES[index])

    def count(self, session: Any) -> int:
        return self._service(0)(session, **self.picked(*self.FILTER_NAMES))

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        filters = self.picked(*self.FILTER_NAMES)
        return self._service(1)(session, **filters, limit=limit, offset=offset).items

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.detail is not None if action == "edit" else True

    def show_by_id(self, ref_id: int) -> None:
        self.find_by_name(self._service(2), ref_id)

    def fields(self, record: Any) -> list[FormField]:
        raise NotImplementedError

    def action_new(self) -> None:
        create = self._service(3)

        def done(record: Any) -> str:
            self.focus_record(record.id, record.name)
            return t(self.NOTICES[0], name=record.name, id=record.id)

        self.open_form(
            t(self.TITLES[0]),
            self.fields(None),
            self.OPERATIONS[0],
            lambda session, values: create(session, given(values)),
            done,
        )

    def edit_form(self, record: Any) -> EditForm:
        update = self._service(4)
        return EditForm(
            t(self.TITLES[1], name=record.name),
            self.fields(record),
            self.OPERATIONS[1],
            lambda session, ref, values: update(session, str(ref), given(values)),
            lambda saved: t(self.NOTICES[1], name=saved.name, id=saved.id),
        )


class DepartmentsPane(DirectoryPane):
    BINDINGS: ClassVar[list[BindingType]] = record_keys("dept")
    VIEW_COLUMNS = DEPARTMENT_COLUMNS
    FILTER_NAMES = ("kind", "text")
    SERVICES = (
        "count_departments",
        "list_departments",
        "get_department",
        "create_department",
        "update_department",
    )
    OPERATIONS = ("dept.add", "dept.edit")
    TITLES = ("tui.new_dept", "tui.edit_dept")
    NOTICES = ("dept.added", "dept.edited")

    def filter_specs(self) -> list[FilterSpec]:
        return [
            FilterSpec("kind", "choice", t("field.kind"), word_choices("kind", _dept_kinds())),
            FilterSpec("text", "text", t("tui.filter_name"), width=28),
        ]

    def cells(self, dept: "DepartmentRead") -> list[Text]:
        return [
            Text(display_safe(dept.name)),
            Text(display_safe(dept.code or "")),
            Text(label("kind", dept.kind)),
            Text(display_safe(dept.parent or "")),
            Text(str(dept.people), justify="right"),
        ]

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

    def fields(self, dept: "DepartmentRead | None") -> list[FormField]:
        return [
            FormField("name", t("field.name"), value=prefill(dept, "name"), required=True),
            FormField("code", t("field.code"), value=prefill(dept, "code")),
            word_field("kind", "kind", _dept_kinds(), dept, "internal"),
            FormField(
                "parent",
                t("field.parent"),
                value=prefill(dept, "parent"),
                placeholder=t("tui.name_hint"),
            ),
            FormField("note", t("field.note"), "long", value=prefill(dept, "note")),
        ]


class PeoplePane(DirectoryPane):
    BINDINGS: ClassVar[list[BindingType]] = record_keys("person")
    VIEW_COLUMNS = PERSON_COLUMNS
    FILTER_NAMES = ("dept", "text")
    SERVICES = ("count_people", "list_people", "get_person", "create_person", "update_person")
    OPERATIONS = ("contact.add", "contact.edit")
    TITLES = ("tui.new_person", "tui.edit_person")
    NOTICES = ("person.added", "person.edited")

    def filter_specs(self) -> list[FilterSpec]:
        return [
            FilterSpec("dept", "text", t("field.dept"), width=16),
            FilterSpec("text", "text", t("tui.filter_name"), width=28),
        ]

    def cells(self, person: "PersonRead") -> list[Text]:
        return [
            Text(display_safe(person.name)),
            Text(display_safe(person.dept or "")),
            Text(display_safe(person.title)),
            Text(display_safe(person.phone)),
            Text(display_safe(person.email)),
        ]

    def detail_view(self, person: "PersonRead") -> RenderableType:
        return pairs_view(
            person.name,
            [
                (t("field.dept"), person.dept or ""),
                (t("field.job_title"), person.title),
                (t("field.phone"), person.phone),
                (t("field.email"), person.email),
                *([(t("field.principal"), t("person.principal"))] if person.principal else []),
            ],
        )

    def fields(self, person: "PersonRead | None") -> list[FormField]:
        return [
            FormField("name", t("field.name"), value=prefill(person, "name"), required=True),
            FormField(
                "dept",
                t("field.dept"),
                value=prefill(person, "dept"),
                placeholder=t("tui.name_hint"),
            ),
            FormField("title", t("field.job_title"), value=prefill(person, "title")),
            FormField("phone", t("field.phone"), value=prefill(person, "phone")),
            FormField("email", t("field.email"), value=prefill(person, "email")),
            FormField(
                "principal", t("field.principal"), "flag", prefill(person, "principal", False)
            ),
        ]
