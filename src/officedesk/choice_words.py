"""The codes a fixed choice takes, read back from the words the help shows.

`--type 通知`, `--priority 急办`, `--secrecy 机密`: a clerk types the word the help and the
workbench show rather than the code behind it. A service accepts either: the code is looked up
among the catalogues' labels of that choice's codes (both languages), only when the value is
not a code already, so the usual path loads no catalogue. Reading a word back is parsing input,
not wording output: services may use this; they still word nothing.
"""

from collections.abc import Collection
from functools import cache

from officedesk.i18n import LANGUAGES, catalogue


@cache
def _codes_by_word() -> dict[str, frozenset[tuple[str, str]]]:
    """word (casefolded) → the (label group, code) pairs worded so, in either language."""
    found: dict[str, set[tuple[str, str]]] = {}
    for lang in LANGUAGES:
        for key, text in catalogue(lang).items():
            group, _, code = key.rpartition(".")
            if group and code:
                found.setdefault(text.strip().casefold(), set()).add((group, code))
    return {word: frozenset(pairs) for word, pairs in found.items()}


def code_for(word: str, allowed: Collection[str]) -> str | None:
    """The one code among `allowed` that `word` names, or None (none, or more than one)."""
    codes = {code for _group, code in _codes_by_word().get(word.strip().casefold(), ())}
    matches = codes & set(allowed)
    return matches.pop() if len(matches) == 1 else None


def group_for(allowed: Collection[str]) -> str | None:
    """A label group that words every code in `allowed` (to list them with their words)."""
    words = catalogue(LANGUAGES[0])
    groups = {key.rpartition(".")[0] for key in words if key.rpartition(".")[2] in allowed}
    for group in sorted(groups):
        if all(f"{group}.{code}" in words for code in allowed):
            return group
    return None
