"""What the model commands share: their model options (declared once), building a model from them,
failing with a clear line.

The options every model command takes (``run``, ``eval``, ``batch``) are the fields of
:class:`ModelOptions`; :func:`with_model_options` gives a command one CLI option per field and hands
it the filled object as its ``opts`` argument. A new option is one new field (its type, its
``typer.Option`` and its default), and every model command has it.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from summarizer.errors import InputError, SummarizerError


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def exit_code(exc: SummarizerError) -> int:
    return 2 if isinstance(exc, InputError) else 1


@dataclasses.dataclass(frozen=True)
class ModelOptions:
    """The model options of run, eval and batch. ``None`` means "not given": options for one kind of
    model (embedded or endpoint) given for the other are refused by :func:`summarizer.models.load_model`,
    never silently ignored."""

    model: Annotated[
        Optional[str], typer.Option("--model", "-m", help="Preset name, GGUF path, or endpoint model name.")
    ] = None
    base_url: Annotated[
        Optional[str], typer.Option("--base-url", help="OpenAI-compatible endpoint (or OPENAI_BASE_URL).")
    ] = None
    prompt: Annotated[
        Optional[str],
        typer.Option(
            "--prompt",
            help="single reading: a template name in prompts/ or a .j2 path; steps: a directory of step prompts.",
        ),
    ] = None
    reading: Annotated[
        Optional[str],
        typer.Option(
            "--reading",
            help="steps (narrow questions; the embedded presets' default) or single (one JSON call; endpoints' "
            "default).",
        ),
    ] = None
    brief: Annotated[
        Optional[str],
        typer.Option(
            "--brief",
            help="template (the default: headline and summary written by rule from the facts), model (the model "
            "writes them from the checked facts; kept only when they pass the check, else the template's) or "
            "headline (the model writes the headline where the template can say no more than sides and status, "
            "checked the same way).",
        ),
    ] = None
    n_ctx: Annotated[
        Optional[int], typer.Option("--n-ctx", min=256, help="Context size, embedded models only (default 4096).")
    ] = None
    threads: Annotated[
        Optional[int],
        typer.Option(
            "--threads",
            min=1,
            help="CPU threads, embedded models only (default: all cores; --engine ray: the worker's CPUs).",
        ),
    ] = None
    schema_format: Annotated[
        Optional[str],
        typer.Option(
            "--schema-format",
            help="Endpoints only: json_schema (default; OpenAI, vLLM, Ollama) or json_object (llama-cpp-python "
            "server).",
        ),
    ] = None
    max_attempts: Annotated[
        int, typer.Option("--max-attempts", min=1, help="Model calls per article, re-asks included.")
    ] = 3
    timeout: Annotated[
        Optional[float], typer.Option("--timeout", help="Seconds to wait for an endpoint's answer (default 120).")
    ] = None
    retries: Annotated[
        Optional[int],
        typer.Option("--retries", min=0, help="Transport retries per call, endpoints only (default 4)."),
    ] = None
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each model call to stderr (keys masked).")] = (
        False
    )

    def configure_logging(self) -> None:
        from summarizer.logs import configure

        configure(self.verbose)

    def check_prompt(self) -> None:
        """Fail on a bad --prompt before any model loads (when the reading is known to be single)."""
        if self.reading == "single":
            from summarizer.prompts import load_prompt

            load_prompt(self.prompt)

    def build_model(self):
        """The Model these options describe."""
        from summarizer.models import Limits, load_model

        return load_model(
            self.model,
            base_url=self.base_url,
            n_ctx=self.n_ctx,
            n_threads=self.threads,
            schema_format=self.schema_format,
            timeout=self.timeout,
            retries=self.retries,
            limits=Limits(max_attempts=self.max_attempts),
        )

    def prompt_for(self, model) -> tuple[str, Any]:
        """``(reading, prompt)`` ready for the pipeline: the reading asked for (else the model's own), and
        what --prompt means for it (a loaded template for single, a step-prompt directory or None for steps)."""
        return prompt_for(self.reading, self.prompt, model)


def with_model_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give ``command`` one CLI option per :class:`ModelOptions` field; it receives them as ``opts``."""
    fields = dataclasses.fields(ModelOptions)
    hints = typing.get_type_hints(ModelOptions, include_extras=True)
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "opts"]
    clash = {p.name for p in own} & {f.name for f in fields}
    if "opts" not in signature.parameters or clash:
        raise TypeError(f"{command.__name__} needs an 'opts' parameter and no parameter named {sorted(clash)}")
    added = [
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name])
        for f in fields
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        opts = ModelOptions(**{f.name: kwargs.pop(f.name) for f in fields if f.name in kwargs})
        return command(*args, opts=opts, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in wrapper.__signature__.parameters.values()}
    return wrapper


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
