"""`summarize --help`, `--version` and `schema` import no model library (llama_cpp, openai, instructor)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = """
import sys
sys.argv = ["summarize", *sys.argv[1:]]
try:
    from summarizer.cli import main
    main()
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("llama_cpp", "openai", "instructor") if m in sys.modules)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["schema"], ["models"], ["eval", "--help"]])
def test_light_commands_import_no_model_library(args):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.stderr.strip().endswith("HEAVY="), proc.stderr[-500:]
    assert proc.stdout
