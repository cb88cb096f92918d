"""The words a register's log keeps: the one place in services that words text.

A log line (an item's history, a document's circulation, a print run) and the detail of an item
opened from a document are records the office keeps as written, in the language of the person
who wrote them, the way a paper register keeps its entries: they are stored text, not messages
worded again for each reader. Everything else a service says leaves as codes and values
(DomainError, Notice) and is worded by the front end; an import-linter contract keeps every
other service module away from officedesk.i18n.
"""

from collections.abc import Iterable

from officedesk.i18n import label, t


def names(values: Iterable[str]) -> str:
    """Names as a list in the writer's language (张三、李四 / Zhang San, Li Si)."""
    return t("list.sep").join(values)


def fields(changed: Iterable[str]) -> str:
    """The fields an edit changed, by their labels."""
    return names(t(f"field.{name}") for name in changed)


def coded(group: str, code: str) -> str:
    """A code as its label (an extension request's verdict)."""
    return label(group, code)


def text(key: str, **params: object) -> str:
    """One of the log's own sentences (an extension settled by closing, copies printed, the
    departments that assist)."""
    return t(key, **params)
