"""How many records each register holds, by the registry's headline figures (DEMO_COUNTS):
what the demo reports, what a restore proves itself with, what the nightly run records."""

import importlib

from sqlalchemy import func, select

from officedesk.db import OfficeSession
from officedesk.registry import DEMO_COUNTS


def record_counts(session: OfficeSession) -> dict[str, int]:
    """figure → rows, in the registry's order (departments, people, tasks, … awards)."""

    def count(target: str) -> int:
        module, _, name = target.partition(":")
        model = getattr(importlib.import_module(module), name)
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())

    return {figure: count(target) for figure, target in DEMO_COUNTS}
