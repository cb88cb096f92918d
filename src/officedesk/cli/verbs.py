"""The shapes every register's commands share, written once: a page of a list, one record, a
write on one record or on several in one transaction, and commands generated from a table of a
register's steps (its state machine's actions, each with its own options)."""

import importlib
import inspect
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from officedesk.cli.options import Json, Limit, Offset
from officedesk.cli.state import emit, read, write
from officedesk.i18n import t
from officedesk.notices import Notice

if TYPE_CHECKING:
    from rich.console import RenderableType

    from officedesk.db import OfficeSession

Notices = Callable[[Any], Iterable[Any]]


def split_states(state: str | None) -> list[str] | None:
    """`--state a,b`: the states named, or None (the service's default) when none are."""
    return [s.strip() for s in state.split(",") if s.strip()] if state else None


def listed(
    fetch: "Callable[[OfficeSession], Any]",
    table: Callable[..., None],
    *,
    as_json: bool,
    start: int = 0,
    **table_options: Any,
) -> Any:
    """`<noun> list`: one page in one read, as JSON or as the register's table (told whether
    more follow, and the `table_options` its caller gives)."""
    with read() as session:
        page = fetch(session)
    warnings = []
    if as_json and page.has_more:  # a limited answer says so: which rows, where the next begin
        warnings.append(
            Notice(
                "list.json_more",
                {
                    "first": start + 1,
                    "last": start + len(page.items),
                    "next": start + len(page.items),
                },
            )
        )
    return emit(
        page.items,
        as_json=as_json,
        human=lambda: table(page.items, has_more=page.has_more, **table_options),
        warnings=warnings,
    )


STREAM_PAGE = 500  # rows read at a time when --json asks for every record


def streamed(fetch: "Callable[[OfficeSession, int, int], Any]", *, start: int = 0) -> Any:
    """Every matching record as one JSON array, written a page at a time (100,000 rows never
    sit in memory at once), all read in one transaction. The first page is read before
    anything is written, so a refused filter leaves stdout empty."""
    from officedesk.cli.state import STATE, to_jsonable
    from officedesk.jsonout import json_text
    from officedesk.services.query import one_snapshot

    with read() as session:
        one_snapshot(session)  # the pages agree with each other on PostgreSQL too
        page = fetch(session, start, STREAM_PAGE)
        if STATE.batch is not None:  # a batch line hands its result back whole
            items = list(page.items)
            while page.has_more:
                page = fetch(session, start + len(items), STREAM_PAGE)
                items += page.items
            return to_jsonable(items)
        out = sys.stdout
        written = 0
        while True:
            for item in page.items:
                text = json_text(to_jsonable(item), indent=2).replace("\n", "\n  ")
                out.write(("[\n  " if not written else ",\n  ") + text)
                written += 1
            if not page.has_more:
                break
            page = fetch(session, start + written, STREAM_PAGE)
        out.write("\n]\n" if written else "[]\n")
    return None


def printed(view: "Callable[..., RenderableType]") -> Callable[..., None]:
    """The human view of a record whose view is a Rich renderable: printed on the console."""

    def human(*found: Any) -> None:
        from officedesk.views.render import console

        console().print(view(*found))

    return human


def shown(
    fetch: "Callable[[OfficeSession], Any]",
    human: Callable[[Any], None],
    *,
    as_json: bool,
    notices: Notices | None = None,
) -> Any:
    """`<noun> show`: one record in one read, as JSON or its human view, then its warnings."""
    with read() as session:
        found = fetch(session)
    return emit(
        found,
        as_json=as_json,
        human=lambda: human(found),
        warnings=notices(found) if notices else (),
    )


def wrote(
    operation: str,
    apply: "Callable[[OfficeSession], Any]",
    *,
    as_json: bool,
    human: Callable[[Any], None],
    notices: Notices | None = None,
) -> Any:
    """One write in one transaction, then what it wrote (JSON or the human view), then the
    warnings it gave (stderr, exit 0)."""
    with write(operation) as session:
        done = apply(session)
    return emit(
        done, as_json=as_json, human=lambda: human(done), warnings=notices(done) if notices else ()
    )


def each(
    operation: str,
    refs: Sequence[str],
    apply: "Callable[[OfficeSession, str], Any]",
    *,
    as_json: bool,
    human: Callable[[list[Any]], None],
    notices: Notices | None = None,
) -> Any:
    """One step on several records in one transaction: all of them or none (a record named
    twice is stepped once)."""
    with write(operation) as session:
        done = [apply(session, ref) for ref in dict.fromkeys(refs)]
    warnings = [notice for record in done for notice in notices(record)] if notices else ()
    return emit(done, as_json=as_json, human=lambda: human(done), warnings=warnings)


_JSON = inspect.Parameter(
    "as_json", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=False, annotation=Json
)


def command(
    app: typer.Typer,
    name: str,
    help_key: str,
    parameters: Callable[..., Any],
    run: Callable[..., Any],
) -> None:
    """Add command `name` to `app`: its arguments and options are those of `parameters` (a
    fragment whose body never runs, as in cli.options) followed by --json; `run` gets their
    values in the fragment's order, and as_json by name.

    For commands made in a loop from a table: each one's options stay declared as ordinary
    parameters, and one body serves them all."""
    own = list(inspect.signature(parameters).parameters.values())

    def invoke(**given: Any) -> Any:
        return run(*(given[parameter.name] for parameter in own), as_json=given["as_json"])

    # A function takes any attribute; inspect.signature (and so Typer) reads this one.
    invoke.__signature__ = inspect.Signature([*own, _JSON])  # type: ignore[attr-defined]
    invoke.__name__ = name
    app.command(name, help=t(help_key))(invoke)


def show_command(
    app: typer.Typer,
    help_key: str,
    ref: Any,
    fetch: "Callable[[OfficeSession, str], Any]",
    human: Callable[[Any], None],
    *,
    name: str = "show",
    notices: Notices | None = None,
) -> None:
    """Add `<noun> show REF [--json]` to `app`: the record `fetch` finds by its reference (the
    argument declared as `ref`), as JSON or its human view, then its warnings."""

    def parameters(ref: str) -> None:
        """The one argument, declared as the register's own (its help names the register)."""

    argument = inspect.Parameter("ref", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=ref)
    # A function takes any attribute; inspect.signature (and so Typer) reads this one.
    parameters.__signature__ = inspect.Signature([argument])  # type: ignore[attr-defined]

    def run(reference: str, *, as_json: bool) -> Any:
        return shown(lambda s: fetch(s, reference), human, as_json=as_json, notices=notices)

    command(app, name, help_key, parameters, run)


def _page(limit: Limit = 50, offset: Offset = 0) -> None:
    """What every list takes after its own filters: the page."""


def list_command(
    app: typer.Typer,
    help_key: str,
    filters: Callable[..., Any],
    fetch: "Callable[[OfficeSession, dict[str, Any]], Any]",
    table: Callable[..., None],
    *,
    name: str = "list",
    limit: int = 50,
    table_options: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> None:
    """Add `<noun> list [filters] [--limit] [--offset] [--json]` to `app`: `filters` is a
    fragment declaring the register's own filter options (as in cli.options), `fetch` reads one
    page given every option by name, and `table` prints it, told the offset (or what
    `table_options` makes of the options)."""
    sized = Annotated[
        int | None, typer.Option("--limit", "-l", help=t("help.opt.page_limit", n=limit))
    ]
    page = [
        parameter.replace(default=None, annotation=sized)
        if parameter.name == "limit"
        else parameter
        for parameter in inspect.signature(_page).parameters.values()
    ]
    listing = [*inspect.signature(filters).parameters.values(), *page]
    names = [parameter.name for parameter in listing]

    def parameters() -> None:
        """The filters, then the page: set below."""

    # A function takes any attribute; inspect.signature (and so Typer) reads this one.
    parameters.__signature__ = inspect.Signature(listing)  # type: ignore[attr-defined]

    def run(*values: Any, as_json: bool) -> Any:
        options = dict(zip(names, values, strict=True))
        if options["limit"] is None and as_json:
            # A script gets every matching record, never a silent first page.
            return streamed(
                lambda s, at, size: fetch(s, {**options, "offset": at, "limit": size}),
                start=options["offset"],
            )
        options["limit"] = (
            options["limit"] or limit if options["limit"] is None else options["limit"]
        )
        shown = table_options(options) if table_options else {"offset": options["offset"]}
        return listed(
            lambda s: fetch(s, options), table, as_json=as_json, start=options["offset"], **shown
        )

    command(app, name, help_key, parameters, run)


def listing(
    service: str, lister: str, filter_class: str | None = None
) -> "Callable[[OfficeSession, dict[str, Any]], Any]":
    """A list's read, its service imported only when the list runs (loading the CLI loads no
    service): the options go by name into the service's filter dataclass `filter_class`, or
    straight to the lister when there is none; `--state a,b` becomes `states` (left out when
    not given, so the service's default holds); `limit` and `offset` go to the lister."""

    def fetch(session: "OfficeSession", options: dict[str, Any]) -> Any:
        module = importlib.import_module(service)
        values = {k: v for k, v in options.items() if k not in ("limit", "offset")}
        if "state" in values and (states := split_states(values.pop("state"))) is not None:
            values["states"] = states
        page = {"limit": options["limit"], "offset": options["offset"]}
        if filter_class is None:
            return getattr(module, lister)(session, **values, **page)
        return getattr(module, lister)(session, getattr(module, filter_class)(**values), **page)

    return fetch


def fetching(service: str, getter: str, **options: Any) -> "Callable[[OfficeSession, str], Any]":
    """A show's read, its service imported only when the show runs (as `listing` is a list's):
    `getter(session, ref, **options)`."""

    def fetch(session: "OfficeSession", ref: str) -> Any:
        return getattr(importlib.import_module(service), getter)(session, ref, **options)

    return fetch
