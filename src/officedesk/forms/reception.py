"""接待清单: the reception list of one visit as a signed paper keeps it — the facts, the guests,
the activities with their costs and total, the arrangements — worded as `visit sheet` words
them (the same label keys), laid out in tables."""

from typing import Any

from officedesk.forms.page import SIZE_2, SIZE_4, TITLE_FONT, grid, line, merge_row, new_page
from officedesk.i18n import label, t
from officedesk.services.visit.input import format_money
from officedesk.views.written import written_moment


def reception_list(visit: Any, company: str) -> Any:
    """`visit` is a VisitRead with its guests and activities."""
    document = new_page()
    title = company + t("visit.sheet.title", code=visit.code)
    line(document, title, align="center", font=TITLE_FONT, size=SIZE_2)
    none = t("visit.sheet.none")
    stay = written_moment(visit.arrives_at)
    if visit.departs_at:
        stay += " – " + written_moment(visit.departs_at)
    host = " ".join(x for x in (visit.host_dept or "", visit.host or "") if x)
    letter = visit.letter_ref or (
        t("visit.sheet.letter_waived", reason=visit.letter_waiver)
        if visit.letter_waiver
        else t("visit.sheet.no_letter")
    )
    facts = [
        [t("field.guest_org"), visit.guest_org, t("field.letter_ref"), letter],
        [t("field.purpose"), "", "", ""],
        [t("visit.sheet.when"), "", "", ""],
        [t("visit.sheet.host"), host or none, t("field.level"), label("visit_level", visit.level)],
        [t("visit.sheet.people"), "", "", ""],
    ]
    table = grid(document, facts, [28, 50, 28, 50])
    merge_row(table, 1, 1, 3, visit.purpose or none)
    merge_row(table, 2, 1, 3, stay)
    people = t(
        "visit.sheet.people_line",
        guests=visit.guest_count,
        hosts=visit.table_hosts,
        limit=visit.host_limit,
    )
    merge_row(table, 4, 1, 3, people)
    line(document, t("visit.sheet.guests"), size=SIZE_4, bold=True)
    guests = visit.guests or []
    rows = [[t("visit.sheet.no"), t("visit.sheet.name"), t("field.post")]]
    rows += [[str(i), g.name, g.post] for i, g in enumerate(guests, 1)]
    if not guests:
        rows.append([t("visit.sheet.no_guests"), "", ""])
    grid(document, rows, [16, 60, 80])
    line(document, t("visit.sheet.activities"), size=SIZE_4, bold=True)
    activities = visit.activities or []
    rows = [
        [
            t("visit.sheet.time"),
            t("field.place"),
            t("field.activity"),
            t("visit.sheet.cost_yuan"),
        ]
    ]
    rows += [
        [written_moment(a.starts_at), a.place, a.activity, str(a.cost or "")] for a in activities
    ]
    total = format_money(sum(a.cost_fen or 0 for a in activities))
    rows.append(["", "", t("visit.sheet.total"), total])
    grid(document, rows, [40, 40, 50, 26])
    line(document, t("visit.sheet.arrangements"), size=SIZE_4, bold=True)
    rows = [
        [t("field.meals"), visit.meals or none],
        [t("field.lodging"), visit.lodging or none],
        [t("field.car"), visit.car or none],
        [t("field.room"), visit.room or none],
        [t("visit.sheet.budget"), str(visit.budget or none)],
        [t("visit.sheet.cost"), str(visit.cost or none)],
    ]
    grid(document, rows, [40, 116])
    return document
