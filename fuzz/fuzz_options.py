"""Coverage-guided fuzzing of the CLI's option parser with atheris.

Each input is a command line, its words separated by NUL bytes (decoded as
``sys.argv`` is: UTF-8 with ``surrogateescape``): parsed by
``runbook_lint.cli.parse_arguments``, its rule selections turned into codes by
``lint.config.parse_selectors``; ``fuzz/options_harness.py`` (``check_options``)
says what must hold. A failure is any exception but ``UsageError`` and
``ConfigError`` (exit status 2), a result that does not parse back from its
canonical command line, or a hang. atheris is not a dependency of the package:

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_options.py -runs=100000 fuzz/corpus-options

The first corpus folder named is created and seeded (``options_harness.SEEDS``);
``-dict=fuzz/options.dict``, ``-timeout=20`` and ``-artifact_prefix=fuzz/artifacts/``
are added unless given (``fuzz/runner.py``). A failing input is replayed with
``fuzz_options.py --replay fuzz/artifacts/crash-...``, without atheris.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import runner  # noqa: E402


def _load():
    from options_harness import check_options  # imports runbook_lint (instrumented)

    import runbook_lint.catalogue  # noqa: F401
    import runbook_lint.model.versions  # noqa: F401  (--version's line reads it)

    return check_options


def _seeds():
    from options_harness import seed_inputs

    return seed_inputs()


if __name__ == "__main__":
    sys.exit(runner.main(sys.argv, _load, _seeds, "options.dict"))
