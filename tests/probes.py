"""Run one CLI command in a fresh interpreter and report which heavy packages it imported."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PROBE = """
import json, sys
sys.argv = ["officedesk", *json.loads(sys.argv[1])]
from officedesk.cli.main import run
try:
    run()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = ("textual", "pypinyin", "alembic", "rich", "openpyxl")
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(heavy))
sys.stderr.write("\\nLOADED " + json.dumps({"code": code, "loaded": loaded}) + "\\n")
"""


def loaded_by(args: list[str], db: Path, home: Path, *, lang: str = "en") -> dict[str, Any]:
    """{"code": exit status, "loaded": heavy packages imported} for `officedesk ARGS`."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OFFICEDESK_")},
        "OFFICEDESK_DB": str(db),
        "OFFICEDESK_TODAY": "2026-11-26",
        "OFFICEDESK_LANG": lang,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    marker = result.stderr.rsplit("LOADED ", 1)
    assert len(marker) == 2, result.stderr
    return json.loads(marker[1])
