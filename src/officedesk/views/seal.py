"""Rich views of the seal register, kept out of cli.seal so the workbench's seal panes can show
the same renderables without importing the Typer app. Rich and the chain's services are imported
inside the views, so `--json` output and the export's COLUMNS load neither."""

from typing import TYPE_CHECKING, Any

from officedesk.i18n import t
from officedesk.text import local_time
from officedesk.views.columns import Column

if TYPE_CHECKING:
    from rich.console import RenderableType

    from officedesk.models.seal import IntroLetterRead, SealRead, SealRequestRead, SealUseRead
    from officedesk.services.seal.chain import VerifyResult

COLUMNS = (
    Column("id", "field.id", 4),
    Column("name", "field.name", 0),
    Column("kind", "field.kind", 12),
    Column("state", "seal.state_heading", 8),
    Column("state_on", "field.state_on", 10, drop=1),
    Column("keeper", "field.keeper", 8, cap=8, drop=2),
    Column("dept", "field.dept", cap=10, cli_only=True),
    Column("uses", "field.uses", 8, drop=3),
)
USE_COLUMNS = (
    Column("id", "field.id", 6),
    Column("used_at", "field.used_at", 16),
    Column("seal", "field.seal", 14),
    Column("doc_title", "field.doc_title", 0),
    Column("requester", "field.requester", 8, cap=8, drop=1),
    Column("dept", "field.dept", 10, cap=10, drop=2),
    Column("copies", "field.copies", 4, drop=3),
)
LETTER_COLUMNS = (
    Column("number", "field.number"),
    Column("issued_on", "field.issued_on"),
    Column("to_unit", "field.to_unit", cap=16),
    Column("bearers", "field.bearers", cap=12),
    Column("purpose", "field.purpose", 0),
    Column("valid_until", "field.valid_until"),
    Column("requester", "field.requester", cap=8),
)
REQUEST_COLUMNS = (
    Column("id", "field.id"),
    Column("requested_at", "field.requested_at"),
    Column("seal", "field.seal"),
    Column("doc_title", "field.doc_title", 0),
    Column("requester", "field.requester", cap=8),
    Column("copies", "field.copies"),
    Column("state", "seal.state_heading"),
)


# Where a seal's owner ends and its kind begins: 某某集团有限公司 | 合同专用章.
_OWNER_ENDS = ("公司", "集团", "中心", "委员会", "办公室", "局", "厅", "院", "部", "处")


def seal_tail(name: str, width: int) -> str:
    """A long seal name shortened in the middle: a company's seals share its name as their
    prefix, so the kind at the end (公章, 合同专用章…) is kept whole when it fits, and the start
    of the owner's name takes the room left (华远…合同专用章, 北京华…公章), never the common
    middle (…有限公司公章)."""
    from rich.cells import cell_len

    if cell_len(name) <= width:
        return name
    room = max(width - 1, 1)  # one cell for the ellipsis
    owner_end = max(
        (name.rfind(end) + len(end) for end in _OWNER_ENDS if end in name[:-1]), default=0
    )
    tail = name[owner_end:] if 0 < owner_end < len(name) else ""
    if not tail or cell_len(tail) > room:
        tail = ""
        for char in reversed(name):
            if cell_len(tail) + cell_len(char) > room:
                break
            tail = char + tail
    head = ""
    for char in name:
        if cell_len(head) + cell_len(char) + cell_len(tail) > room:
            break
        head += char
    return head + "…" + tail


def chain_message(result: "VerifyResult") -> str:
    from officedesk.services.seal.chain import CHAIN_MESSAGES, chain_params

    if result.ok:
        return t("seal.chain_ok", n=result.entries)
    return t(CHAIN_MESSAGES[result.reason or "content"], **chain_params(result))


def head_line(seq: int | None, digest: str | None) -> str:
    """The log's head in full, to compare with one written down elsewhere."""
    if seq is None or digest is None:
        return t("seal.chain_no_head")
    return t("seal.chain_head", seq=seq, hash=digest)


def chain_details(result: "VerifyResult") -> list[str]:
    """The lines under verify's verdict: the head (or, after a break, the last intact entry),
    what the MACs covered and where this machine's anchor stands."""
    if not result.ok:
        if result.head_seq is None or result.head is None:
            return []
        return [t("seal.chain_last_intact", seq=result.head_seq, hash=result.head)]
    lines = [head_line(result.head_seq, result.head)]
    if result.legacy:
        lines.append(t("seal.chain_legacy", n=result.legacy))
    if result.macs_checked:
        lines.append(t("seal.chain_macs", n=result.macs_checked, path=result.key_file))
    if result.anchor_state == "created":
        lines.append(t("seal.chain_anchor_created", path=result.anchor_file))
    elif result.anchor_state == "moved":
        lines.append(t("seal.chain_anchor_moved", path=result.anchor_file))
    elif result.anchor_state == "ok" and result.anchor_seq is not None:
        lines.append(t("seal.chain_anchor_ok", seq=result.anchor_seq))
    return lines


def _use_marks(use: "SealUseRead") -> list[str]:
    """What the chain says about an entry: it corrects another, voids it, or was corrected."""
    from officedesk.i18n import label

    marks = []
    if use.corrects_id:
        marks.append(t("seal.corrects", id=use.corrects_id))
    if use.void:
        marks.append(label("seal_mark", "void"))
    if use.corrected_by:
        marks.append(t("seal.corrected_by", id=use.corrected_by))
    return marks


def use_line(use: "SealUseRead") -> str:
    """One entry of a seal's recent uses in a line of text (the seal is named above it)."""
    parts = [f"#{use.id}", local_time(use.used_at), use.doc_title, use.requester, *_use_marks(use)]
    return "  ".join(p for p in parts if p)


def _pairs(pairs: list[tuple[str, Any]]) -> Any:
    from officedesk.views.render import pairs_table

    return pairs_table(pairs)


def seal_detail_view(seal: "SealRead") -> "RenderableType":
    """A seal, its lifecycle and its latest uses. User values go through cell(): data, never
    markup."""
    from rich.console import Group
    from rich.text import Text

    from officedesk.i18n import label
    from officedesk.views.render import cell, heading, stamped_line

    parts: list[Any] = [Text.assemble((f"#{seal.id}", "bold"), "  ", cell(seal.name, "bold"))]
    parts.append(
        _pairs(
            [
                (t("field.kind"), label("seal_kind", seal.kind)),
                (
                    t("seal.state_heading"),
                    f"{label('seal_state', seal.state)}  {seal.state_on.isoformat()}",
                ),
                (t("field.serial"), seal.serial),
                (t("field.keeper"), seal.keeper or ""),
                (t("field.dept"), seal.dept or ""),
                (t("field.uses"), str(seal.uses)),
                (t("field.last_used_at"), local_time(seal.last_used_at)),
                (t("field.note"), seal.note),
            ]
        )
    )
    if seal.events:
        parts += heading(t("seal.lifecycle"))
        parts += [
            stamped_line(
                f"{event.step_on.isoformat()}  {label('seal_action', event.action)}",
                event.approval,
                "cyan",
                f"{event.by}  {event.note}".strip(),
            )
            for event in seal.events
        ]
    if seal.open_requests:
        parts += heading(t("seal.open_requests"))
        for request in seal.open_requests:
            state = label("seal_request_state", request.state)
            text = f"  #{request.id}  {local_time(request.requested_at)}  [{state}]  "
            text += f"{request.doc_title}  {request.requester}  ×{request.copies}"
            parts.append(cell(f"{text}  {request.approver}".rstrip()))
    if seal.recent_uses:
        parts += heading(t("seal.recent_uses"))
        parts += [cell(f"  {use_line(use)}") for use in seal.recent_uses]
    return Group(*parts)


def use_detail_view(use: "SealUseRead") -> "RenderableType":
    from rich.console import Group
    from rich.text import Text

    from officedesk.views.render import cell

    marks = _use_marks(use)
    title = Text.assemble((f"#{use.id}", "bold"), "  ", cell(use.doc_title, "bold"))
    parts: list[Any] = [title]
    if marks:
        parts.append(cell("  ".join(marks), "yellow"))
    parts.append(
        _pairs(
            [
                (t("field.seal"), use.seal),
                (t("field.used_at"), local_time(use.used_at)),
                (t("field.requester"), use.requester),
                (t("field.dept"), use.dept or ""),
                (t("field.purpose"), use.purpose),
                (t("field.copies"), str(use.copies)),
                (t("field.approver"), use.approver),
                (t("field.registered_by"), f"{use.registered_by}  {local_time(use.recorded_at)}"),
                (t("field.letter"), use.letter or ""),
                (t("field.note"), use.note),
                (t("field.seq"), str(use.seq)),
                (t("field.hash"), use.hash[:16] + "…"),
            ]
        )
    )
    return Group(*parts)


def print_seals(items: list["SealRead"], *, has_more: bool, offset: int) -> None:
    from rich.text import Text

    from officedesk.i18n import label
    from officedesk.views.columns import print_page
    from officedesk.views.render import cell

    rows = [
        [
            Text(f"#{seal.id}"),
            cell(seal.name),
            Text(label("seal_kind", seal.kind)),
            Text(label("seal_state", seal.state)),
            Text(seal.state_on.isoformat()),
            cell(seal.keeper or ""),
            cell(seal.dept or ""),
            Text(str(seal.uses)),
        ]
        for seal in items
    ]
    print_page(COLUMNS, rows, has_more=has_more, offset=offset)


def print_uses(items: list["SealUseRead"], *, has_more: bool, offset: int) -> None:
    from rich.text import Text

    from officedesk.views.columns import print_page
    from officedesk.views.render import cell, console

    rows = []
    for use in items:
        mark = "*" if use.corrects_id else ("×" if use.corrected_by else "")
        style = "dim" if use.corrected_by else ""
        rows.append(
            [
                Text(f"#{use.id}{mark}", style=style),
                Text(local_time(use.used_at), style=style),
                cell(seal_tail(use.seal, 14), style),
                cell(use.doc_title, style),
                cell(use.requester, style),
                cell(use.dept or "", style),
                Text(str(use.copies), style=style),
            ]
        )
    print_page(USE_COLUMNS, rows, has_more=has_more, offset=offset)
    if any(use.corrects_id or use.corrected_by for use in items):
        console().print(Text(t("seal.marks_note"), style="dim"))


def print_letters(items: list["IntroLetterRead"], *, has_more: bool, offset: int) -> None:
    from rich.text import Text

    from officedesk.views.columns import print_page
    from officedesk.views.render import cell

    rows = [
        [
            Text(letter.number),
            Text(letter.issued_on.isoformat()),
            cell(letter.to_unit),
            cell(letter.bearers),
            cell(letter.purpose),
            Text(letter.valid_until.isoformat(), style="dim" if letter.expired else ""),
            cell(letter.requester),
        ]
        for letter in items
    ]
    print_page(LETTER_COLUMNS, rows, has_more=has_more, offset=offset)


def print_requests(items: list["SealRequestRead"], *, has_more: bool, offset: int) -> None:
    from rich.text import Text

    from officedesk.i18n import label
    from officedesk.views.columns import print_page
    from officedesk.views.render import cell

    rows = [
        [
            Text(f"#{request.id}"),
            Text(local_time(request.requested_at)),
            cell(seal_tail(request.seal, 14)),
            cell(request.doc_title),
            cell(request.requester),
            Text(str(request.copies)),
            Text(label("seal_request_state", request.state)),
        ]
        for request in items
    ]
    print_page(REQUEST_COLUMNS, rows, has_more=has_more, offset=offset)
