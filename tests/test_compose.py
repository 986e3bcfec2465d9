"""The template's prose: one clause for the main deal, one direction or an exchange."""

from __future__ import annotations

from summarizer.compose import exchange_clause
from summarizer.schema import Term


def term(giver: str, receiver: str, item: str) -> Term:
    return Term(giver=giver, receiver=receiver, item=item, category="political", primary=True)


def test_an_exchange_is_one_clause():
    terms = [term("Russia", "North Korea", "food"), term("North Korea", "Russia", "munitions")]
    assert exchange_clause(terms, "proposed") == "Russia would give North Korea food in exchange for munitions"


def test_the_same_commitment_both_ways_is_said_once():
    terms = [term("Canada", "United Kingdom", "a joint declaration"),
             term("United Kingdom", "Canada", "a joint declaration")]
    assert exchange_clause(terms, "agreed") == "Canada and United Kingdom are to give each other a joint declaration"


def test_one_direction():
    assert exchange_clause([term("Japan", "United States", "Patriot missiles")], "implemented") == (
        "Japan gave United States Patriot missiles")
