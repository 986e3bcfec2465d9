"""``summarize batch --engine ray`` on a local Ray instance (2 CPUs) started by this module.

Every test counts records, never seconds: on a loaded 2-core machine a run may be slow, but it
must never lose or duplicate an id. The scripted model is named in the spec by ``module:function``
(``replies`` below): the workers import it, so it must live at module level.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from typer.testing import CliRunner  # noqa: E402

from summarizer.batch import run_batch  # noqa: E402
from summarizer.batch_input import items_from_jsonl  # noqa: E402
from summarizer.batch_ray import (  # noqa: E402
    MANIFEST,
    ModelSpec,
    check_threads,
    part_paths,
    run_ray_batch,
    worker_threads,
)
from summarizer.batch_records import read_records  # noqa: E402
from summarizer.cli import app  # noqa: E402
from summarizer.errors import InputError  # noqa: E402
from summarizer.ray_guard import processes_of  # noqa: E402
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
    return list(items_from_jsonl([*lines, *extra], ROOT))


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
        # "local": a cluster of its own, never one another process runs on this machine (ray.init would join it)
        ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
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
    infos: list[dict] = []
    spec = ModelSpec.scripted(FACTORY, log=str(log))
    result = run_ray_batch(batch, spec, out, workers=2, cache=False, source="x", on_ready=infos.extend)
    assert [i["cpus"] for i in infos] == [1.0, 1.0]  # what Ray assigned each worker

    ids = [f"a{i}" for i in range(200)] + ["line 201", "line 202"]
    records = assert_once_each(out, ids)
    assert result.counts == {"ok": 200, "failed": 2, "skipped": 0, "retried": 0}
    assert sorted(asked(log)) == sorted(f"a{i}" for i in range(200))  # one model call per article
    assert (
        records["line 202"]["error"]["message"] == "line 202: duplicate id 'a3' (an earlier line of the input has it)"
    )
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
    assert manifest["cpus_per_worker"] == 1 and manifest["worker_threads"] == [None, None]  # no llama.cpp here


# ------------------------------------------------------------------------------------------ threads


def test_a_workers_threads_follow_its_cpus_and_more_threads_than_cpus_are_refused():
    assert worker_threads(None, 1.0) == 1 and worker_threads(None, 4.0) == 4
    assert worker_threads(None, 0.5) == 1  # a fraction of a CPU still runs one thread
    assert worker_threads(3, 4.0) == 3  # --threads overrides
    assert worker_threads(None, None) is None  # outside Ray: the model's own default
    embedded = ModelSpec(kind="embedded", model="qwen2.5-coder-0.5b", n_threads=2)
    check_threads(embedded, 2)
    with pytest.raises(InputError, match="--threads 2 is more than the 1 CPU"):
        check_threads(embedded, 1)
    with pytest.raises(InputError, match="--cpus-per-worker must be above 0"):
        check_threads(ModelSpec(kind="endpoint", model="m"), 0)


def test_the_command_refuses_threads_beyond_a_workers_cpus(tmp_path):
    source = tmp_path / "items.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "A deal\n\nB sells C."}) + "\n")
    args = ["batch", str(source), "-o", str(tmp_path / "out"), "--engine", "ray", "--workers", "2", "--threads", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "--threads 2 is more than the 1 CPU(s) Ray gives each worker" in result.stderr
    assert not (tmp_path / "out").exists()


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
    done = read_records(part_paths(out))
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
        "brief": "template",
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
        while len(read_records(part_paths(out))) < 20 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        proc.kill()
        proc.communicate()
        done = read_records(part_paths(out))
        resumed = subprocess.run([*args, "--resume"], env=env, cwd=tmp_path, capture_output=True, timeout=300)
    err = resumed.stderr.decode()
    assert resumed.returncode == 0, err
    assert f"{80 - len(done)} ok, 0 failed, {len(done)} skipped" in err
    records = assert_once_each(out, [f"k{i}" for i in range(80)])
    assert all("summary" in r for r in records.values())
    assert SECRET not in err and all(SECRET not in p.read_text() for p in out.iterdir())


def test_the_command_reads_a_glob_of_shards_on_the_cluster(tmp_path):
    for n in range(3):
        rows = [json.dumps({"id": f"g{n}-{i}", "text": f"Deal g{n}-{i}\n\nM sells N item {i}."}) for i in range(4)]
        (tmp_path / f"shard-{n}.jsonl").write_text("\n".join(rows) + "\n")
    (tmp_path / "shard-2.jsonl").open("a").write(json.dumps({"id": "g0-1", "text": "again"}) + "\n")
    out = tmp_path / "out"
    args = ["batch", str(tmp_path / "shard-*.jsonl"), "-o", str(out), "--engine", "ray", "--workers", "2", "--no-cache"]
    with FaultServer() as srv:
        result = CliRunner().invoke(app, [*args, "--model", "m", "--base-url", srv.base_url])
    assert result.exit_code == 1 and "12 ok, 1 failed, 0 skipped" in result.stderr  # the duplicate fails
    records = assert_once_each(
        out, [f"g{n}-{i}" for n in range(3) for i in range(4)] + [f"{tmp_path}/shard-2.jsonl line 5"]
    )
    assert "duplicate id 'g0-1'" in records[f"{tmp_path}/shard-2.jsonl line 5"]["error"]["message"]
    assert json.loads((out / MANIFEST).read_text())["ids"] == 13


def _own_ray_env(root: str) -> dict[str, str]:
    """The environment of a CLI that starts its own local Ray, under a temp root of the test's."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": SECRET, "TMPDIR": root}
    env.pop("RAY_ADDRESS", None)
    return env


def _gone(root: str, within: float) -> list[int]:
    deadline = time.monotonic() + within
    while (left := processes_of(root)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def test_a_local_ray_started_by_the_command_is_gone_when_it_ends(tmp_path):
    """Shards in a directory, a local Ray for the run: when the command exits, no process of that Ray
    is left and its temp directory is removed."""
    for n in range(2):
        rows = [json.dumps({"id": f"s{n}-{i}", "text": f"Deal s{n}-{i}\n\nM sells N item {i}."}) for i in range(5)]
        (tmp_path / "shards").mkdir(exist_ok=True)
        (tmp_path / "shards" / f"{n}.jsonl").write_text("\n".join(rows) + "\n")
    root = tempfile.mkdtemp(prefix="rg", dir="/tmp")  # short: Ray's socket paths live under it
    try:
        with FaultServer() as srv:
            args = [sys.executable, "-m", "summarizer", "batch", str(tmp_path / "shards"), "-o", str(tmp_path / "out")]
            args += ["--engine", "ray", "--workers", "2", "--model", "m", "--base-url", srv.base_url, "--no-cache"]
            done = subprocess.run(args, env=_own_ray_env(root), cwd=tmp_path, capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr.decode()
        assert_once_each(tmp_path / "out", [f"s{n}-{i}" for n in range(2) for i in range(5)])
        assert processes_of(root) == [] and os.listdir(root) == []
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_a_local_ray_started_by_the_command_is_gone_when_the_command_is_killed(tmp_path):
    """SIGKILL of the command while its workers run: its guard ends every process of the Ray it started
    (Ray's dashboard and runtime-env agents used to stay, orphaned)."""
    source = tmp_path / "items.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"k{i}", "text": f"Deal k{i}\n\nM sells N."}) + "\n" for i in range(200))
    )
    out = tmp_path / "out"
    root = tempfile.mkdtemp(prefix="rg", dir="/tmp")
    try:
        with FaultServer(delay=0.2) as srv:
            args = [sys.executable, "-m", "summarizer", "batch", str(source), "-o", str(out), "--engine", "ray"]
            args += ["--workers", "2", "--model", "m", "--base-url", srv.base_url, "--no-cache"]
            proc = subprocess.Popen(args, env=_own_ray_env(root), cwd=tmp_path, stderr=subprocess.PIPE)
            deadline = time.monotonic() + 300
            while len(read_records(part_paths(out))) < 5 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            assert proc.poll() is None, proc.communicate()
            running = processes_of(root)
            assert len(running) >= 4  # the guard, Ray's head processes, agents and workers
            proc.kill()
            proc.communicate()
            assert _gone(root, within=60) == []
        assert os.listdir(root) == []
    finally:
        shutil.rmtree(root, ignore_errors=True)


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
    weights when it started, with as many llama.cpp threads (for prompts and for generation) as its CPUs. (The 200-item test shows a spec's single reading followed too.)"""
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
    run_ray_batch(batch, spec, tmp_path / "steps", workers=1, cache=False, on_ready=infos.extend, cpus_per_worker=2)
    records = assert_once_each(tmp_path / "steps", ["seed", "short"])
    assert [i["reading"] for i in infos] == ["steps"]
    assert infos[0]["cpus"] == 2.0 and infos[0]["threads"] == {"generation": 2, "prompt": 2}  # its CPUs, both ways
    assert infos[0]["model_rss_mib"] > 100  # the worker loaded the weights when it started
    assert "summary" in records["seed"], records["seed"]
    assert all(r["summary"]["meta"]["reading"] == "steps" for r in records.values() if "summary" in r)

    print(f"embedded worker: {infos[0]}")


def test_every_worker_reads_with_the_batchs_configuration(tmp_path):
    """--decide reaches the workers: each asks the model the sides (a scripted reply that is no answer to them,
    so each summary records the step and keeps the fitted sides), and the manifest says how the batch read."""
    import dataclasses

    accord = (
        "Ankara and Kyiv reach harvester accord\n\nTurkey and Ukraine reached an accord on harvesters and wheat on "
        "Monday, officials said.\n\nUnder the accord, the harvesters go to Kyiv and Ukrainian wheat goes to Turkish "
        "mills, Trade Minister Omer Bolat said."
    )
    lines = [json.dumps({"id": f"c{i}", "text": accord}).encode() for i in range(4)]
    spec = dataclasses.replace(ModelSpec.scripted(FACTORY, reading="steps"), decide=("sides=model",))
    out = tmp_path / "out"
    result = run_ray_batch(items_from_jsonl(lines, tmp_path), spec, out, workers=2, cache=False)
    records = read_records(part_paths(out))
    assert result.counts["ok"] == 4 and sorted(records) == ["c0", "c1", "c2", "c3"]
    assert all([s["name"] for s in r["summary"]["meta"]["steps"]] == ["sides"] for r in records.values())
    assert all(r["summary"]["parties"][0]["name"] == "Turkey" for r in records.values())
    assert json.loads((out / MANIFEST).read_text())["model"]["decide"] == ["sides=model"]
