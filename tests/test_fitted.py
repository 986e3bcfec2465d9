"""The fitted decisions: features described one line each, weights as data that reproduce scikit-learn, training
that is deterministic and reproduces the committed weights, and the reading that applies them."""

from __future__ import annotations

import json

import numpy as np
import pytest

from summarizer.features import GROUP, PAIR, PARTY, SOURCE, STATUS, TERM, TEXT
from summarizer.fitted.model import WEIGHTS, Linear, load_weights
from summarizer.training.fit import fit_linear, fit_threshold, folds_of
from tests.conftest import ROOT
from tests.test_cli_input import run_cli

REGISTRIES = {r.kind: r for r in (TEXT, PARTY, PAIR, TERM, GROUP, STATUS, SOURCE)}


@pytest.mark.parametrize("kind", sorted(REGISTRIES))
def test_every_feature_says_in_one_line_what_it_measures(kind):
    for name, (what, fn) in REGISTRIES[kind].table.items():
        assert what and "\n" not in what and len(what) < 140, name
        assert callable(fn)


def test_a_linear_decision_gives_what_scikit_learn_gives():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(7)
    x = rng.normal(size=(200, 3))
    y = np.where(x[:, 0] + 0.5 * x[:, 1] > 0, "yes", "no")
    rows = [dict(zip("abc", map(float, r), strict=True)) for r in x]
    model = fit_linear(rows, list(y), ("a", "b", "c"))
    reference = LogisticRegression(class_weight="balanced", max_iter=5000).fit((x - x.mean(0)) / x.std(0), y)
    expected = reference.predict_proba((x[:5] - x.mean(0)) / x.std(0))[:, 1]
    assert [round(model.yes(r), 6) for r in rows[:5]] == [round(float(p), 6) for p in expected]
    again = Linear.from_dict(json.loads(json.dumps(model.as_dict())))
    assert abs(again.yes(rows[0]) - model.yes(rows[0])) < 1e-6


def test_a_multiclass_decision_chooses_the_likeliest_class():
    rows = [{"x": float(v)} for v in (-3, -2.5, -2, 0, 0.2, 0.1, 2, 2.5, 3)]
    targets = ["low"] * 3 + ["mid"] * 3 + ["high"] * 3
    model = fit_linear(rows, targets, ("x",))
    assert [model.choose(r) for r in (rows[0], rows[4], rows[-1])] == ["low", "mid", "high"]
    assert abs(sum(model.proba(rows[0]).values()) - 1) < 1e-9


def test_an_unweighted_decision_keeps_the_common_class_where_a_balanced_one_gives_way_to_the_rare():
    # x says nothing: nine rows in ten are "common" whatever x is
    rows = [{"x": float(i % 3)} for i in range(100)]
    targets = ["rare" if i % 10 == 0 else "common" for i in range(100)]
    assert fit_linear(rows, targets, ("x",), balanced=False).choose(rows[0]) == "common"
    assert fit_linear(rows, targets, ("x",)).choose(rows[0]) == "rare"


def test_the_threshold_is_the_one_that_maximises_f1_on_held_out_cases():
    rows = [{"x": float(i % 10)} for i in range(100)]
    targets = ["yes" if r["x"] >= 7 else "no" for r in rows]
    threshold = fit_threshold(rows, targets, list(range(100)), ("x",))
    model = fit_linear(rows, targets, ("x",))
    said = [model.yes(r) >= threshold for r in rows]
    assert said == [t == "yes" for t in targets]


def test_the_committed_weights_name_only_features_the_registries_have():
    weights = load_weights()
    for name, decision in weights.decisions.items():
        known = set().union(*(r.names() for r in REGISTRIES.values()))
        assert set(decision.features) <= known, name
        assert len(decision.mean) == len(decision.scale) == len(decision.features)
    assert {"deal", "side", "pair", "party", "term", "status", "source", "source_kind", "source_on_record"} <= set(
        weights.decisions)
    training = weights.info["training"]
    assert training["cases"] >= 100 and len(training["data_sha256"]) == 64


def test_the_weights_file_is_data_not_a_pickle():
    text = WEIGHTS.read_text(encoding="utf-8")
    assert json.loads(text)["decisions"] and "pickle" not in text


def test_training_is_deterministic_and_reproduces_the_committed_weights():
    proc = run_cli("train", str(ROOT / "seeds"), "--no-eval", "--check")
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert "training reproduces" in proc.stdout.decode()


def test_folds_by_name_order_and_by_seeded_shuffles():
    assert folds_of(7, 3) == [0, 1, 2, 0, 1, 2, 0]
    shuffled = [folds_of(254, 5, seed) for seed in range(3)]
    for fold in shuffled:
        assert sorted(fold.count(k) for k in range(5)) == [50, 51, 51, 51, 51]  # every text once, folds even
        assert fold != folds_of(254, 5)
    assert shuffled[0] != shuffled[1] != shuffled[2]
    assert folds_of(254, 5, 1) == shuffled[1]  # the same seed, the same folds


def test_training_refuses_a_weights_file_it_does_not_reproduce(tmp_path):
    stale = tmp_path / "weights.json"
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    data["decisions"]["deal"]["intercept"] = [9.0]
    stale.write_text(json.dumps(data), encoding="utf-8")
    proc = run_cli("train", str(ROOT / "seeds"), "--no-eval", "--check", "--out", str(stale))
    assert proc.returncode == 1 and "decision deal differs" in proc.stderr.decode()


def test_the_fitted_reading_finds_the_seed_articles_deal_and_its_sides():
    from summarizer.features import Text
    from summarizer.fitted.decisions import read_fitted
    from summarizer.prepass import analyse
    from summarizer.prepass import sources as source_groups

    pre = analyse((ROOT / "seeds" / "000_russia_nk_food_arms" / "article.txt").read_text(encoding="utf-8"))
    reading = read_fitted(pre, load_weights(), source_groups(pre))
    assert reading.deal >= load_weights()["deal"].threshold
    assert {c.name for c in reading.sides or ()} == {"Russia", "North Korea"}
    assert 1 in Text(pre).lead and len(Text(pre).lead) == 3  # the title and two body sentences


def test_features_of_words_that_name_government_expertise_no_deal_and_a_person_given():
    from summarizer.features import Text
    from summarizer.fitted.decisions import pair_row, pair_rows, party_rows, source_row, text_row
    from summarizer.prepass import analyse, sources

    pre = analyse("Release of Karl Weiss\n\nBelarus freed Karl Weiss to Norway on Monday, said Ilse Berg, a spokesperson "
                  "for the Foreign Ministry. Analyst Jon Dahl of the Oslo Peace Institute said the release was overdue.")
    t = Text(pre, sources(pre))
    rows = {g.name: source_row(t, g) for g in t.groups}
    assert rows["Ilse Berg"]["government_affiliation"] == 1.0 and rows["Ilse Berg"]["expert_affiliation"] == 0.0
    assert rows["Jon Dahl"]["expert_affiliation"] == 1.0
    scores = {c.name: 0.5 for c, _ in party_rows(t)}
    given = {frozenset((r.a.name, r.b.name)): pair_row(t, r)["person_given"] for r in pair_rows(t, scores)}
    assert given[frozenset(("Belarus", "Norway"))] == 0.0 and given[frozenset(("Karl Weiss", "Norway"))] > 0
    assert text_row(t)["no_deal_sentence"] == 0.0
    storm = analyse("Storm floods the coast\n\nRescue teams worked through the night, officials said.")
    assert text_row(Text(storm, sources(storm)))["no_deal_sentence"] == 1.0


def test_feature_word_groups_tell_a_body_from_an_office():
    """'minister' is a title of office, 'ministry' a body (the old pattern's 'minist' matched neither)."""
    from summarizer.features import ending, words

    body, office, expertise = words("government_body"), words("office"), words("expertise")
    assert body.search("the Ministry of Defence") and not office.search("the Ministry of Defence")
    assert office.search("Foreign Minister Wang Yi") and not body.search("Foreign Minister Wang Yi")
    assert expertise.search("a fellow at the Brookings Institution") and not expertise.search("a senator")
    assert ending("event").search("the Abraham Accords Summit") and not ending("event").search("Summit Partners LLC")


def test_an_unnamed_source_is_never_on_the_record():
    from dataclasses import replace

    from summarizer.features import Text
    from summarizer.fitted.decisions import choose_sources
    from summarizer.fitted.model import Weights
    from summarizer.prepass import analyse
    from summarizer.prepass import sources as source_groups

    pre = analyse("Ruritania agrees to sell grain to Borduria\n\nRuritania agreed on Monday to sell 40,000 tonnes of "
                  "grain to Borduria, officials familiar with the talks said. Finance Minister Ivo Brann said the "
                  "price was fair.")
    committed = load_weights()
    # a record decision that says "on the record" to every source: the kind still rules an unnamed one out
    always = replace(committed["source_on_record"], threshold=0.0)
    weights = Weights({**committed.decisions, "source_on_record": always}, committed.info)
    chosen = choose_sources(Text(pre, source_groups(pre)), weights)
    unnamed = [g for g in chosen if g.kind == "anonymous"]
    assert unnamed and not any(g.on_record for g in unnamed)
    assert any(g.name == "Ivo Brann" and g.on_record for g in chosen)


def test_a_named_source_is_never_anonymous_whatever_the_kind_decision_scores():
    from dataclasses import replace

    from summarizer.features import Text
    from summarizer.fitted.decisions import choose_sources
    from summarizer.fitted.model import Weights
    from summarizer.prepass import analyse
    from summarizer.prepass import sources as source_groups

    pre = analyse("Ruritania agrees to sell grain to Borduria\n\nRuritania agreed on Monday to sell 40,000 tonnes of "
                  "grain to Borduria, officials familiar with the talks said. Finance Minister Ivo Brann said the "
                  "price was fair.")
    committed = load_weights()
    # a kind decision that puts every source far ahead as anonymous: a named one still takes another kind
    kind = committed["source_kind"]
    bias = tuple(b + (50.0 if c == "anonymous" else 0.0) for b, c in zip(kind.intercept, kind.classes, strict=True))
    weights = Weights({**committed.decisions, "source_kind": replace(kind, intercept=bias)}, committed.info)
    chosen = choose_sources(Text(pre, source_groups(pre)), weights)
    assert any(g.candidate is None and g.kind == "anonymous" for g in chosen)
    brann = [g for g in chosen if g.name == "Ivo Brann"]
    assert brann and brann[0].candidate and brann[0].kind != "anonymous"


def test_no_term_row_gives_a_word_of_its_own_sides_name():
    from summarizer.features import Text
    from summarizer.fitted.decisions import term_rows
    from summarizer.prepass import analyse, sources

    pre = analyse("Kestrel Aid Pays $5 Million\n\n"
                  "Kestrel Aid Corporation (Kestrel Aid) agreed to pay $5 million to the United States.")
    assert "Aid" in [c.item for c in pre.term_candidates]  # the parse offers a word of the name as an item ...
    items = [r.cand.item for r in term_rows(Text(pre, sources(pre)), ("Kestrel Aid Corporation", "United States"))]
    assert "Aid" not in items  # ... but no side gives a word of its own name
    assert "$5 million" in items


def test_a_government_body_that_gives_counts_for_its_state_in_the_pair_features():
    from summarizer.features import Text
    from summarizer.fitted.decisions import pair_row, pair_rows, party_rows
    from summarizer.prepass import analyse, sources

    pre = analyse("Missiles for the Netherlands\n\nThe Japanese Defense Ministry will transfer 40 Patriot missiles to "
                  "the Netherlands, officials in Japan said on Monday.")
    t = Text(pre, sources(pre))
    scores = {c.name: 0.5 for c, _ in party_rows(t)}
    lead = {frozenset((r.a.name, r.b.name)): pair_row(t, r)["pattern_lead"] for r in pair_rows(t, scores)}
    assert lead[frozenset(("Japan", "Netherlands"))] > 0
    assert all(v == 0 for k, v in lead.items() if k != frozenset(("Japan", "Netherlands")))


def test_the_pair_decision_weighs_the_first_four_options_and_six_when_none_of_them_is_in_the_lead():
    from summarizer.features import Text
    from summarizer.fitted.decisions import pair_rows, party_rows
    from summarizer.prepass import analyse, sources

    pre = analyse("Chile sells copper to Peru\n\nChile agreed on Monday to sell copper to Peru.\n\nThe price was not "
                  "disclosed.\n\nSeparately, Norway, Sweden, Finland and Denmark held talks on fisheries in Oslo.")
    t = Text(pre, sources(pre))
    names = [c.name for c, _ in party_rows(t)]
    nordic = {"Norway", "Sweden", "Finland", "Denmark"}

    def pairs(score: dict[str, float]) -> set[frozenset[str]]:
        return {frozenset((r.a.name, r.b.name)) for r in pair_rows(t, {n: score.get(n, 0.1) for n in names})}

    chile_first = pairs({"Chile": 0.9, "Norway": 0.8, "Sweden": 0.8, "Finland": 0.8, "Peru": 0.5})
    assert chile_first == {frozenset(("Chile", n)) for n in ("Norway", "Sweden", "Finland")}  # Peru ranks fifth
    body_first = pairs({**dict.fromkeys(nordic, 0.9), "Chile": 0.5, "Peru": 0.5})  # none of the first four in the lead
    assert frozenset(("Chile", "Peru")) in body_first and not any(p <= nordic for p in body_first)


def test_a_term_is_stated_by_the_thing_handed_over_not_the_promise_to_hand_it():
    from summarizer.features import Text, best_row
    from summarizer.fitted.decisions import term_groups
    from summarizer.prepass import analyse, sources

    pre = analyse("Rite Aid settles\n\nRite Aid Corporation has agreed to pay $5 million to the United States, and "
                  "the United States agreed to remove the penalty.")
    t = Text(pre, sources(pre))
    items = {best_row(t, g).cand.item for g in term_groups(t, ("Rite Aid Corporation", "United States"))}
    assert "$5 million" in items and not any(i.startswith("to pay") for i in items)
    assert "to remove the penalty" in items  # a promise to act keeps its verb: it says what is given


def test_status_features_weigh_the_whole_text_and_a_hedge_for_every_status():
    from summarizer.features import STATUS_OPTIONS, Text
    from summarizer.fitted.decisions import status_row
    from summarizer.prepass import analyse, sources

    pre = analyse("Talks on grain\n\nKenya and Uganda reportedly held talks on a grain deal. The two sides signed the "
                  "agreement on Friday. They signed a second protocol. The grain was delivered on Monday.")
    t = Text(pre, sources(pre))
    firm = [c for c in pre.status_cues if not c.weak]
    for option in ("agreed", "negotiating", "implemented"):
        share = sum(1 for c in firm if c.status == option) / len(firm)
        assert status_row(t, option)["share_all"] == pytest.approx(share)
        assert status_row(t, option)[f"hedged_lead_{option}"] == 1.0  # "reportedly" in the lead
        assert status_row(t, "agreed")[f"hedged_lead_{option}"] == (1.0 if option == "agreed" else 0.0)
    assert sum(status_row(t, o)["share_all"] for o in STATUS_OPTIONS) == pytest.approx(1.0)
    assert status_row(t, "agreed")["share_all"] > status_row(t, "implemented")["share_all"] > 0
    plain = analyse("Grain deal\n\nKenya and Uganda signed a grain agreement on Friday.")
    assert status_row(Text(plain, sources(plain)), "agreed")["hedged_lead_agreed"] == 0.0


def test_a_states_own_bodies_are_listed_among_its_names_unless_they_are_parties_themselves():
    from summarizer.models.base import Model
    from summarizer.models.scripted import ScriptedBackend
    from summarizer.prepass import analyse
    from summarizer.prepass.types import Candidate
    from summarizer.steps import summarize_in_steps
    from summarizer.steps.assemble import state_bodies
    from summarizer.text import article_from_text

    def never(messages):
        raise AssertionError("the reading asks no model")

    text = ("Japan to transfer Patriot missiles to the Netherlands\n\nThe Japanese Defense Ministry will transfer 40 "
            "Patriot missiles to the Netherlands under an agreement signed on Monday, the two governments said. The "
            "Dutch Ministry of Defence will pay 300 million euros for the missiles.")
    summary = summarize_in_steps(article_from_text(text), Model(ScriptedBackend(never)))
    names = {p.name: p.aliases for p in summary.parties}
    assert "Japanese Defense Ministry" in names["Japan"]
    assert "Dutch Ministry of Defence" in names["Netherlands"]
    pre = analyse(text)
    by_name = {c.name: c for c in pre.candidates}
    chosen: list[Candidate] = [by_name["Japan"], by_name["Netherlands"], by_name["Japanese Defense Ministry"]]
    assert state_bodies(pre, chosen) == {"Netherlands": ["Dutch Ministry of Defence"]}


def test_a_head_of_state_is_a_name_of_their_state_and_their_terms_are_the_states():
    from summarizer.prepass import analyse
    from summarizer.steps.assemble import build_parties, build_terms, leaders_of
    from summarizer.steps.plan import StepsReading
    from summarizer.steps.terms import Given

    text = ("Egypt and Britain agree on gas deal\n\nBritain will buy gas from Egypt under a deal agreed on Monday by "
            "Prime Minister Keir Starmer and President of Egypt Abdel Fattah El-Sisi. South Sudanese President Salva "
            "Kiir welcomed it. Vice President Kamala Harris did not comment.")
    pre = analyse(text)
    by_name = {c.name: c for c in pre.candidates}
    chosen = [by_name[n] for n in ("Egypt", "United Kingdom", "Abdel Fattah El-Sisi", "Salva Kiir", "Kamala Harris")]
    # a named state before or after the title; no state named and no voice: no fold; a vice president heads nothing
    leaders = leaders_of(pre, chosen)
    assert leaders == {"Abdel Fattah El-Sisi": "Egypt"}  # South Sudan is not a party here
    parties = {p.name: p.aliases for p in build_parties(pre, chosen, leaders)}
    assert "Abdel Fattah El-Sisi" not in parties and "Abdel Fattah El-Sisi" in parties["Egypt"]
    reading = StepsReading(pre=pre, sides=(by_name["Egypt"], by_name["United Kingdom"]), given=[
        Given("Abdel Fattah El-Sisi", "United Kingdom", "energy", "gas", 2),
        Given("Egypt", "United Kingdom", "energy", "gas", 2),
        Given("United Kingdom", "Abdel Fattah El-Sisi", "money", "payment", 2),
    ])
    terms = build_terms(reading, [], leaders)
    assert [(t.giver, t.receiver, t.category) for t in terms] == [
        ("Egypt", "United Kingdom", "energy"), ("United Kingdom", "Egypt", "money")]
