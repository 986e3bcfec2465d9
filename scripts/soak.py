"""Soak test for `summarize batch`: kill it with SIGKILL mid-run, resume, count what was lost or duplicated.

    python scripts/soak.py [--articles 200] [--jobs 4] [--seed N]

Articles go to the fault server of tests/fault_server.py (about 10% with a fault: 429, 5xx, dropped
connections, hangs, malformed bodies, schema-breaking or ungrounded replies; some fail for good on the
first run and succeed on resume). Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fault_server import FaultServer  # noqa: E402

# recovered within one run (transport retries or a re-ask), or failing until the resumed run
FAULTS = [
    "429,ok",
    "503,ok",
    "502,ok",
    "drop,ok",
    "hang,ok",
    "malformed,ok",
    "schema,ok",
    "badquotes,ok",
    "500,500,ok",
    "schema,schema,ok",
]


def make_articles(folder: Path, count: int, rng: random.Random) -> dict[str, str]:
    """Write ``count`` articles, about 10% with a fault marker; returns id -> marker."""
    markers: dict[str, str] = {}
    for i in range(count):
        marker = f" [fault:{rng.choice(FAULTS)}]" if rng.random() < 0.10 else ""
        article_id = f"a{i:03d}"
        markers[article_id] = marker
        body = f"Deal number {i}\n\nCompany {i} agreed to sell {i} tonnes of grain to buyer {i + 1}.{marker}\n"
        (folder / f"{article_id}.txt").write_text(body, encoding="utf-8")
    return markers


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def parse(line: str) -> dict | None:
    """A record, or None for a line cut short by the kill."""
    try:
        return json.loads(line)
    except ValueError:
        return None


def batch(folder: Path, out: Path, base_url: str, jobs: int, *extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(PYTHONPATH=str(ROOT), SUMMARIZER_CACHE_DIR=str(out.parent / "cache"))
    args = ["--model", "m", "--base-url", base_url, "--retries", "1", "--timeout", "1", "--max-attempts", "2"]
    command = [sys.executable, "-m", "summarizer", "batch", str(folder), "-o", str(out), "-j", str(jobs), *args]
    return subprocess.Popen([*command, *extra], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else random.randrange(1_000_000)
    rng = random.Random(seed)
    started = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="soak-") as tmp, FaultServer(delay=0.05, hang_seconds=1.5) as server:
        folder, out = Path(tmp) / "articles", Path(tmp) / "out.jsonl"
        folder.mkdir()
        markers = make_articles(folder, options.articles, rng)

        # first run: SIGKILL once a random number of records is on disk, plus a random fraction of a second
        kill_after = rng.randint(options.articles // 10, options.articles * 8 // 10)
        first = batch(folder, out, server.base_url, options.jobs)
        while first.poll() is None and len(read_lines(out)) < kill_after:
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.3))
        killed = first.poll() is None
        first.kill()
        first.wait()
        before = read_lines(out)
        errors_before = {r["id"] for r in map(parse, before) if r and "error" in r}
        requests_first = len(server.requests)

        second = batch(folder, out, server.base_url, options.jobs, "--resume")
        code = second.wait(timeout=600)
        after = read_lines(out)

    records = [json.loads(line) for line in after]
    ids = Counter(r["id"] for r in records)
    ok = sum(1 for r in records if "summary" in r)
    print(f"seed:               {seed}")
    print(f"articles in:        {options.articles} ({sum(1 for m in markers.values() if m)} with a fault marker)")
    print(f"killed:             {'yes' if killed else 'no (finished first)'}, with {len(before)} record(s) on disk")
    print(f"records out:        {len(records)} ({ok} summaries, {len(records) - ok} errors); resume exit code {code}")
    print(f"lost:               {len(set(markers) - set(ids))}")
    print(f"duplicated:         {sum(n - 1 for n in ids.values())}")
    print(f"retried:            {len(errors_before)} error record(s) re-run on resume")
    print(f"requests to server: {requests_first} before the kill, {len(server.requests) - requests_first} after")
    print(f"seconds:            {time.perf_counter() - started:.1f}")
    for r in records:
        if "error" in r:
            print(f"  still failing: {r['id']}{markers[r['id']]}: {r['error']['type']}: {r['error']['message'][:150]}")
    return 0 if len(records) == options.articles and not set(markers) - set(ids) else 1


if __name__ == "__main__":
    sys.exit(main())
