"""Coverage-guided fuzzing of the configuration loader with atheris.

Each input is the bytes of a configuration file, loaded as a
`.runbook-lint.yaml` and as a `pyproject.toml` by ``runbook_lint.lint.config.load``
(the bounded YAML loader of ``config_yaml.py``, or tomllib and ``config_toml.py``,
then every key's validation), its globs asked about a few paths; ``fuzz/config_harness.py`` (``check_config``) says what must hold.
A failure is any exception but ``ConfigError``, a message that is not one line
naming the file, a configuration cli.md does not allow, or a hang.
atheris is not a dependency of the package:

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_config.py -runs=100000 fuzz/corpus-config

The first corpus folder named is created and seeded (``config_harness.SEEDS``);
``-dict=fuzz/config.dict``, ``-timeout=20`` and ``-artifact_prefix=fuzz/artifacts/``
are added unless given (``fuzz/runner.py``). A failing input is replayed with
``fuzz_config.py --replay fuzz/artifacts/crash-...``, without atheris.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import runner  # noqa: E402


def _load():
    # The loader imports yaml, tomllib and the globs only when a file is read:
    # load them now, inside the instrumentation.
    import tomllib  # noqa: F401
    from config_harness import check_config  # imports runbook_lint (instrumented)

    import runbook_lint.lint.config_yaml  # noqa: F401
    import runbook_lint.lint.globs  # noqa: F401

    return check_config


def _seeds():
    from config_harness import seed_inputs

    return seed_inputs()


if __name__ == "__main__":
    # PyYAML's and tomllib's coverage guide it too: the shapes the validation meets.
    sys.exit(
        runner.main(sys.argv, _load, _seeds, "config.dict", ("runbook_lint", "yaml", "tomllib"))
    )
