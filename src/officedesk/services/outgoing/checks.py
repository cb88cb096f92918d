"""Drafting checks (行文规则, standards.md §5.4): warnings shown before a document is signed.

The office may have its reasons, so nothing here refuses: each finding is a Notice that travels
beside the record. The checks read text with simple patterns, so they point at what to look at
rather than judge: a 请示 "关于A和B的请示" may still be one matter.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from officedesk.notices import Notice

# The usual direction of each type (条例 §8; standards.md §5.1): up, down, across (to bodies
# outside the line), public, internal.
DIRECTIONS: dict[str, frozenset[str]] = {
    "resolution": frozenset({"down", "public"}),
    "decision": frozenset({"down"}),
    "order": frozenset({"down"}),
    "communique": frozenset({"public"}),
    "announcement": frozenset({"public"}),
    "public_notice": frozenset({"public"}),
    "opinion": frozenset({"up", "down", "across"}),
    "notice": frozenset({"down", "across"}),
    "bulletin": frozenset({"down"}),
    "report": frozenset({"up"}),
    "request": frozenset({"up"}),
    "reply": frozenset({"down"}),
    "motion": frozenset({"up"}),
    "letter": frozenset({"across"}),
    "minutes": frozenset({"down", "internal"}),
    "plan": frozenset({"internal"}),
    "summary": frozenset({"internal"}),
    "speech": frozenset({"internal"}),
}
UPWARD_TYPES = frozenset(kind for kind, ways in DIRECTIONS.items() if ways == {"up"})
# The types whose checks read the main recipients.
ADDRESSED_TYPES = UPWARD_TYPES | {"request"}

# Words that ask a superior to decide: a 请示's closing request, and what a 报告 must not carry.
_ASK = re.compile(
    r"请(?:予以?|您)?(?:批准|审批|批示|审定|核准|同意|批复|示复|裁定)|妥否|恳请|是否同意|请示"
)
# Joining words inside a 请示's subject: 关于A和B的请示 asks two things.
_JOINS = ("和", "及", "、", "暨", "同时", "并且", "以及")
_SUBJECT = re.compile(r"关于(?P<subject>.+?)的请示")
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
# The closing request (以上请示，妥否，请批复) asks once for the whole document.
_CLOSING = re.compile(r"以上|特此|妥否")
# 各部门、各单位…: addressed to every subordinate at once.
_EVERY = "各"


@dataclass(frozen=True)
class Addressee:
    """A main recipient: the name written, and the directory's kind of it (superior, internal,
    external) or None for a name the directory does not know."""

    name: str
    kind: str | None = None

    @property
    def is_below(self) -> bool:
        return self.kind == "internal" or self.name.startswith(_EVERY)


def drafting_checks(
    doc_type: str, title: str, body: str, main_to: Sequence[Addressee]
) -> list[Notice]:
    """Every finding for a document as drafted; [] when it follows the rules checked here."""
    notices: list[Notice] = []
    if doc_type == "request":
        hint = _second_matter(title, body)
        if hint:
            notices.append(Notice("outgoing.check.request_many_matters", {"hint": hint}))
        plural = len(main_to) > 1 or any(a.name.startswith(_EVERY) for a in main_to)
        if plural:
            names = "、".join(a.name for a in main_to)
            notices.append(Notice("outgoing.check.request_many_recipients", {"names": names}))
    if doc_type == "report":
        asked = _ASK.search(f"{title}\n{body}")
        if asked:
            notices.append(Notice("outgoing.check.report_asks", {"phrase": asked.group()}))
    if doc_type in UPWARD_TYPES:
        below = [a.name for a in main_to if a.is_below]
        if below:
            notices.append(Notice("outgoing.check.upward_sent_down", {"names": "、".join(below)}))
    return notices


def _second_matter(title: str, body: str) -> str:
    """What suggests a 请示 asks more than one thing: a joining word in its subject, or more
    than one sentence of its text asking for a decision."""
    match = _SUBJECT.search(title)
    subject = match["subject"] if match else title
    for word in _JOINS:
        if word in subject:
            return word
    asking = [
        s.strip() for s in _SENTENCE_END.split(body) if _ASK.search(s) and not _CLOSING.search(s)
    ]
    if len(asking) > 1:
        return "；".join(asking[:2])
    return ""
