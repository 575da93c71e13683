"""Write the README's rule table from the catalogue (between the rules-table markers).

    .venv/bin/python scripts/update_readme.py

tests/test_readme.py fails, naming this script, while the table differs.
"""

from __future__ import annotations

from pathlib import Path

from runbook_lint.catalogue import table

START, END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"


def updated(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + START + "\n" + "\n".join(table()) + "\n" + END + tail


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    README.write_text(updated(text), encoding="utf-8")
