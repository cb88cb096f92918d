"""The command palette's record search: "go to record" by a code, a title word, a name or its
pinyin, answered off the UI thread."""

import asyncio
from functools import partial
from typing import Any

from textual.command import Hit, Hits, Provider

from officedesk.i18n import label, t
from officedesk.text import display_safe
from officedesk.views.search import subtitle


class RecordProvider(Provider):
    """Palette: "go to record" — a code, a title word, a name or its pinyin."""

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        app: Any = self.app  # the OfficeDeskApp: find_records, open_record
        hits = await asyncio.to_thread(app.find_records, query)
        for hit in hits:
            text = " ".join(part for part in (hit.code, display_safe(hit.title)) if part)
            yield Hit(
                hit.score if hit.score <= 1 else 1.0,
                self.matcher(query).highlight(text),
                partial(app.open_record, hit.kind, hit.ref_id, hit.code),
                help=f"{t('tui.goto_record')} · {label('kind_short', hit.kind)} "
                f"{display_safe(subtitle(hit))}",
            )
