"""English messages: the export (`officedesk export`, the nightly job's export)."""

MESSAGES: dict[str, str] = {
    "export.busy": "Another export is writing into {path}; try again when it has finished.",
    "export.done": "Exported {rows} records in {files} files to {out}.",
    "export.format": "Unknown export format {value}; choose from {choices}.",
    "export.ics.task": "Due: {code} {title}",
    "export.ics.visit": "Visit: {org} ({purpose})",
    "export.ics.visit_detail": "{code}; host: {host}; {guests} guests",
    "export.progress": "Exporting {table}",
    "export.register": "Unknown register {value}; choose from {choices}.",
    "export.secret_left_out": "{n} classified records (confidential, secret, top secret) were left out; --include-secret exports them.",
    "help.export": "Export the registers to xlsx, csv, jsonl and ics files (classified records left out).",
    "help.opt.export_force": "Replace files of the same names in the --out directory.",
    "help.opt.export_format": "The formats, any of xlsx,csv,jsonl,ics (comma-separated).",
    "help.opt.export_out": "The directory to write to; made (0700) if it does not exist.",
    "help.opt.export_register": "Export only this register (repeat, or separate by commas); all by default.",
    "help.opt.export_since": "Only records changed on or after this date (tables that record changes); all by default.",
    "help.opt.include_secret": "Export records marked confidential, secret or top secret too.",
}
