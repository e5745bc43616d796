"""Write qa/reliability/adjudication.csv: every disagreement between coder A (the dataset) and
coder B (the blind coder) in codings.csv, with the adjudicated code and why (issue 14).

    python qa/reliability/adjudicate.py            # round 1, from the repository root
    python qa/reliability/adjudicate.py 2          # round 2: round2/adjudication.csv

Round 1's topic and objects disagreements (124, too many to judge one by one before the rules
were sharpened) are decided by the re-coding of the whole dataset under the sharpened rules: the
final code is the re-coded one, the why the re-coder's reason where it changed the code
(qa/reliability/round2/recoding/*.csv), else that the code stood on re-coding. Round 2's
decisions are in round2/decisions.csv (``unit_table, unit_id, variable, final, why``), each made
against the paper by an adjudicator who saw both codes.

The judgements are in DECISIONS below, made against the paper's text (not in favour of A by
default). ``final`` is "A" or "B" for one coder's code, or a value of its own; ``apply`` is "yes"
where the dataset's code should change (the lead applies it to data/), "no" where A stands. A
disagreement with no decision (the variables left for lack of time) is written with an empty
final, why "not adjudicated" and an empty apply.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
A, B = "A", "B"
AUTHOR_ATTITUDE = ("the author's account of what an actor feels, perceives or holds is an author fact "
                   "(codebook 'The author's account of an attitude is a fact'; C2105 in the same way)")

# (unit_id, variable) -> (final, why)
DECISIONS: dict[tuple[str, str], tuple[str, str]] = {
    # voice / holder / kind / issue / position
    **{("C2143", v): (B, "p31 'given US perceptions that Russia was sorely needed': " + AUTHOR_ATTITUDE)
       for v in ("voice", "holder", "kind")},
    **{("C2153", v): (B, "p27 'resentment ... is still strong': " + AUTHOR_ATTITUDE +
                      "; a description of what another actor holds gets no issue")
       for v in ("voice", "holder", "kind", "issue", "position")},
    **{("C3198", v): (B, "p64: the author's characterisation of Putin's Russia ('that objects to "
                      "integration'), part of C3189; " + AUTHOR_ATTITUDE + "; no issue")
       for v in ("voice", "holder", "kind", "issue", "position")},
    **{(c, v): (B, "p103 '(The EU has labored along similar lines and so has the planning staff ...)': "
                "the author's parenthetical report of whose approach it is; " + AUTHOR_ATTITUDE + "; no issue")
       for c in ("C5048", "C5049") for v in ("voice", "holder", "kind", "issue", "position")},
    **{(c, v): (A, "p38: the paragraph marks NATO's portrayal where it is NATO's ('It is described as', "
                "'in NATO portrayal, too' for C3040); its facts and judgements of the committee are the "
                "author's, as C3034, C3036 and C3038 are coded")
       for c in ("C3035", "C3037", "C3039") for v in ("voice", "holder")},
    **{("C4045", v): (A, "p74 'They also have criticized': the author's report of conduct, like C4044 "
                      "before it (author); the defence ministry's own words are not given; no issue")
       for v in ("voice", "holder", "kind", "issue", "position")},
    **{(c, "holder"): (A, "p8 'At NATO, there is disappointment' / 'Current perceptions': unattributed "
                       "NATO insiders, not an official NATO pronouncement (nato_sources)")
       for c in ("C1032", "C1034", "C1041", "C1042")},
    ("C1007", "kind"): (A, "'I do not rule out such a possibility' speaks of a future possibility: "
                        "expectation comes first in the kind order"),
    ("C1010", "kind"): (A, "a question of the paper: the dataset codes the paper's questions as position "
                        "(C1059-C1063 too); the codebook does not say (rule to sharpen)"),
    ("C2150", "kind"): (A, "as C1010: a question of the paper (rule to sharpen)"),
    ("C2030", "kind"): (B, "'Atlanticism a la Kozyrev was not to last' asserts what happened (it ended); "
                        "no judgement beyond that"),
    ("C2031", "kind"): (A, "'swept away by a confluence of powerful forces': names the causes, and "
                        "explanation precedes fact in the kind order"),
    ("C2074", "kind"): (A, "'thereby ex post facto sanctioning the \"illegal aggression\"' is the "
                        "author's judgement of what the vote meant"),
    ("C2074", "stance"): (A, "a cooperative vote that, in the author's irony, contradicts Moscow's own "
                          "charge: mixed"),
    ("C2086", "kind"): (A, "'welcomed ESDP so as to limit ... dominance': a position with its reason; "
                        "explanation precedes position in the kind order"),
    ("C2086", "date_basis"): (B, "p24: 'October 1999' is printed in the previous sentence (the document's "
                              "handing over), not the claim's: context (with a note)"),
    ("C3122", "kind"): (A, "'in obvious reference to Russia': the author's reading of Lugar's target, "
                        "a judgement"),
    ("C4171", "kind"): (A, "as C3122: the author's reading of whom Ivanov's charge was aimed at"),
    ("C4171", "date"): (A, "an author's characterisation of a remark, not a dated act it asserts: undated"),
    ("C4171", "date_basis"): (A, "undated, so no basis"),
    ("C3131", "kind"): (A, "'might even agree to some symbolic sanctions': a forecast, expectation first"),
    ("C3189", "kind"): (A, "p64 'unlikely soon to be repeated: The 1990s ... the current period ...': "
                        "given as the reason, explanation precedes evaluation"),
    ("C4052", "kind"): (A, "'allows NATO to station ...' states what the grey area permits in law (fact); "
                        "no forecast"),
    ("C4108", "kind"): (A, "'the implication being that Russia would not agree': a forecast of Russia's "
                        "conduct, expectation"),
    ("C4120", "kind"): (A, "'Certainly, the events serve the Kremlin's perceived interest': the author's "
                        "judgement; it does not say the interest caused them"),
    ("C4178", "kind"): (A, "fn71: the author's inference from the term 're-export', a judgement "
                        "(footnoted author claims: rule to sharpen)"),
    ("C5011", "kind"): (B, "p98: that NATO and Russia disagree is the author's account of what actors "
                        "oppose (fact), by the same codebook rule"),
    ("C5040", "kind"): (A, "'have not been implemented ... still lacking Duma ratification' is a fact"),
    ("C5040", "issue"): (B, "given in the Conclusions as evidence of the shortcomings of practical "
                         "cooperation (C5037): an argument for a side gets the issue, even a fact "
                         "(codebook, p9 C1047); C5043 should be checked the same way"),
    ("C5040", "position"): (B, "with the issue: nrc_value / oppose"),
    ("C5044", "issue"): (B, "as C5040: the author argues that practical cooperation founders (nrc_value / "
                         "oppose)"),
    ("C5044", "position"): (B, "with the issue"),
    ("C3183", "issue"): (B, "'yet another example of how difficult it is to negotiate agreements with "
                         "Russia': the author argues against Russia as a constructive partner "
                         "(relationship_new_quality / oppose)"),
    ("C3183", "position"): (B, "with the issue"),
    ("C1015", "issue"): (B, "p5: the official pronouncements answer 'an unambiguous yes' and give this as "
                         "their evidence: relationship_new_quality / support"),
    ("C1015", "position"): (B, "with the issue"),
    ("C3068", "issue"): (B, "NATO's argument that defence reform is 'a key area of shared interest' is "
                         "an argument for practical cooperation: nrc_value / support"),
    ("C3068", "position"): (B, "with the issue"),
    ("C3092", "issue"): (A, "'The list of activities is impressive': the author judges the cooperation's "
                         "worth (nrc_value / support), as C3103 the other way"),
    ("C3092", "position"): (A, "with the issue"),
    ("C3093", "issue"): (A, "as C3092"),
    ("C3093", "position"): (A, "with the issue"),
    # stance
    ("C2014", "stance"): (B, "Karaganov calls the opposition appropriate only 'until quite recently': a "
                          "turn, consistent with A's own position ambivalent: mixed"),
    ("C2146", "stance"): (A, "the NRC as 'compensation' for enlargement: cooperation offered against a "
                          "loss, mixed"),
    ("C3022", "stance"): (A, "a troop figure: the stance of a fact on its proposition alone, neutral"),
    ("C3023", "stance"): (A, "as C3022"),
    ("C4006", "stance"): (A, "the break-up of the USSR as a tragedy does not bear on NATO-Russia "
                          "cooperation by itself: neutral"),
    ("C4016", "stance"): (A, "about the EU and the CIS, not NATO-Russia cooperation: neutral"),
    ("C4017", "stance"): (A, "as C4016"),
    ("C4027", "stance"): (B, "'had grudgingly come to accept': acceptance (positive) given grudgingly "
                          "(negative): mixed"),
    ("C4137", "stance"): (A, "a Georgian arrest of Russian officers: neutral for NATO-Russia cooperation"),
    ("C5017", "stance"): (A, "p99: one of the purposes of Russia's instrumental multilateralism the "
                          "author criticises: negative"),
    ("C5019", "stance"): (A, "'to the extent that the cooperation is substantive, it is a la carte': "
                          "substantive but selective, mixed"),
    # claim dates
    ("C4016", "date"): (B, "the medium-term strategy is dated October 1999 at p24 (handed to the EU "
                        "Troika): the most precise date the paper ties to the document"),
    ("C4016", "date_basis"): (B, "another paragraph's date of the named document: context (with a note)"),
    ("C4017", "date"): (B, "as C4016"),
    ("C4017", "date_basis"): (B, "as C4016"),
    ("C2090", "date"): (A, "'even before the terrorist attacks ... of September 11, 2001': a dated act "
                        "the author's sentence bounds, ../2001-09-10"),
    ("C2090", "date_basis"): (A, "the claim's sentence: body"),
    ("C2093", "date"): (A, "p25 'repeated ... by Yeltsin's Russia after 1992-93': 1992/.."),
    ("C2093", "date_basis"): (A, "the claim's sentence: body"),
    ("C4186", "date"): (A, "'signed along with the Adapted CFE treaty in Istanbul in 1999': the author "
                        "asserts a dated act and prints the date"),
    ("C4186", "date_basis"): (A, "body"),
    ("C4125", "date"): (A, "fn61 does not say whether the quoted words are the 1997 Madrid decision's or "
                        "the NATO Update's (qa/undated_claims.csv): undated"),
    ("C4125", "date_basis"): (A, "undated"),
    **{(c, "date"): (A, "a statement made at a two-day meeting on one of its days: a one-of set [A,B], "
                     "not an interval A/B (codebook C3121); the rule for multi-day meetings needs "
                     "sharpening") for c in ("C3123", "C3124", "C3162")},
    # relations
    ("C2104>C2103", "relation"): (B, "X gives the reason why the resentment is muted: supports"),
    ("C2123>C2122", "relation"): (B, "X is the ministry's reason for its view on the sequence: supports"),
    ("C2132>C2131", "relation"): (A, "X says what NATO means, detail of the contrast Y states: elaborates"),
    ("C3108>C3106", "relation"): (B, "X is a reason why it is unclear where NATO and Russia could act "
                                  "jointly: supports"),
    ("C3157>C3156", "relation"): (B, "X doubts the plan Y reports can be squared with the force size: "
                                  "a limit on Y, qualifies"),
    ("C4116>C4112", "relation"): (A, "X is one of the Crimean events Y names: elaborates"),
    ("C5043>C5037", "relation"): (A, "the shortcomings listed after 'many shortcomings' elaborate it, as "
                                  "the codebook's p95-p98 example"),
    ("C5044>C5037", "relation"): (A, "as C5043>C5037"),
    ("C3183>C3079", "relation"): (B, "both can be true (signed, not ratified): X adds a limit, qualifies "
                                  "(codebook 'rebuts or qualifies')"),
    ("C5050>C5047", "relation"): (B, "'thus far ... has not been borne out' does not make 'will eventually' "
                                  "false: qualifies"),
    ("C3170>C3078", "relation"): (A, "the author's fact confirms what NATO reports: supports"),
    # events
    ("E011", "date"): (A, "fn6/p12: the letter of December 20, 1991 came 'a few days before' the meeting, "
                       "so a day after it in December"),
    ("E011", "date_precision"): (A, "a one-of set of days"),
    ("E040", "date"): (A, "'prior to September 11': up to September 10, 2001"),
    **{(e, "date"): (A, "a meeting's statement on one of its two days: one-of set (as C3123)")
       for e in ("E079", "E149")},
    ("E056", "date"): (A, "'initiated after the August 2000 sinking': an open interval from August 2000"),
    ("E023", "date"): (A, "'from 1999': 1999 onwards, 1999/.."),
    ("E105", "date"): (B, "fn55: the poll results were reported in Den', March 24, 2006, the only date "
                       "the paper ties to them; A's ../2006-03 reaches past the March 26 elections"),
    ("E105", "date_precision"): (B, "day"),
    ("E105", "event_type"): (B, "the results made public in a newspaper: publication"),
    ("E107", "date"): (A, "'the later appointment' after the March 2006 elections: 2006-03/.."),
    ("E107", "date_precision"): (A, "month, with the interval"),
    ("E130", "event_type"): (A, "the event is the report (dated by RIA Novosti): publication"),
    **{(e, "event_type"): (A, "a reported statement dated by the news report of it is a statement "
                           "(codebook 'Every dated statement the paper reports is an event')")
       for e in ("E148", "E151", "E152")},
    ("E155", "event_type"): ("statement", "a spokesman's statement that missiles would be stationed, not a "
                             "deployment (A) nor a publication (B): statement"),
    ("E056", "event_type"): (A, "the event is the start of search-and-rescue cooperation, not the sinking"),
    ("E062", "event_type"): (A, "an initiative launched, no institution created: other"),
    ("E031", "event_type"): (B, "a strategy document compiled and handed over: publication ('a study, "
                             "strategy or report made public')"),
    # area_role / addressees
    ("C3108", "area_role"): (B, "it limits where NATO and Russia could act jointly against terrorism, "
                             "qualifying NATO's portrayal: critique"),
    ("C3113", "area_role"): (A, "portrayal is NATO's (holder nato); de Hoop Scheffer's words are context"),
    ("C3162", "area_role"): (A, "as C3113"),
    ("C3142", "area_role"): (A, "a fact given in support of the critique, not itself an assessment"),
    ("C3152", "area_role"): (B, "'still too big to be well trained': an assessment qualifying NATO's "
                             "portrayal of defence reform, critique"),
    ("C2086", "addressees"): (B, "the strategy was handed to the EU 'Troika' (p24): the EU is addressed"),
    ("C4016", "addressees"): (B, "as C2086"),
    ("C3123", "addressees"): (B, "Lugar's opening speech at the Riga Summit speaks to the Alliance, as "
                              "C3124 in the same speech"),
    ("C4080", "addressees"): (A, "Zubkov speaks about Chisinau, not to it: Moldova is the object"),
}


RECODED_VARIABLES = {"topic": "topic_id", "objects": "objects"}


def recoded() -> tuple[dict, dict[tuple[str, str], str]]:
    """Today's codes of every unit (coder A of codings.py, i.e. data/ after the re-coding) and the
    re-coders' reasons by (claim, variable)."""
    sys.path.insert(0, str(HERE))
    from codings import coder_a
    reasons = {}
    for path in sorted((HERE / "round2" / "recoding").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                reasons[(r["id"], r["variable"])] = r["why"]
    return coder_a(), reasons


def decisions_of(round_no: int) -> dict[tuple[str, str], tuple[str, str]]:
    if round_no == 1:
        return DECISIONS
    with open(HERE / f"round{round_no}" / "decisions.csv", newline="", encoding="utf-8") as f:
        return {(r["unit_id"], r["variable"]): (r["final"], r["why"]) for r in csv.DictReader(f)}


def main(round_no: int = 1) -> None:
    folder = HERE if round_no == 1 else HERE / f"round{round_no}"
    decided = decisions_of(round_no)
    today, reasons = recoded() if round_no == 1 else ({}, {})
    with open(folder / "codings.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    codes: dict[tuple[str, str, str], dict[str, str]] = {}
    for r in rows:
        codes.setdefault((r["unit_table"], r["unit_id"], r["variable"]), {})[r["coder"]] = r["value"]
    out, used = [], set()
    for (table, unit, variable), c in codes.items():
        if c["A"] == c["B"]:
            continue
        decision = decided.get((unit, variable))
        if decision is None and variable in RECODED_VARIABLES and round_no == 1:
            final = today[(table, unit)][variable]
            reason = reasons.get((unit, RECODED_VARIABLES[variable]))
            why = (f"re-coded under the sharpened {variable} rule: {reason}" if reason else
                   f"the code stood when the whole dataset was re-coded under the sharpened {variable} rule")
            if final != c["A"] and not reason:
                raise SystemExit(f"{unit} {variable}: changed without a re-coding reason")
            out.append({"unit_table": table, "unit_id": unit, "variable": variable, "value_a": c["A"],
                        "value_b": c["B"], "final": final, "why": why, "apply": "no" if final == c["A"] else "yes"})
            continue
        if decision is None:
            raise SystemExit(f"{table} {unit} {variable}: a disagreement without a decision")
        else:
            used.add((unit, variable))
            final = c["A"] if decision[0] == A else c["B"] if decision[0] == B else decision[0]
            why, apply = decision[1], "no" if final == c["A"] else "yes"
        out.append({"unit_table": table, "unit_id": unit, "variable": variable, "value_a": c["A"],
                    "value_b": c["B"], "final": final, "why": why, "apply": apply})
    unused = set(decided) - used
    if unused:
        raise SystemExit(f"decisions for no disagreement: {sorted(unused)}")
    with open(folder / "adjudication.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["unit_table", "unit_id", "variable", "value_a", "value_b", "final", "why", "apply"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    done = sum(1 for r in out if r["apply"])
    print(f"adjudication.csv: {len(out)} disagreements, {done} adjudicated, "
          f"{sum(1 for r in out if r['apply'] == 'yes')} to apply")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
