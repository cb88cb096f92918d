"""The seal register's forms that append to the usage log (a use, a request's use, an
introduction letter, a correction), shared by the seals and the usage log panes. Each append can
have more to say than "saved" (ChainNotes); rules and refusals stay in services.seal."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.record_form import FormField, note_field

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.seal import SealUseRead


class ChainNotes:
    """What an append to the usage log has to say beyond "saved" (the seal key was created,
    is missing or is another one; the log no longer matches this machine's anchor): collected
    in the form's save, inside its transaction, and shown as warnings once the form closed."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def collect(self, session: Any) -> None:
        from officedesk.services.seal.chain import chain_notices

        self.messages = [notice.message() for notice in chain_notices(session)]

    def show(self, pane: ListPane) -> None:
        for message in self.messages:
            pane.app.notify(message, severity="warning", markup=False)


Apply = Callable[[Any, dict[str, Any]], Any]
Done = Callable[[Any], str | None]


def chained(pane: ListPane, apply: Apply, done: Done) -> tuple[Apply, Done]:
    """A form's save and notice for an append to the usage log: the chain's notes are collected
    in the save and shown before `done` words the notice."""
    notes = ChainNotes()

    def save(session: Any, values: dict[str, Any]) -> Any:
        result = apply(session, values)
        notes.collect(session)
        return result

    def finished(result: Any) -> str | None:
        notes.show(pane)
        return done(result)

    return save, finished


def used(entry: "SealUseRead") -> str:
    return t("seal.used", id=entry.id, seal=entry.seal, title=entry.doc_title)


def request_fields() -> list[FormField]:
    """Who asks to use a seal, for which document: a request and a use alike begin so."""
    return [
        FormField("doc_title", t("field.doc_title"), required=True),
        FormField("requester", t("field.requester"), placeholder=t("tui.name_hint"), required=True),
        FormField("dept", t("field.dept"), placeholder=t("tui.seal_dept_hint")),
        FormField("purpose", t("field.purpose")),
        FormField("copies", t("field.copies"), "int", value="1", required=True),
    ]


def open_use_form(pane: ListPane, seals: list[tuple[str, str]], chosen: str | None) -> None:
    """Log a use: the seal is chosen among the active ones."""
    from officedesk.services.seal.actions import use_seal

    fields = [
        FormField(
            "seal",
            t("field.seal"),
            "choice",
            value=chosen or "",
            choices=tuple(seals),
            required=True,
        ),
        *request_fields(),
        FormField("approver", t("field.approver"), required=True),
        FormField("used_at", t("field.used_at"), placeholder=t("tui.seal_time_hint")),
        note_field(),
    ]

    def apply(session: Any, values: dict[str, Any]) -> Any:
        data = {k: values[k] for k in ("requester", "dept", "doc_title", "purpose", "note")}
        data["approver"] = values["approver"]
        data["copies"] = values["copies"] or 1
        return use_seal(session, values["seal"] or "", data, used_at=values["used_at"] or None)

    pane.open_form(t("tui.seal_use"), fields, "seal.use", *chained(pane, apply, used))


def open_decide_form(pane: ListPane, request: Any) -> None:
    """Approve or refuse a request; an approval may log its use at once."""
    from officedesk.services.seal.requests import decide_request, use_request

    choices = tuple(
        (label("seal_request_state", state), state) for state in ("approved", "refused")
    )
    fields = [
        FormField(
            "decision",
            t("tui.decision"),
            "choice",
            value="approved",
            choices=choices,
            required=True,
        ),
        FormField("approver", t("field.approver"), required=True),
        note_field(),
        FormField("use_now", t("tui.seal_use_now"), "flag"),
    ]

    notes = ChainNotes()  # only a use appends to the log: a bare decision has nothing to add

    def apply(session: Any, values: dict[str, Any]) -> Any:
        approve = values["decision"] == "approved"
        decided = decide_request(
            session, request.id, approve=approve, approver=values["approver"], note=values["note"]
        )
        if approve and values["use_now"]:
            use_request(session, request.id)
            notes.collect(session)
        return decided

    def done(decided: Any) -> str:
        notes.show(pane)
        return t(
            "seal.request_decided",
            id=decided.id,
            state=label("seal_request_state", decided.state),
            approver=decided.approver,
        )

    title = t("tui.seal_decide", id=request.id, title=request.doc_title)
    pane.open_form(title, fields, "seal.decide", apply, done)


def open_request_use_form(pane: ListPane, request: Any) -> None:
    """Log the use an approved request was for."""
    from officedesk.services.seal.requests import use_request

    fields = [
        FormField("used_at", t("field.used_at"), placeholder=t("tui.seal_time_hint")),
        note_field(),
    ]

    def apply(session: Any, values: dict[str, Any]) -> Any:
        moment = values["used_at"] or None
        return use_request(session, request.id, used_at=moment, note=values["note"])

    title = t("tui.seal_use_request", id=request.id, title=request.doc_title)
    save, done = chained(pane, apply, used)
    pane.open_form(title, fields, "seal.use", save, done, submit_label=t("key.seal_use"))
