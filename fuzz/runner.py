"""What every fuzz target's command line shares: seeding, replay and atheris.

A target (``fuzz/fuzz_*.py``) names its check (bytes -> None, raising on a
bug), the modules to instrument, its seed inputs and its dictionary, and calls
``main``:

* ``--replay FILE_OR_FOLDER ...`` runs the check over every file given (or
  found in a folder), without atheris, and exits 1 if any fails;
* otherwise atheris runs libFuzzer over the check. The first corpus folder
  named is created and seeded; unless given, ``-dict=`` (the target's
  dictionary), ``-timeout=20`` (a hang is a failure too) and
  ``-artifact_prefix=fuzz/artifacts/`` (where a failing input is written) are
  added to the options. Any other libFuzzer option may be passed.
"""

from __future__ import annotations

import hashlib
import os
import sys
import traceback
from collections.abc import Callable, Iterable

HERE = os.path.dirname(os.path.abspath(__file__))


def seed(corpus: str, inputs: Iterable[bytes]) -> None:
    os.makedirs(corpus, exist_ok=True)
    for data in inputs:
        name = os.path.join(corpus, "seed-" + hashlib.sha1(data).hexdigest())
        if not os.path.exists(name):
            with open(name, "wb") as stream:
                stream.write(data)


def replay(paths: list[str], check: Callable[[bytes], None]) -> int:
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
            check(data)
        except Exception:  # noqa: BLE001 - report every failing input, then fail
            failures += 1
            print(f"FAILED: {path}", file=sys.stderr)
            traceback.print_exc()
    print(f"replayed {len(files)} inputs, {failures} failed")
    return 1 if failures else 0


def main(
    argv: list[str],
    load: Callable[[], Callable[[bytes], None]],
    seeds: Callable[[], Iterable[bytes]],
    dictionary: str,
    include: tuple[str, ...] = ("runbook_lint",),
) -> int:
    """``load`` imports the code under test (inside atheris's instrumentation)
    and returns the check; ``seeds`` gives the corpus's first inputs; ``include``
    names the packages whose coverage guides the fuzzer."""
    if len(argv) > 1 and argv[1] == "--replay":
        return replay(argv[2:], load())

    import atheris

    with atheris.instrument_imports(include=list(include)):
        check = load()
    options = [arg for arg in argv[1:] if arg.startswith("-")]
    corpora = [arg for arg in argv[1:] if not arg.startswith("-")]
    if corpora:
        seed(corpora[0], seeds())
    extra = []
    if not any(arg.startswith("-dict=") for arg in options):
        extra.append("-dict=" + os.path.join(HERE, dictionary))
    if not any(arg.startswith("-timeout=") for arg in options):
        extra.append("-timeout=20")
    if not any(arg.startswith("-artifact_prefix=") for arg in options):
        os.makedirs(os.path.join(HERE, "artifacts"), exist_ok=True)
        extra.append("-artifact_prefix=" + os.path.join(HERE, "artifacts") + os.sep)
    atheris.Setup([argv[0], *extra, *argv[1:]], check)
    atheris.Fuzz()
    return 0
