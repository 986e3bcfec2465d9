"""A fitted linear decision as data: feature names, standardisation, coefficients, classes. Pure, no sklearn.

The training command (``summarizer/training/``) fits each decision with scikit-learn's logistic regression and
writes it into ``weights.json`` as plain numbers; the reading applies it here with a dot product and a softmax,
so reading never imports scikit-learn and the weights can be read and diffed like any data file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

WEIGHTS = Path(__file__).parent / "weights.json"


@dataclass(frozen=True)
class Linear:
    """One decision: P(class | features) = softmax(coef · standardised(x) + intercept)."""

    features: tuple[str, ...]
    classes: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]  # one row per class; a binary decision has one row (for classes[1])
    intercept: tuple[float, ...]
    threshold: float = 0.5  # a binary decision says yes at this probability or above

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Linear:
        return cls(
            features=tuple(d["features"]),
            classes=tuple(str(c) for c in d["classes"]),
            mean=tuple(d["mean"]),
            scale=tuple(d["scale"]),
            coef=tuple(tuple(r) for r in d["coef"]),
            intercept=tuple(d["intercept"]),
            threshold=d.get("threshold", 0.5),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "classes": list(self.classes),
            "mean": [round(v, 8) for v in self.mean],
            "scale": [round(v, 8) for v in self.scale],
            "coef": [[round(v, 8) for v in row] for row in self.coef],
            "intercept": [round(v, 8) for v in self.intercept],
            "threshold": self.threshold,
        }

    def scores(self, row: dict[str, float]) -> list[float]:
        z = [(row[f] - m) / s for f, m, s in zip(self.features, self.mean, self.scale, strict=True)]
        return [sum(w * v for w, v in zip(ws, z, strict=True)) + b for ws, b in zip(self.coef, self.intercept,
                                                                                      strict=True)]

    def proba(self, row: dict[str, float]) -> dict[str, float]:
        """The probability of each class."""
        s = self.scores(row)
        if len(s) == 1:
            p = 1.0 / (1.0 + math.exp(-s[0]))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        top = max(s)
        e = [math.exp(v - top) for v in s]
        total = sum(e)
        return {c: v / total for c, v in zip(self.classes, e, strict=True)}

    def yes(self, row: dict[str, float]) -> float:
        """P(yes) of a binary decision (its second class)."""
        return self.proba(row)[self.classes[1]]

    def choose(self, row: dict[str, float], among: Sequence[str] | None = None) -> str:
        """The most probable class (of ``among``, when given: an empty ``among`` is an error, not every class)."""
        p = self.proba(row)
        return max(self.classes if among is None else among, key=lambda c: p[c])

    def weights_by_feature(self, cls: str | None = None) -> list[tuple[str, float]]:
        """(feature, standardised weight) from the largest in size down: which features carry the decision."""
        row = self.coef[0] if len(self.coef) == 1 else self.coef[self.classes.index(cls or self.classes[0])]
        return sorted(zip(self.features, row, strict=True), key=lambda fw: -abs(fw[1]))


@dataclass(frozen=True)
class Weights:
    """Every fitted decision of the reading, and what the training recorded about them."""

    decisions: dict[str, Linear]
    info: dict[str, Any]

    def __getitem__(self, name: str) -> Linear:
        return self.decisions[name]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Weights:
        return cls({k: Linear.from_dict(v) for k, v in d["decisions"].items()}, {k: v for k, v in d.items()
                                                                                   if k != "decisions"})

    def as_dict(self) -> dict[str, Any]:
        return {**self.info, "decisions": {k: v.as_dict() for k, v in self.decisions.items()}}


@lru_cache(maxsize=4)
def load_weights(path: str | None = None) -> Weights:
    """The committed weights (or those of ``path``)."""
    return Weights.from_dict(json.loads(Path(path or WEIGHTS).read_text(encoding="utf-8")))
