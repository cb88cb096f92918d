"""How long the demo office takes to build: the wait on the first `officedesk --demo`.

    .venv/bin/python benchmarks/demo_bench.py [--runs 5] [--pg postgresql://postgres@127.0.0.1/test]

Each run is a whole `officedesk --db FRESH demo` process (schema, every register through the
services, one transaction), timed from spawn to exit. With --pg the same runs go, through
OFFICEDESK_DATABASE_URL, to a database created for each run on that server and dropped after it.
Figures: median [min-max]; run on an idle machine, they move by ±15 % with load.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

OFFICEDESK = str(Path(sys.executable).with_name("officedesk"))


def timed_fill(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([OFFICEDESK, *args, "demo"], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def sqlite_runs(runs: int, env: dict[str, str]) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(runs):
            times.append(timed_fill(["--db", str(Path(scratch) / f"demo{index}.db")], env))
    return times


def pg_runs(runs: int, server: str, env: dict[str, str]) -> list[float]:
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(server)
    times = []
    for _ in range(runs):
        name = f"officedesk_demo_bench_{uuid.uuid4().hex[:8]}"
        admin = base.set(drivername="postgresql", database=base.database or "postgres")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        try:
            url = base.set(drivername="postgresql+psycopg", database=name)
            server_env = {**env, "OFFICEDESK_DATABASE_URL": url.render_as_string(False)}
            times.append(timed_fill([], server_env))
        finally:
            with psycopg.connect(
                admin.render_as_string(hide_password=False), autocommit=True
            ) as con:
                con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return times


def summary(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} s [{min(times):.2f}-{max(times):.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", help="a PostgreSQL server URL: also time the fill there")
    args = parser.parse_args()
    env = {**os.environ, "OFFICEDESK_LANG": "en"}
    with tempfile.TemporaryDirectory() as home:  # no user config or data directory is touched
        env.update(XDG_CONFIG_HOME=home, XDG_DATA_HOME=home)
        print(f"demo fill, SQLite     ({args.runs} runs): {summary(sqlite_runs(args.runs, env))}")
        if args.pg:
            times = pg_runs(args.runs, args.pg, env)
            print(f"demo fill, PostgreSQL ({args.runs} runs): {summary(times)}")


if __name__ == "__main__":
    main()
