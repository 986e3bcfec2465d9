"""What kind of mistake each miss is, per field: pure functions of a summary and its gold label.

- parties: missing, extra, matched by an alias only (no name-to-name match);
- terms: missing, extra, right sides but wrong direction, right direction but wrong category, unsupported (see
  :func:`summarizer.eval.scorers.term_supported`);
- sources: missing, extra, wrong kind, wrong on/off record (of the matched ones);
- status and evidence strength: a confusion matrix, gold × predicted.

The matching is the scorers' own (``match_parties``, ``term_scores``, ``match_sources``), so the classes add up
to the figures the report prints.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from summarizer.eval.matching import names_match, resolve
from summarizer.eval.scorers import match_parties, match_sources, term_scores, term_supported
from summarizer.schema import GoldLabel, Summary

PARTY_CLASSES = ("missing", "extra", "alias_only")
TERM_CLASSES = ("missing", "extra", "wrong_direction", "wrong_category", "unsupported")
SOURCE_CLASSES = ("missing", "extra", "wrong_kind", "wrong_on_record")


def classify(summary: Summary | None, gold: GoldLabel) -> dict[str, dict[str, int]]:
    """The count of each class of mistake in one case (a failed case misses everything)."""
    if summary is None:
        return {
            "parties": {"missing": len(gold.parties), "extra": 0, "alias_only": 0},
            "terms": {"missing": len(gold.terms), "extra": 0, "wrong_direction": 0, "wrong_category": 0,
                      "unsupported": 0},
            "sources": {"missing": len(gold.sources), "extra": 0, "wrong_kind": 0, "wrong_on_record": 0},
        }
    pairs = match_parties(summary.parties, gold.parties)
    parties = {
        "missing": len(gold.parties) - len(pairs),
        "extra": len(summary.parties) - len(pairs),
        "alias_only": sum(1 for i, j in pairs if not names_match(summary.parties[i].name, gold.parties[j].name)),
    }
    matched = term_scores(summary.terms, gold.terms, summary.parties, gold.parties, pairs).pairs
    hit_pred, hit_gold = {i for i, _ in matched}, {j for _, j in matched}
    to_gold = dict(pairs)

    def ends(term, parties, mapping=None):
        a, b = resolve(term.giver, parties), resolve(term.receiver, parties)
        if mapping is not None:
            a, b = mapping.get(a), mapping.get(b)
        return a, b

    wrong_direction = wrong_category = 0
    for i, t in enumerate(summary.terms):
        if i in hit_pred:
            continue
        giver, receiver = ends(t, summary.parties, to_gold)
        if giver is None or receiver is None:
            continue
        for j, g in enumerate(gold.terms):
            if j in hit_gold:
                continue
            gg, gr = ends(g, gold.parties)
            if (giver, receiver) == (gr, gg):
                wrong_direction += 1
                break
            if (giver, receiver) == (gg, gr) and t.category != g.category:
                wrong_category += 1
                break
    terms = {
        "missing": len(gold.terms) - len(matched),
        "extra": len(summary.terms) - len(matched),
        "wrong_direction": wrong_direction,
        "wrong_category": wrong_category,
        "unsupported": sum(1 for t in summary.terms if not term_supported(t)),
    }
    source_pairs = match_sources(summary.sources, gold.sources)
    sources = {
        "missing": len(gold.sources) - len(source_pairs),
        "extra": len(summary.sources) - len(source_pairs),
        "wrong_kind": sum(1 for i, j in source_pairs if summary.sources[i].kind != gold.sources[j].kind),
        "wrong_on_record": sum(
            1 for i, j in source_pairs if summary.sources[i].on_record != gold.sources[j].on_record
        ),
    }
    return {"parties": parties, "terms": terms, "sources": sources}


def totals(per_case: list[dict[str, dict[str, int]]]) -> dict[str, dict[str, int]]:
    """Each class summed over cases."""
    out: dict[str, dict[str, int]] = {}
    for field, classes in (("parties", PARTY_CLASSES), ("terms", TERM_CLASSES), ("sources", SOURCE_CLASSES)):
        out[field] = {c: sum(case[field][c] for case in per_case) for c in classes}
    return out


def confusion(pairs: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """gold -> predicted -> count."""
    counts = Counter(pairs)
    golds = sorted({g for g, _ in pairs})
    return {g: {p: n for (gg, p), n in sorted(counts.items()) if gg == g} for g in golds}


def report_section(results: list[Any]) -> dict[str, Any]:
    """The error classes of an eval run: per case, totals, and the status and evidence confusion matrices."""
    per_case = {r.case.id: classify(r.summary, r.case.gold) for r in results}
    return {
        "per_case": per_case,
        "totals": totals(list(per_case.values())),
        "status_confusion": confusion(
            [(r.case.gold.status, r.summary.status if r.summary else "failed") for r in results]
        ),
        "evidence_confusion": confusion(
            [(r.case.gold.evidence_strength, r.summary.evidence_strength if r.summary else "failed") for r in results]
        ),
    }
