"""The model as the decider of the sides, on dev texts it was not fitted on.

usage: python benchmarks/bench_sides_decider.py [--folds 0,1] [--preset qwen2.5-coder-1.5b | --preset gold]

For each chosen fold of the training's 5-fold split of dev, the decisions are fitted on the other folds and each
deal text of the fold is read twice: every decision fitted (no model call), and the sides chosen by the model
among the candidates the fitted side scores rank first (`--decide sides=model`). Prints each text's parties and
terms F1 both ways and the seconds the model took, then the figures of both readings over those texts and their paired differences.

``--preset gold`` puts a scripted decider in the model's place (the same path, no model) that answers with the gold
sides of each text: the ceiling of any decider offered the same options (where the gold pair is not among them, its
answer is refused and the fitted sides stand, as for a model's invalid answer).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer import load_model  # noqa: E402
from summarizer.eval.cases import load_cases  # noqa: E402
from summarizer.eval.scorers import score_case  # noqa: E402
from summarizer.eval.stats import paired_difference  # noqa: E402
from summarizer.models.base import Model  # noqa: E402
from summarizer.models.scripted import ScriptedBackend  # noqa: E402
from summarizer.reading_config import ReadingConfig  # noqa: E402
from summarizer.steps import summarize_in_steps  # noqa: E402
from summarizer.training import fit, labels  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="seeds")
    parser.add_argument("--folds", default="0,1")
    parser.add_argument("--preset", default="qwen2.5-coder-1.5b")
    args = parser.parse_args()
    prepared = fit.prepare(load_cases(Path(args.seeds), split="dev"))
    current: dict[str, fit.Prepared] = {}
    model = Model(ScriptedBackend(lambda messages: _gold_sides(current["case"]))) if args.preset == "gold" \
        else load_model(args.preset)
    by_model = ReadingConfig(deciders=(("sides", "model"),))
    scores: dict[str, list[dict]] = {"fitted": [], "model": []}
    fold = fit.folds_of(len(prepared))
    for k in (int(x) for x in args.folds.split(",")):
        held = [i for i, p in enumerate(prepared) if fold[i] == k and (p.case.gold.parties or p.case.gold.terms)]
        weights = fit.fit_all([p for i, p in enumerate(prepared) if fold[i] != k])
        for i in held:
            p = prepared[i]
            current["case"] = p
            sa = fit.read(p, weights)  # every decision fitted, no model call
            started = time.perf_counter()
            b = summarize_in_steps(p.case.article, model, weights=weights, pre=p.text.pre, config=by_model)
            seconds = time.perf_counter() - started
            sb = score_case(b, p.case.gold, p.case.article.text)
            scores["fitted"].append(sa)
            scores["model"].append(sb)
            print(f"{p.case.id}: parties {sa['parties_f1']:.2f} -> {sb['parties_f1']:.2f}, terms "
                  f"{sa['terms_f1']:.2f} -> {sb['terms_f1']:.2f}, {seconds:.1f} s", flush=True)
    for name, rows in scores.items():
        print(name, fit.summary_of(rows))
    for field in ("parties_f1", "terms_f1", "terms_primary_recall", "evidence"):
        diff = paired_difference([s[field] for s in scores["fitted"]], [s[field] for s in scores["model"]])
        if diff is not None:
            print(f"{field}: model - fitted {diff[0]:+.3f} [{diff[1]:+.3f}, {diff[2]:+.3f}] (95% paired bootstrap)")


def _gold_sides(p: fit.Prepared) -> dict:
    """The sides answer of a decider that knows the labels: the candidates standing for the gold sides."""
    sides = labels.gold_sides(p.text, p.case.gold) or ("", "")
    return {"sentence": 1, "first": sides[0], "second": sides[1]}


if __name__ == "__main__":
    main()
