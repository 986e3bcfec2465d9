"""The template's prose: one clause for the main deal, one direction or an exchange."""

from __future__ import annotations

from summarizer.compose import compose_summary, exchange_clause
from summarizer.schema import Quote, Source, Term


def term(giver: str, receiver: str, item: str, sentence: str = "", category: str = "political") -> Term:
    evidence = [Quote(text=sentence, start=0, end=len(sentence))] if sentence else []
    return Term(giver=giver, receiver=receiver, item=item, category=category, primary=True, evidence=evidence)


def test_an_exchange_is_one_clause():
    said = "Russia is offering North Korea food in exchange for munitions"
    terms = [term("Russia", "North Korea", "food", said), term("North Korea", "Russia", "munitions", said)]
    assert exchange_clause(terms, "proposed") == "Russia would give North Korea food in exchange for munitions"


def test_two_directions_are_no_exchange_unless_the_text_says_so():
    terms = [term("United States", "Uzbekistan", "security cooperation", "The U.S. offers security cooperation."),
             term("Uzbekistan", "United States", "seven Black Hawk helicopters",
                  "The U.S. recently got back its seven Black Hawk helicopters from Uzbekistan.")]
    assert exchange_clause(terms, "implemented") == (
        "United States gave Uzbekistan security cooperation, and Uzbekistan gave United States seven Black Hawk "
        "helicopters")


def test_goods_one_way_and_money_back_is_a_sale():
    terms = [term("France", "India", "36 Rafale fighter jets", category="aircraft"),
             term("India", "France", "$8.7bn", category="money")]
    assert exchange_clause(terms, "agreed") == "France is to give India 36 Rafale fighter jets for $8.7bn"
    assert exchange_clause(terms[::-1], "agreed") == exchange_clause(terms, "agreed")  # from the goods' side


def test_the_same_commitment_both_ways_is_said_once():
    terms = [term("Canada", "United Kingdom", "a joint declaration"),
             term("United Kingdom", "Canada", "a joint declaration")]
    assert exchange_clause(terms, "agreed") == "Canada and United Kingdom agree on a joint declaration"
    assert exchange_clause(terms, "proposed") == "Canada and United Kingdom propose a joint declaration"


def test_the_same_commitment_to_act_both_ways():
    terms = [term("Norway", "EU", "to strengthen their energy cooperation"),
             term("EU", "Norway", "to strengthen their energy cooperation")]
    assert exchange_clause(terms, "agreed") == "Norway and EU agree to strengthen their energy cooperation"
    assert exchange_clause(terms, "implemented") == "Norway and EU agreed to strengthen their energy cooperation"


def test_a_commitment_to_act_one_way_is_a_promise():
    assert exchange_clause([term("Israel", "Hamas", "to begin talks")], "agreed") == (
        "Israel promises Hamas to begin talks")


def test_a_person_freed_who_is_also_the_receiver_is_named_once():
    terms = [term("Russia", "Brittney Griner", "Brittney Griner", category="people")]
    assert exchange_clause(terms, "implemented") == "Russia freed Brittney Griner"


def test_things_and_commitments_one_way_are_given_and_promised():
    terms = [term("United States", "Philippines", "over $82 million", category="money"),
             term("United States", "Philippines", "to move quickly")]
    assert exchange_clause(terms, "agreed") == (
        "United States is to give Philippines over $82 million and promises to move quickly")
    assert exchange_clause(terms, "implemented") == "United States gave Philippines over $82 million and promised to move quickly"
    terms.insert(1, term("United States", "Philippines", "new sites", category="military_equipment"))
    assert exchange_clause(terms, "agreed") == (
        "United States is to give Philippines over $82 million and new sites, and promises to move quickly")


def test_one_direction():
    assert exchange_clause([term("Japan", "United States", "Patriot missiles")], "implemented") == (
        "Japan gave United States Patriot missiles")


def test_a_name_ending_in_a_full_stop_ends_its_sentence_once():
    from summarizer.schema import Party

    parties = [Party(name="United States", kind="state"), Party(name="Barrday Inc.", kind="company")]
    summary = compose_summary(parties, [], [], "agreed", "probably_true")
    assert summary.startswith("The article reports an agreed deal between United States and Barrday Inc. The")
    cited = compose_summary([], [], [Source(name="Barrday Inc.", kind="other", on_record=True)], "unclear",
                            "cannot_be_judged", title="A recall")
    assert cited == "The article, \u201cA recall\u201d, reports no deal. It cites Barrday Inc."
