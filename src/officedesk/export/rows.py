"""A dataset's records as plain rows: a page at a time, each record a tuple of its values in
the order of its keys (the keys `--json` gives), python values as the read model holds them.

Why tuples: the export used to turn every record into a dict (`model_dump`), every dict into
JSON values, and every value into a cell, one Python call per cell. At 100,000 records a table
that was most of the export's time. A page of tuples is turned into JSON values with one call
(`to_jsonable_python` of the whole page) and into cells by one loop the writers share, so a cell
costs a few bytecodes. The values are the same ones `model_dump` gives: a field the read model
serialises itself (a `field_serializer`, e.g. an incoming document's worded warnings) is still
taken from `model_dump`, and a read model with a model serializer is dumped whole.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

from officedesk.export.registers import Dataset, pages

if TYPE_CHECKING:
    from officedesk.db import OfficeSession

Row = tuple[Any, ...]


@dataclass(frozen=True)
class RowPage:
    """A page of a dataset: its keys (the same on every page), its records as rows, and the
    records as the list service gave them (read models; none for a table read as plain rows),
    which the workbook lays its columns out from."""

    keys: tuple[str, ...]
    rows: list[Row]
    records: list[Any]


def row_pages(session: "OfficeSession", dataset: Dataset, size: int) -> Iterator[RowPage]:
    """Every record of the dataset a page at a time, in the dataset's order. A dataset read as
    plain rows (Dataset.rows) gives them as they come; one read through its list service has
    its read models taken apart here."""
    if dataset.rows is not None:
        yield from _keyset_pages(session, dataset, size)
        return
    values: Callable[[Any], Row] | None = None
    keys: tuple[str, ...] = ()
    for page in pages(session, dataset, size):
        if values is None:
            keys, values = _taker(page[0])
        yield RowPage(keys, [values(record) for record in page], page)


def _keyset_pages(session: "OfficeSession", dataset: Dataset, size: int) -> Iterator[RowPage]:
    """A plain-row dataset a page at a time, each page after the last row of the one before
    (an index seek, where an offset would reread every earlier row)."""
    assert dataset.rows is not None
    at = dataset.keys.index(dataset.key)
    last: Any = None
    while True:
        found = [tuple(row) for row in dataset.rows(session, last, size)]
        if found:
            yield RowPage(dataset.keys, found, [])
        if len(found) < size:
            return
        last = found[-1][at]


def _taker(first: Any) -> tuple[tuple[str, ...], Callable[[Any], Row]]:
    """The keys of a record like `first` and how to take a record's values in their order."""
    if not hasattr(first, "model_dump"):
        keys = tuple(first)
        return keys, _getter(itemgetter, keys)
    keys = tuple(first.model_dump())
    decorators = type(first).__pydantic_decorators__
    if decorators.model_serializers:  # the model decides its whole shape: ask it every time
        return keys, lambda record: tuple(record.model_dump().values())
    serialised = {
        name
        for decorator in decorators.field_serializers.values()
        for name in decorator.info.fields
        if name in keys
    }
    plain = _getter(attrgetter, tuple(key for key in keys if key not in serialised))
    if not serialised:
        return keys, plain
    at = {key: n for n, key in enumerate(key for key in keys if key not in serialised)}

    def values(record: Any) -> Row:
        own = plain(record)
        dumped = record.model_dump(include=serialised)
        return tuple(dumped[key] if key in serialised else own[at[key]] for key in keys)

    return keys, values


def _getter(kind: Callable[..., Any], keys: Sequence[str]) -> Callable[[Any], Row]:
    """attrgetter/itemgetter of the keys, always answering a tuple (theirs gives a bare value
    for one key)."""
    if not keys:
        return lambda record: ()
    if len(keys) == 1:
        one = kind(keys[0])
        return lambda record: (one(record),)
    many: Callable[[Any], Row] = kind(*keys)
    return many
