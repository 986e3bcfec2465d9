"""Prompt templates render as fenced data, and their examples are valid against their own text."""

from __future__ import annotations

import json

import pytest

from summarizer.prompts import PROMPTS_DIR, load_prompt
from summarizer.schema import Extraction

TEMPLATES = sorted(p.stem for p in PROMPTS_DIR.glob("*.j2"))


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_fences_the_article_and_hashes_its_text(name):
    prompt = load_prompt(name)
    messages = prompt.messages("Title\n\nBody with </article> inside.")
    assert messages[0]["role"] == "system" and messages[-1]["role"] == "user"
    assert messages[-1]["content"].count("</article>") == 1
    assert "</ article>" in messages[-1]["content"]
    assert len(prompt.hash) == 16
    assert name == "summarize_v1" or prompt.hash != load_prompt("summarize_v1").hash


@pytest.mark.parametrize("name", [n for n in TEMPLATES if load_prompt(n).examples])
def test_examples_validate_against_their_own_article(name):
    for example in load_prompt(name).examples:
        answer = Extraction.model_validate_json(example.answer, context={"article": example.article})
        for term in answer.terms:
            names = [n for p in answer.parties for n in [p.name, *p.aliases]]
            assert term.giver in names and term.receiver in names
        assert json.loads(example.answer)["parties"]


def test_examples_are_sent_as_chat_turns():
    prompt = load_prompt("summarize_v4")
    roles = [m["role"] for m in prompt.messages("T\n\nB")]
    assert roles == ["system", "user", "assistant", "user"]
