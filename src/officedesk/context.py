"""The one factory that turns options, environment and config into a working context.

The CLI, the TUI and the tests all build an AppContext here, so they agree on which database,
which language, which operator and which day it is.
"""

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from officedesk.config import Settings, load_settings
from officedesk.errors import InvalidInput
from officedesk.i18n import locale_language, normalise_language, set_language
from officedesk.location import resolve_location
from officedesk.services.env import Rules, ServiceEnv
from officedesk.workcal import WorkCalendar, parse_overrides

if TYPE_CHECKING:
    from officedesk.db import OfficeSession, Store


def resolve_language(cli_lang: str | None, settings: Settings) -> str:
    """--lang, then OFFICEDESK_LANG, then the config file, then the locale."""
    for candidate in (cli_lang, os.environ.get("OFFICEDESK_LANG"), settings.lang):
        if candidate:
            lang = normalise_language(candidate)
            if lang is None:
                raise InvalidInput("lang.unknown", value=candidate)
            return lang
    return locale_language()


def resolve_operator(settings: Settings) -> str:
    if env_operator := os.environ.get("OFFICEDESK_OPERATOR"):
        return env_operator
    if settings.operator:
        return settings.operator
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def resolve_lock_wait(settings: Settings) -> float:
    """How long a writer waits for the database (seconds): OFFICEDESK_LOCK_WAIT, then the
    config's lock_wait. The variable is for one run or one cron job that must wait longer (or
    must not wait at all), without editing the shared config."""
    raw = os.environ.get("OFFICEDESK_LOCK_WAIT", "").strip()
    if not raw:
        return settings.lock_wait
    from officedesk.config import LOCK_WAIT_MAX

    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= LOCK_WAIT_MAX:  # also refuses nan
        raise InvalidInput("store.bad_lock_wait", value=raw, max=f"{LOCK_WAIT_MAX:g}")
    return value


def resolve_today() -> date:
    """OFFICEDESK_TODAY pins the day (snapshots, demos, tests); otherwise the local date."""
    pinned = os.environ.get("OFFICEDESK_TODAY")
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise InvalidInput("date.invalid", value=pinned) from None
    return date.today()


def resolve_now() -> datetime | None:
    """OFFICEDESK_NOW pins the clock (ISO, with an offset) for snapshots and demos."""
    pinned = os.environ.get("OFFICEDESK_NOW")
    if not pinned:
        return None
    try:
        moment = datetime.fromisoformat(pinned)
    except ValueError:
        raise InvalidInput("date.invalid", value=pinned) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class AppContext:
    settings: Settings
    url: str
    private_dir: bool
    lang: str
    operator: str
    today: date
    calendar: WorkCalendar
    demo: bool = False
    fixed_now: datetime | None = None
    _store: "Store | None" = field(default=None, repr=False)

    @property
    def store(self) -> "Store":
        """Opened on first use: importing the database layer costs ~0.3 s, which the
        workbench spends after its first paint, not before."""
        if self._store is None:
            from officedesk.db import Store

            self._store = Store(
                self.url, private_dir=self.private_dir, lock_wait=resolve_lock_wait(self.settings)
            )
        return self._store

    def env(self) -> ServiceEnv:
        rules = Rules(
            yellow_workdays=self.settings.yellow_workdays,
            due_rules=dict(self.settings.due_rules),
            outgoing_prefixes=dict(self.settings.outgoing_prefixes),
            self_approve_extensions=self.settings.self_approve_extensions,
            government_body=self.settings.government_body,
        )
        return ServiceEnv(
            today=self.today,
            operator=self.operator,
            calendar=self.calendar,
            rules=rules,
            fixed_now=self.fixed_now,
            seal_key_file=self.settings.seal_key_file,
            database=self.url,
        )

    @contextmanager
    def write(self, operation: str) -> Iterator["OfficeSession"]:
        """One write transaction (BEGIN IMMEDIATE on SQLite) that is one journaled operation."""
        from officedesk.journal import start_operation

        with self.store.session(self.env(), write=True) as session:
            start_operation(session, operation)
            yield session

    @contextmanager
    def read(self) -> Iterator["OfficeSession"]:
        with self.store.session(self.env(), write=False) as session:
            yield session

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()


def build_context(
    *,
    db: str | None = None,
    lang: str | None = None,
    demo: bool = False,
    settings: Settings | None = None,
    today: date | None = None,
) -> AppContext:
    settings = settings or load_settings()
    language = resolve_language(lang, settings)
    set_language(language)
    url, private_dir = resolve_location(db, demo=demo)
    calendar = WorkCalendar(parse_overrides(settings.calendar) if settings.calendar else None)
    return AppContext(
        settings=settings,
        url=url,
        private_dir=private_dir,
        lang=language,
        operator=resolve_operator(settings),
        today=today or resolve_today(),
        calendar=calendar,
        demo=demo,
        fixed_now=resolve_now(),
    )
