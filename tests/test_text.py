"""The canonical body text: footnotes, paragraphs, rejoined page breaks, quote matching."""

from nrcdata.text import FOOTNOTE_COUNT, SOURCE_SHA256, normalize, parse, quote_matches


def test_hash_and_counts(paper):
    assert paper.sha256 == SOURCE_SHA256
    assert sorted(paper.footnotes) == list(range(1, FOOTNOTE_COUNT + 1))
    assert len(paper.paragraphs) == 104
    assert [h.title for h in paper.headings][-1] == "Conclusions"
    assert len(paper.headings) == 12
    assert [h.title for h in paper.headings if h.run_in] == [
        "Anti-NATO Rhetoric and Campaigns under Yeltsin.", "Review and Revisions Under Putin."]


def test_sentences_split_by_footnote_blocks_are_rejoined(paper):
    # "...in the Russia-NATO" / footnote 4 / "Council, we are accumulating..."
    assert "in the Russia-NATO Council, we are accumulating" in paper.paragraph(10).plain
    assert "has built up some kind of protective wall" in paper.paragraph(99).plain  # page break, no footnotes
    assert "examine, test and, where necessary, further refine" in paper.paragraph(45).plain
    assert paper.paragraph(28).plain.endswith("“The manner in which the Baltic States joined NATO is sheer boorishness.”")
    # a list introduction is not joined to its first item
    assert paper.paragraph(94).plain.endswith("consists of contradictions between")
    assert paper.paragraph(95).plain.startswith("Russia’s participation in NATO")


def test_bullets_are_paragraphs_and_footnote_markers_are_found(paper):
    assert paper.paragraph(42).bullet and paper.paragraph(42).plain.startswith("Theatre Missile Defense.")
    assert paper.paragraph(10).footnote_markers == (5,)
    assert paper.footnote_paragraph(4) == 7  # its block interrupts p10, its marker is in p7
    assert paper.footnotes[35].startswith("See <http://www.securityconference.de/")  # URL block continues fn 35
    assert paper.headings[2].first_paragraph == 17


def test_quote_matching_normalises_marks_and_allows_elisions(paper):
    assert paper.quote_in_paragraph('in the Russia-NATO Council, we are accumulating', 10)
    assert paper.quote_in_paragraph("NATO's refusal to ratify the CFE Treaty ... and we would like", 10)
    assert paper.quote_in_paragraph('the alliance’s plans ... Collective Security Treaty Organization', 10)
    assert not paper.quote_in_paragraph("in the Russia-NATO Council, we are accumulating", 11)
    assert not paper.quote_in_paragraph("Council ... in the Russia-NATO", 10)  # order matters
    assert paper.quote_in_footnote("op. cit., fn.", 33)


def test_normalize_and_match_without_the_paper():
    assert normalize("“a” – ‘b’ *c*¹²") == "\"a\" - 'b' c"
    assert quote_matches("a ... c", "a b c")
    assert not quote_matches("...", "anything")
    text = "title page\n\nINSIDE OR OUTSIDE? RUSSIA'S POLICIES TOWARDS NATO\n\nBody ends mid\n\n¹ A note.\n\nsentence here."
    try:
        parse(text)
    except ValueError as e:  # a text without the 74 footnotes is not the paper
        assert "expected footnotes 1..74" in str(e)
    else:
        raise AssertionError("parse accepted a text with one footnote")
