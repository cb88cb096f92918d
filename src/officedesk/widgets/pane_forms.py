"""The forms a register pane opens: one record's, or a step for the marked records, each saved in
one write transaction as one journaled operation; the list reloads after a save."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from officedesk.widgets.record_form import FormField, RecordForm


class PaneForms:
    """Mixed into ListPane, whose table, selected record, context and reloads it uses."""

    if TYPE_CHECKING:  # ListPane's (declared for readers and checkers; never shadowing them)
        table: Any
        detail: Any
        ctx: Any
        app: Any

        def reload(self, *, reset_cursor: bool = False) -> None: ...

        def refresh_detail(self) -> None: ...

        def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None: ...

    def targets(self) -> list[Any]:
        marked = self.table.marked_rows()
        if marked:
            return marked
        return [self.detail] if self.detail is not None else []

    def saver(self, operation: str, apply: Callable[[Any, dict[str, Any]], Any]) -> Any:
        """A form's save: one write transaction, one journaled operation, around the services."""
        ctx = self.ctx

        def save(values: dict[str, Any]) -> Any:
            with ctx.write(operation) as session:
                return apply(session, values)

        return save

    def open_form(
        self,
        title: str,
        fields: list[FormField],
        operation: str,
        apply: Callable[[Any, dict[str, Any]], Any],
        done: Callable[[Any], str | None],
        *,
        submit_label: str | None = None,
    ) -> None:
        """A form whose save is `apply(session, values)` as the journaled `operation`; when it
        saved, `done(result)` words the notice (or returns None)."""
        form = RecordForm(title, fields, self.saver(operation, apply), submit_label=submit_label)
        self.push_form(form, done)

    def push_form(self, form: RecordForm, done: Callable[[Any], str | None]) -> None:
        """Push the form; when it saved, `done(result)` words the notice (or returns None)."""

        def finished(result: Any) -> None:
            if result is None:
                return
            message = done(result)
            if message:
                self.app.notify(message)
            self.table.clear_marks()
            self.reload()
            self.refresh_detail()

        self.app.push_screen(form, finished)

    def open_batch(
        self,
        title: str,
        fields: list[FormField],
        operation: str,
        ids: list[Any],
        call: Callable[[Any, Any, dict[str, Any]], Any],
        done: Callable[[Any], str | None],
        *,
        submit_label: str | None = None,
    ) -> None:
        """A step for several records, `call(session, id, values)` each, in one transaction: if
        one is refused, none is changed, and the refusal is shown in the form."""
        self.open_form(
            title,
            fields,
            operation,
            lambda session, values: [call(session, i, values) for i in ids],
            done,
            submit_label=submit_label,
        )

    def open_step(self, action: str, name: str) -> None:
        """A step key: when the step applies, its form (`_form_<name>`) for the marked rows, or
        for the selected one."""
        if not self.check_action(action, (name,)):
            return
        targets = self.targets()
        if targets:
            self.step_form(name)(targets)

    def step_form(self, name: str) -> Callable[[list[Any]], None]:
        return getattr(self, f"_form_{name}")
