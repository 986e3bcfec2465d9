from summarizer.cleanup import clean, name_key, names_match
from summarizer.schema import Extraction

ARTICLE = "Moscow will send grain to Pyongyang. Russia gets shells. North Korea agreed, officials said."


def _extraction(**over):
    base = {
        "headline": "h",
        "status": "agreed",
        "status_quote": "North Korea agreed",
        "parties": [],
        "terms": [],
        "sources": [],
        "evidence_strength": "probably_true",
        "evidence_rationale": "r",
        "summary": "s",
    }
    base.update(over)
    return Extraction.model_validate(base)


def test_name_key_ignores_case_punctuation_and_articles():
    assert name_key("The U.S. Treasury") == name_key("u s treasury")
    assert names_match("the Associated Press", "Associated Press")
    assert not names_match("Russia", "North Korea")


def test_duplicate_parties_merge_and_aliases_resolve_terms():
    ex = _extraction(
        parties=[
            {"name": "Russia", "aliases": ["Moscow"], "kind": "state"},
            {"name": "North Korea", "aliases": [], "kind": "state"},
            {"name": "Moscow", "aliases": [], "kind": "state"},
            {"name": "north korea", "aliases": ["Pyongyang"], "kind": "state"},
        ],
        terms=[
            {
                "giver": "Moscow",
                "receiver": "Pyongyang",
                "category": "food",
                "item": "grain",
                "primary": True,
                "quote": "Moscow will send grain to Pyongyang.",
            },
            {
                "giver": "Russia",
                "receiver": "North Korea",
                "category": "food",
                "item": "Grain",
                "primary": True,
                "quote": "Moscow will send grain to Pyongyang.",
            },
        ],
    )
    out = clean(ex, ARTICLE)
    assert [(p.name, p.aliases) for p in out.parties] == [("Russia", ["Moscow"]), ("North Korea", ["Pyongyang"])]
    assert len(out.terms) == 1
    term = out.terms[0]
    assert (term.giver, term.receiver) == ("Russia", "North Korea")
    assert ARTICLE[term.evidence[0].start : term.evidence[0].end] == term.evidence[0].text
    assert any("repeated term" in n for n in out.notes)


def test_unlisted_giver_is_added_and_self_deals_dropped():
    ex = _extraction(
        parties=[{"name": "Russia", "aliases": [], "kind": "state"}],
        terms=[
            {
                "giver": "North Korea",
                "receiver": "Russia",
                "category": "munitions",
                "item": "shells",
                "primary": True,
                "quote": "",
            },
            {
                "giver": "Russia",
                "receiver": "Russia",
                "category": "money",
                "item": "cash",
                "primary": True,
                "quote": "",
            },
        ],
    )
    out = clean(ex, ARTICLE)
    assert [p.name for p in out.parties] == ["Russia", "North Korea"]
    assert len(out.terms) == 1 and out.terms[0].giver == "North Korea"
    assert any("added party 'North Korea'" in n for n in out.notes)
    assert any("gives to itself" in n for n in out.notes)


def test_ungrounded_quotes_are_dropped_and_counted():
    ex = _extraction(
        sources=[
            {
                "name": "officials",
                "affiliation": "",
                "kind": "anonymous",
                "on_record": False,
                "quote": "a sentence that is nowhere in the text at all",
            },
            {
                "name": "Officials",
                "affiliation": "",
                "kind": "anonymous",
                "on_record": False,
                "quote": "officials said",
            },
        ]
    )
    out = clean(ex, ARTICLE)
    assert out.quotes_dropped == 1
    assert len(out.sources) == 1 and [q.text for q in out.sources[0].evidence] == ["officials said"]


def test_parties_and_sources_the_article_never_names_are_dropped_with_their_terms():
    ex = _extraction(
        parties=[
            {"name": "Chile", "aliases": [], "kind": "state"},  # copied from a prompt example, not in the text
            {"name": "Moskva", "aliases": ["Moscow"], "kind": "state"},  # only the alias is in the text
            {"name": "North Korea", "aliases": ["Seoul"], "kind": "state"},
        ],
        terms=[
            {
                "giver": "Chile",
                "receiver": "North Korea",
                "category": "raw_materials",
                "item": "copper",
                "primary": True,
                "quote": "",
            },
            {
                "giver": "Moscow",
                "receiver": "North Korea",
                "category": "food",
                "item": "grain",
                "primary": True,
                "quote": "",
            },
        ],
        sources=[
            {"name": "Ana Torres", "affiliation": "", "kind": "official", "on_record": True, "quote": ""},
            {"name": "officials", "affiliation": "", "kind": "official", "on_record": True, "quote": ""},
            {
                "name": "a person close to the talks",
                "affiliation": "",
                "kind": "anonymous",
                "on_record": False,
                "quote": "",
            },
        ],
    )
    out = clean(ex, ARTICLE)
    assert [(p.name, p.aliases) for p in out.parties] == [("Moscow", []), ("North Korea", [])]
    assert [(t.giver, t.item) for t in out.terms] == [("Moscow", "grain")]
    assert [s.name for s in out.sources] == ["officials", "a person close to the talks"]
    assert any("dropped party 'Chile'" in n for n in out.notes)
    assert any("dropped source 'Ana Torres'" in n for n in out.notes)


def test_capitals_merge_into_their_country_and_items_fix_their_category():
    article = "Kyiv and Moscow swapped 190 prisoners of war. Ukraine said Russia returned them."
    ex = _extraction(
        status_quote="",
        parties=[
            {"name": "Kyiv", "aliases": [], "kind": "other"},
            {"name": "Ukraine", "aliases": [], "kind": "state"},
            {"name": "Russia", "aliases": [], "kind": "state"},
            {"name": "Moscow", "aliases": [], "kind": "other"},
        ],
        terms=[
            {
                "giver": "Kyiv",
                "receiver": "Moscow",
                "category": "weapons",
                "item": "prisoners of war",
                "primary": True,
                "quote": "",
            },
            {
                "giver": "Moscow",
                "receiver": "Kyiv",
                "category": "people",
                "item": "weapons and prisoners",
                "primary": True,
                "quote": "",
            },
        ],
    )
    out = clean(ex, article)
    assert [(p.name, p.aliases, p.kind) for p in out.parties] == [
        ("Ukraine", ["Kyiv"], "state"),
        ("Russia", ["Moscow"], "state"),
    ]
    assert [(t.giver, t.receiver, t.category) for t in out.terms] == [
        ("Ukraine", "Russia", "people"),  # "prisoners" names one category: relabelled
        ("Russia", "Ukraine", "people"),  # two categories named: the model's label stands
    ]
    assert any("relabelled 'prisoners of war' from weapons to people" in n for n in out.notes)
