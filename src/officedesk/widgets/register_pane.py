"""A register pane whose selected record is edited through one form (`e`): the pane describes the
form, this class opens it on the record and saves it by the record's id."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.record_form import FormField


@dataclass(frozen=True)
class EditForm:
    """One record's edit form, as its pane describes it (see ListPane.open_form)."""

    title: str
    fields: list[FormField]
    operation: str  # the journaled operation
    update: Callable[[Any, Any, dict[str, Any]], Any]  # (session, the record's id, values)
    done: Callable[[Any], str | None]  # words the notice from what `update` returned


class EditablePane(ListPane):
    """A ListPane with an edit key: subclasses say which form edits a record (`edit_form`) and,
    in check_action("edit"), when the key applies; opening and saving it is written once here."""

    @property
    def record(self) -> Any:
        """The record `e` edits: the selected one (a pane whose detail wraps it unwraps it)."""
        return self.detail

    def edit_form(self, record: Any) -> EditForm:
        raise NotImplementedError

    def action_edit(self) -> None:
        """The selected record's edit form, when the edit key applies to it; the form is built
        from the record as it stands now and saves by its id, whatever is selected meanwhile."""
        record = self.record
        if record is None or not self.check_action("edit", ()):
            return
        form = self.edit_form(record)
        self.open_form(
            form.title,
            form.fields,
            form.operation,
            lambda session, values: form.update(session, record.id, values),
            form.done,
        )
