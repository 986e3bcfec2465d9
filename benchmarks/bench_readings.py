"""Benchmark the two readings against raw llama.cpp on one article, in one run on this machine.

    python benchmarks/bench_readings.py [--rounds 2] [--article PATH ...]

The default articles are the seed article (which the steps reading answers from its cues, with no model
call) and seeds/107 (whose reading asks the model one step).

For the default embedded preset, each round runs, with no response cache:
* steps: the pre-pass and every step call, as ``summarize --reading steps`` does;
* raw: the very requests the steps reading sent, replayed straight into ``create_chat_completion`` with the
  same grammar, budget and decoding (the pipeline's overhead is steps / raw);
* single: the one-call reading (one attempt, so it does the work of one call).

Before each of steps and raw the KV cache is cleared, so both pay for the article once. Printed per reading:
median seconds, prompt tokens, prompt tokens evaluated after prefix reuse, output tokens; the ratio of
medians steps / raw and single / steps; and the pre-pass's own time.
"""

from __future__ import annotations

import argparse
import copy
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class RecordingBackend:
    """Passes calls to the real backend and keeps every request, so raw llama.cpp can replay them."""

    def __init__(self, backend):
        self.backend = backend
        self.requests: list[dict] = []

    def __getattr__(self, name):
        return getattr(self.backend, name)

    def chat(self, **request):
        self.requests.append(copy.deepcopy(request))
        return self.backend.chat(**request)


def raw_replay(backend, requests: list[dict]) -> tuple[float, int, int, int]:
    """Seconds, prompt tokens, evaluated prompt tokens and output tokens of the requests sent straight to llama.cpp."""
    from summarizer.models.embedded import prompt_tokens_evaluated, reset_timings

    llama = backend.llama
    llama.reset()
    tokens_in = evaluated = tokens_out = 0
    started = time.perf_counter()
    for request in requests:
        reset_timings(llama)
        reply = llama.create_chat_completion(
            messages=request["messages"],
            response_format={"type": "json_object", "schema": request["schema"]},
            max_tokens=request["max_tokens"],
            temperature=backend.temperature,
            repeat_penalty=backend.repeat_penalty,
            seed=0,
        )
        tokens_in += reply["usage"]["prompt_tokens"]
        tokens_out += reply["usage"]["completion_tokens"]
        evaluated += prompt_tokens_evaluated(llama) or 0
    return time.perf_counter() - started, tokens_in, evaluated, tokens_out


def bench(path: str, rounds: int, base) -> None:
    """Print the three readings' figures for one article."""
    from summarizer.models import Limits
    from summarizer.models.base import Model
    from summarizer.pipeline import summarize_article
    from summarizer.prepass import analyse
    from summarizer.text import read_article

    article = read_article(path)
    started = time.perf_counter()
    analyse(article.text)
    prepass = time.perf_counter() - started

    recorder = RecordingBackend(base.backend)
    steps_model = Model(recorder, base.limits)
    single_model = Model(base.backend, Limits(max_attempts=1))
    rows: dict[str, list[tuple[float, int, int, int]]] = {"steps": [], "raw": [], "single": []}
    asked = 0
    for _ in range(rounds):
        recorder.requests.clear()
        base.backend.llama.reset()
        s = summarize_article(article, model=steps_model, reading="steps")
        m = s.meta
        rows["steps"].append((m.seconds, m.tokens_in, m.tokens_in - m.tokens_cached, m.tokens_out))
        asked = len(recorder.requests)
        if asked:
            rows["raw"].append(raw_replay(base.backend, recorder.requests))
        base.backend.llama.reset()
        try:
            one = summarize_article(article, model=single_model, reading="single")
            mm = one.meta
            rows["single"].append((mm.seconds, mm.tokens_in, mm.tokens_in - mm.tokens_cached, mm.tokens_out))
        except Exception as exc:  # noqa: BLE001 - a failed single reading is a figure too
            print(f"single reading failed: {exc}")

    print(f"\narticle: {path} ({len(article.text):,} characters), rounds: {rounds}; steps asked: "
          f"{', '.join(c.name for c in s.meta.steps) or 'nothing'}")
    print(f"pre-pass: {prepass * 1000:.0f} ms")
    print(f"{'reading':<8} {'median s':>9} {'prompt tok':>11} {'evaluated':>10} {'output tok':>11}")
    medians = {}
    for name, values in rows.items():
        if not values:
            continue
        medians[name] = statistics.median(v[0] for v in values)
        _, tin, tev, tout = values[-1]
        print(f"{name:<8} {medians[name]:>9.2f} {tin:>11,} {tev:>10,} {tout:>11,}")
    if asked:
        print(f"steps / raw llama.cpp: {medians['steps'] / medians['raw']:.3f} (the pipeline's overhead)")
    else:
        print("steps made no model call: nothing to replay raw")
    if medians.get("single") and medians.get("steps"):
        print(f"single / steps: {medians['single'] / medians['steps']:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--article",
        nargs="+",
        default=[
            str(ROOT / "seeds" / "000_russia_nk_food_arms" / "article.txt"),
            str(ROOT / "seeds" / "107_voa_us_ukraine_minerals_talks" / "article.txt"),
        ],
    )
    args = parser.parse_args()

    from summarizer.models import load_model
    from summarizer.prepass import analyse

    started = time.perf_counter()
    analyse("Warm-up\n\nRussia sold tanks to Belarus.")  # loads spaCy
    spacy_load = time.perf_counter() - started
    started = time.perf_counter()
    base = load_model()
    base.backend.llama  # noqa: B018 - load the weights before timing
    model_load = time.perf_counter() - started
    print(f"machine: {platform.machine()}, {platform.system()}, Python {platform.python_version()}")
    print(f"spaCy load and first parse {spacy_load:.2f} s; model load {model_load:.2f} s")
    for path in args.article:
        bench(path, args.rounds, base)


if __name__ == "__main__":
    main()
