"""A lean spawn → reap timer (a small hyperfine -N) that cli_bench.py runs as a child process.

Usage: python -S benchmarks/proc_timer.py < plan.json > samples.json

Why a separate, nearly import-free process: on Linux a child's ru_maxrss starts at the memory
high-water mark of the process that forked it (the kernel keeps the pre-exec mm's peak). Forked
from cli_bench.py, which has imported SQLModel to build the database (≈80 MiB), every child would
report ≈80 MiB. Forked from this script under `python -S`, the floor is ≈10 MiB, below any
officedesk command. The timer's own peak (VmHWM) is reported so the reader can see that floor.

Plan (JSON on stdin): {"commands": [{"label", "argv", "stdin_path", "every_round"}],
"floor": label, "env": {...}, "runs": N, "batch_runs": K, "warmups": W, "err_path": path}.
Output (JSON on stdout): {"samples": {label: {"wall", "rss_kib", "ratios"}}, "timer_hwm_kib": n}.
"""

import json
import os
import subprocess
import sys
import time


def run_once(command: dict, env: dict, err_path: str) -> tuple[float, int]:
    """Wall seconds from spawn to reap, and the child's ru_maxrss (KiB) via os.wait4.

    resource.getrusage(RUSAGE_CHILDREN) sums over every reaped child; wait4 on the pid gives the
    one child's own rusage.
    """
    stdin_path = command.get("stdin_path")
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
    err = open(err_path, "w+b")  # noqa: SIM115
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command["argv"], stdin=stdin, stdout=subprocess.DEVNULL, stderr=err, env=env
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: Popen must not wait
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{command['label']} exited {proc.returncode}:\n{message}")
    finally:
        err.close()
        if stdin_path:
            stdin.close()
    return elapsed, usage.ru_maxrss


def bench_rounds(plan: dict) -> dict[str, dict[str, list]]:
    """Interleave the commands in every round (A B C D A B C D …) so drift hits them alike.

    Commands with every_round false (the slow batch) run in batch_runs rounds spread evenly over
    the N rounds, each next to a floor run of the same round for its paired ratio.
    """
    commands, env, err_path = plan["commands"], plan["env"], plan["err_path"]
    runs, batch_runs = plan["runs"], plan["batch_runs"]
    for round_no in range(plan["warmups"]):
        for command in commands:
            if command["every_round"] or round_no == 0:  # the slow batch gets one warm-up
                run_once(command, env, err_path)
    slow_rounds = {round(i * runs / batch_runs) for i in range(batch_runs)} if batch_runs else set()
    samples = {c["label"]: {"wall": [], "rss_kib": [], "ratios": []} for c in commands}
    for round_no in range(runs):
        this_round = {}
        for command in commands:
            if not command["every_round"] and round_no not in slow_rounds:
                continue
            wall, rss = run_once(command, env, err_path)
            samples[command["label"]]["wall"].append(wall)
            samples[command["label"]]["rss_kib"].append(rss)
            this_round[command["label"]] = wall
        for label, wall in this_round.items():
            samples[label]["ratios"].append(wall / this_round[plan["floor"]])
        print(f"  round {round_no + 1}/{runs} done", file=sys.stderr, flush=True)
    return samples


def own_high_water_kib() -> int:
    """This process's real peak RSS (VmHWM), which every child inherits as its ru_maxrss floor."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main() -> None:
    plan = json.load(sys.stdin)
    samples = bench_rounds(plan)
    json.dump({"samples": samples, "timer_hwm_kib": own_high_water_kib()}, sys.stdout)


if __name__ == "__main__":
    main()
