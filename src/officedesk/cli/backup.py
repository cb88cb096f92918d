"""`officedesk backup` and `officedesk restore` (officedesk.backups holds how)."""

from pathlib import Path
from typing import Annotated, Any

import typer

from officedesk.cli.options import Json
from officedesk.cli.state import context, emit, say
from officedesk.i18n import t

Force = Annotated[bool, typer.Option("--force", help=t("help.opt.force_out"))]


def backup(
    out: Annotated[str, typer.Option("--out", "-o", help=t("help.opt.backup_out"))],
    keep: Annotated[
        int | None, typer.Option("--keep", help=t("help.opt.backup_keep"), show_default=False)
    ] = None,
    force: Force = False,
    as_json: Json = False,
) -> Any:
    from officedesk.backups import backup as take_backup

    done = take_backup(context().store, out, force=force, keep=keep)
    data = {
        "path": str(done.path),
        "bytes": done.size,
        "backend": done.backend,
        "integrity": "ok",
        "removed": [str(p) for p in done.removed],
    }

    def human() -> None:
        say(t("backup.done", path=str(done.path), size=_mib(done.size)))
        if done.removed:
            say(t("backup.rotated", n=len(done.removed), keep=keep))

    return emit(data, as_json=as_json, human=human)


def restore(
    source: Annotated[Path, typer.Argument(help=t("help.arg.backup_file"), show_default=False)],
    force: Annotated[bool, typer.Option("--force", help=t("help.opt.restore_force"))] = False,
    as_json: Json = False,
) -> Any:
    from officedesk.backups import restore as put_back

    done = put_back(context(), source, force=force)
    data = {
        "source": str(done.source),
        "schema_from": done.schema_from,
        "schema_to": done.schema_to,
        "counts": done.counts,
        "kept": str(done.kept) if done.kept else None,
        "seal_chain": {"ok": True, "entries": done.chain_entries, "head_seq": done.chain_head_seq},
        "anchor_moved": done.anchor_moved,
        "numbers_taken_back": [
            {
                "series": n.series,
                "year": n.year,
                "first": n.first,
                "last": n.last,
                "voided": n.voided,
            }
            for n in done.taken_back
        ],
    }

    def human() -> None:
        from officedesk.views.backup import restore_lines

        for line in restore_lines(done):
            say(line)

    return emit(data, as_json=as_json, human=human)


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"
