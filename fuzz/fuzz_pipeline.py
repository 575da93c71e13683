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

import hashlib
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def _seed(corpus: str) -> None:
    from harness import seed_inputs

    os.makedirs(corpus, exist_ok=True)
    for data in seed_inputs():
        name = os.path.join(corpus, "seed-" + hashlib.sha1(data).hexdigest())
        if not os.path.exists(name):
            with open(name, "wb") as stream:
                stream.write(data)


def _replay(paths: list[str]) -> int:
    from harness import check_one

    files = []
    for path in paths:
        if os.path.isdir(path):
            files += sorted(os.path.join(path, name) for name in os.listdir(path))
        else:
            files.append(path)
    failures = 0
    for path in files:
        with open(path, "rb") as stream:
            data = stream.read()
        try:
            check_one(data)
        except Exception:  # noqa: BLE001 - report every failing input, then fail
            failures += 1
            print(f"FAILED: {path}", file=sys.stderr)
            traceback.print_exc()
    print(f"replayed {len(files)} inputs, {failures} failed")
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[1] == "--replay":
        return _replay(argv[2:])

    import atheris

    with atheris.instrument_imports(include=["runbook_lint"]):
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

    options = [arg for arg in argv[1:] if arg.startswith("-")]
    corpora = [arg for arg in argv[1:] if not arg.startswith("-")]
    if corpora:
        _seed(corpora[0])
    extra = []
    if not any(arg.startswith("-dict=") for arg in options):
        extra.append("-dict=" + os.path.join(HERE, "runbook.dict"))
    if not any(arg.startswith("-timeout=") for arg in options):
        extra.append("-timeout=20")
    if not any(arg.startswith("-artifact_prefix=") for arg in options):
        os.makedirs(os.path.join(HERE, "artifacts"), exist_ok=True)
        extra.append("-artifact_prefix=" + os.path.join(HERE, "artifacts") + os.sep)
    atheris.Setup([argv[0], *extra, *argv[1:]], check_one)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
