"""The Ray driver's memory on a JSONL of many tiny articles: it must not grow with the articles.

    python benchmarks/bench_batch_memory.py [--lines 1000000] [--small 10000] [--workers 2]

Writes a JSONL of ``--lines`` tiny articles, then runs ``summarize batch``'s Ray engine on it in a
child process (the driver: it reads the input lazily, hands ids to the workers as they free up and
writes the records) with a scripted model, and prints the driver's peak resident memory (VmHWM) for
``--small`` lines and for ``--lines`` lines, the input's size, the records written (each id checked
once), then the peak of a ``--resume`` of the big run (every id skipped: what the resume index and the
compaction cost). Last, the memory per million ids of the index that holds them
(:class:`summarizer.id_index.IdIndex`) beside a Python ``set`` of the same ids, by tracemalloc.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def instant():
    """The scripted model's replies (in each worker): a valid extraction at once."""
    from tests.fault_server import article_of, minimal_extraction

    return lambda messages: json.dumps(minimal_extraction(article_of(messages)))


def peak_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(source: str, out: str, workers: int, resume: bool) -> None:
    """The driver: one Ray batch; prints its counts, seconds and peak memory as JSON."""
    import ray

    from summarizer.batch_input import read_items
    from summarizer.batch_ray import ModelSpec, run_ray_batch

    ray.init(num_cpus=workers, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    spec = ModelSpec.scripted("benchmarks.bench_batch_memory:instant")
    t = time.perf_counter()
    result = run_ray_batch(read_items(source), spec, Path(out), workers=workers, cache=False, resume=resume)
    seconds = time.perf_counter() - t
    ray.shutdown()
    print(json.dumps({"counts": result.counts, "seconds": seconds, "peak_mib": peak_mib()}))


def write_input(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"t{i}", "text": f"Deal t{i}\n\nSeller{i % 97} sells grain to Buyer."}) + "\n")


def check_once(out: Path, n: int) -> str:
    from summarizer.batch_ray import part_paths
    from summarizer.id_index import IdIndex

    ids, lines = IdIndex(), 0
    for part in part_paths(out):
        with part.open("rb") as fh:
            for raw in fh:
                lines += 1
                ids.add(json.loads(raw)["id"])
    return f"{lines} records, {len(ids)} distinct ids" + (" (each id once)" if lines == len(ids) == n else " (WRONG)")


def run(source: Path, out: Path, workers: int, resume: bool = False) -> dict:
    args = [sys.executable, __file__, "--child", str(source), str(out), str(workers)] + (["--resume"] if resume else [])
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def index_cost(n: int) -> None:
    """Each structure built from fresh strings, as ids read from a file are (a set keeps its strings)."""
    from summarizer.id_index import IdIndex

    def ids():
        return (f"t{i}" for i in range(n))

    for name, build in (("IdIndex", lambda: IdIndex(ids())), ("set of str", lambda: set(ids()))):
        tracemalloc.start()
        kept = build()
        size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        per_million = size / n * 1_000_000 / 2**20
        print(f"  {name:<11} {per_million:6.1f} MiB per million ids (peak while building {peak / 2**20:.0f} MiB)")
        del kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", nargs=3, metavar=("INPUT", "OUT", "WORKERS"))
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--index-only", action="store_true", help="only the memory of the ids themselves")
    args = parser.parse_args()
    if args.index_only:
        index_cost(1_000_000)
        return
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]), args.resume)
        return

    print(f"Ray driver, {args.workers} workers, scripted model (no model time), {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (args.small, args.lines):
            source, out = Path(tmp) / f"in-{n}.jsonl", Path(tmp) / f"out-{n}"
            write_input(source, n)
            got = run(source, out, args.workers)
            print(
                f"{n:>9} lines ({source.stat().st_size / 2**20:6.1f} MiB input): driver peak {got['peak_mib']:6.1f} MiB, "
                f"{got['seconds']:7.0f} s ({n / got['seconds']:.0f} articles/s), {check_once(out, n)}"
            )
        again = run(source, out, args.workers, resume=True)
        print(
            f"{args.lines:>9} lines, --resume (all {again['counts']['skipped']} skipped): driver peak "
            f"{again['peak_mib']:6.1f} MiB, {again['seconds']:.0f} s"
        )
    print("memory of the ids themselves, 1,000,000 ids:")
    index_cost(1_000_000)


if __name__ == "__main__":
    main()
