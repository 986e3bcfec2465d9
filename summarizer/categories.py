"""The category lexicon: which contract category an item's words name. Pure: no model.

The words live in ``summarizer/data/categories.json`` (one list per contract category, plus the words that may
name several categories on their own). Words are matched whole, in the singular or as listed ("shells" is a
shell, "shellfish" is food); a phrase is matched before its words, so "jet fuel" is energy, not aircraft and
energy. An item with an ambiguous word ("$2 billion arms package") names no single category. Both readings use
this module: the steps reading to categorise the items it finds, the single reading to check the model's labels.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "categories.json"
AMBIGUOUS = "ambiguous"
_WORD = re.compile(r"[a-z0-9]+")
_CURRENCY = re.compile(r"[$\u20ac\u00a3\u00a5]")  # $ EUR GBP JPY signs name money


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def lexicon() -> dict[str, tuple[str, ...]]:
    """Category -> the words and phrases that name it."""
    return {k: tuple(v) for k, v in _data()["categories"].items()}


@lru_cache(maxsize=1)
def ambiguous_words() -> frozenset[str]:
    """Words that may name several categories on their own ("arms", "aid", "tariffs")."""
    return frozenset(_data()["ambiguous"])


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, ...], str], int]:
    table: dict[tuple[str, ...], str] = {}
    for category, entries in lexicon().items():
        for entry in entries:
            key = tuple(entry.split())
            assert table.setdefault(key, category) == category, f"{entry!r} is listed twice"
    return table, max(len(k) for k in table)


def _singulars(word: str) -> list[str]:
    """``word`` and the singular forms it may be a plural of (drones, batteries, boxes)."""
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        forms.append(word[:-1])
    return forms


# "$17 billion of American agricultural products", "over $300 million in raw materials": the goods, not the money
VALUE_OF = re.compile(
    r"^(?:(?:at least|more than|over|up to|nearly|about|some|approximately|roughly)\s+)?[$\u20ac\u00a3]?\s?[\d.,]+\s*"
    r"(?:thousand|million|billion|trillion|bn|m)?(?:\s+(?:dollars|euros|pounds))?\s+(?:worth\s+)?(?:of|in)\s+(.+)$",
    re.IGNORECASE,
)
# words that only modify what follows them name no category: "anti-aircraft systems" are not aircraft
_ANTI = re.compile(r"\b(?:anti|counter)-[a-z]+", re.IGNORECASE)
# a relative clause says something about the item, not what it is
_RELATIVE = re.compile(r"\s(?:that|which|who|whose|where)\s.*$", re.IGNORECASE)


def goods_of(item: str) -> str:
    """The goods an item names after its value ("$17 billion of farm goods" -> "farm goods"); the item itself
    when it names no value."""
    m = VALUE_OF.match(item.strip())
    return m.group(1) if m else item


def categories_in(item: str) -> list[str]:
    """The categories the item's words and phrases name, in order of first mention (repeats dropped);
    ``"ambiguous"`` among them when the item has an ambiguous word."""
    table, longest = _table()
    ambiguous = ambiguous_words()
    item = _RELATIVE.sub("", _ANTI.sub(" ", item))
    words = _WORD.findall(item.lower().replace("\u2019", "'").replace("'s ", " "))
    found: list[str] = ["money"] if _CURRENCY.search(item) else []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            options: list[list[str]] = [[]]
            for word in words[i : i + size]:
                options = [prefix + [form] for prefix in options for form in _singulars(word)]
            category = next((table[tuple(o)] for o in options if tuple(o) in table), None)
            if category is not None:
                if category not in found:
                    found.append(category)
                i += size
                break
        else:
            if words[i] in ambiguous and AMBIGUOUS not in found:
                found.append(AMBIGUOUS)
            i += 1
    return found


# an item that is a purchase or a demand is the buyer's payment ("an initial purchase of 200 Boeing aircraft")
_PURCHASE = re.compile(r"^(?:(?:an?|the|its|their|initial|first|new|additional|further)\s+)*(?:purchases?|demand)\b",
                       re.IGNORECASE)


_COMMITMENT = re.compile(r"\bpurchase commitments?\b", re.IGNORECASE)


def category_from_item(item: str) -> str | None:
    """The one contract category the item's whole words name, or None when none or several do.

    "frozen shellfish" is food, "120 artillery shells" munitions, "four fighter jets" aircraft,
    "2 million barrels of crude oil" energy, "$2.1 billion in cash" money; "cashew nuts" is food
    (not cash), "European Union membership" political (not euro), "jetty access" None (not jet),
    "weapons and ammunition" None (two categories).
    """
    if _PURCHASE.match(item.strip()) or _COMMITMENT.search(item):
        return "money"
    goods = goods_of(item)
    if goods is not item:
        return category_from_item(goods)
    found = categories_in(item)
    if len(found) == 1 and found[0] != AMBIGUOUS:
        return found[0]
    named = [c for c in found if c != AMBIGUOUS]
    if len(named) == 1 and len(found) == 2:  # "155mm artillery ammunition": the head noun decides
        head = _head_words(item)
        proper = re.search(rf"\b{re.escape(head)}\b", item) is None if head else True  # "Brightwater Foods"
        if head and not proper and named[0] in categories_in(head):
            return named[0]
    return None


def _head_words(item: str) -> str:
    """The item's head noun: its last word before any "of", "for", "to" or "with" phrase ("rounds of 155mm
    artillery ammunition" -> "ammunition" is not the head; "counter-artillery radars" -> "radars")."""
    words = _WORD.findall(re.sub(r"^\s*(?:up to|more than|at least|as many as)\s+", "", item.lower()))
    for i, w in enumerate(words):
        if i and w in ("for", "to", "with", "from", "in", "on"):
            words = words[:i]
            break
    return words[-1] if words else ""
