"""The linguistic pre-pass (summarizer.prepass): exact sentences, candidates, attributions, sources, exchange
cues, status cues and hedges on short hand-written texts and on the seed article 000."""

from __future__ import annotations

import subprocess
import sys

import pytest

from summarizer.features import Text
from summarizer.fitted.decisions import party_rows
from summarizer.prepass import PrePass, analyse, lookup_key, sources
from summarizer.prepass.sentences import dateline
from tests.conftest import ROOT

SEED = ROOT / "seeds" / "000_russia_nk_food_arms" / "article.txt"


@pytest.fixture(scope="module")
def seed() -> PrePass:
    return analyse(SEED.read_text(encoding="utf-8"))


def _attr(pre: PrePass) -> list[tuple]:
    return [(a.sentence, a.speaker, a.kind, a.on_record, a.affiliation, a.cue) for a in pre.attributions]


def _status(pre: PrePass) -> list[tuple]:
    return [(c.sentence, c.status, c.word) for c in pre.status_cues]


def _grounded(pre: PrePass) -> None:
    for s in pre.sentences:
        assert pre.text[s.start : s.end] == s.text
    for c in pre.candidates:
        for m in c.mentions:
            assert pre.text[m.start : m.end] == m.text
        for alias in c.aliases:
            assert alias in pre.text
    for c in pre.term_candidates:
        assert pre.text[c.item_start : c.item_end] == c.item
    for cue in [*pre.status_cues, *pre.hedges]:
        assert pre.text[cue.start : cue.end] == cue.word


# Sentences ---------------------------------------------------------------------------------------------------


def test_sentences_lines_then_spacy_title_first_headings_marked():
    text = "A title without a stop\n\nFirst sentence here. Second one follows.\nShort heading\n  Third sentence here.  \n"
    pre = analyse(text)
    got = [(s.number, s.text, s.heading) for s in pre.sentences]
    assert got == [
        (1, "A title without a stop", False),
        (2, "First sentence here.", False),
        (3, "Second one follows.", False),
        (4, "Short heading", True),
        (5, "Third sentence here.", False),
    ]
    _grounded(pre)
    assert pre.sentence(5).start == text.index("Third")


def test_seed_sentences(seed):
    assert len(seed.sentences) == 52
    assert seed.sentences[0].text == "Russia offers North Korea food for arms deal in desperate search for more weapons"
    assert not seed.sentences[0].heading
    assert [s.number for s in seed.sentences if not s.heading] == [1, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39,
                                                                   41, 43, 44, 46, 48, 49, 51]
    _grounded(seed)


# Candidates --------------------------------------------------------------------------------------------------


def test_candidates_fold_demonyms_capitals_acronyms_and_metonyms():
    text = (
        "Russia offers North Korea food for arms\n\n"
        "Russian officials met North Korean authorities in Pyongyang. "
        "The Kremlin said Moscow would send wheat to the Democratic People's Republic of Korea (DPRK). "
        "Nordhavn Robotics Inc. agreed to buy Kestrel Sensors from Alder Peak Capital. "
        "Nordhavn said the deal would close in May. "
        "The Kivu Patriotic Alliance (KPA) rebel group said the truce was dead. "
        "Kasongo, a KPA spokesman, said it had collapsed."
    )
    pre = analyse(text)
    got = [(c.name, c.kind, c.aliases, c.count) for c in pre.candidates]
    assert got == [
        ("North Korea", "state", ["North Korean authorities", "Pyongyang", "Democratic People's Republic of Korea",
                                  "DPRK"], 5),
        ("Russia", "state", ["Russian", "Kremlin", "Moscow"], 4),
        ("Kivu Patriotic Alliance", "armed_group", ["KPA"], 3),
        ("Nordhavn Robotics Inc.", "company", ["Nordhavn"], 2),
        ("Alder Peak Capital", "company", [], 1),
        ("Kasongo", "person", [], 1),
    ]
    _grounded(pre)


def test_generic_armed_groups_and_lexicon_names():
    pre = analyse(
        "Title\n\nUkraine and pro-Russian separatists swapped prisoners. The separatists said they took 124. "
        "IGAD mediators met Syrian rebels in Addis Ababa. The Houthis seized a ship. Rebel forces in South Sudan "
        "accused the army."
    )
    got = [(c.name, c.kind, c.aliases, c.count) for c in pre.candidates]
    assert got == [
        ("pro-Russian separatists", "armed_group", ["separatists"], 2),
        ("Ukraine", "state", [], 1),
        ("IGAD", "organization", [], 1),
        ("Syrian rebels", "armed_group", [], 1),
        ("Ethiopia", "state", ["Addis Ababa"], 1),
        ("Houthis", "armed_group", [], 1),
        ("Rebel forces in South Sudan", "armed_group", [], 1),
    ]


def test_candidates_repaired_entities_surnames_with_al_and_places_last():
    text = (
        "Title\n\nMain Street Auto, LLC will acquire the outlets. Ukrainian Energy Minister Yuri Prodan said the deal "
        "was done. Council chairman Partson Mubaiwa said work resumed. Analysts at the Kiel Institute for the World "
        "Economy said aid fell. Syrian President Bashar al-Assad spoke in Damascus. Assad said the U.N. and the "
        "United Nations agreed. Rebels attacked the city of Homs. Homs province is calm, and so is Homs."
    )
    pre = analyse(text)
    got = [(c.name, c.kind, c.aliases, c.count) for c in pre.candidates]
    assert got == [
        ("Syria", "state", ["Syrian", "Damascus"], 2),
        ("Bashar al-Assad", "person", ["Assad"], 2),
        ("United Nations", "organization", ["U.N."], 2),
        ("Main Street Auto, LLC", "company", [], 1),
        ("Ukraine", "state", ["Ukrainian"], 1),
        ("Yuri Prodan", "person", [], 1),
        ("Partson Mubaiwa", "person", [], 1),
        ("Kiel Institute for the World Economy", "organization", [], 1),
        ("Rebels", "armed_group", [], 1),
        ("Homs", "other", [], 2),
    ]
    _grounded(pre)


def test_an_entity_cut_across_a_states_full_name_gives_way_to_the_state():
    # spaCy tags "the Government of the Federated States" and leaves "of Micronesia": the state table's name wins
    text = ("Marshall Islands and Japan sign fisheries pact\n\nToday, the Government of Japan and the Government of "
            "the Federated States of Micronesia signed an agreement on fisheries.")
    names = [c.name for c in analyse(text).candidates]
    assert "Micronesia" in names
    assert not [n for n in names if n.startswith("Government of the Federated")]


def test_laws_operations_portfolios_and_trailing_small_words_are_no_party_names():
    text = ("Pharmacy chain settles with the United States\n\nAcme Drug Corporation will pay $5 million to the United "
            "States to resolve violations of the Controlled Substances Act, under an agreement announced by Secretary "
            "of Energy Jane Doe. The payment follows Operation Clean Sweep, which was led by the Justice Department. "
            "The contract was awarded to Harbert Builders of Birmingham, Alabama.")
    pre = analyse(text)
    documents = {c.name for c in pre.candidates if c.document}
    assert documents == {"Controlled Substances Act", "Operation Clean Sweep"}  # a source at most
    names = {c.name for c in pre.candidates}
    assert "Energy" not in names  # the Secretary's portfolio
    assert "Harbert Builders" in names and "Harbert Builders of" not in names
    sides = {c.name for c, _ in party_rows(Text(pre))}
    assert {"United States", "Acme Drug Corporation"} <= sides and not sides & documents
    _grounded(pre)
    title_law = analyse("Statement on CHIPS and Science Act Preliminary Agreement with Acme\n\nAcme will receive $2 "
                        "million of CHIPS funding from the United States.")
    assert [c.name for c in title_law.candidates if c.document] == ["CHIPS"]  # the head of a law's name


def test_source_groups_merge_a_name_with_its_longer_form_and_a_surname_with_the_full_name():
    # the shorter name said first: merging put the list being sorted in its own sort key (it read as empty)
    text = ("Coordination Headquarters statement\n\nThe Coordination Headquarters said the swap was done. The "
            "Coordination Headquarters for the Treatment of Prisoners of War said 95 men came home.")
    assert [g.name for g in sources(analyse(text))] == ["Coordination Headquarters for the Treatment of Prisoners of War"]
    text = ("Secretary Perdue Statement on Beef Agreement\n\nSecretary of Agriculture Sonny Perdue issued the following "
            "statement on the agreement with the European Union.")
    assert [g.name for g in sources(analyse(text))] == ["Sonny Perdue"]


def test_a_states_generic_forces_are_the_state():
    pre = analyse("Title\n\nThe equipment will go to Ukraine\u2019s Armed Forces. The United Kingdom\u2019s Ministry of "
                  "Defense agreed.")
    assert [(c.name, c.kind, c.count) for c in pre.candidates] == [
        ("Ukraine", "state", 1),
        ("United Kingdom", "state", 1),
        ("Ministry of Defense", "government_body", 1),
    ]


def test_brokers_count_one_mention_more():
    pre = analyse("Title\n\nThe U.N. said Russia and Ukraine would meet. Germany and Ukraine met in Kyiv. Russia agreed "
                  "to resume gas deliveries to Ukraine in a deal brokered by the European Commission. Japan and Germany "
                  "agreed. The talks were mediated by the African bloc IGAD.")
    assert [(c.name, c.count) for c in pre.candidates] == [
        ("Ukraine", 4),
        ("Russia", 2),
        ("Germany", 2),
        ("European Commission", 1),
        ("IGAD", 1),
        ("U.N.", 1),
        ("Japan", 1),
    ]


def test_title_case_headline_takes_body_names_inside_it():
    pre = analyse("Zimbabwe Iron and Steel Company Essar Africa Holdings Iron Ore Deal Cabinet Decision\n\n"
                  "Essar Africa Holdings will take over the Zimbabwe Iron and Steel Company, Essar said.")
    assert [(c.name, c.aliases, c.sentences) for c in pre.candidates] == [
        ("Essar Africa Holdings", ["Essar"], [1, 2]),
        ("Zimbabwe Iron and Steel Company", [], [1, 2]),
    ]


def test_parties_named_by_description_and_the_government():
    pre = analyse("Title\n\nWealthy nations say they will cut subsidies if developing nations open their markets. "
                  "Rich countries want more. Poor countries refused the offer.")
    assert [(c.name, c.kind, c.aliases, c.count) for c in pre.candidates] == [
        ("Wealthy nations", "other", ["Rich countries"], 2),
        ("developing nations", "other", ["Poor countries"], 2),
    ]
    pre = analyse("Title\n\nThe Syrian National Coalition met Syria's envoy. The opposition delegation said the "
                  "government had refused. Government forces shelled Homs.")
    assert [(c.name, c.kind, c.aliases, c.count) for c in pre.candidates] == [
        ("Syria", "state", ["government", "Government forces"], 3),
        ("Syrian National Coalition", "organization", ["opposition delegation"], 2),
    ]
    # The state named most, names of companies counted, owns "the government".
    pre = analyse("Title\n\nEssar bought New Zimbabwe Steel from Zimbabwe. India welcomed it. The Zimbabwe Iron "
                  "Company was sold. The government said the deal was final.")
    assert pre.candidate("the government").name == "Zimbabwe"
    _grounded(pre)


def test_candidates_surnames_possessives_and_no_dates():
    text = (
        "Title\n\nTreasury Secretary Janet Yellen spoke on Monday, March 3. Yellen's aides met Ukraine's envoy "
        "in Kyiv. Yellen said the United States would send aid."
    )
    pre = analyse(text)
    got = [(c.name, c.kind, c.aliases, c.count) for c in pre.candidates]
    assert got == [
        ("Janet Yellen", "person", ["Yellen"], 3),
        ("Ukraine", "state", ["Kyiv"], 2),
        ("Treasury", "government_body", [], 1),
        ("United States", "state", [], 1),
    ]


def test_an_office_holder_is_read_apart_from_the_office_spacy_took_in():
    text = (
        "Readout of Secretary of Defense Lena Marsh's Meeting\n\nSecretary of Defense Lena Marsh met the Minister of "
        "Finance of Ruritania on Monday. Marsh welcomed the agreement. Spokesperson Omar K. Velde said the talks "
        "went well. The Kenyan National Commission on Human Rights said it would watch the deal; human rights "
        "groups agreed."
    )
    names = {c.name: c.kind for c in analyse(text).candidates}
    assert names.get("Lena Marsh") == "person"
    assert not any(n.startswith(("Defense ", "Spokesperson ")) for n in names)
    assert "Human Rights" not in names  # a name's common words are not a person


def test_seed_candidates(seed):
    top = [(c.name, c.kind, c.aliases, c.count) for c in seed.candidates[:4]]
    assert top == [
        ("Russia", "state", ["Russia authorities", "Russian"], 25),
        ("North Korea", "state", ["Pyongyang", "North Korean authorities", "Democratic People\u2019s Republic of Korea",
                                  "North Koreans"], 18),
        ("John Kirby", "person", ["Kirby"], 6),
        ("Ashot Mkrtychev", "person", ["Mkrtychev"], 4),
    ]
    kinds = {c.name: c.kind for c in seed.candidates}
    assert kinds["Ministry of Defense"] == "government_body"
    assert kinds["Office of Foreign Assets Control"] == "government_body"
    assert kinds["United Kingdom"] == "state"
    media = sorted(c.name for c in seed.candidates if c.news_media)
    assert media == ["Associated Press", "New York Times"]
    assert not any(c.name.lower() in ("march 30th", "thousands", "first") for c in seed.candidates)


def test_prepass_candidate_lookup(seed):
    assert seed.candidate("Pyongyang").name == "North Korea"
    assert seed.candidate("the Democratic People's Republic of Korea").name == "North Korea"
    assert seed.candidate("Russia\u2019s").name == "Russia"
    assert seed.candidate("kirby").name == "John Kirby"
    assert seed.candidate("Narnia") is None
    assert lookup_key("The Kremlin's") == "kremlin"


# Attributions and sources ------------------------------------------------------------------------------------


def test_named_officials_titles_and_pronouns():
    pre = analyse(
        "Title\n\nWhite House National Security spokesman John Kirby told reporters on Monday that Russia was "
        "seeking weapons. He said the talks had stalled. Treasury Secretary Janet Yellen said the sanctions were "
        "working."
    )
    assert _attr(pre) == [
        (2, "John Kirby", "official", True, "White House National Security", "tell"),
        (3, "John Kirby", "official", True, "White House National Security", "say"),
        (4, "Janet Yellen", "official", True, "Treasury", "say"),
    ]


def test_journalist_quote_continuation_and_experts():
    pre = analyse(
        "Title\n\n\u201cWe are ready,\u201d wrote Hyung-Jin Kim of the Associated Press. \u201cBut nobody knows.\u201d\n\n"
        "Maryna Kovalchuk, an analyst at the Kyiv-based Centre for Security Studies, said the pace had slowed."
    )
    assert _attr(pre) == [
        (2, "Hyung-Jin Kim", "news_media", True, "Associated Press", "write"),
        (3, "Hyung-Jin Kim", "news_media", True, "Associated Press", "quote"),
        (4, "Maryna Kovalchuk", "expert", True, "Centre for Security Studies", "say"),
    ]


def test_unnamed_sources_outlets_and_documents():
    pre = analyse(
        "Title\n\nOfficials familiar with the talks said a deal was close. According to Reuters, the deal was "
        "signed. A statement from the ministry said the talks had ended. People familiar with the matter said the "
        "offer was rejected. Two Western security officials, speaking on condition of anonymity, said Iran had "
        "delivered drones. The shipments were first reported by Britain's Daily Ledger newspaper."
    )
    assert _attr(pre) == [
        (2, "Officials familiar with the talks", "anonymous", False, "", "say"),
        (3, "Reuters", "news_media", True, "", "according to"),
        (4, "statement from the ministry", "document", True, "", "say"),
        (5, "People familiar with the matter", "anonymous", False, "", "say"),
        (6, "Two Western security officials", "anonymous", False, "", "say"),
        (7, "Daily Ledger", "news_media", True, "United Kingdom", "report"),
    ]


def test_bodies_possessors_and_the_company():
    pre = analyse(
        "Title\n\nAccording to the United Kingdom\u2019s Ministry of Defense, shells are short. "
        "Nordhavn Robotics paid $2 billion for Kestrel, the company said. Angola's foreign ministry said it regretted "
        "the breakdown."
    )
    assert _attr(pre) == [
        (2, "Ministry of Defense", "government_body", True, "United Kingdom", "according to"),
        (3, "Nordhavn Robotics", "other", True, "", "say"),
        (4, "Angola's foreign ministry", "government_body", True, "Angola", "say"),
    ]


def test_reported_speech_inside_quotes_and_negated_verbs_are_not_sources():
    pre = analyse(
        "Title\n\n\u201cExperts say the deal is off,\u201d Hartmann said. Russia has not disclosed the figures. "
        "The Kremlin declined to comment."
    )
    assert [(a.sentence, a.speaker, a.cue) for a in pre.attributions] == [(2, "Hartmann", "say")]


def test_collectives_main_subject_pronoun_bylines_and_credit_lines():
    pre = analyse(
        "Title\n\nWorld trade ministers say they want new talks. Wealthy nations say they are willing to cut "
        "subsidies. Russia cut off gas in June over what it said were unpaid debts. The debt will be paid in two "
        "installments, which officials say is fair. VOA's Zlatica Hoke reports.\n\n"
        "Some information for this report was provided by AFP, AP and Reuters."
    )
    assert _attr(pre) == [
        (2, "World trade ministers", "anonymous", False, "", "say"),
        (3, "Wealthy nations", "other", True, "", "say"),
        (4, "Russia", "government_body", True, "", "say"),
        (5, "officials", "anonymous", False, "", "say"),
        (7, "AFP", "news_media", True, "", "credit"),
        (7, "AP", "news_media", True, "", "credit"),
        (7, "Reuters", "news_media", True, "", "credit"),
    ]


def test_statement_introduced_by_a_colon_line():
    pre = analyse(
        "Title\n\nFTC Bureau of Competition Director Holly Vedova issued this statement:\n\n"
        "\u201cThe termination will preserve competition. I am grateful to the team.\u201d"
    )
    assert [(a.sentence, a.speaker, a.kind, a.cue) for a in pre.attributions] == [
        (2, "Holly Vedova", "official", "issue"),
        (3, "Holly Vedova", "official", "quote"),
        (4, "Holly Vedova", "official", "quote"),
    ]
    assert pre.attributions[0].affiliation == "FTC Bureau of Competition"


def test_attributed_to_lines_and_issuers_of_government_releases():
    pre = analyse("Title\n\nAttributed to Pentagon Press Secretary Todd Breasseale:\n\nThis afternoon, the Department "
                  "of Defense announced $820 million in aid for Ukraine.")
    assert [(a.sentence, a.speaker, a.kind, a.cue) for a in pre.attributions] == [
        (2, "Todd Breasseale", "official", "attributed to"),
        (3, "Department of Defense", "government_body", "announce"),
    ]
    # "X provided the following readout:": the readout is theirs, and the name comes after the titles
    pre = analyse("Readout of the Secretary's Call With the Minister of Defence of Norway\n\nPentagon Press Secretary "
                  "Rear Admiral Jane Whitfield provided the following readout:\n\nThe Secretary spoke with the "
                  "Minister about support for Ukraine.")
    assert [(a.sentence, a.speaker, a.kind, a.cue) for a in pre.attributions][:1] == [
        (2, "Jane Whitfield", "official", "attributed to")]
    pre = analyse("Sanctioning Entities Purchasing Iranian Oil\n\nThe U.S. Department of State is today sanctioning "
                  "Huaying Terminal, an oil terminal in China. The Department of the Treasury is concurrently "
                  "sanctioning Luqing Petrochemical Co., Ltd. for purchasing Iranian oil.")
    assert [(a.sentence, a.speaker, a.kind, a.cue) for a in pre.attributions] == [
        (2, "U.S. Department of State", "government_body", "issuer"),
        (3, "Department of the Treasury", "government_body", "issuer"),
    ]
    # A first-person release with no attribution at all: the body it names is its issuer.
    pre = analyse("Release of Prisoners\n\nThrough the efforts of people in the State Department and across our "
                  "government, the United States secured their freedom. We are grateful to our allies.")
    assert [(a.sentence, a.speaker, a.kind, a.cue) for a in pre.attributions] == [
        (2, "State Department", "government_body", "issuer"),
    ]
    # In the past tense too: the body acting in the first body sentences issues the release (the labels count the
    # issuing department as a source whenever the text names it) ...
    pre = analyse("Title\n\nThe Defense Security Cooperation Agency notified Congress of a possible sale to Norway.")
    assert [(a.sentence, a.speaker, a.kind, a.cue) for a in pre.attributions] == [
        (2, "Defense Security Cooperation Agency", "government_body", "issuer"),
    ]
    # ... but not a body in the title of the person who acts: the person is the release's actor.
    pre = analyse("Title\n\nPentagon Press Secretary Jane Roe met reporters in Washington on Monday.")
    assert [(a.speaker, a.cue) for a in pre.attributions] == [("Jane Roe", "actor")]


def test_the_person_a_release_reports_acting_is_a_source_candidate_once():
    pre = analyse("Readout of the Secretary's Meeting\n\nSecretary of Defense Lena Marsh met with Ruritania's "
                  "Minister of Finance Ivo Brann on Monday. Marsh thanked the minister for his hospitality.")
    assert [(a.sentence, a.speaker, a.cue, a.on_record) for a in pre.attributions] == [
        (2, "Lena Marsh", "actor", True)]
    # one who also speaks is a source already: no second attribution for the act
    pre = analyse("Title\n\nMinister Ivo Brann signed the accord on Monday. Brann said the accord would hold.")
    assert [(a.speaker, a.cue) for a in pre.attributions] == [("Ivo Brann", "say")]


def test_conjoined_speakers_reporters_participles_and_appositions():
    pre = analyse(
        "Title\n\nThe United States and Ukraine said Sunday they are nearing an agreement. Reporters on the ground "
        "said markets reopened. At the ceremony, speakers warned the truce may fail. The deal is mired in "
        "controversy, with some government officials claiming the minister sold the reserves. The rain will stop "
        "on Friday, the weather agency PAGASA said. Wealthy nations say they will cut subsidies. Rich countries "
        "want more."
    )
    assert [(a.sentence, a.speaker, a.kind, a.on_record, a.cue) for a in pre.attributions] == [
        (2, "United States", "government_body", True, "say"),
        (2, "Ukraine", "government_body", True, "say"),
        (3, "Reporters on the ground", "news_media", False, "say"),
        (4, "speakers", "anonymous", False, "warn"),
        (5, "some government officials", "anonymous", False, "claim"),
        (6, "PAGASA", "other", True, "say"),
        (7, "Wealthy nations", "other", True, "say"),
    ]


def test_participle_claims_with_the_claim_parsed_as_an_object():
    pre = analyse("Title\n\nThe deal has been mired in controversy with some government officials claiming the industry "
                  "minister almost parceled out the reserves for peanuts.")
    assert [(a.sentence, a.speaker, a.kind, a.cue) for a in pre.attributions] == [
        (2, "some government officials", "anonymous", "claim"),
    ]


def test_a_definite_document_is_the_document_named_before():
    pre = analyse("Title\n\nThe talks are held within the context of the 2012 Geneva communique. That document calls "
                  "for a transitional government.")
    assert [(a.sentence, a.speaker, a.kind, a.definite) for a in pre.attributions] == [
        (3, "2012 Geneva communique", "document", True),
    ]
    assert pre.text[pre.attributions[0].start : pre.attributions[0].end] == "2012 Geneva communique"


def test_sources_collapse_anonymous_groups():
    pre = analyse(
        "Egypt in talks to buy wheat, traders say\n\n"
        "Egypt is negotiating a deal, two traders familiar with the talks said. One of the traders said the price "
        "was open. A government source in Cairo said a delegation had visited. The second trader said more was "
        "coming."
    )
    got = [(g.name, g.kind, g.on_record, g.affiliation, g.sentences) for g in sources(pre)]
    assert got == [
        ("two traders familiar with the talks", "anonymous", False, "", (1, 2, 3, 5)),
        ("government source in Cairo", "anonymous", False, "Egypt", (4,)),
    ]


def test_seed_sources(seed):
    got = [(g.name, g.kind, g.on_record, g.affiliation, g.sentences) for g in sources(seed)]
    assert got == [
        ("John Kirby", "official", True, "White House National Security", (19, 21, 23, 25)),
        ("Ministry of Defense", "government_body", True, "United Kingdom", (29, 31, 33)),
        ("Office of Foreign Assets Control", "government_body", True, "U.S. Department of the Treasury", (35,)),
        ("Associated Press", "news_media", True, "", (37,)),
        ("Janet Yellen", "official", True, "Treasury", (39,)),
        ("New York Times", "news_media", True, "", (44,)),
        ("Hyung-Jin Kim", "news_media", True, "Associated Press", (48, 49)),
    ]
    # Each attribution's offsets point at the speaker's words in the article.
    for a in seed.attributions:
        assert seed.text[a.start : a.end] in (a.speaker, "Kirby", "Ministry of Defense")


# Exchange cues -----------------------------------------------------------------------------------------------


# Status cues and hedges --------------------------------------------------------------------------------------


def test_status_cues_with_negation_and_modals():
    pre = analyse(
        "Title\n\nThe two sides signed the agreement. Talks broke down on Friday. Iran denied the report. "
        "The deal has not been signed. The shipment was delivered last week. The shipment would be delivered "
        "next year. Kazakhstan rejected the claims as baseless."
    )
    assert _status(pre) == [
        (2, "agreed", "signed"),
        (3, "negotiating", "Talks"),
        (3, "collapsed", "broke down"),
        (4, "denied", "denied"),
        (6, "implemented", "delivered"),
        (7, "proposed", "would"),
        (8, "denied", "rejected"),
        (8, "denied", "baseless"),
    ]


def test_status_cues_proposals_and_collapse_need_a_deal():
    pre = analyse(
        "Title\n\nRussia offered a proposal. The KPA had agreed to withdraw its fighters from the town. "
        "Hale withdrew his bid. The acquisition is now in effect."
    )
    assert _status(pre) == [
        (2, "proposed", "offered"),
        (2, "proposed", "proposal"),
        (3, "agreed", "agreed"),
        (4, "collapsed", "withdrew"),
        (4, "proposed", "bid"),
        (5, "implemented", "in effect"),
    ]


def test_status_cues_weak_modals_talks_in_titles_returns_and_nearing():
    pre = analyse(
        "Syrian Peace Talks on Hold\n\nThe deal could be signed. Talks may resume. The prisoners returned home on "
        "Friday. Whelan is now on his way back. We have secured the release of dozens. Washington and Kyiv are "
        "nearing an agreement. Nvidia terminated the deal. The talks were called off. Iran dismissed the report. "
        "There is no such deal."
    )
    assert [(c.sentence, c.status, c.word, c.weak) for c in pre.status_cues] == [
        (1, "negotiating", "Talks", False),
        (2, "proposed", "could", True),
        (3, "negotiating", "Talks", False),
        (3, "proposed", "may", True),
        (4, "implemented", "returned home", False),
        (5, "implemented", "way back", False),
        (6, "implemented", "secured", False),
        (7, "negotiating", "nearing", False),
        (8, "collapsed", "terminated", False),
        (9, "negotiating", "talks", False),
        (9, "collapsed", "called off", False),
        (10, "denied", "dismissed", False),
        (11, "denied", "no such", False),
    ]
    _grounded(pre)
    pre = analyse("Release of Wrongfully Detained Americans\n\nKyiv and Washington near deal.")
    assert [(c.sentence, c.status, c.word) for c in pre.status_cues] == [
        (1, "implemented", "Release"),
        (2, "negotiating", "near"),
    ]


def test_status_cues_done_modifiers_and_announced_handovers():
    pre = analyse(
        "Title\n\nThe CMA is investigating the completed acquisition of the stores. The first lady met a freed "
        "hostage. The Department of Defense announced today the transfer of two detainees. The ministry announced "
        "a new strategy. The ministry will announce the release of the prisoners."
    )
    assert [(c.sentence, c.status, c.word) for c in pre.status_cues] == [
        (2, "implemented", "completed"),
        (3, "implemented", "freed"),
        (4, "implemented", "announced"),
    ]
    _grounded(pre)


def test_hedges():
    pre = analyse(
        "Title\n\nThe drones were allegedly delivered, and the deal is reportedly worth $1 billion. "
        "The weapons are believed to come from Iran, according to reports. Talks may resume."
    )
    assert [(h.sentence, h.word) for h in pre.hedges] == [
        (2, "allegedly"),
        (2, "reportedly"),
        (3, "believed"),
        (3, "according to reports"),
        (4, "may"),
    ]


def test_seed_status_cues_and_hedges(seed):
    assert [c for c in _status(seed) if c[0] in (1, 21, 25, 35)] == [
        (1, "proposed", "offers"),
        (21, "proposed", "seeking"),
        (21, "proposed", "proposed"),
        (21, "proposed", "would"),
        (25, "proposed", "seeking"),
        (25, "proposed", "offering"),
        (35, "negotiating", "negotiating"),
    ]
    assert [(h.sentence, h.word) for h in seed.hedges] == [
        (15, "could"), (31, "likely"), (33, "likely"), (33, "could"), (35, "alleged"), (45, "could"),
        (48, "Unconfirmed"), (51, "could"), (51, "likely"),
    ]


# Purity and start-up -----------------------------------------------------------------------------------------


def test_deterministic(seed):
    again = analyse(seed.text)
    assert again == seed


def test_importing_the_package_loads_no_spacy():
    code = "import sys, summarizer.prepass; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_sources_stays_a_function_after_analysis():
    import summarizer.prepass as package

    pre = package.analyse("Title\n\nReuters said the deal was signed.")
    assert callable(package.sources)
    assert [g.name for g in package.sources(pre)] == ["Reuters"]


def test_a_proposed_deal_named_so_is_a_weak_cue_and_its_termination_a_firm_one():
    pre = analyse("Title\n\nThe companies terminated the proposed acquisition. Iran proposed a swap.")
    assert [(c.sentence, c.status, c.word, c.weak) for c in pre.status_cues] == [
        (2, "collapsed", "terminated", False),
        (2, "proposed", "proposed", True),
        (3, "proposed", "proposed", False),
    ]


# Full-length government texts and news (rules added with the full-length corpus) --------------------------------


def _sources(pre: PrePass) -> list[tuple]:
    return [(g.name, g.kind, g.on_record) for g in sources(pre)]


def test_the_author_of_a_statement_is_its_source_without_a_reporting_verb():
    pre = analyse(
        "Statement from National Security Advisor Jane Harlow on the Release of Tom Reyes\n\n"
        "Today we welcome Tom Reyes home after two years in detention."
    )
    assert _sources(pre)[0] == ("Jane Harlow", "official", True)
    assert sources(pre)[0].affiliation == "National Security Advisor"


def test_a_joint_statement_names_each_author():
    pre = analyse(
        "Joint Statement on Grain Exports by Danish Prime Minister Anna Holm and Estonian President Mart Kask\n\n"
        "We are committed to keeping the ports open."
    )
    assert [n for n, _, _ in _sources(pre)][:2] == ["Anna Holm", "Mart Kask"]


def test_an_author_named_before_the_kind_of_text_is_its_source():
    pre = analyse(
        "Prime Minister Anna Holm Statement on the Grain Corridor Truce\n\n"
        "I welcome the announcement today of a two-month truce."
    )
    assert _sources(pre)[0] == ("Anna Holm", "official", True)
    pre = analyse("Remarks on the Grain Corridor Truce\n\nThe truce holds.")
    assert _sources(pre) == []
    pre = analyse("Foreign Minister's statement on the Grain Corridor Truce\n\nThe truce holds.")
    assert _sources(pre) == []  # a title alone names no source


def test_transcript_speakers_are_sources_and_a_background_official_is_unnamed():
    pre = analyse(
        "Background Press Call on the Grain Agreement\n\n"
        "MODERATOR: This call is on background.\n\n"
        "SENIOR ADMINISTRATION OFFICIAL: Thank you. The agreement was signed this morning.\n\n"
        "Q Is it binding?\n\n"
        "SENIOR ADMINISTRATION OFFICIAL: It is."
    )
    assert _sources(pre) == [("Senior Administration Official", "anonymous", False)]


def test_a_pronoun_speaker_is_the_person_named_just_before_not_an_organisation():
    pre = analyse(
        "Title\n\nFormer envoy Lena Ortiz of the Baltic Policy Institute watched the talks with the Grain Council. "
        "\"It will hold,\" she said."
    )
    ortiz = next(g for g in sources(pre) if g.name == "Lena Ortiz")
    assert ortiz.kind == "expert"  # think-tank staff are experts
    assert "Grain Council" not in [g.name for g in sources(pre)]


def test_a_colon_quote_credits_its_speaker():
    pre = analyse(
        "Leaders Welcome the Accord\n\nThe accord was signed on Monday.\n\n"
        "- Foreign Minister Rosa Lind: \u201cThis is a day of hope.\u201d"
    )
    assert ("Rosa Lind", "official", True) in _sources(pre)


def test_new_status_cues():
    assert _status(analyse("Title\n\nThe Pentagon announced $400 million in security assistance for Moldova."))[0][1] == (
        "agreed")
    assert _status(analyse("Title\n\nThe Treasury announced sanctions on three banks.")) == []
    assert ("implemented", "holds") in [(s, w) for _, s, w in _status(analyse("Title\n\nThe truce holds, officials said."))]
    assert not any(s == "implemented" for _, s, _ in _status(analyse("Title\n\nThe ministry released a statement.")))
    assert not any(s == "collapsed" for _, s, _ in _status(analyse("Title\n\nBoth sides accused each other of violations.")))


def test_status_cue_words_are_well_formed_data():
    """The status words file names only statuses of the contract and spaCy's parts of speech, each word once."""
    from typing import get_args

    from summarizer.prepass.cues import PHRASAL, WORD_STATUS
    from summarizer.prepass.types import StatusLabel

    statuses = set(get_args(StatusLabel))
    pos_tags = {"NOUN", "VERB", "ADJ", "PROPN", "AUX", "ADV"}
    assert WORD_STATUS and PHRASAL
    for lemma, (status, pos) in WORD_STATUS.items():
        assert lemma == lemma.lower() and status in statuses, lemma
        assert pos is None or set(pos) <= pos_tags, lemma
    assert set(PHRASAL.values()) <= statuses


def test_status_cue_words_come_from_the_data_file():
    """A word of the data file is a cue: 'scrapped' points at collapsed, 'inked' at agreed."""
    pre = analyse("Acme scrapped the deal with Globex.\n\nIran inked a pact with Iraq on Monday.")
    found = {(c.word.lower(), c.status) for c in pre.status_cues}
    assert ("scrapped", "collapsed") in found
    assert ("inked", "agreed") in found


@pytest.mark.parametrize(("text", "cue"), [
    ("A former lobbyist pleaded guilty today to conspiring to pay bribes.", ("pleaded", "implemented")),
    ("Smith was sentenced today to 37 months in prison.", ("sentenced", "implemented")),
    ("A deportation flight carrying 104 migrants landed in Punjab.", ("landed", "implemented")),
    ("The deportation of Chinese nationals is still underway.", ("underway", "implemented")),
    ("The man was deported to El Salvador on Monday.", ("deported", "implemented")),
    ("He was extradited to the United States last week.", ("extradited", "implemented")),
])
def test_a_plea_a_sentence_a_landing_say_it_was_done(text, cue):
    assert cue in {(c.word, c.status) for c in analyse(text).status_cues}


@pytest.mark.parametrize("text", [
    "He agreed to plead guilty to bribery charges.",
    "He faces a maximum sentence of 20 years.",
    "The flight will land in Punjab on Friday.",
    "Washington plans to deport him to El Salvador.",
])
def test_a_plea_or_landing_still_to_come_is_not_done(text):
    assert "implemented" not in {c.status for c in analyse(text).status_cues}


def test_a_headline_infinitive_of_a_transfer_is_a_plan():
    """'Norland to sell frigates to Ostria': the headline says it is planned (proposed), not done; the same verb
    in the body says nothing of the status, and a negated one is no plan."""
    pre = analyse("Norland to sell frigates to Ostria\n\nNorland will sell three frigates to Ostria.")
    assert [(c.sentence, c.status, c.word, c.weak) for c in pre.status_cues if c.status == "proposed"][:1] == [
        (1, "proposed", "sell", False)]
    assert not any(c.sentence == 2 and c.word == "sell" for c in pre.status_cues)
    assert not any(c.word == "give" for c in analyse("Norland not to give Ostria frigates\n\nBody.").status_cues)


@pytest.mark.parametrize(("text", "cue"), [
    ("The ministry approved a possible sale of radars to Ostria.", ("possible", "proposed", True)),
    ("The border police received twelve vehicles from Norland.", ("received", "implemented", False)),
])
def test_a_possible_sale_is_a_hint_and_a_receipt_says_it_was_done(text, cue):
    assert cue in {(c.word, c.status, c.weak) for c in analyse(text).status_cues}


def test_a_receipt_still_to_come_is_not_done():
    assert "implemented" not in {c.status for c in analyse("Ostria will receive the vehicles next year.").status_cues}


def test_every_named_member_of_a_list_of_speakers_speaks():
    # the parse gives such a list one subject; the others of the run of titles, names and commas speak too
    pre = analyse("Company Admits Paying Bribes\n\nA pump maker pleaded guilty today to paying bribes, Acting "
                  "Assistant Attorney General Helen Marsh of the Criminal Division, U.S. Attorney Victor Hale of "
                  "the Northern District of Ohio and Peter Olsen, Special Agent in Charge of the FBI's Cleveland "
                  "Field Office announced.")
    speakers = {a.speaker for a in pre.attributions if a.sentence == 2 and a.cue == "announce"}
    assert {"Helen Marsh", "Victor Hale", "Peter Olsen"} <= speakers
    # a person named in a phrase that is no list ("In a meeting with ...") does not speak
    pre = analyse("Talks on Trade\n\nIn a meeting with Prime Minister Anna Berg, President Tomas Lind said the "
                  "tariffs would end.")
    assert [a.speaker for a in pre.attributions if a.sentence == 2] == ["Tomas Lind"]


def test_a_participle_with_its_by_agent_reports():
    # "the package announced by X": the agent of a past participle on a noun is who announced it
    pre = analyse("Arms Sale Approved\n\nThe sale is part of a $5 billion package announced by Defense Minister "
                  "Carla Jensen last year.")
    assert [(a.sentence, a.speaker, a.cue) for a in pre.attributions] == [(2, "Carla Jensen", "announce")]
    # a participle with no agent is no report ("the figures announced last week")
    pre = analyse("Arms Sale Approved\n\nThe figures announced last week were higher.")
    assert not [a for a in pre.attributions if a.cue == "announce"]


def test_approving_a_possible_sale_is_a_proposal():
    # what is approved is itself only possible: the deal is proposed, not agreed
    pre = analyse("Arms Sale\n\nThe State Department made a determination approving a possible sale of radars to Chile.")
    assert ("proposed", "approving") in [(s, w) for _, s, w in _status(pre)]
    assert not any(s == "agreed" for _, s, _ in _status(pre))
    # approving a sale outright is still an agreement
    pre = analyse("Arms Sale\n\nThe State Department approved the sale of radars to Chile.")
    assert ("agreed", "approved") in [(s, w) for _, s, w in _status(pre)]


def test_a_short_line_ending_with_a_comma_is_no_heading():
    # "... said," goes on into the quote of the next paragraph: its speaker speaks
    pre = analyse("Radars Handed Over\n\nSpeaking at the handover, the envoy Dr Carla Jensen said,\n\n"
                  "\u201cThis equipment will help secure the border.\u201d")
    assert not pre.sentences[1].heading
    assert "Carla Jensen" in [a.speaker for a in pre.attributions]


def test_an_unnamed_adviser_speaks_anonymously():
    pre = analyse("Jets Paid For\n\nAn adviser to Prime Minister Tomas Lind said Tuesday the first payment was made.")
    assert [(a.kind, a.on_record) for a in pre.attributions] == [("anonymous", False)]
    assert pre.attributions[0].speaker.startswith("adviser to Prime Minister Tomas Lind")


def test_a_reporter_of_a_named_outlet_speaks_for_the_outlet():
    pre = analyse("Truce Ends\n\nA BBC correspondent said that the truce was over.")
    assert [(a.speaker, a.kind) for a in pre.attributions] == [("BBC", "news_media")]


def test_a_title_word_alone_is_no_person():
    # spaCy may tag "Principal" (of a title, or a sentence's first word) as a person: no candidate, no speaker
    pre = analyse('Acid Makers Settle\n\n"This settlement brings the plants into compliance," said Michael Reed, '
                  "Principal Deputy Assistant Attorney General for the Environment Division, and Ann Lee, Regional "
                  "Administrator.\n\nPrincipal uses include ore processing and oil refining.")
    assert "Principal" not in [c.name for c in pre.candidates]
    assert [a.speaker for a in pre.attributions] == ["Michael Reed", "Ann Lee"]


def test_a_person_folded_into_the_body_they_lead_still_speaks_as_a_person():
    # "Harris" is folded into the candidate "Harris Administration"; "President Harris announced" is the person
    pre = analyse("Harris Administration Announces Aid to Chile\n\nPresident Harris today announced $50 million in "
                  "security assistance to Chile. The Harris Administration will deliver it this year.")
    assert (2, "President Harris", "official") in [(a.sentence, a.speaker, a.kind) for a in pre.attributions]
    assert (1, "Harris Administration", "government_body") in [(a.sentence, a.speaker, a.kind) for a in pre.attributions]


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("WASHINGTON \u2014 ", "WASHINGTON"),
        ("(WASHINGTON, D.C., August 2, 2019) - ", "WASHINGTON"),
        ("Washington, D.C. - ", "Washington"),
        ("New Delhi \u2014 ", "Delhi"),
    ],
)
def test_a_dateline_is_no_part_of_the_phrases_it_touches(opening, place):
    text = (f"Kestrel and Ardena agree grain deal\n\n{opening}U.S. Secretary of State Ivo Brann said on Tuesday that "
            "Kestrel would sell Ardena grain.\n")
    pre = analyse(text)
    assert ("Ivo Brann", "U.S.") in {(a.speaker, a.affiliation) for a in pre.attributions}
    assert not any(place in m.text for c in pre.candidates for m in c.mentions)
    assert pre.sentences[1].text.startswith(opening.strip())  # the dateline stays in the sentence's text


def test_a_title_case_dateline_is_read_only_on_the_first_line_and_before_a_capital():
    assert dateline("Semiconductors \u2013 those tiny chips power everything.", first=True) == 0
    assert dateline("New Delhi \u2014 India said.", first=True) == len("New Delhi \u2014 ")
    assert dateline("New Delhi \u2014 India said.") == 0  # title case only on the first line after the title
    assert dateline("KYIV, Feb 14 - Ukraine said.") == len("KYIV, Feb 14 - ")


def test_speakers_named_at_the_end_of_a_sentence_with_no_subject_parsed_speak():
    # "..., the X Agency and the Justice Department announced today.": the parse hangs the names on the list
    # before them and leaves the verb without a subject; the names after the last comma are its speakers
    pre = analyse("Plants to Cut Emissions\n\nThree makers of sulfuric acid have agreed to spend at least $12 "
                  "million on controls that will cut emissions from six plants in Louisiana, Ohio, Texas and the "
                  "Wind River Reservation in Wyoming, the U.S. Environmental Protection Agency and the Justice "
                  "Department announced today.")
    speakers = {a.speaker for a in pre.attributions if a.sentence == 2}
    assert speakers == {"U.S. Environmental Protection Agency", "Justice Department"}
    # the places of the list before the last comma do not speak, nor do names that are not at the end
    pre = analyse("Plants to Cut Emissions\n\nThe plants in Louisiana and Ohio will close, the Justice Department "
                  "announced today, and Texas will pay.")
    assert {a.speaker for a in pre.attributions if a.sentence == 2} == {"Justice Department"}


def test_the_body_acting_in_what_a_release_reports_is_its_issuer():
    # "The Department of Justice has filed ..., X announced today": the body acts in the reported clause
    pre = analyse("Department Seeks Proceeds\n\nWASHINGTON \u2013 The Department of Justice has filed a forfeiture "
                  "action against accounts worth nearly $3 million, Acting Assistant Attorney General Matthew "
                  "Friedrich of the Criminal Division announced today.")
    assert ("Department of Justice", "issuer") in [(a.speaker, a.cue) for a in pre.attributions]
    assert "Matthew Friedrich" in [a.speaker for a in pre.attributions]
