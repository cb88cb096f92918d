"""The supervision register (督查督办) in the workbench: every operation the CLI offers, from the
keyboard. Rules stay in services.task: the pane asks it which actions are legal and shows its
refusals; no query or rule is written here."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import BindingType

from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.task import COLUMNS, LIGHT_STYLES
from officedesk.widgets.columns import table_columns, words_width
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.pane_keys import record_keys, step_keys
from officedesk.widgets.record_form import (
    FormField,
    choice_field,
    date_field,
    filled,
    given,
    note_field,
    prefill,
    word_choices,
    word_field,
)
from officedesk.widgets.record_table import Column
from officedesk.widgets.register_pane import EditablePane, EditForm

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.task_schemas import TaskRead


def summary(result: Any, key: str) -> str:
    tasks = result if isinstance(result, list) else [result]
    first = tasks[0]
    return t(
        key,
        n=len(tasks),
        codes=t("list.sep").join(task.code for task in tasks),
        code=first.code,
        title=first.title,
        due=first.due.isoformat(),
    )


# The steps that take a note only: the step → (its service, the notice's key).
NOTED_STEPS = {
    "start": ("start_task", "task.started"),
    "reopen": ("reopen_task", "task.reopened"),
    "remind": ("remind_task", "task.reminded"),
}


# Step keys: the step → the key pressed (the footer shows only the legal ones).
STEP_KEYS = (
    ("start", "s"),
    ("done", "d"),
    ("evaluate", "v"),
    ("cancel", "c"),
    ("reopen", "o"),
    ("remind", "r"),
    ("extend", "x"),
    ("log", "l"),
)


class SupervisionPane(EditablePane):
    BINDINGS: ClassVar[list[BindingType]] = [
        *record_keys("task"),
        *step_keys("task", "transition", STEP_KEYS, "key."),
    ]
    READ_SERVICES = ("officedesk.services.task", "count_tasks", "list_tasks")
    DEFAULT_SORT = "due"
    DEFAULT_STATE = "open"

    # ---- list ---------------------------------------------------------------------------------

    def filter_specs(self) -> list[FilterSpec]:
        from officedesk.services.task import PRIORITIES, SOURCES, STATES

        return [
            self.state_filter("state", STATES),
            FilterSpec("dept", "text", t("field.dept"), width=14),
            FilterSpec("text", "text", t("tui.filter_text"), width=24),
            FilterSpec("source", "choice", t("field.source"), word_choices("source", SOURCES)),
            FilterSpec(
                "priority", "choice", t("field.priority"), word_choices("priority", PRIORITIES)
            ),
            FilterSpec("overdue", "flag", t("tui.flag_overdue")),
            FilterSpec("due_soon", "flag", t("tui.flag_due_soon")),
        ]

    def columns(self) -> list[Column]:
        """What a row must say at a glance; priority and working days left are in the detail
        (urgent rows are bold, overdue rows red, and the alert column says it in words)."""
        from officedesk.services.task import LIGHTS, STATES

        light = words_width("field.light", "light", LIGHTS)
        state = words_width("field.state", "state", STATES)
        return table_columns(COLUMNS, {"light": light, "state": state})

    def cells(self, task: "TaskRead") -> list[Text]:
        light = (
            Text(label("light", task.light), style=LIGHT_STYLES[task.light])
            if task.light
            else Text("")
        )
        return [
            Text(task.code),
            light,
            Text(display_safe(task.title)),
            Text(display_safe(task.dept or "")),
            Text(display_safe(task.owner or "")),
            Text(task.due.isoformat() + ("*" if task.calendar_estimated else "")),
            Text(label("state", task.state)),
        ]

    def row_style(self, task: "TaskRead") -> str:
        style = "red" if task.light == "red" else ""
        if task.priority == "urgent" and task.light:
            style = f"{style} bold".strip()
        return style

    def make_filter(self) -> Any:
        from officedesk.services.task import TaskFilter

        return TaskFilter(
            states=self.chosen_states("open"),
            overdue=bool(self.filters.get("overdue")),
            due_soon=bool(self.filters.get("due_soon")),
            sort=self.sort or "due",
            **self.picked("dept", "source", "priority", "text"),
        )

    def load_detail(self, session: Any, row: "TaskRead") -> "TaskRead":
        from officedesk.services.task import get_task

        return get_task(session, row.id, with_log=True)

    def detail_view(self, detail: "TaskRead") -> RenderableType:
        from officedesk.views.task import task_detail_view

        return task_detail_view(detail)

    def show_task(self, task_id: int, code: str) -> None:
        """From Today, search or the palette: every state, filtered down to the item."""
        self.focus_record(task_id, code, state="all")

    # ---- which keys apply ---------------------------------------------------------------------

    def binding_state(self) -> Any:
        return (
            self.detail.state if self.detail is not None else None,
            bool(self.table.marked),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from officedesk.services.task.states import BATCH_OPERATIONS, offered_operations

        if action == "edit":
            return self.detail is not None
        if action != "transition":
            return True
        name = str(parameters[0])
        if self.table.marked:
            return name in BATCH_OPERATIONS
        return self.detail is not None and name in offered_operations(self.detail.state)

    # ---- forms --------------------------------------------------------------------------------

    def _task_fields(self, task: "TaskRead | None") -> list[FormField]:
        from officedesk.services.task import PRIORITIES, SOURCES

        person = t("tui.name_hint")
        fields = [
            FormField("title", t("field.title"), value=prefill(task, "title"), required=True),
            FormField("detail", t("field.detail"), "long", value=prefill(task, "detail")),
            word_field("source", "source", SOURCES, task, "leadership"),
            FormField("source_ref", t("field.source_ref"), value=prefill(task, "source_ref")),
            FormField("leader", t("field.task_leader"), value=prefill(task, "leader")),
            FormField("category", t("field.category"), value=prefill(task, "category")),
            word_field("priority", "priority", PRIORITIES, task, "normal"),
            FormField("dept", t("field.dept"), value=prefill(task, "dept"), placeholder=person),
            FormField("owner", t("field.owner"), value=prefill(task, "owner"), placeholder=person),
        ]
        if task is None:
            fields.append(date_field("assigned_on", t("field.assigned_on")))
        fields.append(date_field("due", t("field.due"), prefill(task, "due")))
        return fields

    def action_new(self) -> None:
        from officedesk.services.task import create_task

        def done(task: "TaskRead") -> str:
            self.show_task(task.id, task.code)
            self._warn(task)
            return summary(task, "task.added")

        self.open_form(
            t("tui.new_task"),
            self._task_fields(None),
            "task.add",
            lambda session, values: create_task(session, {"title": "", **filled(values)}),
            done,
        )

    def edit_form(self, task: "TaskRead") -> EditForm:
        from officedesk.services.task import update_task

        return EditForm(
            t("tui.edit_task", code=task.code),
            self._task_fields(task),
            "task.edit",
            lambda session, ref, values: update_task(session, ref, given(values)),
            lambda result: self._warn(result) or summary(result, "task.edited"),
        )

    def _warn(self, task: "TaskRead") -> None:
        """The item's warnings as toasts (a due date on a rest day is kept, and said)."""
        from officedesk.services.task import task_notices

        for notice in task_notices(self.ctx.calendar, task):
            self.app.notify(notice.message(), severity="warning")

    def action_transition(self, name: str) -> None:
        self.open_step("transition", name)

    def _simple(
        self,
        name: str,
        targets: list["TaskRead"],
        fields: list[FormField],
        call: Callable[[Any, int, dict[str, Any]], Any],
        done_key: str,
        submit: str | None = None,
        operation: str | None = None,
    ) -> None:
        self.open_batch(
            t(f"tui.{name}_title", codes=t("list.sep").join(task.code for task in targets)),
            fields,
            operation or f"task.{name}",
            [task.id for task in targets],
            call,
            lambda result: summary(result, done_key),
            submit_label=submit or t(f"key.{name}"),
        )

    def _noted(self, name: str, targets: list["TaskRead"]) -> None:
        """A step that takes a note only: start, reopen, remind."""
        from officedesk.services import task as svc

        call = getattr(svc, NOTED_STEPS[name][0])
        fields = [note_field()]
        self._simple(
            name, targets, fields, lambda s, r, v: call(s, r, v["note"]), NOTED_STEPS[name][1]
        )

    def step_form(self, name: str) -> Callable[[list[Any]], None]:
        if name in NOTED_STEPS:
            return lambda targets: self._noted(name, targets)
        return super().step_form(name)

    def _form_done(self, targets: list["TaskRead"]) -> None:
        from officedesk.services.task import complete_task

        fields = [
            note_field(),
            date_field("done_on", t("field.done_on")),
        ]
        self._simple(
            "done",
            targets,
            fields,
            lambda s, r, v: complete_task(s, r, v["note"], v["done_on"] or None),
            "task.completed",
        )

    def _form_evaluate(self, targets: list["TaskRead"]) -> None:
        from officedesk.services.task import evaluate_task

        fields = [
            choice_field("score", t("field.score"), ((f"{n}", str(n)) for n in range(5, 0, -1))),
            FormField("comment", t("field.comment"), "long"),
        ]

        def call(session: Any, ref: int, values: dict[str, Any]) -> Any:
            score = values["score"]
            return evaluate_task(session, ref, int(score) if score else 0, values["comment"])

        self._simple("evaluate", targets, fields, call, "task.evaluated")

    def _form_cancel(self, targets: list["TaskRead"]) -> None:
        """Cancelling closes an item for good (undo aside): this form is the confirmation, and
        the reason it asks for is required."""
        from officedesk.services.task import cancel_task

        fields = [FormField("reason", t("field.cancel_reason"), "long", required=True)]
        self._simple(
            "cancel",
            targets,
            fields,
            lambda s, r, v: cancel_task(s, r, v["reason"]),
            "task.cancelled",
            submit=t("tui.confirm_cancel"),
        )

    def _form_extend(self, targets: list["TaskRead"]) -> None:
        from officedesk.services.task import decide_extension, request_extension

        pending = len(targets) == 1 and any(
            e.status == "pending" for e in (targets[0].extensions or [])
        )
        if pending:
            choices = ((t("tui.approve"), "approve"), (t("tui.refuse"), "refuse"))
            fields = [
                choice_field("decision", t("tui.decision"), choices, "approve"),
                note_field(),
            ]
            self._simple(
                "decide",
                targets,
                fields,
                lambda s, r, v: decide_extension(s, r, v["decision"] == "approve", v["note"]),
                "task.extension_decided",
                submit=t("tui.save"),
                operation="task.extend",
            )
            return

        def request(session: Any, ref: int, values: dict[str, Any]) -> Any:
            task = request_extension(session, ref, values["due"] or "", values["reason"])
            if values.get("approve"):
                task = decide_extension(session, ref, True, "")
            return task

        fields = [
            date_field("due", t("tui.new_due"), required=True),
            FormField("reason", t("field.reason"), "long", required=True),
        ]
        if self.ctx.settings.self_approve_extensions:  # else someone else decides (the rule)
            fields.append(FormField("approve", t("tui.approve_now"), "flag"))
        self._simple("extend", targets, fields, request, "task.extension_requested")

    def _form_log(self, targets: list["TaskRead"]) -> None:
        from officedesk.services.task import add_log_entry

        fields = [
            choice_field(
                "kind", t("field.kind"), word_choices("log", ("note", "feedback")), "note"
            ),
            FormField("text", t("field.text"), "long", required=True),
        ]
        self._simple(
            "log",
            targets[:1],
            fields,
            lambda s, r, v: add_log_entry(s, r, v["text"], v["kind"] or ""),
            "task.logged",
        )
