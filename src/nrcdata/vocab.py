"""Controlled vocabularies: each value is defined once, with the definition the codebook prints."""

from __future__ import annotations

from enum import StrEnum


def vocabulary(name: str, doc: str, values: dict[str, str]) -> type[StrEnum]:
    """A StrEnum whose members carry their codebook definitions (``Enum.definitions``)."""
    enum = StrEnum(name, {v.upper(): v for v in values})
    enum.__doc__ = doc
    enum.definitions = dict(values)
    return enum


Voice = vocabulary("Voice", "Whose voice a claim is in.", {
    "author": "The paper asserts the proposition in its own voice (holder: the author).",
    "reported": "The paper attributes the proposition to someone else: a quotation, 'said', "
                "'according to', 'is described as', NATO's portrayal. The holder is that someone.",
})

ClaimKind = vocabulary("ClaimKind", "What sort of proposition a claim is. Code the proposition the "
                       "holder asserts; split mixed propositions; when one cannot be split, take the "
                       "first value that applies in the order expectation, explanation, position, "
                       "evaluation, fact.", {
    "expectation": "About the future: a prediction, a likelihood, a counterfactual. Example (p64): "
                   "the positive experience of Balkan peacekeeping 'is unlikely soon to be repeated'.",
    "explanation": "Why something is or happened: cause, reason, motive, rationale, purpose. Example "
                   "(p31): the shift was decided 'in order to spur the modernization of the Russian economy'.",
    "position": "The holder's own stance, demand, preference, goal, intention or objection, stated by the "
                "holder. Example (p10): Lavrov, 'we firmly raise questions about ... the alliance's plans "
                "for enlargement'.",
    "evaluation": "A judgement: good or bad, significant or marginal, success or failure, legitimacy, a "
                  "characterisation. Example (p54): the results are 'more marginal and symbolic rather "
                  "than substantive and significant'.",
    "fact": "A checkable description of what happened, exists, was said or decided, with numbers and "
            "dates; includes the author's description of another actor's position. Example (p37): at the "
            "peak, 4,200 Russian troops served in SFOR and KFOR.",
})

Stance = vocabulary("Stance", "How a claim bears on NATO-Russia cooperation.", {
    "positive": "Presents cooperation or rapprochement as working, beneficial, desirable or growing. "
                "Example (p7): practical cooperation 'has generated benefits for all participant countries'.",
    "negative": "Presents cooperation as failing, limited, symbolic or undesirable, or the relationship "
                "as adversarial or deteriorating; hostility to NATO. Example (p8): 'Such hopes were dashed.'",
    "mixed": "Both in one proposition. Example (p8): Russia is no longer an adversary but not a "
             "strategic partner either.",
    "neutral": "No bearing on cooperation. Example (p11): the paper's plan of inquiry.",
})

AreaRole = vocabulary("AreaRole", "The part a claim plays for its cooperation area.", {
    "portrayal": "NATO's description of cooperation in the area (holder nato, voice reported). Example "
                 "(p42): a TMD command post exercise 'was held from 8 to 12 March 2004 in Colorado Springs'.",
    "critique": "An assessment that rebuts or qualifies NATO's portrayal of the area. Example (p59): "
                "Russia's hopes that NATO will use its missile defence systems 'may turn out to be unfounded'.",
    "outcome": "The Conclusions' classification of what became of cooperation in the area. Example "
               "(p102): 'Much has remained at the level of dialogue (e.g. TMD, ...)'.",
    "context": "Any other claim about the area. Example (p57): Lugar's call to treat an energy attack on "
               "an ally as 'an Article Five commitment' (energy security).",
})

Relation = vocabulary("Relation", "How one claim acts on another (claim_id acts on target_id). A "
                      "NATO-vs-critique pair is a rebuts or qualifies link from a critique claim to a "
                      "portrayal claim of the same area.", {
    "rebuts": "Denies or contradicts the target. Example (p31): 'Such facts, however, testify to the "
              "manifestations of the shift, not its rationale' rebuts NATO's portrayal that the attacks of "
              "September 11, 2001 caused Putin's turn towards NATO.",
    "qualifies": "Accepts the target but limits its scope or significance. Example (p55): joint "
                 "assessments of terrorist threats 'are fine but central questions remain' qualifies NATO's "
                 "portrayal of joint threat assessments (p40).",
    "supports": "Gives evidence or a reason for the target. Example (p59): the stir over Vneshtorgbank's "
                "5.02 percent stake in EADS supports the claim that trust in Russia is too low for NATO to "
                "depend on Russian components.",
    "elaborates": "Adds detail to the target without changing its force. Example (p95-p98): the four "
                  "contradictions elaborate the characterisation of the third phase (p94).",
})

Outcome = vocabulary("Outcome", "What the Conclusions (p102) say became of cooperation in an area.", {
    "remained_dialogue": "Much has remained at the level of dialogue (TMD, Challenges of Modern Society).",
    "agreed_not_implemented": "Agreed long ago but not implemented (SOFA without Duma ratification; "
                              "maneuvers cancelled for that reason).",
    "diluted_then_rescinded": "Implemented in diluted form and then rescinded (Russian vessels in "
                              "Operation Active Endeavour).",
    "founders_domestic_politics": "Founders on the rock of Russian domestic politics (defense reform).",
    "founders_opposed_interests": "Founders on diametrically opposed NATO and Russian interests (frozen "
                                  "conflicts, joint peacekeeping on post-Soviet space).",
    "not_assessed": "The Conclusions assign the area no outcome.",
})

PositionOutcome = vocabulary("PositionOutcome", "What became of one of the five positions on NATO "
                             "that Putin reviewed (p23-p30).", {
    "abandoned": "Given up as a principle (driving wedges between the US and Europe).",
    "faded": "Faded into oblivion (NATO has no reason or right to exist).",
    "relegated": "Relegated to history (the out-of-area problem).",
    "unchanged_on_surface": "Changed only at the surface (opposition to enlargement).",
    "still_demanded": "Still demanded (transformation of NATO into a political organisation).",
})

TopicGroup = vocabulary("TopicGroup", "The part of the paper's argument a topic belongs to.", {
    "question": "The question the introduction poses.",
    "position": "One of the five positions on NATO that Putin reviewed.",
    "institutional_link": "One of the three institutional links between Russia and NATO.",
    "conclusion": "One of the seven conclusions.",
})

NatoTrack = vocabulary("NatoTrack", "A country case's relationship with NATO as of December 2006, "
                       "as the paper gives it.", {
    "member": "Member of NATO.",
    "intensified_dialogue": "In NATO's Intensified Dialogue on membership questions.",
    "partnership_for_peace": "Cooperating under the Partnership for Peace, not aiming at membership.",
    "eapc_only": "The paper names only membership of the Euro-Atlantic Partnership Council.",
    "none": "No relationship named.",
})

ActorKind = vocabulary("ActorKind", "What sort of holder an actor is.", {
    "person": "A named individual.",
    "organisation": "An international or non-state organisation, or a company.",
    "state": "A state acting as a whole.",
    "state_body": "A ministry, service, parliament, office or other organ of a state.",
    "document": "A document the paper quotes as holding a position (a declaration, a strategy, a study).",
    "group": "An unnamed or collective group (officials, experts, the establishment).",
    "media": "A newspaper, agency or broadcaster whose own position is reported.",
})

Side = vocabulary("Side", "Where an actor stands in the relationship the paper studies.", {
    "russia": "The Russian state, its officials and bodies, Russian experts and media.",
    "nato": "NATO as an organisation, its officials and documents.",
    "nato_member": "Governments and officials of NATO member states.",
    "eu": "The European Union and its bodies.",
    "post_soviet": "Governments and actors of the post-Soviet states outside NATO.",
    "author": "The paper's author.",
    "other": "Anyone else.",
})

SourceKind = vocabulary("SourceKind", "What sort of work a footnote cites.", {
    "newspaper_article": "An article in a newspaper or magazine, print or online.",
    "news_agency_report": "A report of a news agency or wire service (Interfax, ITAR-TASS, RIA Novosti).",
    "official_document": "A government, NATO or other official document, declaration or strategy.",
    "speech": "A speech or address.",
    "interview": "An interview.",
    "press_conference": "A press conference.",
    "statement": "A statement, remark or message not otherwise classed.",
    "letter": "A letter.",
    "report": "A study or report of an institute, service or task force.",
    "book": "A book or monograph.",
    "journal_article": "An article in a journal or periodical bulletin.",
    "conference_proceedings": "Proceedings of a conference.",
    "website": "A web page cited as such.",
    "broadcast": "A radio or television broadcast or its transcript.",
    "personal_observation": "The author's own observation.",
})

SameAsBasis = vocabulary("SameAsBasis", "How a footnote that repeats an earlier one says so.", {
    "ibid": "It says Ibid.",
    "op_cit": "It says op. cit.",
    "short_form": "It gives a shortened form of the earlier citation.",
    "unmarked_repeat": "It prints the earlier citation again in full without saying so.",
})

Language = vocabulary("Language", "Code of a cited work's language: ISO 639-1, or the ISO 639-2 code "
                      "\"und\" where the footnote does not show it.", {
    "ru": "Russian.", "en": "English.", "de": "German.",
    "und": "Undetermined: neither the title nor the outlet the footnote prints shows the language "
           "(a URL alone, an agency publishing in several languages, no title). Example (fn 19): "
           "'Putin at NATO Headquarters, October 4, 2001' gives no title or outlet.",
})

EventType = vocabulary("EventType", "What sort of thing a dated event is.", {
    "statement": "Something said or declared on a date, not in a speech, interview or press conference.",
    "speech": "A speech or address.",
    "interview": "An interview.",
    "press_conference": "A press conference.",
    "letter": "A letter.",
    "publication": "A study, strategy or report made public.",
    "meeting": "A meeting of ministers, officials or a council.",
    "summit": "A meeting of heads of state or government.",
    "agreement": "An agreement, treaty, act or declaration signed or adopted.",
    "ratification": "A ratification (or its refusal or absence).",
    "accession": "Joining an organisation, or an invitation to join.",
    "institutional_change": "A body created, dissolved, renamed, upgraded, or a procedure begun or ended.",
    "appointment": "An appointment to office.",
    "election": "An election.",
    "military_operation": "Air strikes, operations, peacekeeping deployments and their end.",
    "exercise": "A military or civil exercise, or its cancellation.",
    "deployment": "Forces or equipment deployed or stationed, or their deployment threatened.",
    "withdrawal": "Forces or staff withdrawn.",
    "economic_measure": "A gas cut-off, import ban, purchase or other economic measure.",
    "diplomatic_measure": "A diplomatic step: a visa denial, suspension of participation, closing of borders.",
    "incident": "An arrest, sinking, attack or other incident.",
    "protest": "A demonstration or campaign of protest.",
    "other": "Anything else.",
})

MeasureKind = vocabulary("MeasureKind", "What sort of Russian objection or lever a case measure is.", {
    "objection": "A stated objection or complaint.",
    "threat": "A threatened countermeasure.",
    "demand": "A demand made of NATO or of the country.",
    "economic_lever": "Economic pressure: energy prices and supplies, import bans.",
    "military_lever": "Military pressure: troops, bases, maneuvers, deployments.",
    "diplomatic_lever": "Diplomatic pressure: withdrawals, closures, severed communications.",
    "political_support": "Political or military support for a regime or break-away authority.",
})

NoteKind = vocabulary("NoteKind", "What an editorial note records. The dataset always keeps the "
                      "paper's reading; the note says what is odd about it.", {
    "inconsistency": "The paper says two things that cannot both hold.",
    "misprint": "A typographical error: wrong letters, punctuation or numbers.",
    "misspelling": "A name or word spelt differently from elsewhere in the paper or from its usual form.",
    "missing_word": "A word is missing and the reading must be inferred.",
    "factual_slip": "Likely a factual error (usually seen only with outside knowledge).",
    "dangling_reference": "A cross-reference ('see below', 'op. cit., fn.') that leads nowhere.",
    "ambiguity": "The paper can be read in more than one way; the note says how the data reads it.",
})

DatePrecision = vocabulary("DatePrecision", "The coarsest unit an EDTF date names.", {
    "day": "A day.", "month": "A month.", "season": "A season (EDTF 21-24).",
    "year": "A year.", "decade": "A decade (EDTF YYYX).",
})

Position = vocabulary("Position", "The holder's position on the claim's issue (issues.issue_id): what "
                      "the holder is for or against, read from the issue's definition. It is not "
                      "stance: stance is how the claim bears on NATO-Russia cooperation (the paper's "
                      "frame). Example (p10): Lavrov's 'in the Russia-NATO Council, we are accumulating "
                      "the potential for practical cooperation' (C1052) is stance positive, nrc_value / "
                      "support; in the same speech his 'we firmly raise questions about ... the "
                      "alliance's plans for enlargement' (C1054) is stance negative, nato_enlargement / "
                      "oppose.", {
    "support": "The holder is for what the issue's definition calls support (a demand, an argument, a "
               "welcome). Example (p10): an objection to NATO's refusal to ratify the adapted CFE treaty "
               "(C1057) supports cfe_ratification, though its stance is negative.",
    "oppose": "The holder is against it (an objection, a warning, an argument against). Example (p27): "
              "Chizov's enlargement is 'a big historic mistake' (C2106), nato_enlargement / oppose.",
    "ambivalent": "The holder is explicitly torn, or for and against in one proposition: conditional "
                  "acceptance, a concession joined to an objection. Example (p3): Putin on membership "
                  "'on condition that Russia's interests are going to be taken into account' (C1008).",
})

DateBasis = vocabulary("DateBasis", "Where a claim's date comes from.", {
    "body": "The claim's own sentence in the body carries the date expression (absolute or relative). "
            "Example (p18): C2046, the spokesman's statement 'on March 31, 1994'.",
    "footnote": "Only a footnote gives the date, or a more precise one: the claim's footnote (or the one "
                "it repeats) dates the speech, interview or document, or the news report of that very "
                "statement when the paper gives no other date. Example (p10): the body says 'December "
                "2006', fn 5 gives December 11, 2006 (C1052).",
    "context": "The claim's sentence has no date; the paragraph around it (or another paragraph's date "
               "of the named occasion) supplies one. Always with an editorial note (notes). Example "
               "(p18): Kozyrev's denial (C2047) lies between 'March 31, 1994' and 'June 1994'.",
})

ClaimActorRole = vocabulary("ClaimActorRole", "How an actor figures in a claim (claim_actors).", {
    "addressee": "Whom the holder calls on, asks, warns or speaks to: the party a demand or question is "
                 "put to, the recipient of a letter or call, the counterpart at the venue. Example "
                 "(p10): Lavrov 'would like to see how Brussels will react to our proposal' (C1058) -> "
                 "nato. Author claims have none.",
    "object": "Whose action, conduct, interests, character or fate the claim is about, with the holder's "
              "evaluation. Example (p2): Putin 'concerned over the process of NATO expansion' (C1004) "
              "-> nato, negative. Only actors (not treaties, policies or regions); not the holder itself.",
})

Evaluation = vocabulary("Evaluation", "The holder's evaluation of an object actor as the claim "
                        "expresses it (not the claim's stance, not the coder's view). Set exactly for "
                        "objects.", {
    "positive": "The holder praises, welcomes, trusts or favours the actor. Example (p13): Kozyrev, NATO "
                "'one of the mechanisms of stability' (C2006) -> nato positive.",
    "negative": "The holder criticises, accuses, warns against or deplores the actor's conduct. Example "
                "(p28): Putin on the Baltic States' 'sheer boorishness' (C2124) -> baltic_states negative.",
    "neutral": "The actor is described, targeted or named without judgement; an author's plain report. "
               "Example (p34): Churkin as the first Russian representative (C3003) -> churkin neutral.",
})

EventActorRole = vocabulary("EventActorRole", "How an actor other than the main actor (events.actor_id) "
                            "figures in an event (event_actors).", {
    "recipient": "The actor acted upon, addressed or targeted (PLOVER's recipient, ACLED's actor 2). "
                 "Example (p21): NATO's air attacks against Yugoslavia (E026) -> yugoslavia.",
    "participant": "A counterpart met or co-signing: the other side of a meeting, agreement or joint "
                   "exercise. Example (p20): the Founding Act signed by NATO (E024) -> russia.",
})
