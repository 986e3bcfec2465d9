"""``--engine ray`` across nodes: Ray's own multi-node simulation (``ray.cluster_utils.Cluster``, one
raylet per simulated node on this machine), a node removed mid-run, and a resume.

Each simulated node has one CPU and the head none, so the two workers land on two nodes. The
scripted model logs each article it is asked with the id of the node that asked, which tells which
articles were in flight on the removed node. Every test counts records, never seconds.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from ray.cluster_utils import Cluster  # noqa: E402

from summarizer.batch_input import items_from_jsonl  # noqa: E402
from summarizer.batch_ray import ModelSpec, part_paths, run_ray_batch  # noqa: E402
from tests.conftest import has_embedded_model  # noqa: E402
from tests.fault_server import article_of, minimal_extraction  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FACTORY = "tests.test_ray_cluster:replies"


def replies(log: str, delay: float = 0.0, hold: str | None = None):
    """A scripted model (built in each worker): log ``id node`` per call, wait ``delay``, answer. Once the
    file ``hold`` names this worker's node, its calls log ``id node held`` and never answer: they are in
    flight until the node is gone."""

    def reply(messages):
        article = article_of(messages)
        article_id = article.split("\n", 1)[0].removeprefix("Deal ").strip()
        node = ray.get_runtime_context().get_node_id()
        held = bool(hold) and os.path.exists(hold) and Path(hold).read_text().strip() == node
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{article_id} {node}{' held' if held else ''}\n")
        time.sleep(600 if held else delay)
        return json.dumps(minimal_extraction(article))

    return reply


def items(n: int, start: int = 0):
    lines = [
        json.dumps({"id": f"n{i}", "text": f"Deal n{i}\n\nSeller{i} sells grain to Buyer{i}."}).encode()
        for i in range(start, n)
    ]
    return list(items_from_jsonl(lines, ROOT))


def asked(log: Path) -> list[tuple[str, ...]]:
    """``(id, node)`` or ``(id, node, "held")`` per call, in order."""
    return [tuple(x.split()) for x in log.read_text().splitlines()] if log.exists() else []


def once_each(out: Path, ids) -> dict[str, dict]:
    records = [json.loads(x) for p in part_paths(out) for x in p.read_text(encoding="utf-8").splitlines()]
    seen = [r["id"] for r in records]
    assert len(seen) == len(set(seen)), "an id has two records"
    assert sorted(seen) == sorted(ids)
    return {r["id"]: r for r in records}


@pytest.fixture
def cluster():
    """A head without CPUs and two one-CPU nodes; this process is the driver."""
    if ray.is_initialized():
        ray.shutdown()
    simulated = Cluster(initialize_head=True, head_node_args={"num_cpus": 0})
    nodes = [simulated.add_node(num_cpus=1) for _ in range(2)]
    simulated.wait_for_nodes()
    ray.init(address=simulated.address, logging_level="ERROR", log_to_driver=False)
    try:
        yield simulated, nodes
    finally:
        ray.shutdown()
        simulated.shutdown()


def test_a_node_removed_mid_run_then_a_resume_every_id_once(cluster, tmp_path):
    """The node to remove is told to hold its calls, so that articles are surely in flight there when its
    raylet and worker are killed: those must be redone on another node, and every id written once."""
    simulated, nodes = cluster
    log, hold, out = tmp_path / "asked.log", tmp_path / "hold", tmp_path / "out"
    spec = ModelSpec.scripted(FACTORY, log=str(log), delay=0.05, hold=str(hold))
    ran: dict = {}

    def run():
        try:
            ran["result"] = run_ray_batch(items(100), spec, out, workers=2, jobs=2, cache=False)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            ran["error"] = exc

    def wait_for(condition) -> None:
        deadline = time.monotonic() + 300
        while not condition():
            assert time.monotonic() < deadline and driver.is_alive(), ran
            time.sleep(0.05)

    driver = threading.Thread(target=run)
    driver.start()
    wait_for(lambda: len({call[1] for call in asked(log)}) == 2 and len(asked(log)) >= 20)  # both nodes at work
    victim = nodes[0]
    hold.write_text(victim.node_id)
    wait_for(lambda: any(call[2:] == ("held",) for call in asked(log)))
    simulated.remove_node(victim, allow_graceful=False)  # its raylet and its worker die at once
    simulated.add_node(num_cpus=1)  # where Ray restarts the lost worker
    driver.join(timeout=600)
    assert not driver.is_alive() and "error" not in ran, ran

    records = once_each(out, [f"n{i}" for i in range(100)])
    assert all("summary" in r for r in records.values())
    assert ran["result"].counts == {"ok": 100, "failed": 0, "skipped": 0, "retried": 0}
    calls = asked(log)
    held = {call[0] for call in calls if call[2:] == ("held",)}
    assert held and all(call[1] == victim.node_id for call in calls if call[0] in held and call[2:])
    redone = {call[0] for call in calls if call[0] in held and call[1] != victim.node_id}
    assert redone == held, "every article in flight on the removed node was asked again on another node"

    # a resume with 20 more ids: only those are asked, and still one record per id
    before = len(calls)
    again = run_ray_batch(items(120), spec, out, workers=2, jobs=2, cache=False, resume=True)
    assert again.counts == {"ok": 20, "failed": 0, "skipped": 100, "retried": 0}
    assert sorted(call[0] for call in asked(log)[before:]) == sorted(f"n{i}" for i in range(100, 120))
    once_each(out, [f"n{i}" for i in range(120)])


@pytest.mark.model
@pytest.mark.skipif(not has_embedded_model(), reason="the embedded model is not installed")
def test_the_embedded_model_on_two_nodes_one_thread_each(cluster, tmp_path):
    """The real model in a worker on each simulated node: each runs one llama.cpp thread (its one CPU),
    and each article gets its one record."""
    from summarizer.cli_common import ModelOptions

    texts = {
        "grain": "Turkey and Ukraine sign grain-for-fuel deal\n\nKYIV, June 3 - Turkey agreed on Monday to buy "
        "100,000 tonnes of Ukrainian wheat and in return will deliver diesel fuel to Kyiv, its trade minister said.",
        "swap": "Prisoner swap agreed\n\nMOSCOW, May 2 - Russia and the United States exchanged two prisoners at "
        "Abu Dhabi airport on Friday, officials of both countries said.",
    }
    lines = [json.dumps({"id": k, "text": t}).encode() for k, t in texts.items()]
    spec = ModelSpec.from_options(ModelOptions(reading="single", max_attempts=1))
    infos: list[dict] = []
    run_ray_batch(
        list(items_from_jsonl(lines, ROOT)), spec, tmp_path / "out", workers=2, cache=False, on_ready=infos.extend
    )
    records = once_each(tmp_path / "out", list(texts))
    assert [i["threads"] for i in infos] == [{"generation": 1, "prompt": 1}] * 2
    assert all(i["cpus"] == 1.0 for i in infos)
    for record in records.values():  # the model's answer: a summary, or its error after one attempt
        assert "summary" in record or record["error"]["type"] in ("model", "extraction"), record
    assert any("summary" in r for r in records.values())
