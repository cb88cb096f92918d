"""A bug caught in the workbench, written down where the CLI writes its own (error.log in the
data directory): the screen shows one line, the report needs the rest."""

import os
import traceback


def log_error(exc: BaseException) -> None:
    """Append the traceback to error.log in the data directory, as the CLI does for a bug
    (cli.main._log_internal). A log that cannot be written is given up on; the line on the
    screen still says what failed."""
    from officedesk.config import data_dir

    try:
        directory = data_dir()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(directory / "error.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(exc)) + "\n")
    except OSError:
        return
