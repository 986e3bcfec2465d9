"""Model construction: a preset name, a GGUF path or an endpoint model name to a :class:`Model`."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from summarizer.errors import InputError, ModelError
from summarizer.models.base import Backend, CallStats, Limits, Model
from summarizer.models.presets import DEFAULT_PRESET, PRESETS

__all__ = ["Backend", "CallStats", "Limits", "Model", "load_model", "DEFAULT_PRESET", "PRESETS"]


def load_model(
    model: str | None = None,
    *,
    base_url: str | None = None,
    api_key: str | None = None,
    n_ctx: int | None = None,
    n_threads: int | None = None,
    schema_format: str | None = None,
    timeout: float | None = None,
    retries: int | None = None,
    limits: Limits | None = None,
) -> Model:
    """Build a model from a spec.

    * nothing, or a preset name: the embedded preset (default ``qwen2.5-coder-1.5b``);
    * a path ending in ``.gguf``: that file, embedded;
    * anything else, or any name with ``base_url``: an OpenAI-compatible endpoint
      (``OPENAI_BASE_URL`` / ``OPENAI_API_KEY`` are read when not given).

    A name that is no preset and no ``.gguf`` file, with no endpoint given in any way (``base_url``,
    ``api_key``, ``OPENAI_BASE_URL``, ``OPENAI_API_KEY``), is refused as unknown (an
    :class:`~summarizer.errors.InputError`, listing the presets) instead of going to api.openai.com.

    Settings apply to one kind of model, and one given for the other kind is refused rather than
    ignored: ``n_ctx`` (default 4096) and ``n_threads`` (default: all cores) are for embedded models;
    ``schema_format`` (default ``json_schema``), ``timeout`` (default 120 s) and ``retries``
    (default 4) for endpoints.
    """
    spec = model or DEFAULT_PRESET
    embedded = base_url is None and (spec in PRESETS or spec.endswith(".gguf"))
    if embedded:
        _refuse_settings(spec, "an embedded model", schema_format=schema_format, timeout=timeout, retries=retries)
        n_ctx = 4096 if n_ctx is None else n_ctx
    else:
        _refuse_settings(spec, "an endpoint model", n_ctx=n_ctx, n_threads=n_threads)
    if base_url is None and spec in PRESETS:
        from summarizer.models.embedded import EmbeddedBackend
        from summarizer.models.presets import resolve_preset

        path = resolve_preset(spec)
        preset = PRESETS[spec]
        backend: Backend = EmbeddedBackend(
            path, name=spec, file_sha256=preset.sha256, n_ctx=n_ctx, n_threads=n_threads, decides=preset.decides
        )
        return Model(backend, limits)
    if base_url is None and spec.endswith(".gguf"):
        from summarizer.models.embedded import EmbeddedBackend
        from summarizer.models.presets import sha256_of

        path = Path(spec)
        if not path.is_file():
            raise ModelError(f"{spec}: no such GGUF file")
        backend = EmbeddedBackend(path, name=path.name, file_sha256=sha256_of(path), n_ctx=n_ctx, n_threads=n_threads)
        return Model(backend, limits)
    if not (base_url or api_key or os.environ.get("OPENAI_BASE_URL") or os.environ.get("OPENAI_API_KEY")):
        raise InputError(unknown_model_message(spec))
    from summarizer.models.openai_compat import OpenAIBackend

    schema_format = schema_format or "json_schema"
    if schema_format not in ("json_schema", "json_object"):
        raise InputError(f"schema format must be json_schema or json_object, not {schema_format!r}")
    backend = OpenAIBackend(
        spec,
        base_url=base_url,
        api_key=api_key,
        timeout=120.0 if timeout is None else timeout,
        transport_retries=4 if retries is None else retries,
        schema_format=schema_format,  # type: ignore[arg-type]
    )
    return Model(backend, limits)


# what each setting is called on the command line, for the refusal
_OPTION_NAMES = {
    "n_ctx": "--n-ctx",
    "n_threads": "--threads",
    "schema_format": "--schema-format",
    "timeout": "--timeout",
    "retries": "--retries",
}


def _refuse_settings(spec: str, kind: str, **given: object) -> None:
    """An InputError naming the settings that were given but mean nothing for this kind of model."""
    wrong = [f"{name} ({_OPTION_NAMES[name]})" for name, value in given.items() if value is not None]
    if wrong:
        applies = "endpoints" if kind == "an embedded model" else "embedded models"
        raise InputError(f"{', '.join(wrong)}: for {applies} only, and {spec!r} is {kind}")


def unknown_model_message(name: str) -> str:
    """Why ``name`` names no model: not a preset (with the closest, if one is close), not a file, no endpoint."""
    close = difflib.get_close_matches(name, list(PRESETS), n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return (
        f"unknown model {name!r}: {hint}presets are {', '.join(PRESETS)}; a GGUF file needs a path ending "
        "in .gguf; an endpoint model needs --base-url (or OPENAI_BASE_URL, or OPENAI_API_KEY for OpenAI)"
    )
