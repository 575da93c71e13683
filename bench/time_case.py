"""Case 9, the clock (language.md, "Time"): a 100,000-line runbook with durations
against the same runbook without them, parse and check in process.  Target <= 1.10.

The durations version declares `assume node-upgrade 40m` and turns every
`note "wait for green health"` into `wait 5m "wait for green health"`: the same
lines, so the difference is the clock's pass (and the wait statements' parse).
"""

from __future__ import annotations

import gc
import time

import generate


def with_durations(text: str) -> str:
    text = text.replace(
        'runbook "fleet patch rounds"\n',
        'runbook "fleet patch rounds"\nassume node-upgrade 40m\n',
        1,
    )
    return text.replace('note "wait for green health"', 'wait 5m "wait for green health"')


def case(runs: int, report, interleaved) -> bool:
    from runbook_lint.lint.linter import lint_bytes

    plain = generate.large_runbook(100_000).encode("utf-8")
    timed = with_durations(plain.decode("utf-8")).encode("utf-8")

    def lint(data: bytes):
        def run() -> float:
            start = time.perf_counter()
            lint_bytes("big.rbk", data)
            return time.perf_counter() - start

        return run

    gc.disable()  # as the check command runs
    pairs = interleaved(lint(timed), lint(plain), runs)
    gc.enable()
    detail = (
        f"with {min(a for a, _ in pairs):.2f} s vs without {min(b for _, b in pairs):.2f} s (best)"
    )
    return report(
        "9. 100,000 lines with durations vs without", [a / b for a, b in pairs], 1.10, detail
    )
