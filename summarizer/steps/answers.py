"""The answer of each step: a small pydantic model built for one article.

Names are enums of the article's candidates, labels are the contract's label sets, sentence numbers are
bounded by the article's sentence count and free text is short. A grammar-constrained backend can only
produce a valid answer; an endpoint that ignores the schema is re-asked with the validation errors.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from summarizer.schema import Category

NOTHING = "nothing"
MAX_ITEM_CHARS = 60


def _literal(values: tuple[Any, ...]) -> Any:
    return Literal[values]  # type: ignore[valid-type]


def gives_answer(sentences: int) -> type[BaseModel]:
    """{sentence, category, item}: 0 and "nothing" when the side gives nothing."""
    categories = (*Category.__args__, NOTHING)  # type: ignore[attr-defined]
    return create_model(
        "WhatIsGiven",
        sentence=(_literal(tuple(range(0, sentences + 1))), Field(description="0 if the article does not say.")),
        category=(_literal(categories), ...),
        item=(str, Field(max_length=MAX_ITEM_CHARS, description="A few words from that sentence.")),
    )


def sides_answer(options: list[str], sentences: int) -> type[BaseModel]:
    """{sentence, first, second}: the two sides of the main deal, each one of the options."""
    return create_model(
        "Sides",
        sentence=(_literal(tuple(range(1, sentences + 1))), ...),
        first=(_literal(tuple(options)), ...),
        second=(_literal(tuple(options)), ...),
    )


def status_answer(statuses: tuple[str, ...], sentences: int) -> type[BaseModel]:
    """{sentence, status}: the status of the main deal and the sentence that shows it."""
    return create_model(
        "Status",
        sentence=(_literal(tuple(range(1, sentences + 1))), ...),
        status=(_literal(statuses), ...),
    )
