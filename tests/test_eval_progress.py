"""`summarize eval` off a terminal (a log file, CI): one line per finished case on stderr."""

from __future__ import annotations

import re
import shutil

from tests.conftest import ROOT
from tests.fault_server import FaultServer
from tests.test_cli_input import run_cli

CASES = ["000_russia_nk_food_arms", "016_typhoon_philippines_no_deal"]


def test_eval_prints_a_line_per_case_when_stderr_is_not_a_terminal(tmp_path):
    cases = tmp_path / "cases"
    for name in CASES:
        shutil.copytree(ROOT / "seeds" / name, cases / name)
    bad = cases / "001_broken"
    shutil.copytree(ROOT / "seeds" / CASES[0], bad)
    (bad / "article.txt").write_text("Broken deal\n\nA sells B. [fault:schema]", encoding="utf-8")
    out = tmp_path / "run"
    with FaultServer() as srv:
        args = ("--model", "m", "--base-url", srv.base_url, "--max-attempts", "1", "--no-cache")
        proc = run_cli("eval", str(cases), "--out", str(out), *args)  # stderr is a pipe here
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    lines = [ln for ln in err.splitlines() if ln.startswith("eval ")]
    assert len(lines) == 3, err
    pattern = re.compile(r"^eval (\d)/3 (\S+): \d+\.\d s, (valid|invalid \(extraction: .+\))$")
    parsed = [pattern.match(ln) for ln in lines]
    assert all(parsed), lines
    assert [(m.group(1), m.group(2)) for m in parsed] == [
        ("1", "000_russia_nk_food_arms"),
        ("2", "001_broken"),
        ("3", "016_typhoon_philippines_no_deal"),
    ]
    assert [m.group(3).split(" ")[0] for m in parsed] == ["valid", "invalid", "valid"]
