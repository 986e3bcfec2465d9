"""Shared fixtures. Tests never reach the internet: models are the real embedded
preset, a llama.cpp server on 127.0.0.1, or a ScriptedBackend passed through
the same public path as a real model."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "seeds" / "000_russia_nk_food_arms" / "article.txt"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    """A fresh response cache per test (subprocesses inherit it); the assembled model stays shared."""
    monkeypatch.setenv("SUMMARIZER_RESPONSE_CACHE_DIR", str(tmp_path / "response-cache"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


@pytest.fixture
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


GOOD_REPLY = {
    "headline": "Russia offers North Korea food in exchange for munitions",
    "status": "proposed",
    "status_quote": "a deal had been proposed",
    "parties": [
        {"name": "Russia", "aliases": [], "kind": "state"},
        {"name": "North Korea", "aliases": ["Pyongyang"], "kind": "state"},
    ],
    "terms": [
        {
            "giver": "Pyongyang",
            "receiver": "Russia",
            "category": "munitions",
            "item": "over two dozen kinds of weapons and munitions",
            "primary": True,
            "quote": "Russia would receive over two dozen kinds of weapons and munitions from Pyongyang",
        },
        {
            "giver": "Russia",
            "receiver": "North Korea",
            "category": "food",
            "item": "food",
            "primary": True,
            "quote": "Russia is offering North Korea food in exchange for munitions",
        },
    ],
    "sources": [
        {
            "name": "John Kirby",
            "affiliation": "White House National Security Council",
            "kind": "official",
            "on_record": True,
            "quote": "Kirby explained during a press briefing",
        },
    ],
    "evidence_strength": "probably_true",
    "evidence_rationale": "An on-record US official; neither party confirmed.",
    "summary": "A White House spokesman said Russia offered North Korea food in return for munitions.",
}


@pytest.fixture
def good_reply() -> dict:
    return copy.deepcopy(GOOD_REPLY)


def as_json(reply: dict) -> str:
    return json.dumps(reply)


# the preset of the tests that need a real model but not the default's quality (installed with the test extras)
TEST_PRESET = "qwen2.5-coder-0.5b"


def has_embedded_model(preset: str = TEST_PRESET) -> bool:
    """llama-cpp-python and ``preset`` are installed (and SUMMARIZER_SKIP_MODEL is not set)."""
    if os.environ.get("SUMMARIZER_SKIP_MODEL"):
        return False
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        return False
    from summarizer.models.presets import PRESETS

    return PRESETS[preset].installed()
