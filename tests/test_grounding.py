from summarizer.grounding import locate, normalise

ARTICLE = "Kirby said: \u201cRussia is offering food.\u201d\nIt was\n  proposed on   Monday.\n"


def test_exact_match_gives_offsets_that_slice_back():
    span = locate("Russia is offering food.", ARTICLE)
    assert span is not None and span.how == "exact"
    assert ARTICLE[span.start : span.end] == span.text == "Russia is offering food."


def test_normalised_match_handles_quotes_and_whitespace():
    span = locate('"Russia is offering food."', ARTICLE)
    assert span is not None and span.how == "normalised"
    assert ARTICLE[span.start : span.end] == "\u201cRussia is offering food.\u201d"
    span = locate("It was proposed on Monday.", ARTICLE)
    assert span is not None and ARTICLE[span.start : span.end] == "It was\n  proposed on   Monday."


def test_fuzzy_match_accepts_small_slips_and_refuses_inventions():
    text = "The Ministry of Defense wrote that shell-rationing is in force on many parts of the front."
    span = locate("shell rationing is in force on many part of the front", text)
    assert span is not None and span.how == "fuzzy"
    assert text[span.start : span.end] == span.text
    assert "rationing is in force" in span.text
    assert locate("Russia and North Korea signed a treaty in Vladivostok", text) is None


def test_empty_and_short_quotes_are_not_located():
    assert locate("", ARTICLE) is None
    assert locate("   ", ARTICLE) is None
    assert locate("Moscow", ARTICLE) is None


def test_normalise_is_idempotent():
    once = normalise(" \u201ca\u201d \n b \u2014 c ")
    assert once == '"a" b - c'
    assert normalise(once) == once
