"""介绍信: the stub the office keeps (存根联) and the letter the bearer carries (正本), one number
on both and across the cut between them (骑缝), as the office's own letter pads print it."""

from typing import Any

from officedesk.forms.page import HEI_FONT, SIZE_2, SIZE_4, TITLE_FONT, line, new_page
from officedesk.i18n import t
from officedesk.views.written import written_date


def introduction_letter(letter: Any, company: str) -> Any:
    """`letter` is an IntroLetterRead."""
    document = new_page()
    line(document, t("forms.letter.stub_title"), align="center", font=HEI_FONT)
    stub = [
        t("forms.letter.number", number=letter.number),
        t("forms.letter.to", unit=letter.to_unit),
        t("forms.letter.bearers", bearers=letter.bearers, n=letter.bearer_count),
        t("forms.letter.purpose", purpose=letter.purpose),
        t(
            "forms.letter.dates",
            issued=written_date(letter.issued_on),
            until=written_date(letter.valid_until),
        ),
        t("forms.letter.people", approver=letter.approver, requester=letter.requester),
    ]
    for words in stub:
        line(document, words, size=SIZE_4)
    line(document, t("forms.letter.cut", number=letter.number), align="center", size=SIZE_4)
    line(document, t("forms.letter.title"), align="center", font=TITLE_FONT, size=SIZE_2)
    line(document, t("forms.letter.number", number=letter.number), align="right", size=SIZE_4)
    line(document, t("forms.letter.salutation", unit=letter.to_unit))
    key = "forms.letter.body_one" if letter.bearer_count == 1 else "forms.letter.body"
    line(
        document,
        t(key, bearers=letter.bearers, n=letter.bearer_count, purpose=letter.purpose),
        indent=2,
    )
    line(document, t("forms.letter.closing"), indent=2)
    line(document, t("forms.letter.regards"))
    line(document)
    line(document, t("forms.letter.signature", company=company), align="right")
    line(document, written_date(letter.issued_on), align="right")
    line(
        document,
        t("forms.letter.valid", until=written_date(letter.valid_until)),
        indent=2,
        size=SIZE_4,
    )
    return document
