"""发文字号: the standard form 代字〔2026〕12号, and the checks on a number someone else wrote.

GB/T 9704-2012 §7.2.4: the 机关代字, the year in full inside 六角括号 〔〕, the serial without
leading zeros and without 第, then 号. Our own numbers are made by format_doc_number; a sender's
number is checked by check_doc_number, which only warns and never rewrites it (the register
keeps what the paper says).
"""

import re

from officedesk.notices import Notice

# 代字: Chinese characters, Latin letters (and the odd digit inside an abbreviation, e.g. "国发"
# or "X司发"); the year in full; the serial from 1 without leading zeros.
DOC_NUMBER = re.compile(
    r"^(?P<prefix>[\u3400-\u4dbf\u4e00-\u9fffA-Za-z][\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9]*)"
    r"〔(?P<year>\d{4})〕(?P<number>[1-9]\d*)号$"
)

# Brackets typed instead of 〔〕: ASCII [] () {}, full-width （）［］｛｝, 【】, 〖〗, 《》.
_WRONG_BRACKETS = re.compile(r"[\[\(（［【〖｛{<《〈]\s*(?P<year>\d{2,4})\s*[\]\)）］】〗｝}>》〉]")
_GOOD_BRACKET = re.compile(r"〔\s*(?P<year>\d+)\s*〕")
_SERIAL = re.compile(r"(?P<number>\d+)\s*号\s*$")
_TRAILING_DIGITS = re.compile(r"\d+\s*$")


def format_doc_number(prefix: str, year: int, number: int) -> str:
    """`X司发〔2026〕12号`: the prefix as given, the year in full, the serial without zeros."""
    if number < 1:
        raise ValueError(number)
    if year < 1000 or year > 9999:
        raise ValueError(year)
    return f"{prefix.strip()}〔{year}〕{number}号"


def parse_doc_number(text: str) -> tuple[str, int, int] | None:
    """(prefix, year, number) of a well-formed number, else None."""
    match = DOC_NUMBER.match((text or "").strip())
    if match is None:
        return None
    return match["prefix"], int(match["year"]), int(match["number"])


def check_doc_number(text: str) -> list[Notice]:
    """Warnings about a sender's 发文字号 that does not follow the standard form.

    Empty text gives no warning (a call or a letter may have no number). A well-formed number
    gives none. Otherwise every fault found is named; if none of the specific faults applies
    the generic `docnumber.malformed` is returned. The text is never changed.
    """
    value = (text or "").strip()
    if not value or DOC_NUMBER.match(value):
        return []
    notices: list[Notice] = []
    shown = {"number": value}

    year_text: str | None = None
    good = _GOOD_BRACKET.search(value)
    wrong = _WRONG_BRACKETS.search(value)
    if good is not None:
        year_text = good["year"]
    elif wrong is not None:
        year_text = wrong["year"]
        notices.append(Notice("docnumber.brackets", shown))
    else:
        notices.append(Notice("docnumber.no_year", shown))

    if year_text is not None and len(year_text) != 4:
        notices.append(Notice("docnumber.short_year", {**shown, "year": year_text}))

    if "字第" in value:
        notices.append(Notice("docnumber.zi_di", shown))
    elif "第" in value:
        notices.append(Notice("docnumber.di", shown))

    serial = _SERIAL.search(value)
    if serial is None:
        if not value.endswith("号"):
            notices.append(Notice("docnumber.no_hao", shown))
        tail = _TRAILING_DIGITS.search(value)
        digits = tail.group().strip() if tail else ""
    else:
        digits = serial["number"]
    if not digits:
        notices.append(Notice("docnumber.no_serial", shown))
    elif len(digits) > 1 and digits.startswith("0"):
        notices.append(Notice("docnumber.leading_zero", {**shown, "serial": digits}))

    head = re.split(r"[〔\[\(（［【〖｛{<《〈]", value, maxsplit=1)[0].strip()
    if not head or head[0].isdigit():
        notices.append(Notice("docnumber.no_prefix", shown))

    if re.search(r"\s", value):
        notices.append(Notice("docnumber.spaces", shown))

    if not notices:
        notices.append(Notice("docnumber.malformed", shown))
    return notices
