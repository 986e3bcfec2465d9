"""The few tests that run a real model: the embedded default through the CLI, and the
OpenAI-compatible path against a llama.cpp HTTP server started here on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from summarizer.cleanup import names_match
from summarizer.schema import Summary
from tests.conftest import SEED_ARTICLE, has_embedded_model
from tests.llama_server import llama_server
from tests.test_cli_input import run_cli

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not has_embedded_model(), reason="needs llama-cpp-python and the default preset"),
]

SHORT_ARTICLE = (
    "Turkey and Ukraine sign grain-for-drones deal\n\n"
    "ANKARA, June 2 - Turkey agreed on Monday to buy 200,000 tonnes of Ukrainian wheat and in return "
    "will deliver 20 Bayraktar drones to Kyiv, Turkish Trade Minister Omer Bolat said.\n\n"
    '"The agreement was signed today," Bolat told reporters in Ankara.'
)


def assert_grounded(summary: Summary, article: str) -> None:
    for quote in summary.all_quotes():
        assert article[quote.start : quote.end] == quote.text


def has_party(summary: Summary, name: str) -> bool:
    return any(names_match(name, n) for p in summary.parties for n in [p.name, *p.aliases])


def test_embedded_default_summarises_the_seed_article_through_the_cli():
    proc = run_cli(str(SEED_ARTICLE), timeout=900)
    assert proc.returncode == 0, proc.stderr.decode()
    summary = Summary.model_validate_json(proc.stdout)
    article = SEED_ARTICLE.read_text(encoding="utf-8").rstrip()
    assert_grounded(summary, article)
    assert has_party(summary, "Russia") and has_party(summary, "North Korea"), summary.parties
    assert summary.meta.model == "qwen2.5-coder-0.5b"
    assert summary.meta.model_sha256 == "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
    assert 1 <= summary.meta.attempts <= 3 and summary.meta.tokens_in > 500


@pytest.fixture(scope="module")
def llama_server_url():
    from summarizer.models.presets import resolve_preset

    pytest.importorskip("uvicorn", reason="needs llama-cpp-python[server]")
    with llama_server(resolve_preset("qwen2.5-coder-0.5b"), alias="qwen-local") as url:
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
