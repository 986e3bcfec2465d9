"""Scorers against figures worked out by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.eval.scorers import (
    PRF,
    aggregate,
    evidence_score,
    grounding_score,
    match_parties,
    match_sources,
    party_scores,
    score_case,
    source_detail,
    source_scores,
    status_score,
    term_scores,
)
from summarizer.schema import Claim, GoldLabel, Meta, Party, Quote, Source, Summary, Term

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLE = "Russia offers food. North Korea sends shells, John Kirby said."
# "Russia offers food." is [0:19], "John Kirby" is [46:56]; len(ARTICLE) == 62


def party(name: str, *aliases: str, kind: str = "state") -> Party:
    return Party(name=name, aliases=list(aliases), kind=kind)


def term(giver: str, receiver: str, category: str, item: str = "x", primary: bool = True, **kw) -> Term:
    return Term(giver=giver, receiver=receiver, category=category, item=item, primary=primary, **kw)


def source(name: str, affiliation: str = "", kind: str = "official", on_record: bool = True, **kw) -> Source:
    return Source(name=name, affiliation=affiliation, kind=kind, on_record=on_record, **kw)


def quote(start: int, end: int, text: str | None = None) -> Quote:
    return Quote(text=ARTICLE[start:end] if text is None else text, start=start, end=end)


def summary(**over) -> Summary:
    base = {
        "headline": "h",
        "summary": "s",
        "status": "proposed",
        "parties": [],
        "terms": [],
        "sources": [],
        "evidence_strength": "probably_true",
        "evidence_rationale": "r",
        "meta": Meta(model="t", prompt_template="p", prompt_hash="h"),
    }
    base.update(over)
    return Summary(**base)


def gold(**over) -> GoldLabel:
    base = {
        "status": "proposed",
        "parties": [],
        "terms": [],
        "sources": [],
        "evidence_strength": "probably_true",
        "evidence_rationale": "r",
    }
    base.update(over)
    return GoldLabel(**base)


# --------------------------------------------------------------------------- PRF and edge conventions


def test_prf_arithmetic():
    # tp=2, 3 predicted, 4 gold: P = 2/3, R = 2/4, F1 = 2*(2/3)*(1/2) / (2/3 + 1/2) = (2/3) / (7/6) = 4/7
    s = PRF.of(2, 3, 4)
    assert (s.precision, s.recall, s.f1) == pytest.approx((2 / 3, 1 / 2, 4 / 7))
    assert s.as_dict("parties") == {
        "parties_p": s.precision,
        "parties_r": s.recall,
        "parties_f1": s.f1,
        "parties_tp": 2,
        "parties_pred": 3,
        "parties_gold": 4,
    }


def test_edge_both_empty_is_perfect():
    # nothing to find and nothing invented
    s = PRF.of(0, 0, 0)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert party_scores([], []).f1 == 1.0


def test_edge_empty_gold_with_prediction_scores_zero():
    # 2 invented parties, nothing to find: P = 0/2 = 0; R is not vacuously 1 but 0; F1 = 0
    s = party_scores([party("Russia"), party("Iran")], [])
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_edge_empty_prediction_with_gold_scores_zero():
    # 1 gold party missed: R = 0/1 = 0; P is not vacuously 1 but 0; F1 = 0
    s = party_scores([], [party("Russia")])
    assert (s.precision, s.recall, s.f1, s.n_gold) == (0.0, 0.0, 0.0, 1)


# --------------------------------------------------------------------------- parties


def test_party_matches_gold_alias():
    assert match_parties([party("Pyongyang")], [party("North Korea", "Pyongyang", "DPRK")]) == [(0, 0)]


def test_party_alias_of_prediction_counts():
    assert match_parties([party("DPRK", "North Korea")], [party("North Korea")]) == [(0, 0)]


def test_party_case_articles_and_fuzzy():
    # "The Kremlin" ~ "Kremlin" (article dropped); "Ministry of Defence" ~ "Ministry of Defense" (token_set_ratio >= 90)
    pred = [party("The Kremlin", kind="government_body"), party("Ministry of Defence", kind="government_body")]
    gold_parties = [party("ministry of defense", kind="government_body"), party("Kremlin", kind="government_body")]
    assert match_parties(pred, gold_parties) == [(0, 1), (1, 0)]
    assert match_parties([party("Russia")], [party("North Korea")]) == []


def test_party_matching_is_one_to_one():
    # "Russia" and "Moscow" both match gold Russia, which counts once: tp=1, P = 1/2, R = 1/1, F1 = 2*(1/2)*1/(3/2) = 2/3
    s = party_scores([party("Russia"), party("Moscow")], [party("Russia", "Moscow")])
    assert (s.tp, s.precision, s.recall, s.f1) == (1, 0.5, 1.0, pytest.approx(2 / 3))


def test_party_exact_match_is_preferred_over_fuzzy():
    # "Korea" fuzzily matches "North Korea" (token set subset), but the exact "North Korea" (pred 1) takes it
    assert match_parties([party("Korea"), party("North Korea")], [party("North Korea")]) == [(1, 0)]


def test_duplicate_parties_lower_precision():
    # tp=2 of 3 predicted, 2 gold: P = 2/3, R = 1, F1 = 2*(2/3)*1/(5/3) = 4/5
    pred = [party("Russia"), party("Russia"), party("North Korea")]
    s = party_scores(pred, [party("Russia"), party("North Korea")])
    assert (s.tp, s.precision, s.recall, s.f1) == (2, pytest.approx(2 / 3), 1.0, pytest.approx(0.8))


# --------------------------------------------------------------------------- terms

GOLD_PARTIES = [party("Russia", "Moscow"), party("North Korea", "Pyongyang")]


def test_terms_through_aliases_wrong_category_and_primary_recall():
    gold_terms = [
        term("North Korea", "Russia", "munitions"),  # primary
        term("Russia", "North Korea", "food"),  # primary
        term("Russia", "North Korea", "aircraft", primary=False),
    ]
    pred_parties = [party("Moscow"), party("North Korea", "Pyongyang")]
    pred_terms = [
        term("Pyongyang", "Moscow", "munitions"),  # pred alias -> North Korea, Moscow -> Russia: matches gold 0
        term("Moscow", "Pyongyang", "weapons"),  # right direction for gold 1, wrong category: no match
        term("Moscow", "North Korea", "aircraft"),  # matches gold 2 (a non-primary term)
    ]
    s = term_scores(pred_terms, gold_terms, pred_parties, GOLD_PARTIES)
    # tp=2 of 3 predicted and 3 gold: P = R = F1 = 2/3; primary: gold 0 found, gold 1 not: 1/2
    assert (s.prf.tp, s.prf.f1) == (2, pytest.approx(2 / 3))
    assert (s.primary_tp, s.n_gold_primary, s.primary_recall) == (1, 2, 0.5)


def test_terms_direction_matters():
    s = term_scores(
        [term("Russia", "North Korea", "munitions")],
        [term("North Korea", "Russia", "munitions")],
        GOLD_PARTIES,
        GOLD_PARTIES,
    )
    assert s.prf.tp == 0


def test_term_prefers_gold_term_with_same_primary_flag():
    # both gold terms fit North Korea -> Russia munitions; the primary prediction takes the primary one (gold 1)
    gold_terms = [
        term("North Korea", "Russia", "munitions", "artillery", primary=False),
        term("North Korea", "Russia", "munitions", "shells"),
    ]
    s = term_scores([term("North Korea", "Russia", "munitions", "artillery")], gold_terms, GOLD_PARTIES, GOLD_PARTIES)
    # tp=1: P = 1/1, R = 1/2, F1 = 2/3; primary recall 1/1
    assert (s.prf.precision, s.prf.recall, s.prf.f1) == (1.0, 0.5, pytest.approx(2 / 3))
    assert s.primary_recall == 1.0


def test_term_matching_is_one_to_one():
    # two identical predictions, one gold term: tp=1, P = 1/2, R = 1
    pred_terms = [term("Russia", "North Korea", "food"), term("Russia", "North Korea", "food")]
    s = term_scores(pred_terms, [term("Russia", "North Korea", "food")], GOLD_PARTIES, GOLD_PARTIES)
    assert (s.prf.tp, s.prf.precision, s.prf.recall) == (1, 0.5, 1.0)


def test_term_end_that_is_no_predicted_party_matches_nothing():
    # "Moscow" is not among the predicted parties (only North Korea is), so the term does not resolve
    s = term_scores(
        [term("Moscow", "North Korea", "food")],
        [term("Russia", "North Korea", "food")],
        [party("North Korea")],
        GOLD_PARTIES,
    )
    assert s.prf.tp == 0


def test_term_primary_recall_none_without_primary_gold():
    s = term_scores([], [term("Russia", "North Korea", "food", primary=False)], GOLD_PARTIES, GOLD_PARTIES)
    assert s.primary_recall is None
    assert term_scores([], [], [], []).prf.f1 == 1.0


# --------------------------------------------------------------------------- sources


def test_source_by_name_and_by_affiliation_for_an_organisation():
    gold_sources = [
        source("Ministry of Defense", "United Kingdom", kind="government_body"),
        source("John Kirby", "White House National Security Council"),  # a person: no affiliation match
    ]
    pred = [
        source("a spokesperson", "Ministry of Defence"),  # affiliation ~ the gold organisation: matches gold 0
        source("Admiral Smith", "White House National Security Council"),  # same affiliation as Kirby: no match
    ]
    # tp=1 of 2 and 2: P = R = F1 = 1/2
    s = source_scores(pred, gold_sources)
    assert (s.tp, s.precision, s.recall, s.f1) == (1, 0.5, 0.5, 0.5)
    # the organisation named by its parent (gold affiliation) also matches
    assert match_sources([source("United Kingdom", kind="government_body")], gold_sources) == [(0, 0)]
    assert match_sources([source("J. Kirby")], gold_sources) == []  # token_set_ratio("j kirby", "john kirby") < 90
    assert match_sources([source("Kirby")], gold_sources) == [(0, 1)]


def test_source_name_match_is_taken_before_affiliation_match():
    pred = [source("a spokesperson", "Ministry of Defense"), source("the Ministry of Defense", kind="government_body")]
    gold_sources = [source("Ministry of Defense", "United Kingdom", kind="government_body")]
    assert match_sources(pred, gold_sources) == [(1, 0)]


def test_source_kind_and_record_are_scored_over_the_matched_sources_only():
    gold_sources = [source("John Kirby"), source("officials familiar with the talks", kind="anonymous", on_record=False)]
    pred = [
        source("John Kirby", kind="expert"),  # matched, wrong kind, right record
        source("Officials familiar with the talks", kind="anonymous", on_record=True),  # matched, right kind only
        source("Ivo Brann", kind="anonymous", on_record=False),  # unmatched: not counted
    ]
    assert source_detail(pred, gold_sources) == (0.5, 0.5)
    assert source_detail([source("Ivo Brann")], gold_sources) == (None, None)


# --------------------------------------------------------------------------- status, evidence, grounding


def test_status_is_exact():
    assert status_score("agreed", "agreed") == 1.0
    assert status_score("agreed", "implemented") == 0.0


@pytest.mark.parametrize(
    ("pred", "gold_level", "expected"),
    [
        ("probably_true", "probably_true", 1.0),
        ("confirmed", "probably_true", 0.5),  # one step
        ("doubtful", "improbable", 0.5),  # one step
        ("possibly_true", "confirmed", 0.0),  # two steps
        ("improbable", "confirmed", 0.0),
        ("cannot_be_judged", "cannot_be_judged", 1.0),
        ("cannot_be_judged", "improbable", 0.0),  # next in the schema's list, but not on the scale
        ("improbable", "cannot_be_judged", 0.0),
    ],
)
def test_evidence_score(pred, gold_level, expected):
    assert evidence_score(pred, gold_level) == expected


def test_grounding_counts_quotes_that_slice_back():
    s = summary(
        terms=[term("Russia", "North Korea", "food", evidence=[quote(0, 19), quote(1, 20, "Russia offers food.")])],
        sources=[source("John Kirby", evidence=[quote(46, 56)])],
        claims=[Claim(statement="proposed", evidence=[quote(60, 90, "said. and more")])],  # runs past the end
    )
    assert ARTICLE[0:19] == "Russia offers food." and ARTICLE[46:56] == "John Kirby"
    assert grounding_score(s, ARTICLE) == (2, 4)
    assert grounding_score(summary(), ARTICLE) == (0, 0)


# --------------------------------------------------------------------------- whole cases


def _good_case() -> tuple[Summary, GoldLabel]:
    g = gold(
        status="proposed",
        parties=GOLD_PARTIES,
        terms=[term("Russia", "North Korea", "food"), term("North Korea", "Russia", "munitions")],
        sources=[source("John Kirby", "White House National Security Council")],
        evidence_strength="probably_true",
    )
    s = summary(
        status="agreed",
        parties=[party("Moscow"), party("Pyongyang"), party("Iran")],
        terms=[term("Moscow", "Pyongyang", "food", evidence=[quote(0, 19)])],
        sources=[source("Kirby", evidence=[quote(46, 56), quote(0, 5, "wrong")])],
        evidence_strength="confirmed",
        meta=Meta(
            model="t", prompt_template="p", prompt_hash="h", tokens_in=100, tokens_out=20, attempts=2, seconds=1.5
        ),
    )
    return s, g


def test_score_case():
    s, g = _good_case()
    scores = score_case(s, g, ARTICLE)
    # parties: Moscow->Russia, Pyongyang->North Korea, Iran invented: tp=2, P = 2/3, R = 2/2, F1 = (4/3)/(5/3) = 0.8
    assert (scores["parties_tp"], scores["parties_p"], scores["parties_r"]) == (2, pytest.approx(2 / 3), 1.0)
    assert scores["parties_f1"] == pytest.approx(0.8)
    # terms: food found, munitions missed: tp=1, P = 1/1, R = 1/2, F1 = 2/3; primary recall 1/2
    assert (scores["terms_tp"], scores["terms_f1"], scores["terms_primary_recall"]) == (1, pytest.approx(2 / 3), 0.5)
    # sources: Kirby ~ John Kirby: P = R = F1 = 1
    assert scores["sources_f1"] == 1.0
    # status agreed vs proposed: 0; evidence confirmed vs probably_true: one step, 0.5
    assert (scores["status"], scores["evidence"], scores["valid"]) == (0.0, 0.5, 1.0)
    # quotes: 2 of 3 slice back
    assert (scores["quotes_grounded"], scores["quotes_total"]) == (2, 3)
    assert scores["grounding"] == pytest.approx(2 / 3)
    assert (scores["tokens_in"], scores["tokens_out"], scores["attempts"], scores["seconds"]) == (100, 20, 2, 1.5)


def test_score_case_failed():
    _, g = _good_case()
    scores = score_case(None, g, ARTICLE)
    figures = [k for k in scores if k.endswith(("_p", "_r", "_f1", "_tp", "_pred", "_recall"))]
    assert figures and all(scores[k] == 0 for k in figures)
    assert (scores["status"], scores["evidence"], scores["valid"]) == (0.0, 0.0, 0.0)
    assert (scores["grounding"], scores["quotes_total"]) == (None, 0)
    assert (scores["parties_gold"], scores["terms_gold"], scores["terms_primary_gold"]) == (2, 2, 2)


def test_score_case_failed_on_empty_gold_still_scores_zero():
    scores = score_case(None, gold(), ARTICLE)
    assert (scores["parties_f1"], scores["terms_f1"], scores["sources_f1"]) == (0.0, 0.0, 0.0)


def test_score_case_empty_gold_and_empty_prediction():
    scores = score_case(
        summary(status="unclear", evidence_strength="cannot_be_judged"),
        gold(status="unclear", evidence_strength="cannot_be_judged"),
        ARTICLE,
    )
    assert (scores["parties_f1"], scores["terms_f1"], scores["sources_f1"]) == (1.0, 1.0, 1.0)
    assert (scores["status"], scores["evidence"]) == (1.0, 1.0)
    assert scores["terms_primary_recall"] is None
    assert scores["grounding"] is None


@pytest.mark.parametrize("case", sorted(p.name for p in SEEDS.glob("*") if (p / "gold.json").is_file()))
def test_every_seed_gold_scores_perfect_against_itself(case):
    g = GoldLabel.model_validate(json.loads((SEEDS / case / "gold.json").read_text(encoding="utf-8")))
    s = summary(**g.model_dump())
    scores = score_case(s, g, "")
    assert (scores["parties_f1"], scores["terms_f1"], scores["sources_f1"]) == (1.0, 1.0, 1.0)
    assert scores["terms_primary_recall"] in (1.0, None)


# --------------------------------------------------------------------------- aggregate


def test_aggregate_means_and_micro_grounding():
    cases = [
        {
            "case": "a",
            "parties_f1": 1.0,
            "terms_primary_recall": None,
            "grounding": 2 / 3,
            "quotes_grounded": 2,
            "quotes_total": 3,
            "valid": 1.0,
        },
        {
            "case": "b",
            "parties_f1": 0.5,
            "terms_primary_recall": 0.5,
            "grounding": 1.0,
            "quotes_grounded": 1,
            "quotes_total": 1,
            "valid": 1.0,
        },
        {
            "case": "c",
            "parties_f1": 0.0,
            "terms_primary_recall": 0.0,
            "grounding": None,
            "quotes_grounded": 0,
            "quotes_total": 0,
            "valid": 0.0,
        },
    ]
    out = aggregate(cases)
    assert out["parties_f1"] == pytest.approx(0.5)  # (1 + 0.5 + 0) / 3
    assert out["terms_primary_recall"] == pytest.approx(0.25)  # None skipped: (0.5 + 0) / 2
    assert out["grounding"] == pytest.approx(0.75)  # micro (2 + 1) / (3 + 1), not the macro (2/3 + 1) / 2
    assert out["validity"] == pytest.approx(2 / 3)
    assert out["cases"] == 3
    assert "case" not in out


def test_aggregate_of_scored_cases():
    s, g = _good_case()
    out = aggregate([score_case(s, g, ARTICLE), score_case(None, g, ARTICLE)])
    # parties F1 (0.8 + 0) / 2 = 0.4; validity 1/2; grounding micro 2/3 (the failed case has no quotes)
    assert out["parties_f1"] == pytest.approx(0.4)
    assert (out["validity"], out["cases"]) == (0.5, 2)
    assert out["grounding"] == pytest.approx(2 / 3)
    assert out["tokens_in"] == 100  # only the valid case has run figures


def test_aggregate_empty():
    assert aggregate([]) == {"grounding": None, "terms_unsupported_total": 0, "validity": None, "cases": 0}


# --------------------------------------------------------------------------- the eval's own matcher


def test_scorers_do_not_use_the_clean_ups_matching():
    import subprocess
    import sys

    probe = "import sys, summarizer.eval.scorers; print('summarizer.cleanup' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=SEEDS.parent, check=True)
    assert out.stdout.strip() == "False"


def test_a_term_end_resolves_by_the_partys_own_names_not_by_world_knowledge():
    # the clean-up folds a capital into its country ("Moscow" is Russia); the contract's ruler does not:
    # "Moscow" is no name of the predicted party Russia, so the term's giver resolves to nothing
    s = term_scores(
        [term("Moscow", "North Korea", "food")],
        [term("Russia", "North Korea", "food")],
        [party("Russia"), party("North Korea")],
        GOLD_PARTIES,
    )
    assert s.prf.tp == 0
    listed = term_scores(
        [term("Moscow", "North Korea", "food")],
        [term("Russia", "North Korea", "food")],
        [party("Russia", "Moscow"), party("North Korea")],
        GOLD_PARTIES,
    )
    assert listed.prf.tp == 1


def test_matching_ignores_case_punctuation_and_articles_with_a_fuzzy_threshold():
    from summarizer.eval.matching import match_key, names_match, resolve

    assert match_key("The U.S. Treasury") == match_key("u s treasury") == "u s treasury"
    assert match_key("Bank of the North") == match_key("Bank of North")
    assert names_match("the Associated Press", "Associated Press")
    assert names_match("Kestrel Holdings plc", "Kestrel Holdings")  # token_set_ratio 100
    assert not names_match("Russia", "North Korea")
    assert not names_match("", "")
    parties = [party("North Korea", "DPRK"), party("Russia")]
    assert resolve("dprk", parties) == 0 and resolve("the Russia", parties) == 1
    assert resolve("Moscow", parties) is None and resolve("", parties) is None


# --------------------------------------------------------------------------- unsupported terms


def test_a_term_without_evidence_is_unsupported():
    from summarizer.eval.scorers import term_supported

    assert not term_supported(term("Russia", "North Korea", "food", "food"))


def test_a_term_whose_item_is_in_its_evidence_is_supported():
    from summarizer.eval.scorers import term_supported

    t = term("Russia", "North Korea", "food", "food", evidence=[quote(0, 19)])  # "Russia offers food."
    assert term_supported(t)


def test_a_stock_item_not_in_its_evidence_is_unsupported():
    from summarizer.eval.scorers import term_supported

    # "a halt to hostilities": content words halt, hostilities; neither is in "Russia offers food."
    t = term("Russia", "North Korea", "political", "a halt to hostilities", evidence=[quote(0, 19)])
    assert not term_supported(t)


def test_half_of_the_item_words_in_the_evidence_is_enough():
    from summarizer.eval.scorers import term_supported

    # content words of "food and fuel": food, fuel; one of two occurs
    assert term_supported(term("Russia", "North Korea", "food", "food and fuel", evidence=[quote(0, 19)]))
    # "fuel and grain and oil": none occurs
    assert not term_supported(term("Russia", "North Korea", "food", "fuel, grain and oil", evidence=[quote(0, 19)]))


def test_score_case_counts_unsupported_terms_and_aggregate_totals_them():
    gold = GoldLabel(
        status="proposed",
        parties=[party("Russia"), party("North Korea")],
        terms=[term("Russia", "North Korea", "food", "food")],
        sources=[],
        evidence_strength="probably_true",
        evidence_rationale="r",
    )
    pred = summary(
        parties=[party("Russia"), party("North Korea")],
        terms=[
            term("Russia", "North Korea", "food", "food", evidence=[quote(0, 19)]),
            term("North Korea", "Russia", "weapons", "weapons"),  # no evidence
        ],
    )
    one = score_case(pred, gold, ARTICLE)
    assert one["terms_unsupported"] == 1
    failed = score_case(None, gold, ARTICLE)
    assert failed["terms_unsupported"] == 0
    assert aggregate([one, one, failed])["terms_unsupported_total"] == 2


# --------------------------------------------------------------------------- error classes


def test_error_classes_name_each_kind_of_mistake():
    from summarizer.eval.error_classes import classify, confusion

    gold = GoldLabel(
        status="agreed",
        parties=[party("Russia", "Moscow"), party("North Korea"), party("China")],
        terms=[
            term("Russia", "North Korea", "food", "food"),
            term("North Korea", "Russia", "munitions", "shells"),
            term("China", "Russia", "money", "loans"),
        ],
        sources=[source("John Kirby", kind="official"), source("officials", kind="anonymous")],
        evidence_strength="probably_true",
        evidence_rationale="r",
    )
    pred = summary(
        parties=[party("Moscow"), party("North Korea"), party("Iran")],  # Moscow: an alias of gold's Russia
        terms=[
            term("Moscow", "North Korea", "food", "food", evidence=[quote(0, 19)]),  # right
            term("Moscow", "North Korea", "weapons", "shells", evidence=[quote(20, 45)]),  # wrong direction
            term("Iran", "Moscow", "money", "cash"),  # extra, unsupported (no evidence)
        ],
        sources=[
            Source(name="John Kirby", affiliation="", kind="expert", on_record=False),  # wrong kind and record
            source("Reuters", kind="news_media"),  # extra
        ],
    )
    classes = classify(pred, gold)
    assert classes["parties"] == {"missing": 1, "extra": 1, "alias_only": 1}
    assert classes["terms"] == {"missing": 2, "extra": 2, "wrong_direction": 1, "wrong_category": 0,
                                "unsupported": 1}
    assert classes["sources"] == {"missing": 1, "extra": 1, "wrong_kind": 1, "wrong_on_record": 1}
    wrong_category = summary(parties=[party("Russia"), party("North Korea")],
                             terms=[term("Russia", "North Korea", "money", "food", evidence=[quote(0, 19)])])
    assert classify(wrong_category, gold)["terms"]["wrong_category"] == 1
    assert classify(None, gold)["terms"]["missing"] == 3
    assert confusion([("agreed", "agreed"), ("agreed", "proposed"), ("denied", "agreed")]) == {
        "agreed": {"agreed": 1, "proposed": 1},
        "denied": {"agreed": 1},
    }
