"""Pinyin search keys for names, computed when a name is written and stored beside it.

pypinyin loads its phrase dictionary at import (≈250 ms), so only commands that write a name
import this module; lookups compare against the stored keys. Phrases stay on: without them
polyphones go wrong (重庆 → zq).
"""

import re

# Surnames whose reading differs from the character's usual one (syllables space-separated).
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "乐": "yue",
    "覃": "qin",
    "尉": "yu",
    "盖": "ge",
    "繁": "po",
    "缪": "miao",
    "翟": "zhai",
    "种": "chong",
    "员": "yun",
    "召": "shao",
    "秘": "bi",
    "冼": "xian",
    "万俟": "mo qi",
}

_NON_KEY = re.compile(r"[^a-z0-9]+")


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="default")]


def pinyin_keys(name: str, *, person: bool = False) -> tuple[str, str]:
    """(full pinyin, initials), lower-case ASCII without separators: 张三 → ('zhangsan', 'zs')."""
    name = name.strip()
    syllables: list[str] = []
    rest = name
    if person:
        for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
            if name.startswith(surname):
                syllables.extend(SURNAME_READINGS[surname].split())
                rest = name[len(surname) :]
                break
    syllables.extend(_syllables(rest))
    words = [w for part in syllables for w in _NON_KEY.split(part) if w]
    full = "".join(words)
    initials = "".join(w[0] for w in words)
    return full, initials
