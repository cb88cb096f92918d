"""A bug, written down for the report: the CLI and the workbench both show the user one line and
append the traceback to error.log in the data directory (0600, in a 0700 directory)."""

import os
import traceback


def log_error(exc: BaseException) -> str:
    """Append the traceback to error.log; the log's path, or "-" when it cannot be written (the
    one line on the screen still says what failed)."""
    from officedesk.config import data_dir

    try:
        directory = data_dir()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = directory / "error.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(exc)) + "\n")
        return str(path)
    except OSError:
        return "-"
