"""runbook-lint's benchmark: each case as a ratio against a baseline measured
in the same invocation, runs interleaved (A B A B ...), the median ratio with
its min and max.  Absolute times on shared machines drift; ratios of
interleaved pairs do not drift much.

Run it with the package installed (not editable, so that its bytecode is
compiled as a user's is):

    python3 -m venv /tmp/rl-bench && /tmp/rl-bench/bin/pip install . && /tmp/rl-bench/bin/python bench/run.py

Cases (targets from the performance issue):
  1. cold start: `runbook-lint check` on a 50-line runbook vs `python -c "import lark"`   <= 1.3
  2. throughput: a 100,000-line runbook with --format json vs a bare Lark LALR parse   <= 1.5
  3. checker scaling: checker alone vs parsing (10k clusters, 20k relations, 100k actions) <= 0.5,
     and the checker on twice that input vs once                                          <= 2.2
  4. a parallel block of 200 actions vs the same actions in sequence                    <= 2
  5. 1,000 files of 50 lines in one invocation vs a bare parse of them in one process    <= 1.5
  6. peak memory on the 100,000-line runbook vs the bare parse's                         <= 2
  7. the language server (bench/lsp_case.py): diagnostics of a 1,000-line runbook through
     an LSP client vs linting it in process <= 1.5; a didChange round trip, for the report
  8. live state (bench/live_case.py): `topology` of 200 snapshots with 50 follower indices each,
     for the report; `check --live` of a 1,000-line runbook vs the same check without it  <= 1.5
  9. the clock (bench/time_case.py): a 100,000-line runbook with durations vs without   <= 1.10
 10. issue 15's worst cases (bench/worst_cases.py), 10a-10g, each against an input of the same
     size: the adversarial parallel block vs its sequential twin <= 3; 20k qualified pauses vs
     unqualified <= 1.5; plan of a 4,000-cycle vs a 4,000-chain <= 2 and of 10,000 nodes vs a
     10,000-chain <= 1.5; check of an unpaused 1,000-cycle vs a chain <= 3 (report size <= 6),
     and of a 2,000-cycle vs the 1,000-cycle <= 2.2; peak memory of 1M blank lines vs an empty
     file <= 1.5 and vs 1M statements <= 0.25.  `--only 10` runs them all, `--only 10b` one

Only the standard library: time.perf_counter, os.wait4's resource usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import generate  # noqa: E402

GRAMMAR = os.path.join(ROOT, "grammar", "runbook.lark")


def run_process(argv: list[str]) -> tuple[float, float, int]:
    """(wall seconds, user+sys CPU seconds, peak resident KiB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed ({process.returncode}): {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def interleaved(a, b, runs: int, warmup: int = 1) -> list[tuple]:
    """Run a and b alternately; return the (a, b) result pairs after the warm-up."""
    for _ in range(warmup):
        a()
        b()
    return [(a(), b()) for _ in range(runs)]


def summary(ratios: list[float]) -> str:
    return f"median {statistics.median(ratios):6.3f}  (min {min(ratios):.3f}, max {max(ratios):.3f}, n={len(ratios)})"


def report(case: str, ratios: list[float], target: float, detail: str = "") -> bool:
    median = statistics.median(ratios)
    verdict = "ok" if median <= target else "MISSED"
    print(f"{case:<44} {summary(ratios)}  target <= {target:<4} {verdict}")
    if detail:
        print(f"{'':<44} {detail}")
    return median <= target


def runbook_lint_command() -> list[str]:
    script = shutil.which("runbook-lint", path=os.path.dirname(sys.executable))
    if script is None:
        raise SystemExit("runbook-lint is not installed beside this Python: pip install . first")
    return [script]


BARE_PARSE = """
import sys
from lark import Lark
parser = Lark(open(sys.argv[1], encoding="utf-8").read(), parser="lalr")
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as stream:
        parser.parse(stream.read())
"""

BARE_PARSE_FOLDER = """
import os, sys
from lark import Lark
parser = Lark(open(sys.argv[1], encoding="utf-8").read(), parser="lalr")
for name in sorted(os.listdir(sys.argv[2])):
    with open(os.path.join(sys.argv[2], name), encoding="utf-8") as stream:
        parser.parse(stream.read())
"""


def case_cold_start(work: str, runs: int) -> bool:
    sample = os.path.join(work, "small.rbk")
    with open(sample, "w", encoding="utf-8") as stream:
        stream.write(generate.small_runbook(0))
    lint = runbook_lint_command() + ["check", sample]
    bare = [sys.executable, "-c", "import lark"]
    pairs = interleaved(lambda: run_process(lint), lambda: run_process(bare), runs, warmup=2)
    wall = [a[0] / b[0] for a, b in pairs]
    cpu = [a[1] / b[1] for a, b in pairs]
    medians = f"wall {statistics.median(a[0] for a, _ in pairs) * 1000:.0f} ms vs {statistics.median(b[0] for _, b in pairs) * 1000:.0f} ms"
    report("1. cold start (wall)", wall, 1.3, medians)
    return report("1. cold start (CPU time)", cpu, 1.3)


def case_throughput_and_memory(work: str, runs: int) -> tuple[bool, bool]:
    path = os.path.join(work, "large.rbk")
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(generate.large_runbook(100_000))
    lint = runbook_lint_command() + [
        "check",
        "--format",
        "json",
        "--output",
        os.path.join(work, "out.json"),
        path,
    ]
    bare = [sys.executable, "-c", BARE_PARSE, GRAMMAR, path]
    pairs = interleaved(lambda: run_process(lint), lambda: run_process(bare), runs, warmup=0)
    wall = [a[0] / b[0] for a, b in pairs]
    memory = [a[2] / b[2] for a, b in pairs]
    detail = f"lint {statistics.median(a[0] for a, _ in pairs):.2f} s vs bare parse {statistics.median(b[0] for _, b in pairs):.2f} s"
    ok = report("2. throughput, 100,000 lines (wall)", wall, 1.5, detail)
    detail = f"lint {statistics.median(a[2] for a, _ in pairs) / 1024:.0f} MiB vs bare parse {statistics.median(b[2] for _, b in pairs) / 1024:.0f} MiB"
    memory_ok = report("6. peak memory, 100,000 lines", memory, 2.0, detail)
    return ok, memory_ok


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _check(path: str, runbook):
    """What the linter does after the parse: simulate, then stamp the findings."""
    from runbook_lint.check import check_runbook
    from runbook_lint.lint.stamp import stamp

    return stamp(path, check_runbook(runbook))


def case_checker_scaling(runs: int) -> bool:
    from runbook_lint.syntax.parser import parse

    gc.disable()  # as the check command runs
    texts = {n: generate.topology(10_000 * n, 20_000 * n, 100_000 * n) for n in (1, 2)}
    runbooks = {}
    parse_times = {}
    for n, text in texts.items():
        start = time.perf_counter()
        runbooks[n] = parse(text).runbook
        parse_times[n] = time.perf_counter() - start
    share = []
    doubling = []
    for _ in range(runs):
        one = _timed(lambda: _check("one.rbk", runbooks[1]))
        two = _timed(lambda: _check("two.rbk", runbooks[2]))
        parsed = _timed(lambda: parse(texts[1]))
        share.append(one / parsed)
        doubling.append(two / one)
    gc.enable()
    ok = report("3a. checker vs parse (10k/20k/100k)", share, 0.5)
    return report("3b. checker on twice the input vs once", doubling, 2.2) and ok


def case_parallel(runs: int) -> bool:
    from runbook_lint.syntax.parser import parse

    gc.disable()
    block = parse(generate.parallel_runbook(200, parallel=True)).runbook
    sequence = parse(generate.parallel_runbook(200, parallel=False)).runbook
    repeat = 20

    def many(runbook):
        return lambda: [_check("p.rbk", runbook) for _ in range(repeat)]

    pairs = interleaved(lambda: _timed(many(block)), lambda: _timed(many(sequence)), runs)
    gc.enable()
    return report("4. parallel block of 200 vs sequence", [a / b for a, b in pairs], 2.0)


def case_many_files(work: str, runs: int) -> bool:
    folder = os.path.join(work, "many")
    os.makedirs(folder, exist_ok=True)
    for i in range(1000):
        with open(os.path.join(folder, f"r{i:04d}.rbk"), "w", encoding="utf-8") as stream:
            stream.write(generate.small_runbook(i))
    lint = runbook_lint_command() + [
        "check",
        "--format",
        "json",
        "--output",
        os.path.join(work, "many.json"),
        folder,
    ]
    bare = [sys.executable, "-c", BARE_PARSE_FOLDER, GRAMMAR, folder]
    pairs = interleaved(lambda: run_process(lint), lambda: run_process(bare), runs)
    detail = f"lint {statistics.median(a[0] for a, _ in pairs):.2f} s vs bare parse {statistics.median(b[0] for _, b in pairs):.2f} s"
    return report("5. 1,000 files of 50 lines (wall)", [a[0] / b[0] for a, b in pairs], 1.5, detail)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs (a smoke test of the script)"
    )
    parser.add_argument(
        "--only",
        metavar="N,N",
        default="",
        help="run only these cases, by number (1-10, or 10a-10g): e.g. --only 3,10b while profiling one",
    )
    args = parser.parse_args()
    runs = 3 if args.quick else 11
    only = {part.strip() for part in args.only.split(",") if part.strip()}

    def wanted(number: int | str) -> bool:
        # "10" runs every part of case 10; "10b" only that one.
        label = str(number)
        return not only or label in only or label.rstrip("abcdefgh") in only

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}"
    )
    print("ratios: A/B of interleaved pairs, A = runbook-lint, B = the baseline\n")
    results = []
    with tempfile.TemporaryDirectory(prefix="rl-bench-") as work:
        if wanted(1):
            results.append(case_cold_start(work, runs * 2))
        if wanted(2) or wanted(6):
            results.extend(case_throughput_and_memory(work, max(3, runs // 2)))
        if wanted(3):
            results.append(case_checker_scaling(max(3, runs // 2)))
        if wanted(4):
            results.append(case_parallel(runs))
        if wanted(5):
            results.append(case_many_files(work, max(3, runs // 2)))
        if wanted(7):
            from lsp_case import case as case_lsp  # the language server (bench/lsp_case.py)

            results.append(case_lsp(work, runs, report, runbook_lint_command()))
        if wanted(8):
            from live_case import case as case_live  # live state (bench/live_case.py)

            results.extend(
                case_live(work, max(3, runs // 2), report, run_process, runbook_lint_command())
            )
        if wanted(9):
            from time_case import case as case_time  # the clock (bench/time_case.py)

            results.append(case_time(max(3, runs // 2), report, interleaved))
        if any(wanted(f"10{part}") for part in "abcdefg"):
            from worst_cases import case as case_worst  # issue 15 (bench/worst_cases.py)

            results.extend(
                case_worst(
                    work, runs, report, interleaved, run_process, runbook_lint_command(), wanted
                )
            )
    print("\nall targets met" if all(results) else "\nsome targets missed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
