"""The API key is sent to the endpoint and nowhere else: not to stdout or stderr, output files, error
records or the cache directory, even with --verbose logging every request."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import Limits, load_model
from summarizer.batch import error_record, run_batch
from summarizer.batch_input import read_items
from tests.conftest import GOOD_REPLY, ROOT, SEED_ARTICLE
from tests.fault_server import FaultServer

KEY = "sk-test-SECRET-1234567890abcdef"
FRAGMENTS = (KEY, KEY[8:], "1234567890abcdef")  # the key, or a recognisable piece of it


def run_cli_with_key(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(
        PYTHONPATH=str(ROOT),
        OPENAI_API_KEY=KEY,
        SUMMARIZER_CACHE_DIR=str(tmp_path / "cache"),
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
    )
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args], capture_output=True, timeout=120, env=env, cwd=tmp_path
    )


def assert_no_key(*texts: bytes | str) -> None:
    for text in texts:
        data = text.encode() if isinstance(text, str) else text
        for fragment in FRAGMENTS:
            assert fragment.encode() not in data


def assert_no_key_in_files(root: Path) -> int:
    """Every file under ``root`` is free of the key; returns how many files were read."""
    files = [p for p in root.rglob("*") if p.is_file()]
    for path in files:
        assert_no_key(path.read_bytes())
    return len(files)


def assert_server_got_the_key(server: FaultServer) -> None:
    assert server.requests
    assert all(r["headers"].get("authorization") == f"Bearer {KEY}" for r in server.requests)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    (root / "seed.txt").write_bytes(SEED_ARTICLE.read_bytes())
    (root / "refused.txt").write_text("Refused deal\n\nA sells B. [fault:401]")
    (root / "down.txt").write_text("Down deal\n\nC sells D. [fault:500]")
    (root / "junk.txt").write_text("Junk deal\n\nE sells F. [fault:schema]")
    (root / "empty.txt").write_text("")
    return root


def test_cli_run_success_and_failures_never_show_the_key(tmp_path):
    article = tmp_path / "a.txt"
    article.write_bytes(SEED_ARTICLE.read_bytes())
    with FaultServer(good_reply=GOOD_REPLY) as srv:
        ok = run_cli_with_key(
            tmp_path, str(article), "-o", "summary.json", "--model", "m", "--base-url", srv.base_url, "--verbose",
            "--brief", "template",
        )
        srv.default = "401"
        refused = run_cli_with_key(tmp_path, str(article), "--model", "m", "--base-url", srv.base_url, "--verbose")
    assert ok.returncode == 0 and json.loads((tmp_path / "summary.json").read_text())["status"] == "proposed"
    assert refused.returncode == 1
    assert refused.stderr.decode().endswith(f"error: {srv.base_url}: the API key was refused (401)\n")
    assert "attempt 1" in ok.stderr.decode() and "Request options" in ok.stderr.decode()  # verbose was on
    for proc in (ok, refused):
        assert_no_key(proc.stdout, proc.stderr)
    assert assert_no_key_in_files(tmp_path) >= 2  # the article and the summary, plus any cache files
    assert_server_got_the_key(srv)
    assert len(srv.requests) == 2


def test_cli_batch_records_never_show_the_key(tmp_path, corpus):
    out = tmp_path / "out.jsonl"
    with FaultServer(good_reply=GOOD_REPLY) as srv:
        args = ("--model", "m", "--base-url", srv.base_url, "--retries", "0", "--max-attempts", "2", "--verbose")
        proc = run_cli_with_key(tmp_path, "batch", str(corpus), "-o", str(out), "-j", "2", *args)
    assert proc.returncode == 1
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert "summary" in records["seed"]
    assert {k: r["error"]["type"] for k, r in records.items() if "error" in r} == {
        "refused": "model",
        "down": "model",
        "junk": "extraction",
        "empty": "input",
    }
    assert_no_key(proc.stdout, proc.stderr)
    assert assert_no_key_in_files(tmp_path) >= 6
    assert_server_got_the_key(srv)


def test_library_errors_and_records_never_show_the_key(tmp_path, corpus, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    (corpus / "slow.txt").write_text("Slow deal\n\nG sells H. [fault:hang]")
    # the hang outlasts the timeout by far; the timeout leaves a loaded machine time for the other answers
    with FaultServer(good_reply=GOOD_REPLY, hang_seconds=60) as srv:
        model = load_model("m", base_url=srv.base_url, retries=0, timeout=5, limits=Limits(max_attempts=2))
        result = run_batch(read_items(str(corpus)), model, tmp_path / "out.jsonl", jobs=3)
    assert result.counts["ok"] == 1 and result.counts["failed"] == 5
    assert_no_key(repr(model), repr(model.backend), str(vars(model.backend).get("name")))
    assert_no_key_in_files(tmp_path)
    assert_server_got_the_key(srv)


def test_an_error_message_that_carries_the_key_is_scrubbed(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    record = error_record("x", RuntimeError(f"request failed with headers {{'authorization': 'Bearer {KEY}'}}"), 1)
    assert record["error"]["type"] == "internal" and "Bearer ***" in record["error"]["message"]
    assert_no_key(json.dumps(record))
