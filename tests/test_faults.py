"""Faults from an OpenAI-compatible endpoint, injected by tests/fault_server.py.

Each case ends in a valid summary after retries, or in a clear error, within the attempt and token caps.
"""

from __future__ import annotations

import json
import time

import pytest

from summarizer import ExtractionError, Limits, ModelError, load_model, summarize
from summarizer.batch import run_batch
from summarizer.batch_input import read_items
from summarizer.models.base import Model
from tests.conftest import GOOD_REPLY, SEED_ARTICLE
from tests.fault_server import INVENTED_QUOTE, FaultServer
from tests.test_cli_input import run_cli

TIMEOUT = 2.0  # long enough that an answer the server gives at once never times out on a loaded machine
RETRIES = 2
# A hanging answer lasts far longer than the client's timeout (the server wakes it when it stops), and
# the upper bounds on elapsed time leave room for a loaded 2-core machine: a client that did not time
# out would wait HANG seconds per request, well past them.
HANG = 30.0
SLACK = 10.0
SEED = SEED_ARTICLE.read_text(encoding="utf-8")


def remote(server: FaultServer, attempts: int = 3, retries: int = RETRIES, **limits: int) -> Model:
    """The real OpenAI-compatible backend, pointed at the fault server, with a short backoff."""
    model = load_model(
        "m", base_url=server.base_url, retries=retries, timeout=TIMEOUT, limits=Limits(max_attempts=attempts, **limits)
    )
    model.backend.backoff = 0.05  # 5xx and dropped connections: retry at once (429 uses Retry-After)
    return model


def message_counts(server: FaultServer) -> list[int]:
    return [len(r["body"]["messages"]) for r in server.requests]


def assert_within_caps(server: FaultServer, model: Model, retries: int = RETRIES) -> None:
    limits = model.limits
    assert len(server.requests) <= limits.max_attempts * (retries + 1)
    assert all(r["body"]["max_tokens"] == limits.max_tokens_per_call for r in server.requests)


# ------------------------------------------------------------------------------ recovered by transport retries


@pytest.mark.parametrize("fault", ["500", "502", "503", "drop", "hang"])
def test_transport_fault_then_a_valid_summary(fault):
    with FaultServer([fault, fault, "ok"], good_reply=GOOD_REPLY, hang_seconds=HANG) as srv:
        model = remote(srv)
        started = time.perf_counter()
        summary = summarize(SEED, model=model)
        elapsed = time.perf_counter() - started
    assert srv.behaviours() == [fault, fault, "ok"]
    assert summary.meta.attempts == 1  # transport retries are not model attempts
    assert {p.name for p in summary.parties} == {"Russia", "North Korea"}
    assert message_counts(srv) == [2, 2, 2]  # the same request, resent
    assert_within_caps(srv, model)
    if fault == "hang":
        assert 2 * TIMEOUT <= elapsed < 2 * TIMEOUT + SLACK


def test_429_retry_after_is_honoured():
    with FaultServer(["429", "429", "ok"], good_reply=GOOD_REPLY, retry_after=0.4) as srv:
        model = remote(srv)
        model.backend.backoff = 0.0  # any wait comes from Retry-After
        started = time.perf_counter()
        summary = summarize(SEED, model=model)
        elapsed = time.perf_counter() - started
    assert summary.meta.attempts == 1 and srv.behaviours() == ["429", "429", "ok"]
    times = [r["time"] for r in srv.requests]
    assert times[1] - times[0] >= 0.4 and times[2] - times[1] >= 0.4
    assert elapsed >= 0.8


@pytest.mark.parametrize(
    ("fault", "fragment"),
    [
        ("429", "HTTP 429 from the server"),
        ("503", "HTTP 503 from the server"),
        ("drop", "cannot connect"),
        ("hang", f"no answer within {TIMEOUT:g} s"),
        ("401", "the API key was refused (401)"),
    ],
)
def test_transport_fault_that_persists_is_a_clear_model_error(fault, fragment):
    with FaultServer(default=fault, hang_seconds=HANG, retry_after=0.05) as srv:
        model = remote(srv, retries=1)
        started = time.perf_counter()
        with pytest.raises(ModelError) as info:
            summarize(SEED, model=model)
        elapsed = time.perf_counter() - started
    assert fragment in str(info.value) and "\n" not in str(info.value)
    assert len(srv.requests) == (1 if fault == "401" else 2)  # retries + 1, no model re-ask on top
    assert elapsed < 2 * TIMEOUT + SLACK


# ------------------------------------------------------------------------------ recovered by model re-asks


def test_reasks_carry_the_last_error_not_every_failed_reply():
    with FaultServer(["schema", "schema", "schema", "ok"], good_reply=GOOD_REPLY) as srv:
        model = remote(srv, attempts=4)
        summary = summarize(SEED, model=model)
    assert summary.meta.attempts == 4
    assert message_counts(srv) == [2, 4, 4, 4]
    last = srv.requests[-1]["body"]["messages"]
    assert [m["role"] for m in last] == ["system", "user", "assistant", "user"]
    assert "validation error" in last[-1]["content"]
    assert_within_caps(srv, model)


def test_ungrounded_quotes_are_reasked_with_the_reason():
    with FaultServer(["badquotes", "ok"], good_reply=GOOD_REPLY) as srv:
        summary = summarize(SEED, model=remote(srv))
    assert summary.meta.attempts == 2 and summary.meta.quotes_dropped == 0
    reask = srv.requests[1]["body"]["messages"][-1]["content"]
    assert INVENTED_QUOTE[:60] in reask and "not in the article" in reask


def test_ungrounded_quotes_until_the_cap_are_dropped_and_counted():
    with FaultServer(default="badquotes", good_reply=GOOD_REPLY) as srv:
        summary = summarize(SEED, model=remote(srv, attempts=2))
    assert len(srv.requests) == 2
    # the invented status quote is dropped, and a claim never stands without the article's words
    assert summary.meta.quotes_dropped == 1 and summary.claims == []


def test_schema_breaking_replies_until_the_cap_are_a_clear_extraction_error():
    with FaultServer(default="schema") as srv:
        model = remote(srv, attempts=3)
        with pytest.raises(ExtractionError) as info:
            summarize(SEED, model=model)
    assert str(info.value).startswith("no valid summary after 3 attempt(s)")
    assert info.value.attempts == 3 and len(srv.requests) == 3
    assert_within_caps(srv, model)


def test_token_budget_stops_reasks_early():
    with FaultServer(default="schema") as srv:
        model = remote(srv, attempts=10, max_total_tokens=1500)
        with pytest.raises(ExtractionError) as info:
            summarize(SEED, model=model)
    assert "token budget of 1500 spent" in str(info.value)
    assert len(srv.requests) < 10


def test_malformed_json_body_then_a_valid_summary():
    with FaultServer(["malformed", "ok"], good_reply=GOOD_REPLY) as srv:
        summary = summarize(SEED, model=remote(srv))
    assert srv.behaviours() == ["malformed", "ok"]
    assert {p.name for p in summary.parties} == {"Russia", "North Korea"}
    assert message_counts(srv) == [2, 2]


def test_malformed_json_body_that_persists_is_a_transport_error():
    with FaultServer(default="malformed") as srv:
        model = remote(srv, attempts=3, retries=1)
        with pytest.raises(ModelError) as info:
            summarize(SEED, model=model)
    assert "not valid JSON" in str(info.value)
    assert len(srv.requests) == 2  # retries + 1, not attempts x (retries + 1)


def test_reply_cut_off_at_the_token_limit_is_a_clear_extraction_error():
    with FaultServer(default="truncated", good_reply=GOOD_REPLY) as srv:
        with pytest.raises(ExtractionError) as info:
            summarize(SEED, model=remote(srv))
    assert "cut off" in str(info.value) and info.value.attempts >= 1


def test_reply_cut_off_in_a_batch_is_an_error_record_and_the_batch_goes_on(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cut.txt").write_text("Cut deal\n\nA sells B. [fault:truncated]")
    (tmp_path / "in" / "fine.txt").write_text("Fine deal\n\nC sells D.")
    with FaultServer() as srv:
        result = run_batch(read_items(str(tmp_path / "in")), remote(srv), tmp_path / "out.jsonl", jobs=2)
    records = {r["id"]: r for r in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())}
    assert result.counts["ok"] == 1 and result.counts["failed"] == 1
    assert "summary" in records["fine"]
    error = records["cut"]["error"]
    assert error["type"] in {"extraction", "internal"} and "max_tokens" in error["message"]
    assert "Traceback" not in error["message"]


# ------------------------------------------------------------------------------ the real CLI


def test_cli_recovers_from_a_run_of_faults(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(SEED.replace("\n\n", " [fault:503,429,schema,badquotes,ok]\n\n", 1), encoding="utf-8")
    with FaultServer(good_reply=GOOD_REPLY, retry_after=0.1) as srv:
        proc = run_cli(str(article), "--model", "m", "--base-url", srv.base_url, "--retries", "2", "--timeout", "10",
                       "--brief", "template")
    assert proc.returncode == 0, proc.stderr.decode()
    summary = json.loads(proc.stdout)
    assert summary["meta"]["attempts"] == 3 and summary["meta"]["quotes_dropped"] == 0
    assert srv.behaviours() == ["503", "429", "schema", "badquotes", "ok"]
    assert message_counts(srv) == [2, 2, 2, 4, 4]


def test_cli_persistent_server_error_is_one_clear_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Deal\n\nA sells B.")
    with FaultServer(default="500") as srv:
        proc = run_cli(str(article), "--model", "m", "--base-url", srv.base_url, "--retries", "1", "--timeout", "10")
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert err == f"error: {srv.base_url}: HTTP 500 from the server\n"
    assert proc.stdout == b"" and len(srv.requests) == 2


def test_cli_reply_cut_off_is_one_clear_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Deal\n\nA sells B.")
    with FaultServer(default="truncated") as srv:
        proc = run_cli(str(article), "--model", "m", "--base-url", srv.base_url, "--retries", "0")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_cli_batch_with_mixed_faults_writes_one_record_per_article(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    faults = {"ok": "", "flaky": "[fault:502,429,ok]", "down": "[fault:429]", "junk": "[fault:schema]"}
    for name, marker in faults.items():
        (root / f"{name}.txt").write_text(f"{name} deal\n\nA sells B to C. {marker}")
    out = tmp_path / "out.jsonl"
    with FaultServer(retry_after=0.05) as srv:
        args = ("--model", "m", "--base-url", srv.base_url, "--retries", "2", "--max-attempts", "2")
        proc = run_cli("batch", str(root), "-o", str(out), "-j", "4", "--brief", "template", *args)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "error: 2 of 4 article(s) failed" in err and "Traceback" not in err
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert len(out.read_text().splitlines()) == 4
    assert "summary" in records["ok"] and "summary" in records["flaky"]
    assert records["down"]["error"]["type"] == "model" and "HTTP 429" in records["down"]["error"]["message"]
    assert records["junk"]["error"]["type"] == "extraction" and records["junk"]["error"]["attempts"] == 2
    assert len(srv.requests) == 1 + 3 + 3 + 2
