"""The few tests that run a real model: the embedded default through the CLI, and the
OpenAI-compatible path against a llama.cpp HTTP server started here on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from summarizer.cleanup import names_match
from summarizer.models.presets import DEFAULT_PRESET, PRESETS
from summarizer.schema import Summary
from tests.conftest import SEED_ARTICLE, TEST_PRESET, has_embedded_model
from tests.llama_server import llama_server
from tests.test_cli_input import run_cli

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not has_embedded_model(), reason=f"needs llama-cpp-python and the {TEST_PRESET} preset"),
]
needs_default = pytest.mark.skipif(not has_embedded_model(DEFAULT_PRESET), reason="needs the default preset")

SHORT_ARTICLE = (
    "Turkey and Ukraine sign grain-for-drones deal\n\n"
    "ANKARA, June 2 - Turkey agreed on Monday to buy 200,000 tonnes of Ukrainian wheat and in return "
    "will deliver 20 Bayraktar drones to Kyiv, Turkish Trade Minister Omer Bolat said.\n\n"
    '"The agreement was signed today," Bolat told reporters in Ankara.'
)

from summarizer.reading_config import ReadingConfig  # noqa: E402

# the model decides the sides and the status: steps it is surely asked when the text reports a deal
ASK = ReadingConfig.parse(decide=["sides=model", "status=model"])


def assert_grounded(summary: Summary, article: str) -> None:
    for quote in summary.all_quotes():
        assert article[quote.start : quote.end] == quote.text


def has_party(summary: Summary, name: str) -> bool:
    return any(names_match(name, n) for p in summary.parties for n in [p.name, *p.aliases])


@needs_default
def test_embedded_default_reads_the_seed_article_in_steps_through_the_cli():
    """The README's first command: the brief's example read by the default preset, which decides the sides (one
    model call): Russia and North Korea, munitions one way and food the other, proposed, John Kirby on the
    record, every quote grounded."""
    proc = run_cli(str(SEED_ARTICLE), timeout=900)
    assert proc.returncode == 0, proc.stderr.decode()
    summary = Summary.model_validate_json(proc.stdout)
    article = SEED_ARTICLE.read_text(encoding="utf-8").rstrip()
    assert_grounded(summary, article)
    assert summary.meta.reading == "steps"
    assert [p.name for p in summary.parties[:2]] == ["Russia", "North Korea"], summary.parties
    directions = {(t.giver, t.receiver, t.category) for t in summary.terms}
    assert ("North Korea", "Russia", "munitions") in directions or ("North Korea", "Russia", "weapons") in directions
    assert ("Russia", "North Korea", "food") in directions, directions
    assert summary.status == "proposed"
    kirby = next(s for s in summary.sources if s.name == "John Kirby")
    assert kirby.on_record and kirby.kind == "official"
    assert summary.meta.model == DEFAULT_PRESET == "qwen2.5-coder-1.5b"
    assert summary.meta.model_sha256 == PRESETS[DEFAULT_PRESET].sha256
    sides = [s for s in summary.meta.steps if s.name == "sides"]
    assert len(sides) == 1 and sides[0].answer is not None, summary.meta.steps
    assert summary.meta.brief == "template" and [s.name for s in summary.meta.steps] == ["sides"]


def test_the_embedded_model_writes_a_brief_that_the_check_keeps_or_refuses():
    """--brief model: the model is asked for a brief from the facts (at most twice); the summary says whether its
    brief passed the check, and a kept brief is short and names the deal's sides."""
    proc = run_cli(str(SEED_ARTICLE), "--brief", "model", "--model", TEST_PRESET, timeout=900)
    assert proc.returncode == 0, proc.stderr.decode()
    summary = Summary.model_validate_json(proc.stdout)
    briefs = [s for s in summary.meta.steps if s.name == "brief"]
    assert 1 <= len(briefs) <= 2 and summary.meta.brief in ("model", "template")
    if summary.meta.brief == "model":
        assert len(summary.headline.split()) <= 14 and "Russia" in summary.headline + summary.summary
    else:
        assert summary.meta.brief_notes and summary.headline.startswith("Russia")


def test_the_embedded_model_writes_a_headline_that_the_check_keeps_or_refuses():
    """The headline alone, where the template could say only sides and status: asked at most twice; a kept
    headline passes the check again and is short, a refused one leaves the template's with the reasons."""
    from summarizer import load_model, summarize
    from summarizer.brief import CheckContext, Headline, check, facts, write_brief
    from summarizer.models.base import Model
    from summarizer.models.scripted import ScriptedBackend

    article = SEED_ARTICLE.read_text(encoding="utf-8")
    read = summarize(article, model=Model(ScriptedBackend([])), reading="steps", brief="template")
    bare = read.model_copy(update={"terms": []})  # no clause to state: the template says sides and status
    out = write_brief(bare, load_model(TEST_PRESET), article, headline_only=True)
    asked = [s for s in out.meta.steps if s.name == "headline"]
    assert 1 <= len(asked) <= 2 and out.summary == bare.summary
    if out.meta.brief == "headline":
        ctx = CheckContext(bare, facts(bare, article.split("\n", 1)[0]), article)
        assert check(Headline(headline=out.headline), ctx) == [] and len(out.headline.split()) <= 14
    else:
        assert out.meta.brief == "template" and out.headline == bare.headline and out.meta.brief_notes


ACCORD = (
    "Ankara and Kyiv reach harvester accord\n\n"
    "Turkey and Ukraine reached an accord on harvesters and wheat on Monday, officials said.\n\n"
    "Under the accord, the harvesters go to Kyiv and Ukrainian wheat goes to Turkish mills, Trade Minister Omer "
    "Bolat said."
)


def test_steps_after_the_first_reuse_the_article_prefix():
    """The model answers the sides and the status; llama.cpp evaluates the article once and the later step pays
    only for its question."""
    from summarizer import load_model, summarize

    summary = summarize(ACCORD, model=load_model(TEST_PRESET), reading="steps", config=ASK)
    steps = summary.meta.steps
    assert [s.name for s in steps] == ["sides", "status"]
    assert all(s.answer is not None for s in steps), steps
    second = steps[1]
    evaluated = [s.tokens_in - s.tokens_cached for s in steps]
    # the second call evaluates only what follows the shared prefix: its question and the answer's start
    assert second.tokens_cached > 0 and evaluated[1] < 0.5 * evaluated[0], steps
    assert summary.meta.tokens_cached == sum(s.tokens_cached for s in steps)
    assert len(summary.parties) >= 2
    assert_grounded(summary, ACCORD)


def test_embedded_single_reading_still_works_through_the_cli(tmp_path):
    path = tmp_path / "grain.txt"
    path.write_text(SHORT_ARTICLE, encoding="utf-8")
    # one attempt: the grammar keeps the reply schema-valid and unlocatable quotes are dropped, so one call proves
    # the path; three attempts of up to 1,400 tokens ran past 15 minutes beside another llama.cpp process
    proc = run_cli(str(path), "--reading", "single", "--max-attempts", "1", "--model", TEST_PRESET, timeout=900)
    assert proc.returncode == 0, proc.stderr.decode()
    summary = Summary.model_validate_json(proc.stdout)
    assert summary.meta.reading == "single" and summary.meta.prompt_template == "summarize_v5"
    assert_grounded(summary, SHORT_ARTICLE)
    assert has_party(summary, "Turkey") or has_party(summary, "Ukraine"), summary.parties


@pytest.fixture(scope="module")
def llama_server_url():
    from summarizer.models.presets import resolve_preset

    pytest.importorskip("uvicorn", reason="needs llama-cpp-python[server]")
    with llama_server(resolve_preset(TEST_PRESET), alias="qwen-local") as url:
        yield url


def test_openai_compatible_path_against_a_local_llama_cpp_server(llama_server_url, tmp_path):
    path = tmp_path / "grain.txt"
    path.write_text(SHORT_ARTICLE, encoding="utf-8")
    proc = run_cli(
        str(path),
        "--model",
        "qwen-local",
        "--base-url",
        llama_server_url,
        "--schema-format",
        "json_object",
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    summary = Summary.model_validate_json(proc.stdout)
    assert summary.meta.model == f"qwen-local@{llama_server_url}"
    assert summary.meta.model_sha256 is None
    assert_grounded(summary, SHORT_ARTICLE)
    assert has_party(summary, "Turkey") or has_party(summary, "Ukraine"), summary.parties
    assert json.loads(proc.stdout)["meta"]["tokens_in"] > 100


def test_steps_reading_against_a_local_llama_cpp_server(llama_server_url, tmp_path):
    """The endpoint path reads in steps too: every step's answer validated, the sides found."""
    path = tmp_path / "accord.txt"
    path.write_text(ACCORD, encoding="utf-8")
    proc = run_cli(
        str(path), "--model", "qwen-local", "--base-url", llama_server_url, "--schema-format", "json_object",
        "--reading", "steps", *[x for d in ASK.deciders for x in ("--decide", f"{d[0]}={d[1]}")], timeout=600,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    summary = Summary.model_validate_json(proc.stdout)
    assert summary.meta.reading == "steps"
    assert [s.name for s in summary.meta.steps] == ["sides", "status"]
    assert all(s.answer is not None for s in summary.meta.steps), summary.meta.steps
    assert len(summary.parties) >= 2, summary.parties
    assert_grounded(summary, ACCORD)
