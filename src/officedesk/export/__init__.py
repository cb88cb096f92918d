"""`officedesk export` and the nightly job's export: every register's records as xlsx, csv, jsonl
and ics files (run.run_export is the one entry point)."""
