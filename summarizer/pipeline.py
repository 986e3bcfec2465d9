"""The road an article travels: text → a reading → Summary.

Two readings exist. ``steps`` (the default): a pre-pass in code, narrow model calls, rules for the rest
(``summarizer/steps/``). ``single``: one JSON call for the whole summary → validate + ground → clean up.
The pipeline knows the :class:`~summarizer.models.base.Model` interface, never which backend runs it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import replace
from pathlib import Path

from pydantic import ValidationError

from summarizer.cache import Reading, ResponseCache, cache_key
from summarizer.cleanup import clean
from summarizer.errors import ExtractionError, InputError
from summarizer.models.base import Model
from summarizer.prompts import Example, Prompt, load_prompt
from summarizer.reading_config import DEFAULT, ReadingConfig, check_reading
from summarizer.schema import Extraction, Meta, Summary
from summarizer.text import NORMALISATION, Article, article_from_text, read_article

READINGS = ("steps", "single")
BRIEFS = ("model", "headline", "template")  # who writes headline and summary (see summarizer/brief.py)


def default_reading(model: Model) -> str:
    """The reading a model gets when none is asked for: its backend's ``default_reading`` (the embedded
    presets read in steps), else ``single``."""
    return getattr(model.backend, "default_reading", "single")


def reading_config(model: Model, config: ReadingConfig | None) -> ReadingConfig:
    """The steps reading's configuration for ``model``: ``config`` (the defaults when None), each step it does not
    name decided by the model where its backend ``decides`` it (the 1.5B preset: the sides), else by the fitted
    decision."""
    return (config or DEFAULT).under(tuple((step, "model") for step in getattr(model.backend, "decides", ())))


_DEFAULT: Model | None = None
_DEFAULT_LOCK = threading.Lock()


def default_model() -> Model:
    """The embedded default preset, built once per process."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            from summarizer.models import load_model

            _DEFAULT = load_model()
        return _DEFAULT


def check_fits(model: Model, messages: list[dict[str, str]], article: Article) -> None:
    """Refuse an article that cannot fit the model's context (articles are not chunked)."""
    backend = model.backend
    context = backend.context_size()
    if context is None:
        limit = getattr(backend, "max_context_chars", None)
        if limit and len(article.text) > limit:
            raise InputError(
                f"{article.id}: the article is {len(article.text):,} characters, over the {limit:,}-character "
                "limit for remote models; split it first"
            )
        return
    prompt_tokens = backend.count_tokens("\n".join(m["content"] for m in messages)) or 0
    needed = prompt_tokens + model.limits.max_tokens_per_call + 16
    if needed > context:
        raise InputError(
            f"{article.id}: the article needs about {prompt_tokens:,} prompt tokens plus "
            f"{model.limits.max_tokens_per_call:,} for the answer, more than the model's context of {context:,}; "
            "raise --n-ctx or split the article"
        )


def summarize_article(
    article: Article,
    *,
    model: Model | None = None,
    prompt: Prompt | str | None = None,
    examples: tuple[Example, ...] | None = None,
    cache: ResponseCache | None = None,
    reading: str | None = None,
    config: ReadingConfig | None = None,
    brief: str = "template",
) -> Summary:
    """Summarise an :class:`Article` (text already normalised) by ``reading`` (steps or single;
    by default the backend's own, see :func:`default_reading`);
    ``cache`` serves and stores the model's answers; ``config`` (steps only) switches rule families off and
    says who decides each step; ``brief`` "model" has the model write headline and summary from the checked
    facts (kept only when they pass the check, see ``summarizer/brief.py``), "headline" the headline alone (the
    template's summary kept), "template" writes them by rule."""
    model = model or default_model()
    reading = reading or default_reading(model)
    if reading not in READINGS:
        raise InputError(f"reading must be one of {', '.join(READINGS)}, not {reading!r}")
    if brief not in BRIEFS:
        raise InputError(f"brief must be one of {', '.join(BRIEFS)}, not {brief!r}")
    if reading == "steps":
        return _in_steps(article, model, prompt, examples, cache, reading_config(model, config), brief)
    check_reading(config, reading)
    summary = _in_one_call(article, model, prompt, examples, cache)
    if brief != "template":
        from summarizer.brief import write_brief
        from summarizer.prepass import analyse

        names = tuple((c.name, *c.aliases) for c in analyse(article.text).candidates)
        summary = write_brief(summary, model, article.text, cache=cache, article_names=names,
                              headline_only=brief == "headline")
    return summary


def _in_one_call(
    article: Article,
    model: Model,
    prompt: Prompt | str | None,
    examples: tuple[Example, ...] | None,
    cache: ResponseCache | None,
) -> Summary:
    template = prompt if isinstance(prompt, Prompt) else load_prompt(prompt)
    if examples is not None:
        template = replace(template, examples=examples)
    key = None
    found = None
    if cache is not None:
        key = cache_key(
            model=model.name,
            model_sha256=model.file_sha256,
            prompt_hash=template.hash,
            settings=model.settings,
            article=article.text,
        )
        found = cache.get(key)
    if found is None:
        found = read_with_model(article, model, template)
        if cache is not None and key is not None:
            cache.put(key, found)
    else:
        found = replace(found, cached=True)
    return build_summary(found, article, model, template)


def _in_steps(
    article: Article,
    model: Model,
    prompt: Prompt | str | None,
    examples: tuple[Example, ...] | None,
    cache: ResponseCache | None,
    config: ReadingConfig | None = None,
    brief: str = "template",
) -> Summary:
    from summarizer.steps import load_step_prompts, summarize_in_steps

    single_only = examples is not None or isinstance(prompt, Prompt)
    if isinstance(prompt, str) and not Path(prompt).is_dir():
        load_prompt(prompt)  # an unknown name is reported as such
        single_only = True
    if single_only:
        raise InputError(
            "a prompt template and examples are for the single reading (--reading single); the steps reading "
            "takes a directory of step prompts like prompts/steps, or none"
        )
    prompts = load_step_prompts(prompt) if prompt is not None else None
    return summarize_in_steps(article, model, prompts=prompts, cache=cache, config=config, brief=brief)


def read_with_model(article: Article, model: Model, template: Prompt) -> Reading:
    """The model's validated reading of the article (the expensive, cacheable step)."""
    started = time.perf_counter()
    messages = template.messages(article.text)
    check_fits(model, messages, article)
    try:
        extraction, stats = model.extract(messages, Extraction, context={"article": article.text})
        attempts, tokens_in, tokens_out = stats.attempts, stats.tokens_in, stats.tokens_out
    except ExtractionError as exc:
        extraction = _salvage(exc, article.text)
        if extraction is None:
            raise
        attempts, tokens_in, tokens_out = exc.attempts, exc.tokens_in, exc.tokens_out
    return Reading(extraction, attempts, tokens_in, tokens_out, round(time.perf_counter() - started, 3))


def build_summary(reading: Reading, article: Article, model: Model, template: Prompt) -> Summary:
    """Clean up and ground a reading into a Summary. Pure and fast: reruns from the cache redo it."""
    extraction = reading.extraction
    cleaned = clean(extraction, article.text)
    meta = Meta(
        model=model.name,
        model_sha256=model.file_sha256,
        prompt_template=template.name,
        prompt_hash=template.hash,
        tokens_in=reading.tokens_in,
        tokens_out=reading.tokens_out,
        attempts=reading.attempts,
        seconds=reading.seconds,
        quotes_dropped=cleaned.quotes_dropped,
        cleanup=cleaned.notes,
        text_normalisation=NORMALISATION,
        cached=reading.cached,
    )
    return Summary(
        headline=extraction.headline.strip(),
        summary=extraction.summary.strip(),
        status=extraction.status,
        parties=cleaned.parties,
        terms=cleaned.terms,
        sources=cleaned.sources,
        claims=cleaned.claims,
        evidence_strength=extraction.evidence_strength,
        evidence_rationale=extraction.evidence_rationale.strip(),
        meta=meta,
    )


def _salvage(exc: ExtractionError, article: str) -> Extraction | None:
    """After the last attempt, keep an answer whose only fault is ungrounded quotes
    (clean-up then drops and counts them)."""
    if not exc.last_output:
        return None
    try:
        return Extraction.model_validate_json(exc.last_output, context={"article": article, "require_grounding": False})
    except ValidationError:
        return None


def summarize(
    text: str,
    *,
    model: Model | None = None,
    prompt: Prompt | str | None = None,
    examples: tuple[Example, ...] | None = None,
    id: str = "text",
    reading: str | None = None,
    config: ReadingConfig | None = None,
    brief: str = "template",
) -> Summary:
    """Summarise article text: the title on the first line, then the body; ``reading`` is steps or
    single (the default is the model's own: steps for the embedded presets); ``config`` (steps only) switches
    rule families off and says who decides each step, e.g. ``ReadingConfig.parse(decide=["gives=model"])``;
    ``brief`` is "model" (the model writes headline and summary from the checked facts), "headline" (the model
    writes the headline alone) or "template".

    ``model`` defaults to the embedded preset; build one with
    :func:`summarizer.load_model` and pass it to many calls.
    """
    return summarize_article(
        article_from_text(text, id), model=model, prompt=prompt, examples=examples, reading=reading, config=config,
        brief=brief,
    )


def summarize_file(path: str | Path, **kwargs) -> Summary:
    """Read, normalise and summarise one file ('-' for standard input)."""
    return summarize_article(read_article(path), **kwargs)


async def asummarize(text: str, **kwargs) -> Summary:
    """Async variant of :func:`summarize`; runs in a worker thread."""
    return await asyncio.to_thread(summarize, text, **kwargs)
