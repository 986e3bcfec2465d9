"""Recall-first term candidates: the pattern files, the one engine that runs them, parties named by description."""

from __future__ import annotations

import json

import pytest

from summarizer.candidates import engine
from summarizer.prepass import analyse


def found(text: str) -> list[tuple]:
    """(family, trigger, giver, receiver, item, category) of every candidate of a text."""
    return [(c.family, c.trigger, c.giver, c.receiver, c.item, c.category) for c in analyse(text).term_candidates]


def test_a_transfer_verb_reads_giver_receiver_and_item_and_the_exchange_goes_back():
    rows = found("Russia offers food for arms\n\nRussia is offering North Korea food in exchange for munitions.")
    assert ("verbs", "give", "Russia", "North Korea", "food", "food") in rows
    assert ("phrases", "exchange", "North Korea", "Russia", "munitions", "munitions") in rows


def test_a_sale_with_a_price_gives_the_goods_one_way_and_the_money_back():
    rows = found("Bomb sale\n\nThe United States will sell 900 JDAM kits to Saudi Arabia for $120 million.")
    assert ("verbs", "give", "United States", "Saudi Arabia", "900 JDAM kits", "munitions") in rows
    assert ("phrases", "price", "Saudi Arabia", "United States", "$120 million", "money") in rows


def test_a_purchase_reads_the_buyer_as_receiver_and_from_as_giver():
    rows = found("Deal\n\nPoland will buy 32 fighter jets from the United States.")
    assert ("verbs", "take", "United States", "Poland", "32 fighter jets", "aircraft") in rows


def test_a_purchase_with_a_price_pays_the_seller():
    rows = found("Deal\n\nPoland will buy 32 fighter jets from the United States for $4.6bn.")
    assert ("phrases", "price", "Poland", "United States", "$4.6bn", "money") in rows


def test_an_item_does_not_open_a_bracket_it_does_not_close():
    rows = found("Jet deal\n\nIndia signed a deal with France to buy 36 Rafale jets for $8.7bn (7.8bn euros; "
                 "£6.7bn), officials said.")
    items = [r[4] for r in rows]
    assert "$8.7bn" in items and not [i for i in items if "(" in i and ")" not in i], items


def test_a_ceasefire_two_sides_agree_to_is_a_commitment_each_way():
    rows = found("Truce\n\nIsrael and Hamas agreed to a ceasefire on Sunday.")
    truce = [r for r in rows if r[1] == "truce"]
    assert {(r[2], r[3]) for r in truce} == {("Israel", "Hamas"), ("Hamas", "Israel")}
    assert {r[5] for r in truce} == {"political"}


def test_the_items_a_package_lists_take_the_sides_of_its_transfer():
    text = ("Aid\n\nThe United States will provide Ukraine with a new package of security assistance. "
            "The package includes:\n\n- 800 Stinger anti-aircraft systems;\n\n- 25,000 sets of body armor.")
    listed = [r for r in found(text) if r[1] == "list"]
    assert [(r[2], r[3], r[5]) for r in listed] == [
        ("United States", "Ukraine", "weapons"), ("United States", "Ukraine", "military_equipment")]


def test_an_item_naming_several_categories_is_a_candidate_for_each():
    rows = found("Deal\n\nNorth Korea sent Russia weapons and ammunition.")
    assert {r[5] for r in rows if r[1] == "give"} == {"weapons", "munitions"}


def test_a_negated_transfer_is_kept_as_a_candidate_marked_negated():
    pre = analyse("Denial\n\nIran has not sent drones to Russia.")
    sent = [c for c in pre.term_candidates if c.lemma == "send"]
    assert sent and all(c.negated for c in sent)


def test_a_party_named_only_by_description_becomes_a_candidate():
    pre = analyse("Oil sale\n\nThe Department of Energy will sell crude oil to successful offerors next month.")
    assert "successful offerors" in [c.name for c in pre.candidates if c.label == "DESC"]
    assert any(c.receiver == "successful offerors" for c in pre.term_candidates)


def test_open_items_of_a_deal_sentence_are_candidates_with_no_side():
    rows = found("Talks\n\nThe talks were about wheat and fertilizer.")
    assert ("open", "open", None, None, "wheat", "food") in rows


@pytest.mark.parametrize("name", ["verbs", "nouns", "phrases", "commitments", "contents", "deal_words", "descriptions"])
def test_every_pattern_file_is_data_the_engine_reads(name):
    data = json.loads((engine.PATTERNS / f"{name}.json").read_text(encoding="utf-8"))
    assert data["family"] == name and data["description"]


ROLE_PATHS = ("subject", "passive", "dobj", "dative", "nsubj", "xcomp", "ccomp", "attr", "subject>conj", "poss", "owner", "owner_prep:to",
              "head_subject", "compound", "self", "leading", "item>demonym")


@pytest.mark.parametrize("name", ["verbs", "nouns"])
def test_every_role_path_of_a_trigger_file_is_one_the_engine_knows(name):
    for trigger in engine.pattern(name)["triggers"]:
        assert trigger["lemmas"] and trigger["frames"], trigger["name"]
        for frame in trigger["frames"]:
            for role in ("giver", "receiver", "item"):
                for path in frame.get(role, []):
                    assert path in ROLE_PATHS or path.startswith(
                        ("prep:", "item>prep:", "head_prep:", "item_inside:", "taker:")), (trigger["name"], path)


def test_aid_that_a_party_receives_is_given_to_it_not_by_it():
    rows = found("Deal\n\nPyongyang would receive food aid in return for military assistance. "
                 "Kyiv secured a loan. Lisbon approved a loan to Kyiv.")
    aid = {(r[2], r[3], r[4]) for r in rows if r[1] == "aid_noun"}
    assert (None, "North Korea", "food aid") in aid and (None, "Ukraine", "a loan") in aid
    assert ("Portugal", "Ukraine", "a loan") in aid
    assert not any(giver in ("North Korea", "Ukraine") for giver, _, _ in aid)


def test_an_item_sought_goes_to_the_side_that_seeks_it():
    rows = found("Offer\n\nRussia offers North Korea food in desperate search for more weapons.")
    assert ("verbs", "give", "Russia", "North Korea", "food", "food") in rows
    assert ("open", "open", "North Korea", "Russia", "more weapons", "weapons") in rows
    assert not any(r[2:4] == ("Russia", "North Korea") and r[4] == "more weapons" for r in rows)


def test_a_completed_acquisition_gives_the_company_one_way_and_the_price_back():
    rows = found("Deal\n\nNordhavn completed its acquisition of Kestrel Foods from Alder Peak for $625 million.")
    assert ("nouns", "take_noun", "Alder Peak", "Nordhavn", "Kestrel Foods", "other") in rows
    assert ("phrases", "price", "Nordhavn", "Alder Peak", "$625 million", "money") in rows


def test_a_swap_goes_both_ways_and_a_passive_sale_reads_its_agent():
    swap = [r for r in found("Swap\n\nArmenia and Azerbaijan swapped prisoners on Tuesday.") if r[1] == "swap"]
    assert {(r[2], r[3], r[5]) for r in swap} == {("Armenia", "Azerbaijan", "people"),
                                                 ("Azerbaijan", "Armenia", "people")}
    assert ("verbs", "give", "Iran", "Iraq", "The weapons", "weapons") in found(
        "Arms\n\nThe weapons were sold to Iraq by Iran last year.")


def test_goods_that_arrive_come_from_the_state_their_demonym_names():
    rows = found("Arrival\n\nSeventy-seven tons of Chinese weapons have arrived in Zimbabwe.")
    assert ("verbs", "arrive", "China", "Zimbabwe", "Seventy-seven tons of Chinese weapons", "weapons") in rows


def test_a_release_is_given_by_whoever_the_text_says_holds_the_people():
    rows = found("Release\n\nPaul Whelan was detained in Russia for five years. "
                 "The United States secured his release on Thursday.")
    assert ("verbs", "take", "Russia", "United States", "his release", "people") in rows


def test_money_invested_into_or_announced_for_a_company_is_given_to_it():
    rows = found("Awards\n\nThe Department of War is investing $150 million into Niron Magnetics. "
                 "In April, the Administration announced $6.6 billion for Micron Technology.")
    assert ("verbs", "give", "Department of War", "Niron Magnetics", "$150 million", "money") in rows
    assert ("verbs", "give", "Administration", "Micron Technology", "$6.6 billion", "money") in rows


def test_an_announcement_of_no_sum_of_money_is_no_transfer():
    rows = found("Plans\n\nThe Administration announced new rules for Micron Technology.")
    assert not any(r[1] == "give" for r in rows)


def test_a_date_or_a_state_is_never_an_item():
    rows = found("Accord\n\nTurkey and Ukraine agreed on Monday to trade wheat with Taiwan.")
    assert not any(r[4] in ("Monday", "Taiwan") for r in rows)


def test_an_x_for_y_phrase_is_an_exchange_only_when_a_word_names_goods():
    items = [r[4] for r in found("Offer\n\nMoscow weighs a food for arms deal. Kyiv seeks a path forward for a "
                                   "deal. Tel Aviv weighs a land for peace deal.") if r[1] == "x_for_y"]
    assert sorted(items) == ["arms", "food", "land", "peace"]


def test_a_hyphened_x_for_y_phrase_gives_each_word_its_own_item():
    """'food-for-arms deal': food one way and arms the other, each its own category; the hyphens join the
    phrase, not the items (grown to whole words, each had been all of 'food-for-arms' in both categories)."""
    pre = analyse("Offer\n\nMoscow weighs a food-for-arms deal with Pyongyang.")
    got = sorted((c.item, c.category, pre.text[c.item_start:c.item_end]) for c in pre.term_candidates
                 if c.trigger == "x_for_y")
    assert got == [("arms", "weapons", "arms"), ("food", "food", "food")]


def test_an_item_is_whole_words_where_the_parser_splits_a_hyphenated_word():
    pre = analyse("Freed\n\nThe rebels released his co-workers to Kenya on Monday.")
    items = [c.item for c in pre.term_candidates if c.family != "open"]
    assert "his co-workers" in items and "his co" not in items
    assert all(pre.text[c.item_start:c.item_end] == c.item for c in pre.term_candidates)


def test_words_of_events_and_measures_name_no_deal():
    """A visit, a dialogue or a tariff is no deal sentence; a signed agreement or a sale is; the groups say which."""
    from summarizer.candidates.engine import deal_word_groups, names_a_deal

    assert not names_a_deal("Commissioner Jorgensen visits Baku for a high-level dialogue.")
    assert "event" in deal_word_groups("Commissioner Jorgensen visits Baku for a high-level dialogue.")
    assert not names_a_deal("The United States imposed tariffs on steel.")
    assert names_a_deal("The two ministers signed an agreement during the visit.")
    assert names_a_deal("Poland completed the purchase of 32 F-35 aircraft.")
