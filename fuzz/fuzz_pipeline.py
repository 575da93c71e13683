"""Coverage-guided fuzzing of the whole pipeline with atheris (libFuzzer for Python).

Each input is the bytes of a runbook: decoded, parsed, checked, filtered by
``noqa`` and rendered in every report format, twice; ``fuzz/harness.py``
(``check_one``) says what must hold. atheris is not a dependency of the package:

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_pipeline.py -runs=100000 fuzz/corpus

The first corpus folder named is created and seeded with the samples, the
spec's examples and a few hand-written inputs (see ``harness.seed_inputs``);
libFuzzer adds the inputs that reach new coverage to it. Unless given, the
language's dictionary (``-dict=fuzz/runbook.dict``), a per-input timeout
(``-timeout=20``: a hang is a failure too) and ``-artifact_prefix=fuzz/artifacts/``
(where a failing input is written) are added to the options; any other
libFuzzer option may be passed. A failing input is replayed with
``fuzz_pipeline.py --replay fuzz/artifacts/crash-...``.

Without atheris, ``--replay FILE_OR_FOLDER ...`` runs the harness over every
file given (or found in a folder) and exits 1 if any fails: the way to measure
line coverage of a corpus, or to check a crash file once fixed:

    .venv/bin/python -m coverage run --source=runbook_lint fuzz/fuzz_pipeline.py --replay fuzz/corpus
    .venv/bin/python -m coverage report
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import runner  # noqa: E402  (seeding, replay and atheris, shared with the other targets)


def _load():
    import runbook_lint.check  # noqa: F401
    import runbook_lint.lint.linter  # noqa: F401
    import runbook_lint.lint.policy  # noqa: F401
    import runbook_lint.lint.suppress  # noqa: F401
    import runbook_lint.model.topology  # noqa: F401
    import runbook_lint.model.versions  # noqa: F401
    import runbook_lint.syntax.messages  # noqa: F401
    import runbook_lint.syntax.parser  # noqa: F401
    from runbook_lint.report import FORMATS

    for module in FORMATS.values():
        __import__(module)
    from harness import check_one

    return check_one


def _seeds():
    from harness import seed_inputs

    return seed_inputs()


def main(argv: list[str]) -> int:
    return runner.main(argv, _load, _seeds, "runbook.dict")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
