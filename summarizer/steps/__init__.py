"""The steps reading: a pre-pass in code, narrow model calls over a shared article prefix, rules for the rest.

See ``plan.py`` for the steps and ``assemble.py`` for how their answers become a Summary.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from summarizer.cache import ResponseCache
from summarizer.models.base import Model
from summarizer.reading_config import DEFAULT, ReadingConfig
from summarizer.schema import Meta, StepMeta, Summary
from summarizer.steps.prompts import StepPrompts, load_step_prompts
from summarizer.text import NORMALISATION, Article

if TYPE_CHECKING:
    from summarizer.fitted.model import Weights
    from summarizer.prepass.types import PrePass

__all__ = ["StepPrompts", "load_step_prompts", "summarize_in_steps"]


def summarize_in_steps(
    article: Article,
    model: Model,
    *,
    prompts: StepPrompts | None = None,
    cache: ResponseCache | None = None,
    config: ReadingConfig | None = None,
    weights: Weights | None = None,
    pre: PrePass | None = None,
    brief: str = "template",
) -> Summary:
    """Read one article in steps and assemble its Summary (the cache serves each step's answer); ``config``
    says which rule families are used and who decides each step (all rules, default deciders when None);
    ``weights`` are the fitted decisions' (the committed ones when None); ``pre`` the article's pre-pass when
    the caller has it already; ``brief`` "model" has the model write headline and summary from the checked
    facts (``summarizer/brief.py``), "headline" the headline alone, "template" keeps the template's."""
    from summarizer.prepass import analyse
    from summarizer.steps.assemble import assemble
    from summarizer.steps.plan import read_in_steps

    prompts = prompts or load_step_prompts()
    started = time.perf_counter()
    config = config or DEFAULT
    pre = pre or analyse(article.text, config)
    reading = read_in_steps(pre, model, prompts, article_id=article.id, cache=cache, config=config, weights=weights)
    calls = reading.calls
    meta = Meta(
        model=model.name,
        model_sha256=model.file_sha256,
        prompt_template=prompts.name,
        prompt_hash=prompts.hash,
        tokens_in=sum(c.tokens_in for c in calls),
        tokens_out=sum(c.tokens_out for c in calls),
        tokens_cached=sum(c.tokens_cached for c in calls),
        attempts=sum(c.attempts for c in calls),
        seconds=round(time.perf_counter() - started, 3),
        text_normalisation=NORMALISATION,
        cached=bool(calls) and all(c.cached for c in calls),
        reading="steps",
        steps=[StepMeta(**vars(c)) for c in calls],
        deal_probability=None if reading.deal_probability is None else round(reading.deal_probability, 3),
        deal_threshold=reading.deal_threshold,
    )
    summary = assemble(reading, meta)
    if brief != "template":
        from summarizer.brief import write_brief

        names = tuple((c.name, *c.aliases) for c in pre.candidates)
        summary = write_brief(summary, model, article.text, cache=cache, article_names=names,
                              headline_only=brief == "headline")
        summary.meta.seconds = round(time.perf_counter() - started, 3)
    return summary
