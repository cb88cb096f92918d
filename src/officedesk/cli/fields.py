"""A register's write on one record (its add, its edit, a step on one record), written once:
the fields given go to one service call in one transaction, then the record or its
confirmation, then its warnings. Each register says only how it confirms and what it warns."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from officedesk.cli.verbs import Notices, wrote

if TYPE_CHECKING:
    from officedesk.db import OfficeSession


class WriteOne(Protocol):
    """`(operation, apply, message_key, as_json)`: the call each write command makes."""

    def __call__(
        self,
        operation: str,
        apply: "Callable[[OfficeSession], Any]",
        message_key: str,
        as_json: bool,
    ) -> Any: ...


def confirming(confirm: Callable[[Any, str], None], notices: Notices | None = None) -> WriteOne:
    """A register's write on one record: `apply` in the transaction named `operation`, then the
    record as JSON or the sentence `confirm(record, message_key)` prints, then `notices(record)`
    on stderr. The register's commands then differ only in their options and service call."""

    def write_one(
        operation: str,
        apply: "Callable[[OfficeSession], Any]",
        message_key: str,
        as_json: bool,
    ) -> Any:
        return wrote(
            operation,
            apply,
            as_json=as_json,
            human=lambda record: confirm(record, message_key),
            notices=notices,
        )

    return write_one
