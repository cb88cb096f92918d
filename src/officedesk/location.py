"""Where the database is: resolved from options, environment and the data directory.

No SQLAlchemy here: the workbench resolves its database before it paints, and paints before the
database layer is imported.
"""

import os
from pathlib import Path


def default_db_path() -> Path:
    from officedesk.config import data_dir

    return data_dir() / "officedesk.db"


def demo_db_path() -> Path:
    from officedesk.config import data_dir

    return data_dir() / "demo.db"


def resolve_location(db_path: str | None = None, *, demo: bool = False) -> tuple[str, bool]:
    """The database URL, and whether it lives in our own data directory (kept 0700).

    Precedence: --demo, then --db, then OFFICEDESK_DATABASE_URL, then OFFICEDESK_DB, then the
    data directory. The demo always wins so that trying officedesk never touches real data.
    """
    if demo:
        return sqlite_url(demo_db_path()), True
    if db_path:
        return sqlite_url(Path(db_path)), False
    if url := os.environ.get("OFFICEDESK_DATABASE_URL"):
        return url, False
    if path := os.environ.get("OFFICEDESK_DB"):
        return sqlite_url(Path(path)), False
    return sqlite_url(default_db_path()), True


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.expanduser().absolute()}"
