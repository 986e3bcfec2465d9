"""Scoring of one summary against its gold label. Pure: no model, no I/O.

Matching follows the contract ("How the eval matches", ``shared/design/contract.md``).
Names are compared with the eval's own matcher, :mod:`summarizer.eval.matching` (case,
punctuation and articles ignored; rapidfuzz ``token_set_ratio`` >= 90), never with the
clean-up's: improving the reader must not move the ruler.

Parties
    A predicted party matches a gold party when any of its names (name first, then
    aliases) matches the gold name or a gold alias. Matching is one-to-one and greedy:
    exact key matches before fuzzy ones, the predicted main name before its aliases,
    higher fuzzy scores first, then list order; so it is deterministic.

Terms
    A term's giver and receiver strings are resolved to a party of their own side
    (by name or alias, via :func:`summarizer.eval.matching.resolve`); a predicted term
    matches a gold term when its giver and receiver parties are matched (by the party
    matching) to the gold term's giver and receiver, and the category is equal. A
    predicted end that names no predicted party, or a party left unmatched, matches
    nothing. One-to-one; among equally valid gold terms the one with the same
    ``primary`` flag wins, then the one whose item reads most alike, then list order.
    ``primary_recall`` is matched primary gold terms / primary gold terms, ``None``
    when the gold has no primary term.

Sources
    A predicted source matches a gold source by name (``names_match(pred.name,
    gold.name)``) or, when the gold source is an organisation (its kind is not
    ``official``, ``expert`` or ``anonymous``), by affiliation:
    ``names_match(pred.affiliation, gold.name)`` (a spokesperson of that body) or
    ``names_match(pred.name, gold.affiliation)`` (the body named by its parent).
    One-to-one; name matches are taken before affiliation matches.

Source kinds and records
    Over the matched source pairs: ``sources_kind`` the share whose predicted kind is
    the gold kind, ``sources_on_record`` the share whose on-the-record flag is the
    gold's; ``None`` when no source matched. Beside sources F1, not part of it.

Status is 1.0 when equal else 0.0. Evidence strength is 1.0 when equal, 0.5 one
step apart on confirmed > probably_true > possibly_true > doubtful > improbable,
else 0.0; ``cannot_be_judged`` matches only itself.

Unsupported terms
    A predicted term is unsupported when it has no evidence quote, or when fewer
    than half of its item's content words (:func:`content_words`: words of letters
    or digits, lower case, not in the eval's own short stop list) occur among the
    content words of its evidence quotes. ``terms_unsupported`` counts them per case;
    the aggregate adds ``terms_unsupported_total`` (the sum over cases) beside the
    mean. The eval's word list is its own, like its name matcher.

Grounding counts the summary's quotes (:meth:`Summary.all_quotes`) whose offsets
slice back to their text: ``article[start:end] == text``.

Edge conventions for precision, recall and F1 (``tp`` matches, ``n_pred`` predicted,
``n_gold`` gold items)::

    precision = tp / n_pred   if n_pred else (1.0 if n_gold == 0 else 0.0)
    recall    = tp / n_gold   if n_gold else (1.0 if n_pred == 0 else 0.0)
    f1        = 2PR / (P + R) if P + R else 0.0

So both lists empty scores P = R = F1 = 1.0 (nothing to find, nothing invented),
and exactly one list empty scores P = R = F1 = 0.0: an empty side is never
rewarded with a vacuous 1.0, which would inflate the mean precision of a model
that outputs nothing, or the mean recall of one that invents items where the gold
has none.

Deal detection: ``gold_deal`` and ``pred_deal`` say whether the gold label and
the summary report a deal (:func:`summarizer.eval.detection.reports_deal`); they
are booleans, so :func:`aggregate` leaves them out and the report scores them as
a classifier over the cases.

A failed case (no summary) scores 0.0 on every figure, ``primary_recall``
included (None when the gold has no primary term), and ``valid`` is 0.0; it has no quotes, so ``grounding`` is ``None``
and the failure shows in validity only. :func:`aggregate` takes the mean of each
numeric field over the cases where it is not ``None``, except ``grounding``,
which is micro-averaged (all grounded quotes / all quotes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.eval.detection import reports_deal
from summarizer.eval.matching import exact, names_match, resolve, similarity
from summarizer.schema import EVIDENCE_LEVELS, GoldLabel, Party, Source, Summary, Term

ORDERED_LEVELS: tuple[str, ...] = tuple(level for level in EVIDENCE_LEVELS if level != "cannot_be_judged")
PERSON_SOURCE_KINDS = frozenset({"official", "expert", "anonymous"})


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts behind them."""

    precision: float
    recall: float
    f1: float
    tp: int
    n_pred: int
    n_gold: int

    @classmethod
    def of(cls, tp: int, n_pred: int, n_gold: int) -> PRF:
        """Figures from counts, with the edge conventions of the module docstring."""
        p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
        r = tp / n_gold if n_gold else (1.0 if n_pred == 0 else 0.0)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return cls(precision=p, recall=r, f1=f1, tp=tp, n_pred=n_pred, n_gold=n_gold)

    @classmethod
    def failed(cls, n_gold: int) -> PRF:
        """All zero: the case produced no summary."""
        return cls(precision=0.0, recall=0.0, f1=0.0, tp=0, n_pred=0, n_gold=n_gold)

    def as_dict(self, prefix: str) -> dict[str, float | int]:
        """``{prefix}_p``, ``_r``, ``_f1``, ``_tp``, ``_pred``, ``_gold``."""
        return {
            f"{prefix}_p": self.precision,
            f"{prefix}_r": self.recall,
            f"{prefix}_f1": self.f1,
            f"{prefix}_tp": self.tp,
            f"{prefix}_pred": self.n_pred,
            f"{prefix}_gold": self.n_gold,
        }


@dataclass(frozen=True)
class TermScores:
    """Term F1 over all terms, plus recall over the primary gold terms."""

    prf: PRF
    primary_tp: int
    n_gold_primary: int
    pairs: tuple[tuple[int, int], ...] = ()  # (pred index, gold index) of matched terms

    @property
    def primary_recall(self) -> float | None:
        return self.primary_tp / self.n_gold_primary if self.n_gold_primary else None


# --------------------------------------------------------------------------- matching helpers


def _greedy(ranked: list[tuple[tuple[Any, ...], int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs from ``(rank, i, j)`` candidates, best rank first (higher is better), ties by index."""
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in sorted(ranked, key=lambda c: (tuple(-x for x in c[0]), c[1], c[2])):
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _party_rank(pred: Party, gold: Party) -> tuple[int, int, float] | None:
    """How well ``pred`` matches ``gold``: (exact key, pred main name used, fuzzy score); None if no match."""
    best: tuple[int, int, float] | None = None
    for k, pred_name in enumerate([pred.name, *pred.aliases]):
        for gold_name in [gold.name, *gold.aliases]:
            if not names_match(pred_name, gold_name):
                continue
            same = int(exact(pred_name, gold_name))
            rank = (same, int(k == 0), 100.0 if same else similarity(pred_name, gold_name))
            if best is None or rank > best:
                best = rank
    return best


# --------------------------------------------------------------------------- scorers


def match_parties(pred: Sequence[Party], gold: Sequence[Party]) -> list[tuple[int, int]]:
    """One-to-one ``(pred index, gold index)`` pairs, sorted by pred index."""
    ranked = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            rank = _party_rank(p, g)
            if rank is not None:
                ranked.append((rank, i, j))
    return _greedy(ranked)


def party_scores(pred: Sequence[Party], gold: Sequence[Party]) -> PRF:
    """Party precision, recall and F1."""
    return PRF.of(len(match_parties(pred, gold)), len(pred), len(gold))


def _index_of(name: str, parties: Sequence[Party]) -> int | None:
    return resolve(name, parties)


def term_scores(
    pred_terms: Sequence[Term],
    gold_terms: Sequence[Term],
    pred_parties: Sequence[Party],
    gold_parties: Sequence[Party],
    party_pairs: list[tuple[int, int]] | None = None,
) -> TermScores:
    """Term F1 and primary recall; ``party_pairs`` defaults to :func:`match_parties` of the two party lists."""
    if party_pairs is None:
        party_pairs = match_parties(pred_parties, gold_parties)
    to_gold = dict(party_pairs)

    def pred_end(name: str) -> int | None:
        k = _index_of(name, pred_parties)
        return None if k is None else to_gold.get(k)

    ranked = []
    for i, t in enumerate(pred_terms):
        giver, receiver = pred_end(t.giver), pred_end(t.receiver)
        if giver is None or receiver is None:
            continue
        for j, g in enumerate(gold_terms):
            if (
                g.category == t.category
                and _index_of(g.giver, gold_parties) == giver
                and _index_of(g.receiver, gold_parties) == receiver
            ):
                ranked.append(((int(t.primary == g.primary), similarity(t.item, g.item)), i, j))
    pairs = _greedy(ranked)
    primary_tp = sum(1 for _, j in pairs if gold_terms[j].primary)
    return TermScores(
        prf=PRF.of(len(pairs), len(pred_terms), len(gold_terms)),
        primary_tp=primary_tp,
        n_gold_primary=sum(1 for g in gold_terms if g.primary),
        pairs=tuple(pairs),
    )


def _source_rank(pred: Source, gold: Source) -> tuple[int, float] | None:
    """2 for a name match, 1 for an affiliation match (organisational gold only), with the fuzzy score."""
    if names_match(pred.name, gold.name):
        return (2, similarity(pred.name, gold.name))
    if gold.kind not in PERSON_SOURCE_KINDS:
        if pred.affiliation.strip() and names_match(pred.affiliation, gold.name):
            return (1, similarity(pred.affiliation, gold.name))
        if gold.affiliation.strip() and names_match(pred.name, gold.affiliation):
            return (1, similarity(pred.name, gold.affiliation))
    return None


def match_sources(pred: Sequence[Source], gold: Sequence[Source]) -> list[tuple[int, int]]:
    """One-to-one ``(pred index, gold index)`` source pairs, name matches first."""
    ranked = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            rank = _source_rank(p, g)
            if rank is not None:
                ranked.append((rank, i, j))
    return _greedy(ranked)


def source_scores(pred: Sequence[Source], gold: Sequence[Source]) -> PRF:
    """Source precision, recall and F1."""
    return PRF.of(len(match_sources(pred, gold)), len(pred), len(gold))


def source_detail(pred: Sequence[Source], gold: Sequence[Source]) -> tuple[float | None, float | None]:
    """Over the matched source pairs: the share with the gold kind, and the share with the gold's record."""
    pairs = match_sources(pred, gold)
    if not pairs:
        return None, None
    kind = sum(1 for i, j in pairs if pred[i].kind == gold[j].kind) / len(pairs)
    record = sum(1 for i, j in pairs if pred[i].on_record == gold[j].on_record) / len(pairs)
    return kind, record


def status_score(pred: str, gold: str) -> float:
    """1.0 for the same status, else 0.0."""
    return 1.0 if pred == gold else 0.0


def evidence_score(pred: str, gold: str) -> float:
    """1.0 exact, 0.5 one step apart on the five ordered levels, else 0.0."""
    if pred == gold:
        return 1.0
    if pred in ORDERED_LEVELS and gold in ORDERED_LEVELS:
        if abs(ORDERED_LEVELS.index(pred) - ORDERED_LEVELS.index(gold)) == 1:
            return 0.5
    return 0.0


# the eval's own stop list (not the pipeline's): words that say nothing about what is given
STOP_WORDS = frozenset(
    """a an the of to for from in on at by with and or but as its it their his her this that these those
    some any all more most other such up into over than about per each both which who what""".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry content: lower case, runs of letters or digits, stop words dropped."""
    return [w for w in (m.group(0).lower().replace("’", "'") for m in _WORD.finditer(text)) if w not in STOP_WORDS]


def term_supported(term: Term) -> bool:
    """Whether a term has evidence and at least half of its item's content words occur in that evidence."""
    if not term.evidence:
        return False
    words = content_words(term.item)
    if not words:
        return False
    said = set(content_words(" ".join(q.text for q in term.evidence)))
    return sum(1 for w in words if w in said) * 2 >= len(words)


def unsupported_terms(terms: Sequence[Term]) -> int:
    """How many terms are unsupported (no evidence, or an item mostly not in its evidence)."""
    return sum(1 for t in terms if not term_supported(t))


def grounding_score(summary: Summary, article: str) -> tuple[int, int]:
    """``(grounded, total)`` quotes, where grounded means ``article[start:end] == text``."""
    quotes = summary.all_quotes()
    grounded = sum(1 for q in quotes if q.start <= q.end <= len(article) and article[q.start : q.end] == q.text)
    return grounded, len(quotes)


def score_case(summary: Summary | None, gold: GoldLabel, article: str) -> dict[str, float | int | None]:
    """Every figure for one case; a failed case (``summary is None``) scores 0 throughout."""
    if summary is None:
        parties, sources = PRF.failed(len(gold.parties)), PRF.failed(len(gold.sources))
        terms = TermScores(PRF.failed(len(gold.terms)), 0, sum(1 for g in gold.terms if g.primary))
        primary_recall: float | None = 0.0 if terms.n_gold_primary else None
        status = evidence = valid = 0.0
        kinds = records = 0.0 if gold.sources else None
        unsupported = 0
        grounded = total = 0
        meta: dict[str, Any] = {}
    else:
        pairs = match_parties(summary.parties, gold.parties)
        parties = PRF.of(len(pairs), len(summary.parties), len(gold.parties))
        terms = term_scores(summary.terms, gold.terms, summary.parties, gold.parties, pairs)
        primary_recall = terms.primary_recall
        sources = source_scores(summary.sources, gold.sources)
        kinds, records = source_detail(summary.sources, gold.sources)
        unsupported = unsupported_terms(summary.terms)
        status = status_score(summary.status, gold.status)
        evidence = evidence_score(summary.evidence_strength, gold.evidence_strength)
        valid = 1.0
        grounded, total = grounding_score(summary, article)
        meta = _run_figures(summary)
    return {
        "gold_deal": reports_deal(gold),
        "pred_deal": reports_deal(summary),
        **parties.as_dict("parties"),
        **terms.prf.as_dict("terms"),
        "terms_primary_recall": primary_recall,
        "terms_primary_tp": terms.primary_tp,
        "terms_primary_gold": terms.n_gold_primary,
        "terms_unsupported": unsupported,
        **sources.as_dict("sources"),
        "sources_kind": kinds,
        "sources_on_record": records,
        "status": status,
        "evidence": evidence,
        "grounding": grounded / total if total else None,
        "quotes_grounded": grounded,
        "quotes_total": total,
        "valid": valid,
        "tokens_in": meta.get("tokens_in"),
        "tokens_evaluated": meta.get("tokens_evaluated"),
        "tokens_out": meta.get("tokens_out"),
        "attempts": meta.get("attempts"),
        "seconds": meta.get("seconds"),
        "brief_kept": meta.get("brief_kept"),
        "brief_seconds": meta.get("brief_seconds"),
    }


def _run_figures(summary: Summary) -> dict[str, Any]:
    """The run figures from ``summary.meta`` that the report shows (the brief's: None when no model wrote one)."""
    m = summary.meta
    briefs = [s for s in m.steps if s.name in ("brief", "headline")]
    return {
        "brief_kept": (0.0 if m.brief == "template" else 1.0) if briefs else None,
        "brief_seconds": round(sum(s.seconds for s in briefs), 3) if briefs else None,
        "tokens_in": m.tokens_in,
        "tokens_evaluated": m.tokens_in - m.tokens_cached,  # after prefix reuse
        "tokens_out": m.tokens_out,
        "attempts": m.attempts,
        "seconds": m.seconds,
    }


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def aggregate(case_scores: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Mean of each numeric field over the cases where it is not None; micro grounding; validity; cases."""
    fields: list[str] = []
    for case in case_scores:
        for key, value in case.items():
            if key not in fields and (value is None or _is_number(value)):
                fields.append(key)
    out: dict[str, Any] = {}
    for name in fields:
        out[name] = _mean([c[name] for c in case_scores if _is_number(c.get(name))])
    grounded = sum(c.get("quotes_grounded") or 0 for c in case_scores)
    total = sum(c.get("quotes_total") or 0 for c in case_scores)
    out["grounding"] = grounded / total if total else None
    out["terms_unsupported_total"] = sum(c.get("terms_unsupported") or 0 for c in case_scores)
    out["validity"] = _mean([float(c.get("valid") or 0.0) for c in case_scores])
    out["cases"] = len(case_scores)
    return out


__all__ = [
    "ORDERED_LEVELS",
    "PRF",
    "TermScores",
    "aggregate",
    "evidence_score",
    "grounding_score",
    "match_parties",
    "match_sources",
    "party_scores",
    "score_case",
    "source_detail",
    "source_scores",
    "status_score",
    "term_scores",
    "term_supported",
    "unsupported_terms",
]
