"""What the commands share: option types, building a model from them, failing with a clear line."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from summarizer.errors import InputError, SummarizerError


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def exit_code(exc: SummarizerError) -> int:
    return 2 if isinstance(exc, InputError) else 1


# shared model options ---------------------------------------------------------------------------
ModelOpt = Annotated[
    Optional[str], typer.Option("--model", "-m", help="Preset name, GGUF path, or endpoint model name.")
]
BaseUrlOpt = Annotated[
    Optional[str], typer.Option("--base-url", help="OpenAI-compatible endpoint (or OPENAI_BASE_URL).")
]
PromptOpt = Annotated[Optional[str], typer.Option("--prompt", help="Prompt template name in prompts/ or a .j2 path.")]
NCtxOpt = Annotated[int, typer.Option("--n-ctx", help="Context size for embedded models.")]
ThreadsOpt = Annotated[Optional[int], typer.Option("--threads", help="CPU threads for embedded models.")]
SchemaFmtOpt = Annotated[
    str,
    typer.Option(
        "--schema-format", help="json_schema (OpenAI, vLLM, Ollama) or json_object (llama-cpp-python server)."
    ),
]
AttemptsOpt = Annotated[int, typer.Option("--max-attempts", min=1, help="Model calls per article, re-asks included.")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", help="Seconds to wait for an endpoint's answer.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log each model call to stderr (keys masked).")]
RetriesOpt = Annotated[int, typer.Option("--retries", min=0, help="Transport retries per call (timeouts, 429, 5xx).")]
ReadingOpt = Annotated[
    Optional[str],
    typer.Option(
        "--reading",
        help="steps (narrow questions; the embedded presets' default) or single (one JSON call; endpoints' default).",
    ),
]


def prompt_for(reading: str | None, prompt: str | None, model):
    """What --prompt means for the reading the model will use: a template for single, a directory of step
    prompts (or nothing) for steps. Returns (reading, prompt) ready for the pipeline."""
    from summarizer.pipeline import READINGS, default_reading
    from summarizer.prompts import load_prompt

    chosen = reading or default_reading(model)
    if chosen not in READINGS:
        raise InputError(f"--reading must be one of {', '.join(READINGS)}, not {chosen!r}")
    if chosen == "single":
        return chosen, load_prompt(prompt)
    return chosen, prompt


def build_model(
    model: str | None,
    base_url: str | None,
    n_ctx: int,
    threads: int | None,
    schema_format: str,
    max_attempts: int,
    timeout: float = 120.0,
    retries: int = 4,
):
    """The CLI's options to a Model (shared by run, batch and eval)."""
    from summarizer.models import Limits, load_model

    return load_model(
        model,
        base_url=base_url,
        n_ctx=n_ctx,
        n_threads=threads,
        schema_format=schema_format,
        timeout=timeout,
        retries=retries,
        limits=Limits(max_attempts=max_attempts),
    )
