"""English messages: files the commands write (--out)."""

MESSAGES: dict[str, str] = {
    "file.cannot_write": "Cannot write {path}: {reason}",
    "file.exists": "{path} already exists: use --force to replace it.",
    "file.is_database": "{path} is the open database or one of its files: it is never overwritten, not even with --force.",
    "file.is_directory": "{path} is a directory: name a file to write.",
    "file.no_directory": "Directory {path} does not exist: create it first.",
    "file.not_directory": "{path} is not a directory.",
    "file.not_regular": "{path} is not a regular file (a pipe, socket or device): only regular files are written.",
    "file.not_writable": "Cannot write in directory {path}: permission denied.",
    "help.opt.force_out": "Replace the --out file if it exists (never the database, a directory or a device).",
}
