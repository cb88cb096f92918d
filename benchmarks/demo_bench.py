"""How long the demo office takes to build: the wait on the first `officedesk --demo`.

    .venv/bin/python benchmarks/demo_bench.py [--runs 5] [--pg postgresql://postgres@127.0.0.1/test]

Each run is a whole `officedesk --db FRESH demo` process (schema, every register through the
services, one transaction), timed from spawn to exit, with the CPU seconds it used (user + system):
on a machine others are using, the CPU time moves far less than the wait. With --pg the same runs
go, through OFFICEDESK_DATABASE_URL, to a database created for each run on that server and dropped
after it. Figures: median [min-max]; run on an idle machine, they move by ±15 % with load.
To compare with another tree (say `git archive HEAD` unpacked in /tmp/head), run the script
again with PYTHONPATH=/tmp/head/src, alternating.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

OFFICEDESK = str(Path(sys.executable).with_name("officedesk"))


@dataclass(frozen=True)
class Run:
    wall: float  # seconds from spawn to exit
    cpu: float  # the process's user + system seconds


def _children_cpu() -> float:
    """CPU seconds of every child process waited for so far: one run's is the difference."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_fill(args: list[str], env: dict[str, str]) -> Run:
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run([OFFICEDESK, *args, "demo"], check=True, env=env, stdout=subprocess.DEVNULL)
    return Run(time.perf_counter() - started, _children_cpu() - cpu)


def sqlite_runs(runs: int, env: dict[str, str]) -> list[Run]:
    times = []
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(runs):
            times.append(timed_fill(["--db", str(Path(scratch) / f"demo{index}.db")], env))
    return times


def pg_runs(runs: int, server: str, env: dict[str, str]) -> list[Run]:
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


def summary(runs: list[Run]) -> str:
    def spread(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s [{min(values):.2f}-{max(values):.2f}]"

    return f"{spread([r.wall for r in runs])}, CPU {spread([r.cpu for r in runs])}"


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
