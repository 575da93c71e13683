"""ANSI colours for the terminal formats (and nothing when colour is off)."""

_CODES = {
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",
    "info": "\x1b[1;34m",
    "note": "\x1b[1;32m",
    "help": "\x1b[1;36m",
    "gutter": "\x1b[1;34m",
    "bold": "\x1b[1m",
}
_RESET = "\x1b[0m"


def paint(text: str, style: str, enabled: bool) -> str:
    return f"{_CODES[style]}{text}{_RESET}" if enabled and text else text
