"""report.html opens in headless Chromium and renders the chart and highlighted spans (skipped without chromium)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from summarizer import Model, ScriptedBackend
from summarizer.eval.cases import load_cases
from summarizer.eval.report import write_run
from summarizer.eval.runner import run_eval
from summarizer.prompts import load_prompt
from tests.conftest import ROOT
from tests.test_eval import gold_answers

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")


def test_report_html_renders_in_headless_chromium(tmp_path):
    cases = load_cases(ROOT / "seeds", ["000_russia_nk_food_arms"])
    answer = gold_answers(cases)

    def reply(messages):
        data = json.loads(answer(messages))
        data["terms"][0]["quote"] = "Russia would receive over two dozen kinds of weapons and munitions from Pyongyang"
        return json.dumps(data)

    run = run_eval(cases, Model(ScriptedBackend(reply)), load_prompt())
    write_run(run, tmp_path / "run")
    png = tmp_path / "report.png"
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "screenshot_report.sh"), str(tmp_path / "run" / "report.html"), str(png)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    # the DOM Chromium rendered holds the chart, the tables and the highlighted evidence span
    dom = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            f"file://{tmp_path / 'run' / 'report.html'}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert 'id="chart"' in dom and "<table>" in dom
    # the status and evidence confusion matrices as tables, and each figure's interval drawn on its bar
    assert 'id="confusion-1"' in dom and 'id="confusion-2"' in dom and 'class="interval"' in dom
    assert "<mark>Russia would receive over two dozen kinds of weapons and munitions from Pyongyang</mark>" in dom
