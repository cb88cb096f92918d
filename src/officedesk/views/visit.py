"""Human views of the visits register (公务接待), shared by cli.visit and the workbench's visit
pane. Rich is imported inside the views only: the export reads COLUMNS without it."""

from typing import TYPE_CHECKING, Any

from officedesk.i18n import label, t
from officedesk.text import display_safe, local_time
from officedesk.views.columns import Column

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from officedesk.models.visit import VisitRead

# The workbench sizes guest_count and state from their words in the current language.
COLUMNS = (
    Column("code", "field.code", 12, sort="code"),
    Column("arrives_at", "field.arrives_at", 16, sort="arrival"),
    Column("guest_org", "field.guest_org", 16, cap=14),
    Column("purpose", "field.purpose", 0),
    Column("guest_count", "visit.col.guests", drop=2),
    Column("host", "field.host", 8, cap=6, drop=1),
    Column("state", "field.state", keep=True),
)


def visit_table(
    visits: "list[VisitRead]", *, has_more: bool, offset: int = 0, this_year: int = 0
) -> None:
    from rich.text import Text

    from officedesk.views.columns import print_page
    from officedesk.views.render import cell

    rows = [
        [
            cell(visit.code, "yellow" if visit.warnings else ""),
            Text(_short_time(visit.arrives_at, this_year)),
            cell(visit.guest_org),
            cell(visit.purpose),
            Text(str(visit.guest_count)),
            cell(visit.host or ""),
            Text(label("visit_state", visit.state)),
        ]
        for visit in visits
    ]
    print_page(COLUMNS, rows, has_more=has_more, offset=offset)


def _short_time(moment: Any, this_year: int) -> str:
    """A list needs the day and the hour; the year only when it is not this one."""
    local = moment.astimezone()
    return local.strftime("%m-%d %H:%M" if local.year == this_year else "%Y-%m-%d")


def visit_detail_view(visit: "VisitRead") -> "RenderableType":
    """A visit, its guests, its activities and the rules it breaks, as one renderable. Every
    user value goes through `cell()`: data, never markup."""
    from rich.console import Group
    from rich.text import Text

    from officedesk.views.render import cell, heading, pairs_table

    parts: list[Any] = [
        Text.assemble((visit.code, "bold"), "  ", cell(visit.guest_org, "bold")),
    ]
    stay = local_time(visit.arrives_at)
    if visit.departs_at:
        stay = t("visit.sheet.stay", arrives=stay, departs=local_time(visit.departs_at))
    people = t(
        "visit.sheet.people_line",
        guests=visit.guest_count,
        hosts=visit.table_hosts,
        limit=visit.host_limit,
    )
    pairs: list[tuple[str, Any]] = [
        (t("field.state"), Text(label("visit_state", visit.state))),
        (t("field.purpose"), visit.purpose),
        (t("field.letter_ref"), visit.letter_ref or _no_letter(visit)),
        (t("field.level"), Text(label("visit_level", visit.level))),
        (t("visit.sheet.when"), stay),
        (t("field.host_id"), visit.host or ""),
        (t("field.host_dept_id"), visit.host_dept or ""),
        (t("visit.sheet.people"), people),
        (t("field.meals"), visit.meals),
        (t("field.lodging"), visit.lodging),
        (t("field.car"), visit.car),
        (t("field.room"), visit.room),
        (t("field.budget"), visit.budget or ""),
        (t("field.cost"), visit.cost or ""),
    ]
    if visit.papers:
        pairs.append(
            (t("field.papers"), t("list.sep").join(label("visit_papers", p) for p in visit.papers))
        )
    if visit.settled_on:
        pairs.append((t("field.settled_on"), visit.settled_on.isoformat()))
    if visit.cancel_reason:
        pairs.append((t("field.cancel_reason"), visit.cancel_reason))
    parts.append(pairs_table(pairs, skip_empty=True))
    if visit.note:
        parts += [Text(""), Text(display_safe(visit.note, keep_newlines=True))]
    if visit.warnings:
        parts.append(Text(""))
        parts += [cell(f"! {w['message']}", "yellow") for w in visit.warnings]
    if visit.guests:
        parts += heading(t("visit.sheet.guests"))
        parts += [cell(f"  #{g.id}  {g.name}  {g.post}".rstrip()) for g in visit.guests]
    if visit.activities:
        parts += heading(t("visit.sheet.activities"))
        for a in visit.activities:
            money = f"  ¥{a.cost}" if a.cost else ""
            parts.append(
                cell(f"  #{a.id}  {local_time(a.starts_at)}  {a.place}  {a.activity}{money}")
            )
    return Group(*parts)


def _no_letter(visit: "VisitRead") -> "Text":
    """No 公函 on record: the reason the visit was confirmed anyway, or a warning."""
    from rich.text import Text

    if visit.letter_waiver:
        return Text(t("visit.sheet.letter_waived", reason=display_safe(visit.letter_waiver)))
    return Text(t("visit.sheet.no_letter"), "yellow")
