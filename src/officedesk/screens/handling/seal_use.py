"""The seal usage log in the workbench (SealUsePane): append-only, newest first. Rules stay in
services.seal: the pane shows their refusals and never edits or deletes a log entry (a correction
is a new one)."""

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType

from officedesk.i18n import label, t
from officedesk.screens.handling.seal_forms import chained, open_use_form
from officedesk.text import display_safe, local_time
from officedesk.views.seal import USE_COLUMNS
from officedesk.widgets.detail_pane import DetailPane
from officedesk.widgets.filter_bar import FilterSpec
from officedesk.widgets.list_pane import ListPane
from officedesk.widgets.pane_keys import action_keys
from officedesk.widgets.record_form import FormField, date_field, filled

if TYPE_CHECKING:  # the read models pull in pydantic/SQLModel: not before first paint
    from officedesk.models.seal import SealUseRead


_local = local_time


class SealUsePane(ListPane):
    """The usage log (用印登记), newest first: log a use, correct an entry, issue an
    introduction letter, verify the hash chain."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.seal_use", id="seal_use.new"),
        *action_keys("seal_use", "key.seal_", correct="c", letter="l", verify="v"),
    ]
    READ_SERVICES = ("officedesk.services.seal.actions", "count_uses", "list_uses")
    VIEW_COLUMNS = USE_COLUMNS

    def filter_specs(self) -> list[FilterSpec]:
        return [
            FilterSpec("seal", "text", t("field.seal"), width=14),
            FilterSpec("dept", "text", t("field.dept"), width=14),
            FilterSpec("since", "text", t("tui.seal_since"), width=12),
            FilterSpec("until", "text", t("tui.seal_until"), width=12),
            FilterSpec("text", "text", t("tui.seal_use_filter_text"), width=22),
        ]

    def cells(self, use: "SealUseRead") -> list[Text]:
        from officedesk.views.seal import seal_tail

        mark = "*" if use.corrects_id else ("×" if use.corrected_by else "")
        return [
            Text(f"#{use.id}{mark}"),
            Text(_local(use.used_at)),
            Text(display_safe(seal_tail(use.seal, 14))),
            Text(display_safe(use.doc_title)),
            Text(display_safe(use.requester)),
            Text(display_safe(use.dept or "")),
            Text(str(use.copies)),
        ]

    def row_style(self, use: "SealUseRead") -> str:
        if use.corrected_by:
            return "dim strike"
        return "yellow" if use.corrects_id else ""

    def make_filter(self) -> Any:
        from officedesk.services.seal.actions import UseFilter

        return UseFilter(**self.picked("seal", "dept", "since", "until", "text"))

    def load_detail(self, session: Any, row: "SealUseRead") -> "SealUseRead":
        from officedesk.services.seal.actions import read_use

        return read_use(session, row.id)

    def detail_view(self, detail: "SealUseRead") -> RenderableType:
        from officedesk.views.seal import use_detail_view

        return use_detail_view(detail)

    def show_record(self, ref_id: int) -> None:
        """Filter down to one entry (by its document title) and put the cursor on it."""
        from officedesk.services.seal.actions import get_use

        self.find_record(
            lambda session: get_use(session, ref_id),
            lambda entry: self.focus_record(entry.id, entry.doc_title),
        )

    def show_letter(self, letter_id: int) -> None:
        """An introduction letter (from search or the palette): the entry that issued it."""
        from officedesk.services.seal.actions import get_use
        from officedesk.services.seal.letters import get_letter

        def entry(session: Any) -> Any:
            return get_use(session, get_letter(session, letter_id).use_id)

        self.find_record(entry, lambda found: self.focus_record(found.id, found.doc_title))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "correct":
            return self.detail is not None and not self.detail.corrected_by
        return True

    def binding_state(self) -> Any:
        return (self.detail is not None, bool(self.detail and self.detail.corrected_by))

    # ---- actions ------------------------------------------------------------------------------

    def _with_active_seals(self, then: Any) -> None:
        """Fetch the active seals in a worker, then open a form on the UI thread."""

        def load() -> None:
            from officedesk.services.seal.actions import SealFilter, list_seals

            with self.ctx.read() as session:
                seals = list_seals(session, SealFilter(states=["active"]), limit=200).items
            choices = [(f"{s.name} ({label('seal_kind', s.kind)})", str(s.id)) for s in seals]
            self.app.call_from_thread(then, choices)

        self.run_worker(load, thread=True)

    def action_new(self) -> None:
        def open_form(choices: list[tuple[str, str]]) -> None:
            if not choices:
                self.app.notify(t("tui.seal_no_active"), severity="warning")
                return
            open_use_form(self, choices, choices[0][1] if len(choices) == 1 else None)

        self._with_active_seals(open_form)

    def action_correct(self) -> None:
        from officedesk.services.seal.actions import correct_use

        entry = self.detail
        if entry is None or entry.corrected_by:
            return
        fields = [
            FormField("note", t("tui.seal_correction_reason"), "long", required=True),
            FormField("doc_title", t("field.doc_title"), value=entry.doc_title, required=True),
            FormField("requester", t("field.requester"), value=entry.requester, required=True),
            FormField("dept", t("field.dept"), value=entry.dept or ""),
            FormField("purpose", t("field.purpose"), value=entry.purpose),
            FormField("copies", t("field.copies"), "int", value=str(entry.copies), required=True),
            FormField("approver", t("field.approver"), value=entry.approver, required=True),
            FormField("used_at", t("field.used_at"), value=_local(entry.used_at)),
            FormField("void", t("tui.seal_void"), "flag"),
        ]

        def apply(session: Any, values: dict[str, Any]) -> Any:
            data = {
                k: values[k]
                for k in ("note", "doc_title", "requester", "dept", "purpose", "approver")
            }
            if values["requester"] == entry.requester:
                data["requester"] = str(entry.requester_id or entry.requester)
            data["dept"] = values["dept"] or None
            data["copies"] = values["copies"] or entry.copies
            moment = values["used_at"] if values["used_at"] != _local(entry.used_at) else None
            return correct_use(session, entry.id, data, used_at=moment, void=bool(values["void"]))

        def done(result: "SealUseRead") -> str:
            self.focus_record(result.id, result.doc_title)
            return t("seal.corrected", id=result.id, original=result.corrects_id)

        title = t("tui.seal_correct", id=entry.id)
        self.open_form(title, fields, "seal.correct", *chained(self, apply, done))

    def action_letter(self) -> None:
        from officedesk.services.seal.letters import issue_letter

        def open_form(choices: list[tuple[str, str]]) -> None:
            fields = [
                FormField("to_unit", t("field.to_unit"), required=True),
                FormField("bearers", t("field.bearers"), required=True),
                FormField("purpose", t("field.purpose"), required=True),
                date_field("valid_until", t("field.valid_until")),
                FormField(
                    "requester", t("field.requester"), placeholder=t("tui.name_hint"), required=True
                ),
                FormField("approver", t("field.approver"), required=True),
                FormField("seal", t("field.seal"), "choice", choices=tuple(choices)),
            ]

            def apply(session: Any, values: dict[str, Any]) -> Any:
                return issue_letter(session, filled(values))

            def done(letter: Any) -> str:
                return t(
                    "seal.letter_issued",
                    number=letter.number,
                    to_unit=letter.to_unit,
                    valid_until=letter.valid_until.isoformat(),
                )

            title = t("tui.seal_letter")
            self.open_form(title, fields, "seal.letter", *chained(self, apply, done))

        self._with_active_seals(open_form)

    def action_verify(self) -> None:
        def run() -> None:
            from officedesk.services.seal.chain import verify_chain
            from officedesk.views.seal import chain_details, chain_message

            with self.ctx.read() as session:
                result = verify_chain(session)
            details = chain_details(result)
            warnings = [notice.message() for notice in result.notices]
            self.app.call_from_thread(
                self.show_verification, result.ok, chain_message(result), details, warnings
            )

        self.run_worker(run, thread=True, group="seal-verify")

    def show_verification(
        self,
        ok: bool,
        message: str,
        details: list[str] | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        """The verdict, the head (or the last intact entry) and the key's and anchor's
        warnings. Paths and hashes are data: Text, never markup."""
        style = "bold green" if ok else "bold red"
        view = Text(display_safe(message), style=style)
        for line in details or []:
            view.append("\n" + display_safe(line))
        for line in warnings or []:
            view.append("\n" + display_safe(t("warning.line", message=line)), style="yellow")
        self.query_one(DetailPane).show(view)
        self.app.notify(message, severity="information" if ok else "error", markup=False)
