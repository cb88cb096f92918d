"""The reception list (接待清单) of one visit as data: what a document handed to the people who
receive the guests must hold, built from the read model without touching the database. Its
wording (the Markdown the CLI prints and the workbench shows) is views/visit_sheet.py: services
stay language-neutral."""

from typing import Any

from officedesk.models.visit import VisitRead
from officedesk.services.visit.input import format_money


def sheet_data(visit: VisitRead) -> dict[str, Any]:
    """The reception list as data (--json): what standards.md §5.8 says it must hold."""
    activities = visit.activities or []
    total = sum(a.cost_fen or 0 for a in activities)
    return {
        "code": visit.code,
        "guest_org": visit.guest_org,
        "letter_ref": visit.letter_ref,
        "purpose": visit.purpose,
        "arrives_at": visit.arrives_at.isoformat(),
        "departs_at": visit.departs_at.isoformat() if visit.departs_at else None,
        "host": visit.host,
        "host_dept": visit.host_dept,
        "guest_count": visit.guest_count,
        "guests": [{"name": g.name, "post": g.post} for g in visit.guests or []],
        "activities": [
            {
                "starts_at": a.starts_at.isoformat(),
                "place": a.place,
                "activity": a.activity,
                "cost": a.cost,
            }
            for a in activities
        ],
        "activities_total": format_money(total),
        "table_hosts": visit.table_hosts,
        "host_limit": visit.host_limit,
        "budget": visit.budget,
        "cost": visit.cost,
        "warnings": visit.warnings,
        "letter_waiver": visit.letter_waiver,
        "papers": visit.papers,
    }
