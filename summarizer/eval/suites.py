"""Eval suites as data: ``evals/<name>.json`` names the cases, the reading, the model and the gates of one eval,
and a committed baseline run to compare against (``evals/baselines/<name>/``).

``summarize eval --suite NAME`` runs a suite: the cases it names, read as it says, scored, written to ``--out``,
then gated: each ``fail_under`` floor on the overall figures, ``max_unsupported_terms``, and, against the
baseline's report, each ``fail_if_worse`` field that is worse beyond noise (a paired bootstrap over the cases both
runs share). Updating a baseline is a reviewed commit of a new run directory with the reason in its message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.errors import InputError

EVALS_DIR = Path(__file__).resolve().parent.parent.parent / "evals"


class Suite(BaseModel):
    """One suite file."""

    model_config = ConfigDict(extra="forbid")

    description: str = ""
    cases_dir: str = "seeds"
    split: str = "all"
    cases: list[str] = Field(default_factory=list, description="Only these cases (all of the split when empty).")
    reading: str | None = None
    brief: str | None = Field(None, description="model, headline or template (the eval's default: template).")
    model: str | None = None
    decide: list[str] = Field(default_factory=list)
    without: list[str] = Field(default_factory=list)
    no_cache: bool = False
    fail_under: dict[str, float] = Field(default_factory=dict)
    fail_if_worse: list[str] = Field(default_factory=list)
    max_unsupported_terms: int | None = None
    min_model_calls: int | None = Field(None, description="Fail when the run asked the model fewer times.")
    baseline: str | None = Field(None, description="A run directory (relative to the repository) to compare with.")
    by: list[str] = Field(default_factory=list, description="source.json fields to report every figure by.")


def suite_path(name: str) -> Path:
    """The file of a suite given by name (in ``evals/``) or by path."""
    candidate = Path(name)
    if candidate.suffix == ".json" and candidate.is_file():
        return candidate
    path = EVALS_DIR / f"{name}.json"
    if not path.is_file():
        known = sorted(p.stem for p in EVALS_DIR.glob("*.json")) if EVALS_DIR.is_dir() else []
        raise InputError(f"no eval suite {name!r} (suites: {', '.join(known) or 'none'})")
    return path


def load_suite(name: str) -> tuple[Suite, Path]:
    """The suite and the directory its relative paths start from (the repository root)."""
    path = suite_path(name)
    try:
        suite = Suite.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, ValidationError) as exc:
        raise InputError(f"{path}: not a valid eval suite ({str(exc).splitlines()[0]})") from None
    return suite, path.resolve().parent.parent


def gate(suite: Suite, report: dict[str, Any], root: Path) -> list[str]:
    """Every way the run falls short of the suite: floors, unsupported terms, worse than the baseline."""
    from summarizer.eval.compare import failed_gates, load_report, paired, worse_beyond_noise

    failures = failed_gates(report["overall"], list(suite.fail_under.items()))
    unsupported = report["overall"]["all_texts"].get("terms_unsupported_total") or 0
    if suite.max_unsupported_terms is not None and unsupported > suite.max_unsupported_terms:
        failures.append(f"{unsupported} unsupported terms (at most {suite.max_unsupported_terms})")
    calls = sum((c["scores"].get("attempts") or 0) for c in report.get("cases", []))
    if suite.min_model_calls is not None and calls < suite.min_model_calls:
        failures.append(f"the model was called {calls} times (at least {suite.min_model_calls})")
    if suite.baseline and suite.fail_if_worse:
        baseline = load_report(root / suite.baseline)
        failures += worse_beyond_noise(paired(baseline, report), suite.fail_if_worse)
    return failures
