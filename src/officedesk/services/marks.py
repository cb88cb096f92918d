"""The marks a document carries (GB/T 9704 §7.2): its secrecy grade with its period, and its
urgency, checked together for the incoming and the outgoing register alike."""

from officedesk.errors import InvalidInput
from officedesk.models.limits import SECRECY_MAX_YEARS, TELEGRAPH_URGENCIES

# 特提 and 平急 are telegraph grades: a letter or a call is 特急, 加急 or ordinary.
TELEGRAPH_ONLY = frozenset(TELEGRAPH_URGENCIES) - {"extra_urgent", "urgent"}


def check_secrecy(secrecy: str, years: int) -> None:
    """A period (机密★10年) belongs to a classified grade, and is no longer than the law allows
    for it: 秘密 10 years, 机密 20, 绝密 30."""
    if not years:
        return
    longest = SECRECY_MAX_YEARS.get(secrecy)
    if longest is None:
        raise InvalidInput(
            "marks.period_unclassified", field="secrecy_years", secrecy=secrecy, labels=_GRADE
        )
    if years > longest:
        raise InvalidInput(
            "marks.period_too_long",
            field="secrecy_years",
            secrecy=secrecy,
            years=years,
            max=longest,
            labels=_GRADE,
        )


def period_kept(secrecy: str, years: int) -> int:
    """The period a document keeps when its grade changes and no period is given: none once it
    is no longer classified."""
    return years if secrecy in SECRECY_MAX_YEARS else 0


def check_urgency(kind: str, urgency: str) -> None:
    """A telegram carries one of the four telegraph grades; 特提 and 平急 are telegrams' only."""
    if kind == "telegram" and urgency not in TELEGRAPH_URGENCIES:
        raise InvalidInput(
            "incoming.telegram_urgency",
            field="urgency",
            choices=list(TELEGRAPH_URGENCIES),
            glosses={"choices": "urgency"},
        )
    if kind != "telegram" and urgency in TELEGRAPH_ONLY:
        raise InvalidInput(
            "incoming.telegraph_only", field="urgency", urgency=urgency, labels=_URGENCY
        )


_GRADE = {"secrecy": "secrecy"}
_URGENCY = {"urgency": "urgency"}
