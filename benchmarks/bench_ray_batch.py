"""Articles per minute: the local batch, and `--engine ray` with 1 and 2 model workers, in one run.

    python benchmarks/bench_ray_batch.py [--articles 60] [--sleep 0.25] [--real]

By default the model is a scripted backend that sleeps ``--sleep`` seconds per reply and then answers
a valid extraction (the single reading: one reply per article). No model computes anything, so the
figures measure the engines' own overhead and how they overlap model time: the local batch with
-j 1 and -j 2 (threads in one process) against Ray with 1 and 2 workers (one article at a time in
each). A Ray run's time includes starting its workers, not the cluster (started once, timed apart).

``--real`` also runs the embedded default preset (steps reading, or ``--reading single``: one model
call per article) on 4 short articles (``--real-articles``): the local
batch, then Ray with 1 and 2 workers, each worker loading its own copy of the model, and prints
what one worker costs (load time, resident memory after loading and after an article). On a 2-core
machine two embedded workers share the same two cores, so expect no gain there: more workers pay
off with more cores or machines, or against one endpoint (vLLM) that batches their requests.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_server_batch import ARTICLE, COUNTRIES  # noqa: E402 - the same short articles


def sleepy(seconds: float = 0.25):
    """The scripted model's replies (built in each Ray worker): wait, then a valid extraction."""
    from tests.fault_server import article_of, minimal_extraction

    def reply(messages):
        time.sleep(seconds)
        return json.dumps(minimal_extraction(article_of(messages)))

    return reply


def make_items(n: int):
    from summarizer.batch_input import items_from_jsonl

    lines = []
    for i in range(n):
        text = ARTICLE.format(country=COUNTRIES[i % len(COUNTRIES)], day=i % 28 + 1, tonnes=100 + i)
        lines.append(json.dumps({"id": f"a{i}", "text": text}).encode())
    return list(items_from_jsonl(lines, ROOT))


def ok_count(result) -> str:
    return f"{result.counts['ok']}/{result.counts['ok'] + result.counts['failed']} ok"


def line(label: str, n: int, seconds: float, result, ready_at: float | None = None) -> None:
    """One row; for Ray also the rate once its workers were up (workers start once per batch)."""
    text = f"{label:<20} {seconds:7.1f} s  {ok_count(result):>9}  {60 * n / seconds:8.1f} articles/min"
    if ready_at is not None:
        steady = seconds - ready_at
        text += f"  (workers up in {ready_at:.1f} s; {60 * n / steady:.1f}/min after)"
    print(text, flush=True)


def model_calls(path: Path) -> int:
    """Model calls the records report (the steps reading answers some questions from its pre-pass alone)."""
    calls = 0
    for text in path.read_text().splitlines():
        meta = json.loads(text).get("summary", {}).get("meta", {})
        calls += sum(s.get("attempts", 1) for s in meta.get("steps", [])) or meta.get("attempts", 0)
    return calls


def timed_ray(run_ray_batch, items, spec, out, workers, cpus_per_worker=1):
    """run_ray_batch, timed: (seconds, result, seconds until every worker had built its model, infos)."""
    infos: list[dict] = []
    ready: list[float] = []
    t = time.perf_counter()

    def on_ready(answers):
        ready.append(time.perf_counter() - t)
        infos.extend(answers)

    result = run_ray_batch(
        items, spec, out, workers=workers, cache=False, on_ready=on_ready, cpus_per_worker=cpus_per_worker
    )
    return time.perf_counter() - t, result, ready[0] if ready else None, infos


def real_items(k: int):
    """The ``k`` shortest real texts of the dev split (seeds/) of 150 words or more, as batch items."""
    from summarizer.batch_input import items_from_jsonl
    from summarizer.eval.cases import load_cases

    cases = [c for c in load_cases(ROOT / "seeds", split="dev") if len(c.article.text.split()) >= 150]
    cases.sort(key=lambda c: len(c.article.text.split()))
    lines = [json.dumps({"id": c.id, "text": c.article.text}).encode() for c in cases[:k]]
    return list(items_from_jsonl(lines, ROOT))


def threads_of(infos) -> str:
    threads = [i.get("threads") or {} for i in infos]
    return ", ".join(f"{t.get('generation')}+{t.get('prompt')}" for t in threads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--sleep", type=float, default=0.25, help="seconds per scripted reply")
    parser.add_argument("--real", action="store_true", help="also the embedded model answering, on real texts")
    parser.add_argument("--real-articles", type=int, default=4)
    parser.add_argument(
        "--reading", default="single", help="--real: single (one model call per article; default) or steps"
    )
    args = parser.parse_args()

    import ray

    from summarizer.batch import run_batch
    from summarizer.batch_ray import BatchWorker, ModelSpec, run_ray_batch

    started = time.perf_counter()
    cpus = 2 * (os.cpu_count() or 1)  # logical CPUs: room for the oversubscribed row of --real (2 workers x 2)
    ray.init(
        num_cpus=cpus,
        include_dashboard=False,
        logging_level="ERROR",
        log_to_driver=False,
        runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}},
    )
    print(
        f"Ray {ray.__version__}, local cluster of {cpus} logical CPUs on {os.cpu_count()} cores started in "
        f"{time.perf_counter() - started:.1f} s"
    )
    spec = ModelSpec.scripted("benchmarks.bench_ray_batch:sleepy", seconds=args.sleep)
    n = args.articles
    items = make_items(n)
    print(f"\nscripted model, {args.sleep:g} s per reply, {n} articles (ideal: {60 / args.sleep:.0f}/min per worker)")
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in (1, 2):
            t = time.perf_counter()
            result = run_batch(items, spec.build(), Path(tmp) / f"local-{jobs}.jsonl", jobs=jobs)
            line(f"local -j {jobs}", n, time.perf_counter() - t, result)
        for workers in (1, 2):
            seconds, result, ready_at, _ = timed_ray(run_ray_batch, items, spec, Path(tmp) / f"ray-{workers}", workers)
            line(f"ray --workers {workers}", n, seconds, result, ready_at)

        if args.real:
            real_model(args, tmp, run_batch, run_ray_batch, BatchWorker, ModelSpec)
    ray.shutdown()


def real_model(args, tmp, run_batch, run_ray_batch, BatchWorker, ModelSpec) -> None:
    """The embedded model answering on the same real articles: the local batch, then Ray with one and two
    workers of one CPU (one llama.cpp thread each), then two workers of two CPUs each (every core each:
    oversubscribed on this machine), all in this one run."""
    import ray

    from summarizer.cli_common import ModelOptions

    k = args.real_articles
    real = real_items(k)
    embedded = ModelSpec.from_options(ModelOptions(reading=args.reading, max_attempts=1))
    words = sum(len(item.load().text.split()) for item in real)
    print(
        f"\nembedded {embedded.model}, {embedded.reading} reading, one attempt, {k} real dev texts "
        f"({words} words), response cache off, {os.cpu_count()} cores"
    )
    model = embedded.build()
    run_batch(real[:1], model, Path(tmp) / "warm-up.jsonl", reading=embedded.reading)  # weights, spaCy: not timed
    t = time.perf_counter()
    result = run_batch(real, model, Path(tmp) / "real-local.jsonl", reading=embedded.reading)
    local = time.perf_counter() - t
    line(f"local ({model.backend.n_threads} threads)", k, local, result)
    print(f"    model calls for the {k} articles: {model_calls(Path(tmp) / 'real-local.jsonl')}")
    rows = [(1, 1, "ray 1 worker x 1 CPU"), (2, 1, "ray 2 workers x 1 CPU"), (2, 2, "ray 2 x 2 CPUs (over)")]
    for workers, cpus, label in rows:
        out = Path(tmp) / f"real-ray-{workers}-{cpus}"
        seconds, result, ready_at, infos = timed_ray(run_ray_batch, real, embedded, out, workers, cpus)
        line(label, k, seconds, result, ready_at)
        print(f"    threads (generation+prompt) per worker: {threads_of(infos)}; {seconds / local:.2f}x the local time")
    worker = ray.remote(BatchWorker).options(num_cpus=1).remote(embedded, False)
    info = ray.get(worker.ready.remote())
    ray.get(worker.run.remote(real[0]))
    after = ray.get(worker.stats.remote())
    print(
        f"one embedded worker: model loaded in {info['load_seconds']:.1f} s, {info['rss_mib']:.0f} MiB resident "
        f"after loading (+{info['model_rss_mib']:.0f} MiB for the model), {after['rss_mib']:.0f} MiB after "
        "one article"
    )
    ray.kill(worker)


if __name__ == "__main__":
    main()
