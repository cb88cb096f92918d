"""The supervision register (督查督办) in the workbench: every operation the CLI offers, from the
keyboard. Rules stay in services.tasks: the pane asks it which actions are legal and shows its
refusals; no query or rule is written here."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType

from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.task import COLUMNS, LIGHT_STYLES
from officedesk.widgets.columns import table_columns
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.record_form import FormField, RecordForm
from officedesk.widgets.record_table import Column

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.task_schemas import TaskRead


def fit(*values: str, minimum: int = 2) -> int:
    return max(minimum, *(cell_len(v) for v in values))


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


class SupervisionPane(ListPane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.new", id="task.new"),
        Binding("e", "edit", "key.edit", id="task.edit"),
        Binding("s", "transition('start')", "key.start", id="task.start"),
        Binding("d", "transition('done')", "key.done", id="task.done"),
        Binding("v", "transition('evaluate')", "key.evaluate", id="task.evaluate"),
        Binding("c", "transition('cancel')", "key.cancel", id="task.cancel"),
        Binding("o", "transition('reopen')", "key.reopen", id="task.reopen"),
        Binding("r", "transition('remind')", "key.remind", id="task.remind"),
        Binding("x", "transition('extend')", "key.extend", id="task.extend"),
        Binding("l", "transition('log')", "key.log", id="task.log"),
    ]
    DEFAULT_SORT = "due"

    # ---- list ---------------------------------------------------------------------------------

    def default_filters(self) -> dict[str, Any]:
        return {"state": "open"}

    def filter_specs(self) -> list[FilterSpec]:
        from officedesk.services.task import PRIORITIES, SOURCES, STATES

        states = [(t("tui.state_open"), "open"), (t("tui.state_all"), "all")]
        states += [(label("state", s), s) for s in STATES]
        return [
            FilterSpec("state", "choice", t("field.state"), tuple(states), default="open"),
            FilterSpec("dept", "text", t("field.dept"), width=14),
            FilterSpec("text", "text", t("tui.filter_text"), width=24),
            FilterSpec(
                "source",
                "choice",
                t("field.source"),
                tuple((label("source", s), s) for s in SOURCES),
            ),
            FilterSpec(
                "priority",
                "choice",
                t("field.priority"),
                tuple((label("priority", p), p) for p in PRIORITIES),
            ),
            FilterSpec("overdue", "flag", t("tui.flag_overdue")),
            FilterSpec("due_soon", "flag", t("tui.flag_due_soon")),
        ]

    def columns(self) -> list[Column]:
        """What a row must say at a glance; priority and working days left are in the detail
        (urgent rows are bold, overdue rows red, and the alert column says it in words)."""
        from officedesk.services.task import LIGHTS, STATES

        light = fit(t("field.light"), *(label("light", x) for x in LIGHTS))
        state = fit(t("field.state"), *(label("state", s) for s in STATES))
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

    def _filter(self) -> Any:
        from officedesk.services.task import TaskFilter

        values = self.filters
        state = values.get("state") or "open"
        return TaskFilter(
            states=None if state == "open" else [state],
            dept=values.get("dept"),
            source=values.get("source"),
            priority=values.get("priority"),
            overdue=bool(values.get("overdue")),
            due_soon=bool(values.get("due_soon")),
            text=values.get("text"),
            sort=self.sort or "due",
        )

    def count(self, session: Any) -> int:
        from officedesk.services.task import count_tasks

        return count_tasks(session, self._filter())

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        from officedesk.services.task import list_tasks

        return list_tasks(session, self._filter(), limit=limit, offset=offset).items

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

        hint = t("tui.date_hint")
        fields = [
            FormField("title", t("field.title"), value=task.title if task else "", required=True),
            FormField("detail", t("field.detail"), "long", value=task.detail if task else ""),
            FormField(
                "source",
                t("field.source"),
                "choice",
                value=task.source if task else "leadership",
                choices=tuple((label("source", s), s) for s in SOURCES),
                required=True,
            ),
            FormField("source_ref", t("field.source_ref"), value=task.source_ref if task else ""),
            FormField("category", t("field.category"), value=task.category if task else ""),
            FormField(
                "priority",
                t("field.priority"),
                "choice",
                value=task.priority if task else "normal",
                choices=tuple((label("priority", p), p) for p in PRIORITIES),
                required=True,
            ),
            FormField(
                "dept",
                t("field.dept"),
                value=(task.dept or "") if task else "",
                placeholder=t("tui.name_hint"),
            ),
            FormField(
                "owner",
                t("field.owner"),
                value=(task.owner or "") if task else "",
                placeholder=t("tui.name_hint"),
            ),
        ]
        if task is None:
            fields.append(
                FormField("assigned_on", t("field.assigned_on"), "date", placeholder=hint)
            )
        fields.append(
            FormField(
                "due",
                t("field.due"),
                "date",
                value=task.due.isoformat() if task else "",
                placeholder=hint,
            )
        )
        return fields

    def action_new(self) -> None:
        from officedesk.services.task import create_task

        def apply(session: Any, values: dict[str, Any]) -> Any:
            data = {k: v for k, v in values.items() if v not in (None, "")}
            data.setdefault("title", "")
            return create_task(session, data)

        def done(task: "TaskRead") -> str:
            self.show_task(task.id, task.code)
            return summary(task, "task.added")

        form = RecordForm(t("tui.new_task"), self._task_fields(None), self.saver("task.add", apply))
        self.open_form(form, done)

    def action_edit(self) -> None:
        from officedesk.services.task import update_task

        task = self.detail
        if task is None:
            return

        def apply(session: Any, values: dict[str, Any]) -> Any:
            return update_task(session, task.id, {k: v for k, v in values.items() if v is not None})

        form = RecordForm(
            t("tui.edit_task", code=task.code),
            self._task_fields(task),
            self.saver("task.edit", apply),
        )
        self.open_form(form, lambda result: summary(result, "task.edited"))

    def action_transition(self, name: str) -> None:
        if not self.check_action("transition", (name,)):
            return
        targets = self.targets()
        if targets:
            getattr(self, f"_form_{name}")(targets)

    def _batch(
        self,
        operation: str,
        targets: list["TaskRead"],
        call: Callable[[Any, int, dict[str, Any]], Any],
    ) -> Any:
        """All targets in one transaction: if one is refused, none is changed."""
        ids = [task.id for task in targets]
        return self.saver(
            operation, lambda session, values: [call(session, i, values) for i in ids]
        )

    @staticmethod
    def _codes(targets: list["TaskRead"]) -> str:
        return t("list.sep").join(task.code for task in targets)

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
        form = RecordForm(
            t(f"tui.{name}_title", codes=self._codes(targets)),
            fields,
            self._batch(operation or f"task.{name}", targets, call),
            submit_label=submit or t(f"key.{name}"),
        )
        self.open_form(form, lambda result: summary(result, done_key))

    def _note(self) -> list[FormField]:
        return [FormField("note", t("field.note"), "long")]

    def _form_start(self, targets: list["TaskRead"]) -> None:
        from officedesk.services.task import start_task

        self._simple(
            "start",
            targets,
            self._note(),
            lambda s, r, v: start_task(s, r, v["note"]),
            "task.started",
        )

    def _form_done(self, targets: list["TaskRead"]) -> None:
        from officedesk.services.task import complete_task

        fields = [
            *self._note(),
            FormField("done_on", t("field.done_on"), "date", placeholder=t("tui.date_hint")),
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
            FormField(
                "score",
                t("field.score"),
                "choice",
                choices=tuple((f"{n}", str(n)) for n in range(5, 0, -1)),
                required=True,
            ),
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

    def _form_reopen(self, targets: list["TaskRead"]) -> None:
        from officedesk.services.task import reopen_task

        self._simple(
            "reopen",
            targets,
            self._note(),
            lambda s, r, v: reopen_task(s, r, v["note"]),
            "task.reopened",
        )

    def _form_remind(self, targets: list["TaskRead"]) -> None:
        from officedesk.services.task import remind_task

        self._simple(
            "remind",
            targets,
            self._note(),
            lambda s, r, v: remind_task(s, r, v["note"]),
            "task.reminded",
        )

    def _form_extend(self, targets: list["TaskRead"]) -> None:
        from officedesk.services.task import decide_extension, request_extension

        pending = len(targets) == 1 and any(
            e.status == "pending" for e in (targets[0].extensions or [])
        )
        if pending:
            choices = ((t("tui.approve"), "approve"), (t("tui.refuse"), "refuse"))
            fields = [
                FormField(
                    "decision",
                    t("tui.decision"),
                    "choice",
                    value="approve",
                    choices=choices,
                    required=True,
                ),
                *self._note(),
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
            if values["approve"]:
                task = decide_extension(session, ref, True, "")
            return task

        fields = [
            FormField(
                "due", t("tui.new_due"), "date", placeholder=t("tui.date_hint"), required=True
            ),
            FormField("reason", t("field.reason"), "long", required=True),
            FormField("approve", t("tui.approve_now"), "flag"),
        ]
        self._simple("extend", targets, fields, request, "task.extension_requested")

    def _form_log(self, targets: list["TaskRead"]) -> None:
        from officedesk.services.task import add_log_entry

        choices = ((label("log", "note"), "note"), (label("log", "feedback"), "feedback"))
        fields = [
            FormField(
                "kind", t("field.kind"), "choice", value="note", choices=choices, required=True
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
