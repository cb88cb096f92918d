"""The coordination matters register's export table (RegisterSpec.rows): every matter in every
state, as the items of `matter list --json`. Services are imported only when a page is read."""

from typing import TYPE_CHECKING

from officedesk.export.registers import Dataset

if TYPE_CHECKING:
    from officedesk.db import OfficeSession
    from officedesk.services.common import Page


def _matters(session: "OfficeSession", offset: int, limit: int) -> "Page":
    from officedesk.services.matter.query import MatterFilter, list_matters

    return list_matters(session, MatterFilter(states=["all"]), limit=limit, offset=offset)


def matter() -> tuple[Dataset, ...]:
    return (
        Dataset(
            "matter",
            _matters,
            "matter",
            {"direction": "matter_direction", "state": "matter_state"},
        ),
    )
