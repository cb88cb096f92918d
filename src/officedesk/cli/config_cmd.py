"""`officedesk config`: the settings a person gives once (who operates, for which company, in
which language) without editing the file by hand. The file keeps its comments and tables."""

from typing import Annotated, Any

import typer

from officedesk.cli.options import Json
from officedesk.cli.state import emit, say
from officedesk.i18n import t

app = typer.Typer(no_args_is_help=True, help=t("help.config"))


@app.command("set", help=t("help.config.set"))
def set_(
    key: Annotated[str, typer.Argument(help=t("help.arg.config_key"), metavar="KEY")],
    value: Annotated[str, typer.Argument(help=t("help.arg.config_value"), metavar="VALUE")],
    as_json: Json = False,
) -> Any:
    from officedesk.config import checked_setting, config_path, save_setting

    saved = checked_setting(key.strip(), value)
    save_setting(key.strip(), saved)
    data = {"key": key.strip(), "value": saved, "file": str(config_path())}
    return emit(data, as_json=as_json, human=lambda: say(t("config.saved", **data)))


@app.command("show", help=t("help.config.show"))
def show(as_json: Json = False) -> Any:
    from officedesk.config import SETTABLE, config_path, load_settings

    settings = load_settings()
    data = {"file": str(config_path()), **{key: getattr(settings, key) for key in SETTABLE}}

    def human() -> None:
        say(t("config.file", file=data["file"]))
        for key in SETTABLE:
            say(f"{key} = {data[key] if data[key] else t('config.unset')}")

    return emit(data, as_json=as_json, human=human)
