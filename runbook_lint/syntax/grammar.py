"""The grammar's one home and the one compiled parser.

The grammar (grammar/runbook.lark) is compiled once and cached by Lark (the
cache file is keyed by the grammar's hash), so a run does not rebuild the LALR
tables.  Keywords stay reserved through Lark's basic lexer.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from lark import Lark

from runbook_lint.syntax.builder import Builder


def grammar_path() -> str:
    """The grammar's one home: a copy inside the installed package, else the checkout's."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the package
    installed = os.path.join(here, "grammar", "runbook.lark")
    if os.path.isfile(installed):
        return installed
    return os.path.join(os.path.dirname(here), "grammar", "runbook.lark")


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as stream:
        return stream.read()


@lru_cache(maxsize=1)
def load() -> tuple[Lark, Builder]:
    builder = Builder()
    lark = Lark(
        _read(grammar_path()),
        parser="lalr",
        lexer="basic",  # keywords stay reserved in every context
        transformer=builder,
        lexer_callbacks={"COMMENT": builder.on_comment},
        maybe_placeholders=True,
        cache=True,
    )
    return lark, builder


def terminal(name: str) -> re.Pattern[str]:
    """The grammar's own pattern for terminal NAME (``DURATION``, ``VERSION``), for
    text that arrives outside a runbook (an option's value) and must be read the
    same way: the grammar stays the one home of what a token looks like."""
    return re.compile(load()[0].get_terminal(name).pattern.to_regexp())
