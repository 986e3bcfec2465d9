"""Run the pipeline over eval cases and score each one."""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from summarizer.cache import ResponseCache, schema_hash
from summarizer.errors import SummarizerError
from summarizer.eval.cases import Case
from summarizer.eval.scorers import aggregate, score_case
from summarizer.models.base import Model
from summarizer.pipeline import summarize_article
from summarizer.prompts import Prompt
from summarizer.schema import SCHEMA_VERSION, Summary


@dataclass
class CaseResult:
    case: Case
    summary: Summary | None
    error: dict[str, Any] | None
    scores: dict[str, Any]
    seconds: float = 0.0  # this case's wall time, a cache hit's included


@dataclass
class EvalRun:
    results: list[CaseResult]
    overall: dict[str, Any]
    info: dict[str, Any]


def run_eval(
    cases: list[Case],
    model: Model,
    prompt: Prompt,
    cache: ResponseCache | None = None,
    on_case: Callable[[CaseResult], None] | None = None,
) -> EvalRun:
    """Summarise and score every case; a failed case is recorded, never lost."""
    started = time.perf_counter()
    results = []
    for case in cases:
        summary, error = None, None
        case_started = time.perf_counter()
        try:
            summary = summarize_article(case.article, model=model, prompt=prompt, cache=cache)
        except SummarizerError as exc:
            error = {"type": exc.kind, "message": str(exc), "attempts": getattr(exc, "attempts", 0)}
        scores = score_case(summary, case.gold, case.article.text)
        result = CaseResult(case, summary, error, scores, seconds=round(time.perf_counter() - case_started, 3))
        results.append(result)
        if on_case:
            on_case(result)
    info = {
        "model": model.name,
        "model_sha256": model.file_sha256,
        "prompt_template": prompt.name,
        "prompt_hash": prompt.hash,
        "schema_version": SCHEMA_VERSION,
        "schema_hash": schema_hash(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} ({platform.machine()}, {platform.system()}, Python {platform.python_version()})",
        "cases": len(cases),
        "seconds_total": round(time.perf_counter() - started, 2),
        "cached_cases": sum(1 for r in results if r.summary is not None and r.summary.meta.cached),
    }
    return EvalRun(results=results, overall=aggregate([r.scores for r in results]), info=info)
