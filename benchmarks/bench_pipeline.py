"""Benchmark the embedded path: pipeline vs a raw llama-cpp-python call, start-up, model load, reruns.

    python benchmarks/bench_pipeline.py [--rounds 2] [--article seeds/000_russia_nk_food_arms/article.txt]

Prints, in one run on this machine:
* model load time;
* for the default preset on the article: seconds, tokens in and out for the pipeline (one attempt,
  so both sides do the same work) and for a raw ``create_chat_completion`` with the same messages,
  the same grammar and the same output length, alternating, the KV cache reset before each call;
  the ratio of medians (goal: at most 1.05);
* prompt cost: tokens of instructions (system + template text) vs article per call;
* wall time of ``summarize --help``, ``--version`` and ``schema`` and whether they imported a
  model library (goal: under 0.3 s, none imported);
* an eval rerun of every case in seeds/ served from the response cache (goal: under 1 s).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _best_of(cmd: list[str], runs: int = 5) -> tuple[float, subprocess.CompletedProcess]:
    best, proc = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(
            cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}
        )
        best = min(best, time.perf_counter() - started)
    return best, proc


def bench_startup() -> tuple[float, list[tuple[str, float, list[str]]]]:
    """Best-of-5 wall time of `python -m summarizer ARGS` (the console script's path), and the bare interpreter."""
    probe = (
        "import sys; sys.argv = ['summarize'] + sys.argv[1:]\n"
        "try:\n    from summarizer.entry import main; main()\nexcept SystemExit: pass\n"
        "loaded = [m for m in ('llama_cpp', 'openai', 'instructor', 'typer', 'pydantic') if m in sys.modules]\n"
        "sys.stderr.write('LOADED=' + ','.join(loaded) + '\\n')\n"
    )
    floor, _ = _best_of([sys.executable, "-c", "pass"])
    rows = []
    for args in (["--help"], ["--version"], ["schema"]):
        seconds, _ = _best_of([sys.executable, "-m", "summarizer", *args])
        _, proc = _best_of([sys.executable, "-c", probe, *args], runs=1)
        loaded = [m for m in proc.stderr.split("LOADED=")[-1].strip().split(",") if m]
        rows.append(("summarize " + " ".join(args), seconds, loaded))
    return floor, rows


class RecordingBackend:
    """Passes calls to the real backend and keeps the last request, so the raw call repeats it exactly."""

    def __init__(self, backend):
        self.backend = backend
        self.last: dict = {}

    def __getattr__(self, name):
        return getattr(self.backend, name)

    def chat(self, **request):
        self.last = copy.deepcopy(request)  # instructor reuses and extends its message list afterwards
        return self.backend.chat(**request)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="untimed pipeline+raw pairs first")
    parser.add_argument("--article", type=Path, default=ROOT / "seeds" / "000_russia_nk_food_arms" / "article.txt")
    parser.add_argument("--prompt", default=None)
    args = parser.parse_args()

    from summarizer.cache import ResponseCache
    from summarizer.eval.cases import load_cases
    from summarizer.eval.runner import run_eval
    from summarizer.models import Limits, load_model
    from summarizer.models.embedded import load_llama
    from summarizer.pipeline import summarize_article
    from summarizer.prompts import load_prompt
    from summarizer.schema import Extraction
    from summarizer.text import read_article

    print(
        f"machine: {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()}"
    )
    from summarizer import Model

    backend = load_model().backend
    recorder = RecordingBackend(backend)
    model = Model(recorder, Limits(max_attempts=1))
    started = time.perf_counter()
    llama = load_llama(backend.path, backend.n_ctx, backend.n_threads)
    load_s = time.perf_counter() - started
    print(f"model: {model.name} · load {load_s:.2f} s · {backend.n_threads} threads · n_ctx {backend.n_ctx}")

    article = read_article(args.article)
    prompt = load_prompt(args.prompt)
    messages = prompt.messages(article.text)
    schema = Extraction.model_json_schema()
    instr_tokens = backend.count_tokens("\n".join(m["content"] for m in messages).replace(article.text, ""))
    article_tokens = backend.count_tokens(article.text)
    print(
        f"prompt {prompt.name} ({prompt.hash}): {instr_tokens} instruction tokens + {article_tokens} article tokens "
        f"per call; schema sent only as the grammar ({len(json.dumps(schema))} chars of JSON Schema)"
    )

    def pipeline_call() -> tuple[float, int, int]:
        llama.reset()
        t0 = time.perf_counter()
        summary = summarize_article(article, model=model, prompt=prompt)
        return time.perf_counter() - t0, summary.meta.tokens_in, summary.meta.tokens_out

    def raw_call(tokens_out: int) -> tuple[float, int, int]:
        """The pipeline's last request (messages, schema as grammar) sent straight to llama.cpp."""
        request = recorder.last
        llama.reset()
        t0 = time.perf_counter()
        out = llama.create_chat_completion(
            messages=request["messages"],
            response_format={"type": "json_object", "schema": request["schema"]},
            max_tokens=tokens_out,
            temperature=backend.temperature,
            repeat_penalty=backend.repeat_penalty,
            seed=0,
        )
        return time.perf_counter() - t0, out["usage"]["prompt_tokens"], out["usage"]["completion_tokens"]

    # warm-up: the first call in a process pays one-time costs on both sides (instructor and openai
    # imports, page faults in the weights); each is paid once per process, like the model load
    t0 = time.perf_counter()
    for _ in range(args.warmup):
        raw_call(pipeline_call()[2])
    if args.warmup:
        print(f"warm-up ({args.warmup} pair): {time.perf_counter() - t0:.1f} s, untimed")
    pipe, raw = [], []
    for _ in range(args.rounds):
        pipe.append(pipeline_call())
        raw.append(raw_call(pipe[-1][2]))
    p_med = statistics.median(s for s, _, _ in pipe)
    r_med = statistics.median(s for s, _, _ in raw)
    print(f"pipeline: {p_med:.2f} s/article (median of {len(pipe)}), tokens in/out {pipe[-1][1]}/{pipe[-1][2]}")
    print(
        "  rounds (pipeline s, raw s): "
        + ", ".join(f"({p[0]:.2f}, {r[0]:.2f})" for p, r in zip(pipe, raw, strict=True))
    )
    print(f"raw llama-cpp-python: {r_med:.2f} s, tokens in/out {raw[-1][1]}/{raw[-1][2]}")
    print(f"ratio pipeline/raw: {p_med / r_med:.3f} (goal <= 1.05)")
    print(f"model load vs per article: {load_s:.2f} s once vs {p_med:.2f} s per article")

    floor, rows = bench_startup()
    print(f"python -c pass (the interpreter alone, for scale): {floor:.3f} s (best of 5)")
    for name, seconds, loaded in rows:
        print(
            f"{name}: {seconds:.3f} s (best of 5; goal < 0.3 s), imports: {', '.join(loaded) or 'none of'} "
            "(llama_cpp, openai, instructor, typer, pydantic)"
        )

    cases = load_cases(ROOT / "seeds")
    with tempfile.TemporaryDirectory() as tmp:
        cache = ResponseCache(Path(tmp))
        scripted = _gold_model(cases)
        run_eval(cases, scripted, prompt, cache)
        t0 = time.perf_counter()
        rerun = run_eval(cases, scripted, prompt, cache)
        rerun_s = time.perf_counter() - t0
    print(
        f"eval rerun of {len(cases)} seeds from the cache: {rerun_s:.3f} s ({rerun.info['cached_cases']} cached; "
        "goal < 1 s)"
    )


def _gold_model(cases):
    """A scripted model answering with gold labels: the rerun figure measures the cache, not a model."""
    from summarizer import Model, ScriptedBackend
    from tests.test_eval import gold_answers

    return Model(ScriptedBackend(gold_answers(cases)))


if __name__ == "__main__":
    main()
