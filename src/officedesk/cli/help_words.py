"""Click's own words on help pages ("Usage:", "Options", "Show this message and exit.") in the
user's language.

Typer 0.29 vendors Click and words these through gettext, whose catalogue we do not ship, so a
Chinese help page read half in English. Every other string lives in officedesk.i18n; these are
routed there too, at the three places Typer's Click produces them (pinned: typer<0.30).
"""

from typing import Any

from officedesk.i18n import t

# Click's message id → our key; the {placeholders} stay in the translations, Click fills them.
WORDS: dict[str, str] = {
    "Arguments": "help.section.arguments",
    "Options": "help.section.options",
    "Commands": "help.section.commands",
    "required": "help.required",
    "default: {default}": "help.default",
    "env var: {var}": "help.env_var",
    "(dynamic)": "help.dynamic",
    "Aborted!": "help.aborted",
}

_installed = False


def translate(message: str) -> str:
    key = WORDS.get(message)
    return t(key) if key is not None else message


def install() -> None:
    """Idempotent; the words are looked up when a page is written, so a later --lang holds."""
    global _installed
    if _installed:
        return
    import typer.core

    from officedesk.cli.click_api import ClickCommand, HelpFormatter

    typer.core._ = translate  # type: ignore[attr-defined]

    write_usage = HelpFormatter.write_usage

    def usage_in_language(
        self: HelpFormatter, prog: str, args: str = "", prefix: str | None = None
    ) -> None:
        if prefix is None:
            word = t("help.usage")
            prefix = word if word.endswith("：") else f"{word} "  # a full-width colon has its space
        write_usage(self, prog, args, prefix)

    HelpFormatter.write_usage = usage_in_language

    def heading_in_language(self: HelpFormatter, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{t('help.heading', heading=heading)}\n")

    HelpFormatter.write_heading = heading_in_language

    get_help_option = ClickCommand.get_help_option

    def help_option_in_language(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = t("help.opt.help")
        return option

    ClickCommand.get_help_option = help_option_in_language
    _installed = True
