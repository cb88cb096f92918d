"""The first run: who operates this office and for which company, asked once and saved to the
config file as `officedesk config set` does, so the journal names a person, not the login."""

import os
from typing import Any

from officedesk.context import AppContext
from officedesk.i18n import t
from officedesk.widgets.record_form import FormField, RecordForm


def is_first_run(ctx: AppContext) -> bool:
    """Nobody has said who operates this office: the journal would name the login ("root").
    The demo office and a run given OFFICEDESK_OPERATOR (scripts, tests) are not asked."""
    return not (ctx.demo or ctx.settings.operator or os.environ.get("OFFICEDESK_OPERATOR"))


def who_form(ctx: AppContext) -> RecordForm:
    """The operator's name and the company's; the form returns them once saved. Esc asks again
    next time."""
    fields = [
        FormField("operator", t("field.operator"), required=True),  # not the login: a name
        FormField("company", t("field.company"), value=ctx.settings.company),
    ]

    def save(values: dict[str, Any]) -> tuple[str, str]:
        from officedesk.config import checked_setting, save_settings

        name = checked_setting("operator", values["operator"] or "")
        typed = (values["company"] or "").strip()
        company = checked_setting("company", typed) if typed else ""
        save_settings({"operator": name} | ({"company": company} if company else {}))
        return name, company

    return RecordForm(t("tui.first_run_title"), fields, save, submit_label=t("tui.save"))
