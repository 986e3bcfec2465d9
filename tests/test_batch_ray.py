"""``summarize batch --engine ray`` on a local Ray instance (2 CPUs) started by this module.

Every test counts records, never seconds: on a loaded 2-core machine a run may be slow, but it
must never lose or duplicate an id. The scripted model is named in the spec by ``module:function``
(``replies`` below): the workers import it, so it must live at module level.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from typer.testing import CliRunner  # noqa: E402

from summarizer.batch import items_from_jsonl, run_batch  # noqa: E402
from summarizer.batch_ray import MANIFEST, ModelSpec, part_paths, read_output, run_ray_batch  # noqa: E402
from summarizer.cli import app  # noqa: E402
from tests.conftest import has_embedded_model  # noqa: E402
from tests.fault_server import FaultServer, article_of, minimal_extraction  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECRET = "sk-test-RAYWORKERKEY-0123456789abcdef"
FACTORY = "tests.test_batch_ray:replies"


def replies(log: str | None = None, die_once: str | None = None, die_on: str | None = None, poison: str = ""):
    """A scripted model's replies (built in each worker): a valid extraction of the article.

    ``log``: append the article's id to this file at every call. ``die_on`` with ``die_once``: the
    first worker to get that id kills its process (``os._exit``), once (the marker file says it did).
    ``poison``: an id that kills its worker every time.
    """

    def reply(messages):
        article = article_of(messages)
        article_id = article.split("\n", 1)[0].removeprefix("Deal ").strip()
        if log:
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            os.write(fd, f"{article_id}\n".encode())
            os.close(fd)
        if article_id == poison:
            os._exit(1)
        if die_on and article_id == die_on and die_once:
            try:
                os.close(os.open(die_once, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            except FileExistsError:
                pass
            else:
                os._exit(1)
        return json.dumps(minimal_extraction(article))

    return reply


def items(n: int, extra: list[bytes] = ()):
    lines = [
        json.dumps({"id": f"a{i}", "text": f"Deal a{i}\n\nSeller{i} sells grain to Buyer{i}."}).encode()
        for i in range(n)
    ]
    return items_from_jsonl([*lines, *extra], ROOT)


def all_records(out: Path) -> list[dict]:
    return [json.loads(line) for part in part_paths(out) for line in part.read_text(encoding="utf-8").splitlines()]


def assert_once_each(out: Path, ids) -> dict[str, dict]:
    records = all_records(out)
    seen = [r["id"] for r in records]
    assert len(seen) == len(set(seen)), "an id has two records"
    assert sorted(seen) == sorted(ids)
    return {r["id"]: r for r in records}


def without_timing(records: dict[str, dict]) -> dict[str, dict]:
    for record in records.values():
        record.get("summary", {}).get("meta", {}).pop("seconds", None)
    return records


def asked(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


@pytest.fixture(scope="module", autouse=True)
def ray_cluster(tmp_path_factory):
    """One local Ray for the module. Workers inherit the environment Ray starts with: a throw-away
    response cache, and an API key that the workers (never the spec) must read."""
    saved = {k: os.environ.get(k) for k in ("OPENAI_API_KEY", "SUMMARIZER_RESPONSE_CACHE_DIR")}
    os.environ["OPENAI_API_KEY"] = SECRET
    os.environ["SUMMARIZER_RESPONSE_CACHE_DIR"] = str(tmp_path_factory.mktemp("ray-cache"))
    try:
        ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    yield
    ray.shutdown()


# ------------------------------------------------------------------------------------------ records


def test_200_items_on_two_workers_one_record_each_the_same_as_the_local_batch(tmp_path):
    log = tmp_path / "asked.log"
    batch = items(200, extra=[b"{not json", json.dumps({"id": "a3", "text": "again"}).encode()])
    out = tmp_path / "out"
    result = run_ray_batch(batch, ModelSpec.scripted(FACTORY, log=str(log)), out, workers=2, cache=False, source="x")

    ids = [f"a{i}" for i in range(200)] + ["line 201", "line 202"]
    records = assert_once_each(out, ids)
    assert result.counts == {"ok": 200, "failed": 2, "skipped": 0, "retried": 0}
    assert sorted(asked(log)) == sorted(f"a{i}" for i in range(200))  # one model call per article
    assert records["line 202"]["error"]["message"] == "line 202: duplicate id 'a3' (first on line 4)"
    assert {r["summary"]["meta"]["reading"] for r in records.values() if "summary" in r} == {"single"}  # the spec's

    # the per-record function is the local batch's: the same items give the same records
    local = tmp_path / "local.jsonl"
    run_batch(batch, ModelSpec.scripted(FACTORY).build(), local, jobs=2)
    assert without_timing({r["id"]: r for r in map(json.loads, local.read_text().splitlines())}) == without_timing(
        records
    )

    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["ids"] == 202 and manifest["input"] == "x" and manifest["finished"]
    assert manifest["parts"] == [p.name for p in part_paths(out)] == ["part-00000.jsonl"]
    assert manifest["model"]["kind"] == "scripted" and manifest["counts"]["ok"] == 200


def test_a_worker_killed_in_the_middle_is_restarted_and_its_articles_redone(tmp_path):
    """Worker processes die once (os._exit) on article a100, with two articles in flight in each:
    the restarted worker redoes them, and no id is lost or written twice."""
    log, marker = tmp_path / "asked.log", tmp_path / "died"
    spec = ModelSpec.scripted(FACTORY, log=str(log), die_once=str(marker), die_on="a100")
    out = tmp_path / "out"
    result = run_ray_batch(items(200), spec, out, workers=2, jobs=2, cache=False)

    assert marker.exists()  # it did die
    records = assert_once_each(out, [f"a{i}" for i in range(200)])
    assert all("summary" in r for r in records.values())
    assert result.counts["ok"] == 200
    calls = asked(log)
    assert calls.count("a100") == 2 and set(calls) == set(records)  # a100 asked again after the restart


def test_an_article_that_kills_every_worker_gets_an_error_record_and_the_rest_finish(tmp_path):
    spec = ModelSpec.scripted(FACTORY, poison="a3")
    out = tmp_path / "out"
    result = run_ray_batch(items(12), spec, out, workers=1, jobs=2, cache=False, max_deaths=2)

    records = assert_once_each(out, [f"a{i}" for i in range(12)])
    error = records["a3"]["error"]
    assert error["type"] == "internal" and "the Ray worker died 2 times on this article" in error["message"]
    assert error["attempts"] == 2
    assert result.counts == {"ok": 11, "failed": 1, "skipped": 0, "retried": 0}


# ------------------------------------------------------------------------------------------ resume


def test_resume_after_an_interrupted_run_finishes_only_the_rest(tmp_path):
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    out = tmp_path / "out"

    def interrupt(done, total):
        if done >= 50:
            raise KeyboardInterrupt  # Ctrl-C in the middle

    with pytest.raises(KeyboardInterrupt):
        run_ray_batch(
            items(200), ModelSpec.scripted(FACTORY, log=str(first_log)), out, workers=2, cache=False, progress=interrupt
        )
    done = read_output(out)
    assert 50 <= len(done) < 200
    # as after a kill: a part cut mid-line, and an id whose record is an error
    failed = next(iter(done))
    with part_paths(out)[-1].open("a") as fh:
        fh.write(json.dumps({"id": failed, "error": {"type": "model", "message": "down", "attempts": 1}}) + "\n")
        fh.write('{"id": "a199", "summ')

    result = run_ray_batch(
        items(200), ModelSpec.scripted(FACTORY, log=str(second_log)), out, workers=2, cache=False, resume=True
    )
    records = assert_once_each(out, [f"a{i}" for i in range(200)])
    assert all("summary" in r for r in records.values())
    rest = {f"a{i}" for i in range(200)} - set(done)
    assert sorted(asked(second_log)) == sorted(rest | {failed})  # only the rest, and the failed one
    assert result.counts == {"ok": len(rest) + 1, "failed": 0, "skipped": len(done) - 1, "retried": 1}
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["parts"] == [p.name for p in part_paths(out)] and len(manifest["parts"]) == 2
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no temporary file left


# ------------------------------------------------------------------------------------------ the command


def test_the_command_against_an_endpoint_workers_read_the_key_from_their_environment(tmp_path):
    source = tmp_path / "items.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"e{i}", "text": f"Deal e{i}\n\nM sells N item {i}."}) + "\n" for i in range(6))
    )
    out = tmp_path / "out"
    args = ["batch", str(source), "-o", str(out), "--engine", "ray", "--workers", "2", "-j", "2", "--no-cache"]
    with FaultServer() as srv:
        first = CliRunner().invoke(app, [*args, "--model", "m", "--base-url", srv.base_url])
        again = CliRunner().invoke(app, [*args, "--model", "m", "--base-url", srv.base_url, "--resume"])
        headers = [r["headers"] for r in srv.requests]
    assert first.exit_code == 0, first.output
    assert "6 ok, 0 failed, 0 skipped" in first.stderr
    assert again.exit_code == 0 and "0 ok, 0 failed, 6 skipped" in again.stderr
    assert len(headers) == 6 and all(h["authorization"] == f"Bearer {SECRET}" for h in headers)
    assert_once_each(out, [f"e{i}" for i in range(6)])
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["model"] == {
        "kind": "endpoint",
        "model": "m",
        "base_url": srv.base_url,
        "reading": "single",
        "max_attempts": 3,
    }
    for text in [first.output, again.output, *(p.read_text() for p in out.iterdir())]:
        assert SECRET not in text and "RAYWORKERKEY" not in text


def test_the_command_killed_with_sigkill_then_resumed_loses_nothing(tmp_path):
    """The real CLI in a subprocess, a driver on this module's cluster (--address): SIGKILL it once
    20 records are on disk, then --resume finishes the rest, one record per id."""
    source = tmp_path / "items.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"k{i}", "text": f"Deal k{i}\n\nM sells N item {i}."}) + "\n" for i in range(80))
    )
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": SECRET}
    address = ray.get_runtime_context().gcs_address
    with FaultServer(delay=0.2) as srv:
        args = [sys.executable, "-m", "summarizer", "batch", str(source), "-o", str(out), "--engine", "ray"]
        args += ["--address", address, "--workers", "2", "--model", "m", "--base-url", srv.base_url, "--no-cache"]
        proc = subprocess.Popen(args, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 300  # generous: a loaded machine only makes the kill land earlier
        while len(read_output(out)) < 20 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        proc.kill()
        proc.communicate()
        done = read_output(out)
        resumed = subprocess.run([*args, "--resume"], env=env, cwd=tmp_path, capture_output=True, timeout=300)
    err = resumed.stderr.decode()
    assert resumed.returncode == 0, err
    assert f"{80 - len(done)} ok, 0 failed, {len(done)} skipped" in err
    records = assert_once_each(out, [f"k{i}" for i in range(80)])
    assert all("summary" in r for r in records.values())
    assert SECRET not in err and all(SECRET not in p.read_text() for p in out.iterdir())


def test_the_command_refuses_a_file_as_the_ray_output(tmp_path):
    source = tmp_path / "items.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "A deal\n\nB sells C."}) + "\n")
    out = tmp_path / "out.jsonl"
    out.write_text("")
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(out), "--engine", "ray", "--model", "m"])
    assert result.exit_code == 2 and "is a file" in result.stderr


# ------------------------------------------------------------------------------------------ the real model


@pytest.mark.model
@pytest.mark.skipif(not has_embedded_model(), reason="the embedded model is not installed")
def test_two_articles_with_the_embedded_model_read_in_steps_as_the_spec_says(tmp_path):
    """The default spec of the embedded preset reads in steps, and so does its worker, which loaded the
    weights when it started. (The 200-item test shows a spec's single reading followed too.)"""
    from summarizer.cli_common import ModelOptions

    seed = (ROOT / "seeds" / "000_russia_nk_food_arms" / "article.txt").read_text(encoding="utf-8")
    short = (
        "Turkey and Ukraine sign grain-for-fuel deal\n\nKYIV, June 3 - Turkey agreed on Monday to buy 100,000 "
        "tonnes of Ukrainian wheat and in return will deliver diesel fuel to Kyiv, Turkey's trade minister said."
    )
    lines = [json.dumps({"id": k, "text": t}).encode() for k, t in (("seed", seed), ("short", short))]
    batch = items_from_jsonl(lines, ROOT)
    spec = ModelSpec.from_options(ModelOptions())
    assert spec.kind == "embedded" and spec.reading == "steps"  # the embedded presets' default
    infos: list[dict] = []
    run_ray_batch(batch, spec, tmp_path / "steps", workers=1, cache=False, on_ready=infos.extend)
    records = assert_once_each(tmp_path / "steps", ["seed", "short"])
    assert [i["reading"] for i in infos] == ["steps"]
    assert infos[0]["model_rss_mib"] > 100  # the worker loaded the weights when it started
    assert "summary" in records["seed"], records["seed"]
    assert all(r["summary"]["meta"]["reading"] == "steps" for r in records.values() if "summary" in r)

    print(f"embedded worker: {infos[0]}")
