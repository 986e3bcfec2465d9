"""Run the pipeline over eval cases and score each one."""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from summarizer.cache import ResponseCache, schema_hash
from summarizer.errors import SummarizerError
from summarizer.eval.cases import Case
from summarizer.eval.scorers import score_case
from summarizer.eval.views import view
from summarizer.models.base import Model
from summarizer.pipeline import default_reading, reading_config, summarize_article
from summarizer.prompts import Prompt, load_prompt
from summarizer.reading_config import ReadingConfig
from summarizer.schema import SCHEMA_VERSION, Summary
from summarizer.steps.prompts import load_step_prompts


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
    overall: dict[str, Any]  # a view (summarizer.eval.views): detection, deal texts, all texts
    info: dict[str, Any]
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # dev, test, synthetic, ... apart


def by_group(results: list[CaseResult]) -> dict[str, dict[str, Any]]:
    """The view of each group of cases (dev, test, synthetic, unsplit), real and synthetic apart."""
    names = list(dict.fromkeys(r.case.group for r in results))
    return {g: view([r.scores for r in results if r.case.group == g]) for g in names}


def case_field(result: CaseResult, name: str) -> str:
    """A field of the case's ``source.json`` (``publisher_family``, ``deal_kind``, ...) as text; ``group`` is the
    case's split group; "unknown" when the case has none."""
    if name == "group":
        return result.case.group
    value = (result.case.source or {}).get(name)
    return "unknown" if value in (None, "") else str(value)


def by_field(results: list[CaseResult], name: str) -> dict[str, dict[str, Any]]:
    """The view of the cases of each value of a ``source.json`` field, values sorted."""
    values = sorted({case_field(r, name) for r in results})
    return {v: view([r.scores for r in results if case_field(r, name) == v]) for v in values}


def run_eval(
    cases: list[Case],
    model: Model,
    prompt: Prompt | str | None,
    cache: ResponseCache | None = None,
    on_case: Callable[[CaseResult], None] | None = None,
    reading: str | None = None,
    config: ReadingConfig | None = None,
    brief: str = "template",
) -> EvalRun:
    """Summarise and score every case by ``reading`` (steps or single; ``prompt`` is the single reading's
    template); a failed case is recorded, never lost."""
    reading = reading or default_reading(model)
    if reading == "steps":  # ``prompt``: a directory of step prompts, or None for prompts/steps
        prompt_name, prompt_hash = "steps", load_step_prompts(prompt if isinstance(prompt, str) else None).hash
    else:
        prompt = prompt if isinstance(prompt, Prompt) else load_prompt(prompt)
        prompt_name, prompt_hash = prompt.name, prompt.hash
    started = time.perf_counter()
    results = []
    for case in cases:
        summary, error = None, None
        case_started = time.perf_counter()
        try:
            summary = summarize_article(
                case.article, model=model, prompt=prompt, cache=cache, reading=reading, config=config, brief=brief
            )
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
        "reading": reading,
        "reading_config": reading_config(model, config).label if reading == "steps" else None,
        "brief": brief,
        "prompt_template": prompt_name,
        "prompt_hash": prompt_hash,
        "schema_version": SCHEMA_VERSION,
        "schema_hash": schema_hash(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} ({platform.machine()}, {platform.system()}, Python {platform.python_version()})",
        "cases": len(cases),
        "seconds_total": round(time.perf_counter() - started, 2),
        "cached_cases": sum(1 for r in results if r.summary is not None and r.summary.meta.cached),
    }
    return EvalRun(results=results, overall=view([r.scores for r in results]), info=info, groups=by_group(results))
