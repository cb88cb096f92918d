"""The codes a fixed choice takes, read back from the words the help shows.

`--type 通知`, `--priority 急办`, `--secrecy 机密`: a clerk types the word the help and the
workbench show rather than the code behind it. A service accepts either: the word is looked up
among the labels of that choice's own label group (both languages), only when the value is not
a code already, so the usual path loads no catalogue. Reading a word back is parsing input, not
wording output: services may use this; they still word nothing.
"""

from collections.abc import Collection

from officedesk.i18n import LANGUAGES, catalogue

# Key families that hold sentences about a code (help, keys, operations), not its label.
_NOT_LABELS = ("help.", "key.", "op.", "cmd.", "tui.", "field.", "today.", "error.", "input.")


def group_for(field: str, allowed: Collection[str]) -> str | None:
    """The label group wording every code in `allowed`: the field's own (`priority`), or a
    register's (`incoming_kind`, `outgoing_type`); None when no group words them all."""
    words = catalogue(LANGUAGES[0])
    covering = sorted(
        {
            key.rpartition(".")[0]
            for key in words
            if key.rpartition(".")[2] in allowed and not key.startswith(_NOT_LABELS)
        }
    )
    covering = [g for g in covering if all(f"{g}.{code}" in words for code in allowed)]
    named = [g for g in covering if g == field or g.endswith(f"_{field}")]
    return (named or covering or [None])[0]


def code_for(word: str, allowed: Collection[str], group: str) -> str | None:
    """The one code among `allowed` whose label in `group` is `word` (either language)."""
    folded = word.strip().casefold()
    matches = {
        code
        for lang in LANGUAGES
        for code in allowed
        if catalogue(lang).get(f"{group}.{code}", "").strip().casefold() == folded
    }
    return matches.pop() if len(matches) == 1 else None
