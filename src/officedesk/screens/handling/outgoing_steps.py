"""The outgoing register's step forms: for each step, the fields it asks for, the service call that
takes them (`call(session, doc_id, values)`) and the notice's key. The pane runs them for every
marked document in one journaled transaction; the rules stay in services.outgoing."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from officedesk.errors import InvalidInput
from officedesk.i18n import t
from officedesk.widgets.record_form import FormField, date_field, note_field

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.outgoing import OutgoingRead

Call = Callable[[Any, int, dict[str, Any]], Any]


class Step(NamedTuple):
    fields: list[FormField]
    call: Call
    done_key: str
    operation: str | None = None  # the journaled operation, when not outgoing.<step>
    extra_title: str = ""  # under the form's title
    first_only: bool = False  # one document at a time, marks or not


def number(values: dict[str, Any], name: str) -> int | None:
    """A whole number typed in a form field; blank is None, anything else is refused there."""
    text = str(values.get(name) or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput("input.number", field=name) from None


# The steps that take a note only: the step → (its service, the notice's key).
NOTED_STEPS = {
    "register": ("register_outgoing", "outgoing.registered"),
    "file": ("file_outgoing", "outgoing.filed"),
}


def outgoing_step(name: str, targets: list["OutgoingRead"], detail: "OutgoingRead | None") -> Step:
    """The step `name` for these documents (`detail`: the selected one, read in full)."""
    from officedesk.services.outgoing import actions

    if name in NOTED_STEPS:
        service, done_key = NOTED_STEPS[name]
        call = getattr(actions, service)
        return Step([note_field()], lambda s, r, v: call(s, r, v["note"]), done_key)
    return FORMS[name](targets, detail)


def _with_note(field: FormField, service: str, done_key: str) -> Step:
    """A step that asks for one optional value (blank is None to the service) and a note."""
    from officedesk.services.outgoing import actions

    call = getattr(actions, service)
    return Step(
        [field, note_field()],
        lambda s, r, v: call(s, r, v[field.name] or None, v["note"]),
        done_key,
    )


def _review(targets: list["OutgoingRead"], detail: "OutgoingRead | None") -> Step:
    reviewer = targets[0].reviewer or ""
    field = FormField("by", t("field.reviewer_id"), value=reviewer, placeholder=t("tui.name_hint"))
    return _with_note(field, "review_outgoing", "outgoing.reviewed")


def _sign(targets: list["OutgoingRead"], detail: "OutgoingRead | None") -> Step:
    """The drafting warnings are in the form's heading: read before signing."""
    from officedesk.services.outgoing.actions import sign_outgoing

    details = [detail] if len(targets) == 1 and detail is not None else []
    warnings = [w.message for d in details for w in d.warnings]
    extra = ""
    if warnings:
        extra = "\n".join([t("outgoing.warnings"), *(f"⚠ {m}" for m in warnings)])
    hint = t("tui.name_hint")
    fields = [
        FormField("by", t("field.signer_id"), value=targets[0].signer or "", placeholder=hint),
        date_field("on", t("field.doc_date")),
        note_field(),
    ]
    return Step(
        fields,
        lambda s, r, v: sign_outgoing(s, r, v["by"] or None, v["on"] or None, v["note"]),
        "outgoing.signed",
        extra_title=extra,
    )


def _check(targets: list["OutgoingRead"], detail: "OutgoingRead | None") -> Step:
    from officedesk.services.outgoing.actions import check_outgoing

    return Step(
        [FormField("changed", t("outgoing.changed_flag"), "flag"), note_field()],
        lambda s, r, v: check_outgoing(s, r, changed=bool(v["changed"]), note=v["note"]),
        "outgoing.checked",
    )


def _return(targets: list["OutgoingRead"], detail: "OutgoingRead | None") -> Step:
    from officedesk.services.outgoing.actions import check_outgoing

    return Step(
        [note_field(required=True)],
        lambda s, r, v: check_outgoing(s, r, changed=True, note=v["note"]),
        "outgoing.returned",
        operation="outgoing.check",
    )


def _print(targets: list["OutgoingRead"], detail: "OutgoingRead | None") -> Step:
    from officedesk.services.outgoing.actions import print_outgoing

    copies = targets[0].copies or ""
    fields = [
        FormField("copies", t("outgoing.col.copies"), "int", value=copies, required=True),
        FormField("copy_serial_from", t("field.copy_serial_from"), "int"),
        note_field(),
    ]

    def call(session: Any, ref: int, values: dict[str, Any]) -> Any:
        serial = number(values, "copy_serial_from")
        return print_outgoing(session, ref, number(values, "copies"), serial, values["note"])

    return Step(fields, call, "outgoing.printed")


def _dispatch(targets: list["OutgoingRead"], detail: "OutgoingRead | None") -> Step:
    field = date_field("on", t("field.dispatched_on"))
    return _with_note(field, "dispatch_outgoing", "outgoing.dispatched")


def _void(targets: list["OutgoingRead"], detail: "OutgoingRead | None") -> Step:
    """Voiding cannot be taken back by registering again (the number is gone for good): this
    form is the confirmation, and its reason is required."""
    from officedesk.services.outgoing.actions import void_outgoing

    return Step(
        [FormField("reason", t("field.reason"), "long", required=True)],
        lambda s, r, v: void_outgoing(s, r, v["reason"]),
        "outgoing.voided_many",
        first_only=True,
    )


FORMS: dict[str, Callable[[list["OutgoingRead"], "OutgoingRead | None"], Step]] = {
    "review": _review,
    "sign": _sign,
    "check": _check,
    "return": _return,
    "print": _print,
    "dispatch": _dispatch,
    "void": _void,
}
