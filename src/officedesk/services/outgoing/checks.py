"""Drafting checks (行文规则, standards.md §5.4): warnings shown before a document is signed.

The office may have its reasons, so nothing here refuses (but for the types only a government
body issues: refuse_government_type): each finding is a Notice that travels beside the record.
The checks read text with simple patterns, so they point at what to look at rather than judge:
a 请示 "关于A和B的请示" may still be one matter.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from officedesk.errors import InvalidInput
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
    r"请(?:予以?|您)?(?:批准|审批|批示|审定|核准|同意|批复|示复|裁定|支持)|妥否|当否|恳请"
    r"|是否同意|是否可行|请示|特(?:此)?申请"
)
# Joining words inside a 请示's subject: 关于A和B的请示 asks two things.
_JOINS = ("和", "及", "、", "暨", "同时", "并且", "以及")
_SUBJECT = re.compile(r"关于(?P<subject>.+?)的请示")
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
# The closing request (以上请示，妥否，请批复) asks once for the whole document.
_CLOSING = re.compile(r"以上|特此|妥否")
# 各部门、各单位…: addressed to every subordinate at once.
_EVERY = "各"
# A 请示 ends by asking for the answer: 妥否，请批复 / 以上请示，请审批 / 当否，请批示.
_CLOSING_REQUEST = re.compile(
    r"(?:妥否|当否|可否|是否(?:同意|可行|妥当))|请(?:予以?)?(?:批复|审批|批示|审定|核准|批准|示复|指示)"
)
# The 文种 a title ends with (GB/T 9704 and 条例 §8; the office's own plans, summaries,
# speeches), longest first so that 请示 is not read as 示 nor 复函 as anything but a 函.
TITLE_TYPES: tuple[tuple[str, str], ...] = (
    ("决议", "resolution"),
    ("决定", "decision"),
    ("命令", "order"),
    ("公报", "communique"),
    ("公告", "announcement"),
    ("通告", "public_notice"),
    ("意见", "opinion"),
    ("通知", "notice"),
    ("通报", "bulletin"),
    ("报告", "report"),
    ("请示", "request"),
    ("批复", "reply"),
    ("议案", "motion"),
    ("纪要", "minutes"),
    ("计划", "plan"),
    ("方案", "plan"),
    ("规划", "plan"),
    ("要点", "plan"),
    ("总结", "summary"),
    ("讲话稿", "speech"),
    ("讲话", "speech"),
    ("致辞", "speech"),
    ("令", "order"),
    ("函", "letter"),
)
# Two types stacked into one (请示报告), or a word that is no type (汇报, for 报告).
_STACKED = re.compile(r"请示报告|报告请示|请示函|函请示|意见通知|通知意见")
_INVENTED = ("汇报",)
# The types of 条例 §8 that only a body holding public power issues (a company does not).
GOVERNMENT_TYPES = frozenset({"order", "motion", "announcement"})


@dataclass(frozen=True)
class Addressee:
    """A main recipient: the name written, and the directory's kind of it (superior, internal,
    external) or None for a name the directory does not know."""

    name: str
    kind: str | None = None

    @property
    def is_below(self) -> bool:
        return self.kind == "internal" or self.name.startswith(_EVERY)


@dataclass(frozen=True)
class Signer:
    """Who signs (签发), and whether the directory marks them as the 主要负责人."""

    name: str
    principal: bool


def drafting_checks(
    doc_type: str,
    title: str,
    body: str,
    main_to: Sequence[Addressee],
    copy_to: Sequence[Addressee] = (),
    signer: Signer | None = None,
) -> list[Notice]:
    """Every finding for a document as drafted; [] when it follows the rules checked here.
    `signer` is given only when the directory marks a 主要负责人 to compare with."""
    notices = title_checks(doc_type, title)
    if doc_type == "request":
        if body.strip() and not _CLOSING_REQUEST.search(_last_paragraph(body)):
            notices.append(Notice("outgoing.check.request_no_closing"))
        below = [a.name for a in copy_to if a.is_below]
        if below:
            names = "、".join(below)
            notices.append(Notice("outgoing.check.request_copied_down", {"names": names}))
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
        if signer is not None and not signer.principal:
            notices.append(Notice("outgoing.check.upward_signer", {"signer": signer.name}))
    return notices


def title_checks(doc_type: str, title: str) -> list[Notice]:
    """The title's 文种: one type, a real one, and the one chosen."""
    stacked = _STACKED.search(title)
    if stacked:
        return [Notice("outgoing.check.title_stacked", {"words": stacked.group()})]
    for word in _INVENTED:
        if title.rstrip().endswith(word):
            return [Notice("outgoing.check.title_invented", {"word": word})]
    found = title_type(title)
    if found is not None and found[1] != doc_type:
        word, _ = found
        return [Notice("outgoing.check.title_type", {"word": word, "type": doc_type}, _TYPE_LABEL)]
    return []


_TYPE_LABEL = {"type": "outgoing_type"}


def title_type(title: str) -> tuple[str, str] | None:
    """(the 文种 word a title ends with, its type), or None when it ends with none of them."""
    end = title.rstrip()
    for word, kind in TITLE_TYPES:
        if end.endswith(word):
            return word, kind
    return None


def refuse_government_type(doc_type: str, government_body: bool) -> None:
    """命令, 议案 and 公告 are issued by bodies holding public power: a company refuses them
    unless its config says it is one (`government_body = true`)."""
    if doc_type in GOVERNMENT_TYPES and not government_body:
        raise InvalidInput(
            "outgoing.government_only", type=doc_type, field="doc_type", labels=_TYPE_LABEL
        )


def _last_paragraph(body: str) -> str:
    paragraphs = [p.strip() for p in body.strip().splitlines() if p.strip()]
    return paragraphs[-1] if paragraphs else ""


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
