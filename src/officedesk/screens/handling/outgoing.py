"""The outgoing register (发文) in the workbench: drafts, the steps to filing, voiding a number.
Rules stay in services.outgoing: the pane asks it which steps are legal and shows its refusals
inline in the form; the drafting warnings come from the service and are shown before signing."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType

from officedesk.errors import DomainError, InvalidInput
from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.outgoing import COLUMNS, outgoing_detail_view
from officedesk.widgets.columns import table_columns
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.record_form import FormField, RecordForm
from officedesk.widgets.record_table import Column

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.outgoing import OutgoingRead

YEARS_SHOWN = 5


def _width(*values: str, minimum: int = 2) -> int:
    return max(minimum, *(cell_len(v) for v in values))


def _ref(doc: "OutgoingRead") -> str:
    return doc.number or f"#{doc.id}"


def _number(values: dict[str, Any], name: str) -> int | None:
    """A whole number typed in a form field; blank is None, anything else is refused there."""
    text = str(values.get(name) or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput("input.number", field=name) from None


class OutgoingPane(ListPane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.new", id="outgoing.new"),
        Binding("e", "edit", "key.edit", id="outgoing.edit"),
        Binding("r", "step('review')", "key.outgoing_review", id="outgoing.review"),
        Binding("s", "step('sign')", "key.outgoing_sign", id="outgoing.sign"),
        Binding("c", "step('check')", "key.outgoing_check", id="outgoing.check"),
        Binding("b", "step('return')", "key.outgoing_return", id="outgoing.return"),
        Binding("g", "step('register')", "key.outgoing_register", id="outgoing.register"),
        Binding("p", "step('print')", "key.outgoing_print", id="outgoing.print"),
        Binding("d", "step('dispatch')", "key.outgoing_dispatch", id="outgoing.dispatch"),
        Binding("f", "step('file')", "key.outgoing_file", id="outgoing.file"),
        Binding("v", "step('void')", "key.outgoing_void", id="outgoing.void"),
    ]
    DEFAULT_SORT = "recent"

    # ---- list ---------------------------------------------------------------------------------

    def default_filters(self) -> dict[str, Any]:
        return {"state": "all"}

    def filter_specs(self) -> list[FilterSpec]:
        from officedesk.services.outgoing.actions import STATES, TYPES

        states = [(t("tui.state_all"), "all"), (t("tui.state_open"), "open")]
        states += [(label("outgoing_state", s), s) for s in STATES]
        this_year = self.ctx.today.year
        years = tuple((str(y), str(y)) for y in range(this_year, this_year - YEARS_SHOWN, -1))
        return [
            FilterSpec("text", "text", t("tui.outgoing_filter_text"), width=24),
            FilterSpec("state", "choice", t("field.state"), tuple(states), default="all"),
            FilterSpec(
                "doc_type",
                "choice",
                t("field.doc_type"),
                tuple((label("outgoing_type", k), k) for k in TYPES),
            ),
            FilterSpec("year", "choice", t("field.year"), years),
        ]

    def columns(self) -> list[Column]:
        from officedesk.services.outgoing.actions import STATES, TYPES

        kind = _width(t("field.doc_type"), *(label("outgoing_type", k) for k in TYPES))
        state = _width(t("field.state"), *(label("outgoing_state", s) for s in STATES))
        return table_columns(COLUMNS, {"doc_type": min(kind, 8), "state": state})

    def cells(self, doc: "OutgoingRead") -> list[Text]:
        return [
            Text(display_safe(doc.number or "")),
            Text(label("outgoing_type", doc.doc_type)),
            Text(display_safe(doc.title)),
            Text(display_safe(doc.dept or "")),
            Text(label("outgoing_state", doc.state)),
            Text(doc.doc_date_text or ""),
        ]

    def row_style(self, doc: "OutgoingRead") -> str:
        from officedesk.services.outgoing.states import OPEN_STATES

        return "bold" if doc.urgency != "normal" and doc.state in OPEN_STATES else ""

    def _filter(self) -> Any:
        from officedesk.services.outgoing.actions import OutgoingFilter

        values = self.filters
        state = values.get("state") or "all"
        year = values.get("year")
        return OutgoingFilter(
            states=None if state == "all" else [state],
            doc_type=values.get("doc_type"),
            year=int(year) if year else None,
            text=values.get("text"),
            sort=self.sort or "recent",
        )

    def count(self, session: Any) -> int:
        from officedesk.services.outgoing.actions import count_outgoing

        return count_outgoing(session, self._filter())

    def fetch(self, session: Any, offset: int, limit: int) -> list[Any]:
        from officedesk.services.outgoing.actions import list_outgoing

        return list_outgoing(session, self._filter(), limit=limit, offset=offset).items

    def load_detail(self, session: Any, row: "OutgoingRead") -> "OutgoingRead":
        from officedesk.services.outgoing.actions import get_outgoing

        return get_outgoing(session, row.id, with_log=True)

    def detail_view(self, detail: "OutgoingRead") -> RenderableType:
        return outgoing_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """From search, Today or the palette: every state, filtered down to the document."""
        self._find_outgoing(ref_id)

    @work(thread=True, group="outgoing-find")
    def _find_outgoing(self, ref_id: int) -> None:
        from officedesk.services.outgoing.actions import get_outgoing

        try:
            with self.ctx.read() as session:
                doc = get_outgoing(session, ref_id, with_log=False)
        except DomainError as error:
            self.app.call_from_thread(self.app.notify, error.message(), severity="error")
            return
        self.app.call_from_thread(
            self.focus_record, ref_id, doc.number or doc.title, state="all", doc_type=None
        )

    # ---- which keys apply ---------------------------------------------------------------------

    def binding_state(self) -> Any:
        marked = tuple(sorted({row.state for row in self.table.marked.values()}))
        return (self.detail.state if self.detail is not None else None, marked)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from officedesk.services.outgoing.states import offered_operations

        if action == "edit":
            return (
                not self.table.marked
                and self.detail is not None
                and "edit" in offered_operations(self.detail.state)
            )
        if action != "step":
            return True
        name = str(parameters[0])
        if self.table.marked:
            return name != "void" and all(
                name in offered_operations(row.state) for row in self.table.marked.values()
            )
        return self.detail is not None and name in offered_operations(self.detail.state)

    # ---- forms --------------------------------------------------------------------------------

    def _doc_fields(self, doc: "OutgoingRead | None") -> list[FormField]:
        from officedesk.services.outgoing.actions import SECRECY, TYPES, URGENCY

        def value(name: str, default: Any = "") -> Any:
            return getattr(doc, name) if doc is not None else default

        names = t("tui.outgoing_names_hint")
        person = t("tui.name_hint")
        return [
            FormField(
                "doc_type",
                t("field.doc_type"),
                "choice",
                value=value("doc_type", "notice"),
                choices=tuple((label("outgoing_type", k), k) for k in TYPES),
                required=True,
            ),
            FormField("title", t("field.title"), value=value("title"), required=True),
            FormField(
                "main_to",
                t("field.main_to"),
                value="、".join(value("main_to", [])),
                placeholder=names,
            ),
            FormField(
                "copy_to",
                t("field.copy_to"),
                value="、".join(value("copy_to", [])),
                placeholder=names,
            ),
            FormField("body", t("field.body"), "long", value=value("body")),
            FormField("dept", t("field.dept"), value=value("dept") or "", placeholder=person),
            FormField(
                "drafter", t("field.drafter_id"), value=value("drafter") or "", placeholder=person
            ),
            FormField(
                "reviewer",
                t("field.reviewer_id"),
                value=value("reviewer") or "",
                placeholder=person,
            ),
            FormField(
                "signer", t("field.signer_id"), value=value("signer") or "", placeholder=person
            ),
            FormField(
                "secrecy",
                t("field.secrecy"),
                "choice",
                value=value("secrecy", "public"),
                choices=tuple((label("secrecy", s), s) for s in SECRECY),
                required=True,
            ),
            FormField(
                "urgency",
                t("field.urgency"),
                "choice",
                value=value("urgency", "normal"),
                choices=tuple((label("urgency", u), u) for u in URGENCY),
                required=True,
            ),
            FormField("copies", t("outgoing.col.copies"), "int", value=value("copies", 0) or ""),
        ]

    @staticmethod
    def _doc_data(values: dict[str, Any]) -> dict[str, Any]:
        data = dict(values)
        data["copies"] = _number(values, "copies") or 0
        return data

    def _warn(self, docs: list["OutgoingRead"]) -> None:
        for doc in docs:
            for warning in doc.warnings:
                self.app.notify(warning.message, severity="warning")

    def action_new(self) -> None:
        from officedesk.services.outgoing.actions import create_outgoing

        def apply(session: Any, values: dict[str, Any]) -> Any:
            data = self._doc_data(values)
            return create_outgoing(session, {k: v for k, v in data.items() if v is not None})

        def done(doc: "OutgoingRead") -> str:
            self._warn([doc])
            self.focus_record(doc.id, doc.title, state="all", doc_type=None, year=None)
            return t(
                "outgoing.added",
                ref=_ref(doc),
                title=doc.title,
                state=label("outgoing_state", doc.state),
            )

        form = RecordForm(
            t("tui.outgoing_new"), self._doc_fields(None), self.saver("outgoing.add", apply)
        )
        self.open_form(form, done)

    def action_edit(self) -> None:
        from officedesk.services.outgoing.actions import update_outgoing

        doc = self.detail
        if doc is None:
            return

        def apply(session: Any, values: dict[str, Any]) -> Any:
            return update_outgoing(session, doc.id, self._doc_data(values))

        def done(result: "OutgoingRead") -> str:
            self._warn([result])
            return t(
                "outgoing.edited",
                ref=_ref(result),
                title=result.title,
                state=label("outgoing_state", result.state),
            )

        form = RecordForm(
            t("tui.outgoing_edit", ref=_ref(doc)),
            self._doc_fields(doc),
            self.saver("outgoing.edit", apply),
        )
        self.open_form(form, done)

    def action_step(self, name: str) -> None:
        if not self.check_action("step", (name,)):
            return
        targets = self.targets()
        if targets:
            getattr(self, f"_form_{name}")(targets)

    def _open_step(
        self,
        name: str,
        targets: list["OutgoingRead"],
        fields: list[FormField],
        call: Callable[[Any, int, dict[str, Any]], Any],
        done_key: str,
        *,
        operation: str | None = None,
        extra_title: str = "",
    ) -> None:
        """All targets in one transaction: if one is refused, none is changed, and the refusal
        is shown in the form."""
        ids = [doc.id for doc in targets]
        refs = t("list.sep").join(_ref(doc) for doc in targets)
        title = t("tui.outgoing_step", action=label("outgoing_action", name), refs=refs)
        save = self.saver(
            operation or f"outgoing.{name}",
            lambda session, values: [call(session, i, values) for i in ids],
        )

        def done(result: list["OutgoingRead"]) -> str:
            if name == "sign":
                self._warn(result)
            return t(done_key, n=len(result), refs=t("list.sep").join(_ref(d) for d in result))

        form = RecordForm(
            f"{title}\n{extra_title}".strip(),
            fields,
            save,
            submit_label=label("outgoing_action", name),
        )
        self.open_form(form, done)

    def _note(self, *, required: bool = False, name: str = "note") -> FormField:
        return FormField(name, t("field.note"), "long", required=required)

    def _form_review(self, targets: list["OutgoingRead"]) -> None:
        from officedesk.services.outgoing.actions import review_outgoing

        first = targets[0]
        fields = [
            FormField(
                "by",
                t("field.reviewer_id"),
                value=first.reviewer or "",
                placeholder=t("tui.name_hint"),
            ),
            self._note(),
        ]
        self._open_step(
            "review",
            targets,
            fields,
            lambda s, r, v: review_outgoing(s, r, v["by"] or None, v["note"]),
            "outgoing.reviewed",
        )

    def _form_sign(self, targets: list["OutgoingRead"]) -> None:
        """The drafting warnings are in the form's heading: read before signing."""
        from officedesk.services.outgoing.actions import sign_outgoing

        first = targets[0]
        details = [self.detail] if len(targets) == 1 and self.detail is not None else []
        warnings = [w.message for d in details for w in d.warnings]
        extra = ""
        if warnings:
            extra = "\n".join([t("outgoing.warnings"), *(f"⚠ {m}" for m in warnings)])
        fields = [
            FormField(
                "by", t("field.signer_id"), value=first.signer or "", placeholder=t("tui.name_hint")
            ),
            FormField("on", t("field.doc_date"), "date", placeholder=t("tui.date_hint")),
            self._note(),
        ]
        self._open_step(
            "sign",
            targets,
            fields,
            lambda s, r, v: sign_outgoing(s, r, v["by"] or None, v["on"] or None, v["note"]),
            "outgoing.signed",
            extra_title=extra,
        )

    def _form_check(self, targets: list["OutgoingRead"]) -> None:
        from officedesk.services.outgoing.actions import check_outgoing

        fields = [FormField("changed", t("outgoing.changed_flag"), "flag"), self._note()]
        self._open_step(
            "check",
            targets,
            fields,
            lambda s, r, v: check_outgoing(s, r, changed=bool(v["changed"]), note=v["note"]),
            "outgoing.checked",
        )

    def _form_return(self, targets: list["OutgoingRead"]) -> None:
        from officedesk.services.outgoing.actions import check_outgoing

        self._open_step(
            "return",
            targets,
            [self._note(required=True)],
            lambda s, r, v: check_outgoing(s, r, changed=True, note=v["note"]),
            "outgoing.returned",
            operation="outgoing.check",
        )

    def _form_register(self, targets: list["OutgoingRead"]) -> None:
        from officedesk.services.outgoing.actions import register_outgoing

        self._open_step(
            "register",
            targets,
            [self._note()],
            lambda s, r, v: register_outgoing(s, r, v["note"]),
            "outgoing.registered",
        )

    def _form_print(self, targets: list["OutgoingRead"]) -> None:
        from officedesk.services.outgoing.actions import print_outgoing

        first = targets[0]
        fields = [
            FormField(
                "copies", t("outgoing.col.copies"), "int", value=first.copies or "", required=True
            ),
            FormField("copy_serial_from", t("field.copy_serial_from"), "int"),
            self._note(),
        ]

        def call(session: Any, ref: int, values: dict[str, Any]) -> Any:
            return print_outgoing(
                session,
                ref,
                _number(values, "copies"),
                _number(values, "copy_serial_from"),
                values["note"],
            )

        self._open_step("print", targets, fields, call, "outgoing.printed")

    def _form_dispatch(self, targets: list["OutgoingRead"]) -> None:
        from officedesk.services.outgoing.actions import dispatch_outgoing

        fields = [
            FormField("on", t("field.dispatched_on"), "date", placeholder=t("tui.date_hint")),
            self._note(),
        ]
        self._open_step(
            "dispatch",
            targets,
            fields,
            lambda s, r, v: dispatch_outgoing(s, r, v["on"] or None, v["note"]),
            "outgoing.dispatched",
        )

    def _form_file(self, targets: list["OutgoingRead"]) -> None:
        from officedesk.services.outgoing.actions import file_outgoing

        self._open_step(
            "file",
            targets,
            [self._note()],
            lambda s, r, v: file_outgoing(s, r, v["note"]),
            "outgoing.filed",
        )

    def _form_void(self, targets: list["OutgoingRead"]) -> None:
        """Voiding cannot be taken back by registering again (the number is gone for good): this
        form is the confirmation, and its reason is required."""
        from officedesk.services.outgoing.actions import void_outgoing

        fields = [FormField("reason", t("field.reason"), "long", required=True)]
        self._open_step(
            "void",
            targets[:1],
            fields,
            lambda s, r, v: void_outgoing(s, r, v["reason"]),
            "outgoing.voided_many",
        )
