"""The incoming register's step forms: for each step, the fields it asks for and the service call
that takes them (`call(session, doc_id, values)`). The pane wraps them in one form and one
journaled transaction; the rules and their refusals stay in services.incoming."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from officedesk.i18n import t
from officedesk.widgets.record_form import FormField, date_field, note_field

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.services.incoming.schemas import IncomingRead

Call = Callable[[Any, int, dict[str, Any]], Any]
StepForm = tuple[list[FormField], Call]

# The steps that ask for one text: the step → (its service, the field, its label, required).
TEXT_STEPS = {
    "review": ("review_incoming", "note", "field.note", False),
    "return": ("return_incoming", "reason", "field.return_reason", True),
    "propose": ("propose_incoming", "proposal", "field.proposal", True),
    "answer": ("answer_incoming", "answer", "field.answer", True),
    "file": ("file_incoming", "note", "field.note", False),
    "remind": ("remind_readers", "note", "field.note", False),
}


def step_form(name: str, doc: "IncomingRead") -> StepForm:
    """The fields and the service call of the step `name` on `doc`."""
    if name in TEXT_STEPS:
        return _text_step(*TEXT_STEPS[name])
    return FORMS[name](doc)


def _text_step(service: str, field: str, label_key: str, required: bool) -> StepForm:
    from officedesk.services.incoming import actions

    call = getattr(actions, service)
    fields = [FormField(field, t(label_key), "long", required=required)]
    return fields, lambda s, i, v: call(s, i, v[field])


def _names(text: str | None) -> list[str]:
    """Names typed with either comma between them."""
    return [n.strip() for n in (text or "").replace("，", ",").split(",")]


def _instruct(doc: "IncomingRead") -> StepForm:
    from officedesk.services.incoming.actions import instruct_incoming

    fields = [
        FormField("leader", t("field.leader"), value=doc.leader, required=True),
        FormField("instruction", t("field.instruction"), "long", required=True),
    ]
    return fields, lambda s, i, v: instruct_incoming(s, i, v["leader"], v["instruction"])


def _handle(doc: "IncomingRead") -> StepForm:
    from officedesk.services.incoming.actions import handle_incoming

    fields = [
        FormField("dept", t("field.lead_dept"), placeholder=t("tui.name_hint"), required=True),
        FormField("assist", t("field.assist"), placeholder=t("tui.incoming_assist_hint")),
        FormField(
            "due",
            t("field.due"),
            "date",
            value=doc.due.isoformat() if doc.due else "",
            placeholder=t("tui.incoming_due_hint"),
        ),
        note_field(),
    ]

    def call(session: Any, ref: int, values: dict[str, Any]) -> Any:
        assist = _names(values["assist"])
        due = values["due"] or None
        return handle_incoming(session, ref, values["dept"], assist, due, values["note"])

    return fields, call


def _done(doc: "IncomingRead") -> StepForm:
    from officedesk.services.incoming.actions import complete_incoming

    fields = [
        FormField("result", t("field.result"), "long"),
        date_field("done_on", t("field.done_on")),
    ]
    return fields, lambda s, i, v: complete_incoming(s, i, v["result"], v["done_on"] or None)


def _circulate(doc: "IncomingRead") -> StepForm:
    from officedesk.services.incoming.actions import circulate_incoming

    hint = t("tui.incoming_readers_hint")
    fields = [
        FormField("readers", t("field.readers"), placeholder=hint, required=True),
        note_field(),
    ]
    return fields, lambda s, i, v: circulate_incoming(s, i, _names(v["readers"]), v["note"])


def _read(doc: "IncomingRead") -> StepForm:
    from officedesk.services.incoming.actions import mark_read

    unread = [row for row in doc.circulation or [] if row.read_at is None]
    holder = next((row for row in unread if row.holder), unread[0] if unread else None)
    fields = [
        FormField(
            "reader",
            t("field.reader"),
            "choice",
            value=f"#{holder.person_id}" if holder else "",
            choices=tuple((row.reader, f"#{row.person_id}") for row in unread),
            required=True,
        ),
        FormField("at", t("field.read_at"), placeholder=t("tui.incoming_time_hint")),
    ]
    return fields, lambda s, i, v: mark_read(s, i, v["reader"] or "", v["at"] or None)


FORMS: dict[str, Callable[["IncomingRead"], StepForm]] = {
    "instruct": _instruct,
    "handle": _handle,
    "done": _done,
    "circulate": _circulate,
    "read": _read,
}
