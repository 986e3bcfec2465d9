"""The ``summarize`` console script.

``summarize --version`` and ``summarize schema [--which summary|extraction]`` are answered here without
importing typer or pydantic, so scripts that call them get an answer at interpreter speed. The schema
files in ``summarizer/data/schemas/`` are written by ``python scripts/write_schemas.py``;
``tests/test_startup.py`` checks they equal the live pydantic schemas. Everything else goes to
:mod:`summarizer.cli`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer import __version__

SCHEMA_DIR = Path(__file__).parent / "data" / "schemas"
SCHEMA_NAMES = ("summary", "extraction")


def fast_answer(args: list[str]) -> str | None:
    """The output for ARGS if it needs no command-line framework, else None."""
    if args == ["--version"]:
        return f"summarizer {__version__}\n"
    if not args or args[0] != "schema":
        return None
    rest = args[1:]
    if not rest:
        which = "summary"
    elif len(rest) == 2 and rest[0] == "--which":
        which = rest[1]
    elif len(rest) == 1 and rest[0].startswith("--which="):
        which = rest[0].split("=", 1)[1]
    else:
        return None  # --help, unknown options: the full CLI answers
    path = SCHEMA_DIR / f"{which}.json"
    if which not in SCHEMA_NAMES or not path.is_file():
        return None  # the full CLI reports the bad value
    return path.read_text(encoding="utf-8")


def main() -> None:
    """Entry point of the ``summarize`` command."""
    text = fast_answer(sys.argv[1:])
    if text is not None:
        sys.stdout.write(text)
        return
    from summarizer.cli import main as cli_main

    cli_main()
