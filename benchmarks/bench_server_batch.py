"""Articles per minute for `summarize batch -j 1, 2, 4` against a local llama.cpp HTTP server.

    python benchmarks/bench_server_batch.py [--articles 4] [--server-threads 2]

Starts `python -m llama_cpp.server` on 127.0.0.1 with the default preset, runs the same short articles
through the real CLI at each concurrency (response cache off), prints articles per minute, and stops the
server. On one 2-core machine the server decodes one request at a time, so -j mostly overlaps network and
prompt handling; the figures show how much that buys before more machines (vLLM, OpenAI) are needed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLE = (
    "{country} and Ukraine sign grain-for-fuel deal\n\n"
    "KYIV, June {day} - {country} agreed on Monday to buy {tonnes},000 tonnes of Ukrainian wheat and in return "
    "will deliver diesel fuel to Kyiv, {country}'s trade minister said.\n\n"
    '"The agreement was signed today," the minister told reporters.'
)
COUNTRIES = ["Turkey", "Poland", "Egypt", "Romania", "Moldova", "Georgia", "Greece", "Bulgaria"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4)
    parser.add_argument("--jobs", default="1,2,4")
    args = parser.parse_args()
    from summarizer.models.presets import resolve_preset
    from tests.llama_server import llama_server

    with llama_server(resolve_preset("qwen2.5-coder-0.5b"), alias="local") as url, tempfile.TemporaryDirectory() as tmp:
        items = Path(tmp) / "items.jsonl"
        with items.open("w") as fh:
            for i in range(args.articles):
                text = ARTICLE.format(country=COUNTRIES[i % len(COUNTRIES)], day=i + 1, tonnes=100 + i)
                fh.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
        print(f"{args.articles} articles, llama.cpp server on 127.0.0.1 ({os.cpu_count()} cores)")
        for jobs in [int(j) for j in args.jobs.split(",")]:
            out = Path(tmp) / f"out-{jobs}.jsonl"
            started = time.perf_counter()
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "summarizer",
                    "batch",
                    str(items),
                    "-o",
                    str(out),
                    "-j",
                    str(jobs),
                    "--model",
                    "local",
                    "--base-url",
                    url,
                    "--schema-format",
                    "json_object",
                    "--no-cache",
                    "--timeout",
                    "600",
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            seconds = time.perf_counter() - started
            ok = sum(1 for line in out.read_text().splitlines() if '"summary"' in line)
            rate = 60 * args.articles / seconds
            print(
                f"-j {jobs}: {seconds:.1f} s, {ok}/{args.articles} ok, {rate:.2f} articles/min (exit {proc.returncode})"
            )


if __name__ == "__main__":
    main()
