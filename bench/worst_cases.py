"""Case 10 of bench/run.py: issue 15's worst cases (items 1-5), each as a ratio
against an input of the same size that was never super-linear.

10a. item 1: the adversarial `parallel` block (cluster `m` with 200 nodes, 10
     relations `m follows old index "iK"`, old on 7.16.3, 1,000 actions
     alternating `upgrade m to 8.0.0` and `upgrade m node nK to 8.0.0`) against
     its sequential twin (the same actions in a `step`), checker only: <= 3
     (the issue's target; it was cubic: 200 actions took 16.7 s).
10b. item 2: 10,000 `b follows a index "iN"` paused and resumed one by one
     (20,000 qualified pauses and resumes of one pair) against 10,000 pairs
     `bN follows a` paused and resumed unqualified, checker only. Both hold
     10,000 relations and 20,000 actions; only the lookup by qualifier differs,
     which an index makes constant: <= 1.5 (it scanned the pair: 45 s).
10c. item 3: `plan` of one bi-directional cycle of 4,000 clusters against
     `plan` of a chain of 4,000 (whole processes, CPU time): <= 2. The cycle's
     plan has three actions per cluster (pause, upgrade, resume) where the
     chain's has one, in fewer lines (20,011 against 24,005), so linear work
     may cost up to about twice the chain's; the quadratic planner took 10.7 s.
10d. item 3: `plan` of one cluster with 10,000 nodes against `plan` of a chain
     of 10,000 clusters (10,000 upgrades each, whole processes, CPU time): <= 1.5
     (it was 29 s: min/max over every node after each node upgrade).
10e. item 4: `check --format json` of an unpaused 1,000-cluster bi-directional
     cycle (1,000 RL202, each listing at most ten relations and ten related
     locations) against the same check of a 1,000-cluster chain upgraded
     leader first (999 RL201, one related location each): the same number of
     diagnostics, so the cap bounds both ratios by a constant. CPU time <= 3;
     report size <= 6 (eleven locations against two, and the longer message;
     before the cap it was a 99 MB report, some 190x). And the cycle's check
     at twice the size (2,000 clusters) against 1,000: <= 2.2, as case 3b.
10f. item 5: peak memory of `check` on 1,000,000 blank lines against `check`
     on an empty file (the interpreter and the package): <= 1.5. A line that
     holds nothing costs next to nothing: the 1 MB text and its line table.
10g. item 5: peak memory of 1,000,000 blank lines against 1,000,000 statements
     (`note "x"`, the cheapest statement): <= 0.25 (before: 359 MB, 1.8x the
     statements).
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

Report = Callable[..., bool]


# --- the inputs -----------------------------------------------------------------


def adversarial_block(actions: int = 1000, parallel: bool = True) -> str:
    """Issue 15, item 1: whole-cluster and node upgrades of `m` alternating."""
    nodes = ", ".join(f"n{k}" for k in range(200))
    out = [f"cluster m version 7.17.0 nodes {nodes}", "cluster old version 7.16.3"]
    out += [f'm follows old index "i{k}"' for k in range(10)]
    out.append("parallel {" if parallel else 'step "in sequence" {')
    for a in range(actions):
        if a % 2 == 0:
            out.append("    upgrade m to 8.0.0")
        else:
            out.append(f"    upgrade m node n{(a // 2) % 200} to 8.0.0")
    out.append("}")
    return "\n".join(out) + "\n"


def pauses(relations: int = 10_000, qualified: bool = True) -> str:
    """Item 2: every relation paused, then every one resumed, one statement each."""
    if qualified:
        out = ["cluster a version 8.1.0", "cluster b version 8.1.0"]
        declared = [f'b follows a index "i{k}"' for k in range(relations)]
    else:
        out = ["cluster a version 8.1.0"] + [
            f"cluster b{k} version 8.1.0" for k in range(relations)
        ]
        declared = [f"b{k} follows a" for k in range(relations)]
    out += declared
    out += [f"pause {relation}" for relation in declared]
    out += [f"resume {relation}" for relation in declared]
    return "\n".join(out) + "\n"


def cycle(clusters: int, version: str = "8.14.3", upgrade: str | None = None) -> str:
    """One bi-directional group: c1 follows c0, ..., c0 follows the last."""
    out = [f"cluster c{i} version {version}" for i in range(clusters)]
    out += [f"c{(i + 1) % clusters} follows c{i}" for i in range(clusters)]
    if upgrade is not None:
        out += [f"upgrade c{i} to {upgrade}" for i in range(clusters)]
    return "\n".join(out) + "\n"


def chain(clusters: int, version: str = "8.14.3", upgrade: str | None = None) -> str:
    """c1 follows c0, c2 follows c1, ...; upgraded (if at all) leader first."""
    out = [f"cluster c{i} version {version}" for i in range(clusters)]
    out += [f"c{i + 1} follows c{i}" for i in range(clusters - 1)]
    if upgrade is not None:
        out += [f"upgrade c{i} to {upgrade}" for i in range(clusters)]
    return "\n".join(out) + "\n"


def many_nodes(nodes: int) -> str:
    return f"cluster m version 8.14.3 nodes {', '.join(f'n{k}' for k in range(nodes))}\n"


# --- the measurements -------------------------------------------------------------


def _checked(text: str, repeat: int) -> Callable[[], float]:
    """Seconds to check (simulate, then stamp, as `check` does) a parsed runbook."""
    from runbook_lint.check import check_runbook
    from runbook_lint.lint.stamp import stamp
    from runbook_lint.syntax.parser import parse

    runbook = parse(text).runbook

    def run() -> float:
        start = time.perf_counter()
        for _ in range(repeat):
            stamp("w.rbk", check_runbook(runbook))
        return time.perf_counter() - start

    return run


def _write(work: str, name: str, text: str) -> str:
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)
    return path


def _cpu(pairs: list[tuple[Any, Any]]) -> list[float]:
    return [a[1] / b[1] for a, b in pairs]


def _wall(pairs: list[tuple[Any, Any]]) -> str:
    a = statistics.median(p[0][0] for p in pairs)
    b = statistics.median(p[1][0] for p in pairs)
    return f"wall {a:.2f} s vs {b:.2f} s (ratio {a / b:.2f})"


def peak_kib(argv: list[str]) -> int:
    """Peak resident KiB of ``argv``, measured by a fresh interpreter that runs it.

    A child's ru_maxrss counts its parent's resident set at the fork (and, with
    vfork, the parent's peak, recorded at the exec): by now this process holds
    the earlier cases' runbooks, more than a small run needs. The helper is
    only the standard library, below what any runbook-lint run takes.
    """
    done = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--peak", *argv],
        capture_output=True,
        check=True,
        text=True,
    )
    return int(json.loads(done.stdout)["peak_kib"])


def case(
    work: str,
    runs: int,
    report: Report,
    interleaved: Callable[..., list[tuple[Any, Any]]],
    run_process: Callable[[list[str]], tuple[float, float, int]],
    command: list[str],
    wanted: Callable[[str], bool],
) -> list[bool]:
    results = []
    if wanted("10a"):
        gc.disable()  # as the check command runs
        pairs = interleaved(
            _checked(adversarial_block(1000, parallel=True), 3),
            _checked(adversarial_block(1000, parallel=False), 3),
            runs,
        )
        gc.enable()
        detail = f"block {min(a for a, _ in pairs) / 3:.3f} s vs sequence {min(b for _, b in pairs) / 3:.3f} s (best)"
        results.append(
            report(
                "10a. adversarial block of 1,000 vs sequence",
                [a / b for a, b in pairs],
                3.0,
                detail,
            )
        )
    if wanted("10b"):
        gc.disable()
        pairs = interleaved(
            _checked(pauses(qualified=True), 1), _checked(pauses(qualified=False), 1), runs
        )
        gc.enable()
        detail = f"qualified {min(a for a, _ in pairs):.2f} s vs unqualified {min(b for _, b in pairs):.2f} s (best)"
        results.append(
            report(
                "10b. 20k qualified pauses vs unqualified", [a / b for a, b in pairs], 1.5, detail
            )
        )
    process_runs = max(3, runs // 2)
    for label, title, text, twin, target in (
        ("10c", "10c. plan: 4,000-cycle vs 4,000-chain (CPU)", cycle(4000), chain(4000), 2.0),
        (
            "10d",
            "10d. plan: 10,000 nodes vs 10k-chain (CPU)",
            many_nodes(10_000),
            chain(10_000),
            1.5,
        ),
    ):
        if not wanted(label):
            continue
        plan = [
            *command,
            "plan",
            _write(work, f"{label}.rbk", text),
            "--to",
            "8.15.1",
            "-o",
            os.devnull,
        ]
        base = [
            *command,
            "plan",
            _write(work, f"{label}-twin.rbk", twin),
            "--to",
            "8.15.1",
            "-o",
            os.devnull,
        ]
        pairs = interleaved(
            lambda plan=plan: run_process(plan), lambda base=base: run_process(base), process_runs
        )
        results.append(report(title, _cpu(pairs), target, _wall(pairs)))
    if wanted("10e"):
        outputs = (os.path.join(work, "10e-cycle.json"), os.path.join(work, "10e-chain.json"))
        lint = [
            [
                *command,
                "check",
                "--isolated",
                "--format",
                "json",
                "-o",
                output,
                _write(work, name, text),
            ]
            for output, name, text in zip(
                outputs,
                ("10e-cycle.rbk", "10e-chain.rbk"),
                (cycle(1000, "8.0.0", "8.1.0"), chain(1000, "8.0.0", "8.1.0")),
                strict=True,
            )
        ]
        pairs = interleaved(
            lambda: run_process(lint[0]), lambda: run_process(lint[1]), process_runs
        )
        results.append(
            report("10e. check: 1,000-cycle vs chain (CPU)", _cpu(pairs), 3.0, _wall(pairs))
        )
        sizes = [os.path.getsize(output) for output in outputs]
        detail = f"json report {sizes[0] / 1e6:.2f} MB vs {sizes[1] / 1e6:.2f} MB"
        results.append(
            report("10e. report size: 1,000-cycle vs chain", [sizes[0] / sizes[1]], 6.0, detail)
        )
        # The same check at twice the size: the cap bounds the report, and the
        # work per upgrade must stay bounded too.
        twice = [*lint[0][:-1], _write(work, "10e-cycle2.rbk", cycle(2000, "8.0.0", "8.1.0"))]
        pairs = interleaved(lambda: run_process(twice), lambda: run_process(lint[0]), process_runs)
        results.append(
            report("10e. check: 2,000-cycle vs 1,000 (CPU)", _cpu(pairs), 2.2, _wall(pairs))
        )
    blank = _write(work, "10f-blank.rbk", "\n" * 1_000_000)
    memory_cases = (
        ("10f", "10f. peak memory: 1M blank lines vs empty", "", 1.5, process_runs),
        # Peak memory does not drift with the machine's load: two pairs of this
        # slow case (some 25 s of CPU per statement run) are enough.
        (
            "10g",
            "10g. peak memory: 1M blank vs 1M statements",
            'note "x"\n' * 1_000_000,
            0.25,
            max(1, runs // 5),
        ),
    )
    for label, title, text, target, count in memory_cases:
        if not wanted(label):
            continue
        check = [
            [*command, "check", "--isolated", "--format", "json", "-o", os.devnull, path]
            for path in (blank, _write(work, f"{label}.rbk", text))
        ]
        pairs = interleaved(
            lambda check=check: peak_kib(check[0]),
            lambda check=check: peak_kib(check[1]),
            count,
            warmup=0,
        )
        mine = statistics.median(a for a, _ in pairs) / 1024
        theirs = statistics.median(b for _, b in pairs) / 1024
        detail = f"{mine:.1f} MiB vs {theirs:.1f} MiB"
        results.append(report(title, [a / b for a, b in pairs], target, detail))
    return results


def _peak_main(argv: list[str]) -> int:
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}")
    print(json.dumps({"peak_kib": usage.ru_maxrss}))
    return 0


if __name__ == "__main__":  # the fresh interpreter of peak_kib
    if sys.argv[1:2] != ["--peak"]:
        raise SystemExit("usage: worst_cases.py --peak COMMAND ...  (bench/run.py runs the cases)")
    raise SystemExit(_peak_main(sys.argv[2:]))
