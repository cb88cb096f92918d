"""English messages: search."""

MESSAGES: dict[str, str] = {
    "entity.search_doc": "search document",
    "field.context": "Context",
    "field.ref_id": "Record id",
    "field.spaced": "Indexed text",
    "field.subtitle": "Details",
    "field.tag": "Tag",
    "found.none": "Nothing found for “{query}”.",
    "help.arg.query": "What to look for: words, a code (DB-2026-0042 or its beginning), a name, pinyin or initials.",
    "help.opt.rebuild_index": "Recompute the search index from the records first (after a bulk import or to repair it).",
    "help.opt.search_kind": "Only these kinds: task, department, person (repeat the option for several).",
    "help.search": (
        "Search every register (items, documents, seals, visits, awards, departments, people)"
        " by text, code, number, pinyin or initials."
    ),
    "index.rebuilt": "Search index rebuilt: {n} records.",
    "op.search.rebuild": "rebuild search index",
}
