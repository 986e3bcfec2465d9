"""Start-up: `--help`, `--version` and `schema` import no model library; `--version` and `schema` not even
typer or pydantic (they are answered from summarizer/entry.py, with schema files checked here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from summarizer.entry import SCHEMA_DIR, SCHEMA_NAMES, fast_answer
from summarizer.schema import schema_json
from tests.conftest import ROOT

PROBE = """
import sys
sys.argv = ["summarize", *sys.argv[1:]]
code = 0
try:
    from summarizer.entry import main
    main()
except SystemExit as exc:
    code = exc.code
loaded = sorted(m for m in ("llama_cpp", "openai", "instructor", "typer", "pydantic", "rich") if m in sys.modules)
sys.stderr.write(f"EXIT={code} LOADED=" + ",".join(loaded) + "\\n")
"""


def probe(*args: str) -> tuple[str, set[str], str]:
    """Run the console script's entry point in a fresh interpreter: (stdout, modules loaded, last stderr line)."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    last = proc.stderr.strip().splitlines()[-1]
    loaded = last.split("LOADED=")[1]
    return proc.stdout, set(filter(None, loaded.split(","))), proc.stderr


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["schema"], ["models"], ["eval", "--help"]])
def test_light_commands_import_no_model_library(args):
    stdout, loaded, stderr = probe(*args)
    assert not loaded & {"llama_cpp", "openai", "instructor"}, stderr[-500:]
    assert stdout


@pytest.mark.parametrize("args", [["--version"], ["schema"], ["schema", "--which", "extraction"]])
def test_fast_commands_import_no_framework(args):
    stdout, loaded, stderr = probe(*args)
    assert loaded == set(), stderr[-500:]
    assert stdout.startswith("summarizer ") or stdout.startswith("{")


def test_help_does_not_load_rich():
    stdout, loaded, _ = probe("--help")
    assert "rich" not in loaded and "pydantic" not in loaded
    assert "Commands:" in stdout and "batch" in stdout


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_schema_files_match_the_models(name):
    shipped = (SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8")
    assert shipped == schema_json(name), "schema changed: run `python scripts/write_schemas.py`"


def test_fast_answers_equal_the_full_cli(capsys):
    from summarizer.cli import main as cli_main

    for args in (["--version"], ["schema"], ["schema", "--which=extraction"], ["schema", "--which", "summary"]):
        fast = fast_answer(args)
        assert fast is not None
        sys.argv = ["summarize", *args]
        try:
            cli_main()
        except SystemExit as exc:
            assert exc.code in (0, None)
        assert capsys.readouterr().out == fast


@pytest.mark.parametrize("args", [["schema", "--which", "bogus"], ["schema", "--help"], ["schema", "-x"], []])
def test_anything_else_goes_to_the_full_cli(args):
    assert fast_answer(args) is None


def test_bad_schema_choice_is_a_clear_error():
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer", "schema", "--which", "bogus"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "summary or extraction" in proc.stderr and "Traceback" not in proc.stderr
