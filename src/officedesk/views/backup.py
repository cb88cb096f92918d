"""What a restore says it did, in the user's language: enough to trust it without opening the
workbench (where it came from, what was kept, the records it holds, the seal log's state)."""

from typing import TYPE_CHECKING

from officedesk.i18n import t

if TYPE_CHECKING:
    from officedesk.backups import RestoreResult


def restore_lines(done: "RestoreResult") -> list[str]:
    lines = [t("restore.done", source=str(done.source))]
    if done.schema_from != done.schema_to:
        lines.append(t("restore.upgraded", before=done.schema_from, after=done.schema_to))
    if done.kept is not None:
        lines.append(t("restore.kept", path=str(done.kept)))
    figures = [t("count.figure", label=t(f"count.{name}"), n=n) for name, n in done.counts.items()]
    lines.append(t("restore.counts", figures=t("list.sep").join(figures)))
    if done.chain_entries:
        lines.append(t("restore.chain", n=done.chain_entries, seq=done.chain_head_seq or 0))
    else:
        lines.append(t("restore.chain_empty"))
    for taken in done.taken_back:
        key = "restore.numbers_voided" if taken.voided else "restore.numbers_again"
        lines.append(
            t(key, series=taken.series, year=taken.year, first=taken.first, last=taken.last)
        )
    if done.anchor_moved:
        lines.append(t("restore.anchor_moved", seq=done.chain_head_seq or 0))
    return lines
