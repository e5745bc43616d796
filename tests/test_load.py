"""The loader: linked objects, DataFrames with real dtypes, offline and pandas-free import."""

import subprocess
import sys

import pandas as pd

import nrcdata


def test_import_does_not_import_pandas():
    code = "import sys, nrcdata; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_load_links_rows(dataset):
    claim = next(c for c in dataset.claims.values() if c.voice == "reported" and c.sources)
    assert claim.holder.actor_id == claim.holder_id
    assert claim.section.first_paragraph <= claim.paragraph <= claim.section.last_paragraph
    assert all(s.footnote in range(1, 75) for s in claim.sources)
    area = dataset.areas["terrorism"]
    assert area.portrayals and area.critiques
    assert all(c.holder_id == "nato" for c in area.portrayals)
    assert dataset.sources[24].repeats is not None  # fn 24 is an Ibid.
    assert dataset.cases["georgia"].measures


def test_load_accepts_a_folder_or_its_datapackage(package_copy):
    assert len(nrcdata.load(package_copy).claims) == len(nrcdata.load(package_copy / "datapackage.json").claims)


def test_dataframes_have_real_dtypes(package_copy):
    events = nrcdata.dataframe("events")
    assert str(events["date_start"].dtype).startswith("datetime64")
    assert events["paragraph"].dtype == "Int64"
    assert events["anchor_footnote"].isna().any()
    notes = nrcdata.dataframe("notes")
    assert notes["outside_knowledge"].dtype == "boolean"
    claims = nrcdata.dataframe("claims")
    assert claims["statement"].dtype == "string"
    assert len(claims) == len(nrcdata.load().claims)


def test_the_string_NA_stays_text(package_copy):
    path = package_copy / "data" / "actors.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    cells = lines[1].split(",")
    header = lines[0].split(",")
    cells[header.index("role")] = "NA"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    df = nrcdata.dataframe("actors", package_copy)
    assert df.loc[0, "role"] == "NA"
    assert pd.isna(df.loc[df["country_id"].isna()].iloc[0]["country_id"])


def test_tmd_question_through_the_public_api():
    """What did NATO claim about theatre missile defence cooperation, what does the author reply,
    and how do the Conclusions classify it?"""
    ds = nrcdata.load()
    tmd = ds.areas["missile_defense"]
    nato_claims = tmd.portrayals
    assert nato_claims and {c.holder_id for c in nato_claims} == {"nato"}
    assert any("2003" in c.quote or "8 to 12 March 2004" in c.quote for c in nato_claims)
    replies = [(critique, relation, portrayal) for critique, relation, portrayal in tmd.pairs]
    assert replies and {r for _, r, _ in replies} <= {"rebuts", "qualifies"}
    assert all(c.holder_id == "adomeit" for c, _, _ in replies)
    assert tmd.outcome == "remained_dialogue"
    assert "Much has remained at the level of dialogue" in tmd.outcome_quote
    pairs = nrcdata.pairs()
    tmd_rows = pairs[pairs["area_id"] == "missile_defense"]
    assert len(tmd_rows) == len(replies)
    assert set(tmd_rows["outcome"]) == {"remained_dialogue"}
    assert tmd_rows["portrayal_quote"].notna().all() and tmd_rows["critique_quote"].notna().all()


def test_political_claims_links():
    """0.2 links: a claim's issue, position, date and event; addressees and objects; occasions;
    recipients and participants; affiliations; resolved works."""
    ds = nrcdata.load()
    c = ds.claims["C1054"]  # Lavrov, p10: enlargement opposed, in the speech of December 11, 2006
    assert (c.issue.issue_id, c.position, c.date, c.event.event_id) == ("nato_enlargement", "oppose", "2006-12-11", "E006")
    assert c.stance == "negative" and ds.claims["C1052"].stance == "positive"  # position is not stance
    assert [a.actor_id for a in ds.claims["C1058"].addressees] == ["nato"]
    assert ("baltic_states", "negative") in [(a.actor_id, e) for a, e in ds.claims["C2124"].objects]
    assert all(link.claim_id == "C2124" for link in ds.claims["C2124"].actor_links)
    assert ds.events["E073"].occasion.event_id == "E057" and ds.events["E057"].occasion is ds.events["E057"]
    assert {e.event_id for e in ds.events["E057"].same_occasion} == {"E057", "E073"}
    assert [a.actor_id for a in ds.events["E026"].recipients] == ["yugoslavia"]
    assert [a.actor_id for a in ds.events["E024"].participants] == ["russia"]
    assert [(f.organisation_id, f.role_as_printed) for f in ds.actors["kozyrev"].affiliations] == [
        ("russia_foreign_ministry", "then Russian, foreign minister")]
    assert ds.claims["C1052"] in ds.issues["nrc_value"].claims and c in ds.events["E006"].claims
    # Ibid. resolved: fn 18 repeats fn 17, whose press conference is fn17a
    links = {link.footnote: link for link in ds.claims["C2106"].source_links}
    assert links[18].work.item_id == "fn17a" and ds.claims["C2106"].works == [ds.source_items["fn17a"]]
    # a footnote with two works the paper does not pair: no work
    assert [link.work for link in ds.claims["C2033"].source_links] == [None]
    assert {w.table_name for w in ds.withdrawn} == {"claims", "case_measures"} and "C5004" not in ds.claims
