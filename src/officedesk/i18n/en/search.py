"""English messages: search."""

MESSAGES: dict[str, str] = {
    "entity.search_doc": "search document",
    "field.context": "Context",
    "field.heads": "Title initials",
    "field.ref_id": "Record id",
    "field.sounds": "Title pinyin",
    "field.spaced": "Indexed text",
    "field.subtitle": "Details",
    "field.tag": "Tag",
    "found.none": "Nothing found for “{query}”.",
    "help.arg.query": "What to look for: words, a code (DB-2026-0042 or its beginning), a name, or the pinyin or initials of a name or title (hetong, aq).",
    "help.opt.rebuild_index": "Recompute the search index from the records first (after a bulk import or to repair it).",
    "help.opt.search_kind": "Only these kinds (repeat the option for several): {kinds}.",
    "help.search": (
        "Search every register (items, documents, seals, visits, awards, departments, people)"
        " by text, code, number, pinyin or initials."
    ),
    "index.rebuilt": "Search index rebuilt: {n} records.",
    "op.search.rebuild": "rebuild search index",
    "op.search.sounds": "work out titles' pinyin",
}
