"""Controlled vocabularies: each value is defined once, with the definition the codebook prints.

Each vocabulary is a StrEnum whose members carry their definition (``Voice.AUTHOR.definition``;
``Voice.definitions()`` maps every value to it). Code names members, never the strings, so a
renamed value fails at import."""

from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    """A controlled vocabulary: members are ``NAME = "value", "definition"``."""

    definition: str

    def __new__(cls, value: str, definition: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.definition = definition
        return member

    @classmethod
    def definitions(cls) -> dict[str, str]:
        """Every value with its definition, in order."""
        return {m.value: m.definition for m in cls}


class Voice(Vocabulary):
    """Whose voice a claim is in."""

    AUTHOR = 'author', 'The paper asserts the proposition in its own voice (holder: the author).'
    REPORTED = 'reported', ('The paper attributes the proposition to someone else: a quotation, '
                             "'said', 'according to', 'is described as', NATO's portrayal. The holder "
                             'is that someone.')


class ClaimKind(Vocabulary):
    """What sort of proposition a claim is. Code the proposition the holder asserts; split mixed
    propositions; when one cannot be split, take the first value that applies in the order
    expectation, explanation, position, evaluation, fact."""

    EXPECTATION = 'expectation', ('About the future: a prediction, a likelihood, a counterfactual. '
                                   "Example (p64): the positive experience of Balkan peacekeeping 'is "
                                   "unlikely soon to be repeated'.")
    EXPLANATION = 'explanation', ('Why something is or happened: cause, reason, motive, rationale, '
                                   "purpose. Example (p31): the shift was decided 'in order to spur "
                                   "the modernization of the Russian economy'.")
    POSITION = 'position', ("The holder's own stance, demand, preference, goal, intention or "
                             "objection, stated by the holder. Example (p10): Lavrov, 'we firmly raise"
                             " questions about ... the alliance's plans for enlargement'.")
    EVALUATION = 'evaluation', ('A judgement: good or bad, significant or marginal, success or '
                                 'failure, legitimacy, a characterisation. Example (p54): the results '
                                 "are 'more marginal and symbolic rather than substantive and "
                                 "significant'.")
    FACT = 'fact', ('A checkable description of what happened, exists, was said or decided, with '
                     "numbers and dates; includes the author's description of another actor's "
                     'position. Example (p37): at the peak, 4,200 Russian troops served in SFOR and '
                     'KFOR.')


class Stance(Vocabulary):
    """How a claim bears on NATO-Russia cooperation."""

    POSITIVE = 'positive', ('Presents cooperation or rapprochement as working, beneficial, desirable '
                             "or growing. Example (p7): practical cooperation 'has generated benefits "
                             "for all participant countries'.")
    NEGATIVE = 'negative', ('Presents cooperation as failing, limited, symbolic or undesirable, or '
                             'the relationship as adversarial or deteriorating; hostility to NATO. '
                             "Example (p8): 'Such hopes were dashed.'")
    MIXED = 'mixed', ('Both in one proposition. Example (p8): Russia is no longer an adversary but '
                       'not a strategic partner either.')
    NEUTRAL = 'neutral', "No bearing on cooperation. Example (p11): the paper's plan of inquiry."


class AreaRole(Vocabulary):
    """The part a claim plays for its cooperation area."""

    PORTRAYAL = 'portrayal', ("NATO's description of cooperation in the area (holder nato, voice "
                               "reported). Example (p42): a TMD command post exercise 'was held from 8"
                               " to 12 March 2004 in Colorado Springs'.")
    CRITIQUE = 'critique', ("An assessment that rebuts or qualifies NATO's portrayal of the area. "
                             "Example (p59): Russia's hopes that NATO will use its missile defence "
                             "systems 'may turn out to be unfounded'.")
    OUTCOME = 'outcome', ("The Conclusions' classification of what became of cooperation in the area."
                           " Example (p102): 'Much has remained at the level of dialogue (e.g. TMD, "
                           "...)'.")
    CONTEXT = 'context', ("Any other claim about the area. Example (p57): Lugar's call to treat an "
                           "energy attack on an ally as 'an Article Five commitment' (energy "
                           'security).')


class Relation(Vocabulary):
    """How one claim acts on another (claim_id acts on target_id). A NATO-vs-critique pair is a
    rebuts or qualifies link from a critique claim to a portrayal claim of the same area."""

    REBUTS = 'rebuts', ("Denies or contradicts the target. Example (p31): 'Such facts, however, "
                         "testify to the manifestations of the shift, not its rationale' rebuts NATO's"
                         " portrayal that the attacks of September 11, 2001 caused Putin's turn "
                         'towards NATO.')
    QUALIFIES = 'qualifies', ('Accepts the target but limits its scope or significance. Example '
                               "(p55): joint assessments of terrorist threats 'are fine but central "
                               "questions remain' qualifies NATO's portrayal of joint threat "
                               'assessments (p40).')
    SUPPORTS = 'supports', ('Gives evidence or a reason for the target. Example (p59): the stir over '
                             "Vneshtorgbank's 5.02 percent stake in EADS supports the claim that trust"
                             ' in Russia is too low for NATO to depend on Russian components.')
    ELABORATES = 'elaborates', ('Adds detail to the target without changing its force. Example '
                                 '(p95-p98): the four contradictions elaborate the characterisation of'
                                 ' the third phase (p94).')


class Outcome(Vocabulary):
    """What the Conclusions (p102) say became of cooperation in an area."""

    REMAINED_DIALOGUE = 'remained_dialogue', ('Much has remained at the level of dialogue (TMD, '
                                               'Challenges of Modern Society).')
    AGREED_NOT_IMPLEMENTED = 'agreed_not_implemented', ('Agreed long ago but not implemented (SOFA '
                                                         'without Duma ratification; maneuvers '
                                                         'cancelled for that reason).')
    DILUTED_THEN_RESCINDED = 'diluted_then_rescinded', ('Implemented in diluted form and then '
                                                         'rescinded (Russian vessels in Operation '
                                                         'Active Endeavour).')
    FOUNDERS_DOMESTIC_POLITICS = 'founders_domestic_politics', ('Founders on the rock of Russian '
                                                                 'domestic politics (defense reform).')
    FOUNDERS_OPPOSED_INTERESTS = 'founders_opposed_interests', ('Founders on diametrically opposed '
                                                                 'NATO and Russian interests (frozen '
                                                                 'conflicts, joint peacekeeping on '
                                                                 'post-Soviet space).')
    NOT_ASSESSED = 'not_assessed', 'The Conclusions assign the area no outcome.'


class PositionOutcome(Vocabulary):
    """What became of one of the five positions on NATO that Putin reviewed (p23-p30)."""

    ABANDONED = 'abandoned', 'Given up as a principle (driving wedges between the US and Europe).'
    FADED = 'faded', 'Faded into oblivion (NATO has no reason or right to exist).'
    RELEGATED = 'relegated', 'Relegated to history (the out-of-area problem).'
    UNCHANGED_ON_SURFACE = 'unchanged_on_surface', 'Changed only at the surface (opposition to enlargement).'
    STILL_DEMANDED = 'still_demanded', 'Still demanded (transformation of NATO into a political organisation).'


class TopicGroup(Vocabulary):
    """The part of the paper's argument a topic belongs to."""

    QUESTION = 'question', 'The question the introduction poses.'
    POSITION = 'position', 'One of the five positions on NATO that Putin reviewed.'
    INSTITUTIONAL_LINK = 'institutional_link', 'One of the three institutional links between Russia and NATO.'
    CONCLUSION = 'conclusion', 'One of the seven conclusions.'


class NatoTrack(Vocabulary):
    """A country case's relationship with NATO as of December 2006, as the paper gives it."""

    MEMBER = 'member', 'Member of NATO.'
    INTENSIFIED_DIALOGUE = 'intensified_dialogue', "In NATO's Intensified Dialogue on membership questions."
    PARTNERSHIP_FOR_PEACE = 'partnership_for_peace', ('Cooperating under the Partnership for Peace, '
                                                       'not aiming at membership.')
    EAPC_ONLY = 'eapc_only', 'The paper names only membership of the Euro-Atlantic Partnership Council.'
    NONE = 'none', 'No relationship named.'


class ActorKind(Vocabulary):
    """What sort of holder an actor is."""

    PERSON = 'person', 'A named individual.'
    ORGANISATION = 'organisation', 'An international or non-state organisation, or a company.'
    STATE = 'state', 'A state acting as a whole.'
    STATE_BODY = 'state_body', 'A ministry, service, parliament, office or other organ of a state.'
    DOCUMENT = 'document', 'A document the paper quotes as holding a position (a declaration, a strategy, a study).'
    GROUP = 'group', 'An unnamed or collective group (officials, experts, the establishment).'
    MEDIA = 'media', 'A newspaper, agency or broadcaster whose own position is reported.'


class Side(Vocabulary):
    """Where an actor stands in the relationship the paper studies."""

    RUSSIA = 'russia', 'The Russian state, its officials and bodies, Russian experts and media.'
    NATO = 'nato', 'NATO as an organisation, its officials and documents.'
    NATO_MEMBER = 'nato_member', 'Governments and officials of NATO member states.'
    EU = 'eu', 'The European Union and its bodies.'
    POST_SOVIET = 'post_soviet', 'Governments and actors of the post-Soviet states outside NATO.'
    AUTHOR = 'author', "The paper's author."
    OTHER = 'other', 'Anyone else.'


class SourceKind(Vocabulary):
    """What sort of work a footnote cites."""

    NEWSPAPER_ARTICLE = 'newspaper_article', 'An article in a newspaper or magazine, print or online.'
    NEWS_AGENCY_REPORT = 'news_agency_report', ('A report of a news agency or wire service (Interfax,'
                                                 ' ITAR-TASS, RIA Novosti).')
    OFFICIAL_DOCUMENT = 'official_document', ('A government, NATO or other official document, '
                                               'declaration or strategy.')
    SPEECH = 'speech', 'A speech or address.'
    INTERVIEW = 'interview', 'An interview.'
    PRESS_CONFERENCE = 'press_conference', 'A press conference.'
    STATEMENT = 'statement', 'A statement, remark or message not otherwise classed.'
    LETTER = 'letter', 'A letter.'
    REPORT = 'report', 'A study or report of an institute, service or task force.'
    BOOK = 'book', 'A book or monograph.'
    JOURNAL_ARTICLE = 'journal_article', 'An article in a journal or periodical bulletin.'
    CONFERENCE_PROCEEDINGS = 'conference_proceedings', 'Proceedings of a conference.'
    WEBSITE = 'website', 'A web page cited as such.'
    BROADCAST = 'broadcast', 'A radio or television broadcast or its transcript.'
    PERSONAL_OBSERVATION = 'personal_observation', "The author's own observation."


class SameAsBasis(Vocabulary):
    """How a footnote that repeats an earlier one says so."""

    IBID = 'ibid', 'It says Ibid.'
    OP_CIT = 'op_cit', 'It says op. cit.'
    SHORT_FORM = 'short_form', 'It gives a shortened form of the earlier citation.'
    UNMARKED_REPEAT = 'unmarked_repeat', 'It prints the earlier citation again in full without saying so.'


class Language(Vocabulary):
    """Code of a cited work's language: ISO 639-1, or the ISO 639-2 code "und" where the
    footnote does not show it."""

    RU = 'ru', 'Russian.'
    EN = 'en', 'English.'
    DE = 'de', 'German.'
    UND = 'und', ('Undetermined: neither the title nor the outlet the footnote prints shows the '
                   'language (a URL alone, an agency publishing in several languages, no title). '
                   "Example (fn 19): 'Putin at NATO Headquarters, October 4, 2001' gives no title or "
                   'outlet.')


class EventType(Vocabulary):
    """What sort of thing a dated event is."""

    STATEMENT = 'statement', 'Something said or declared on a date, not in a speech, interview or press conference.'
    SPEECH = 'speech', 'A speech or address.'
    INTERVIEW = 'interview', 'An interview.'
    PRESS_CONFERENCE = 'press_conference', 'A press conference.'
    LETTER = 'letter', 'A letter.'
    PUBLICATION = 'publication', 'A study, strategy or report made public.'
    MEETING = 'meeting', 'A meeting of ministers, officials or a council.'
    SUMMIT = 'summit', 'A meeting of heads of state or government.'
    AGREEMENT = 'agreement', 'An agreement, treaty, act or declaration signed or adopted.'
    RATIFICATION = 'ratification', 'A ratification (or its refusal or absence).'
    ACCESSION = 'accession', 'Joining an organisation, or an invitation to join.'
    INSTITUTIONAL_CHANGE = 'institutional_change', ('A body created, dissolved, renamed, upgraded, or'
                                                     ' a procedure begun or ended.')
    APPOINTMENT = 'appointment', 'An appointment to office.'
    ELECTION = 'election', 'An election.'
    MILITARY_OPERATION = 'military_operation', 'Air strikes, operations, peacekeeping deployments and their end.'
    EXERCISE = 'exercise', 'A military or civil exercise, or its cancellation.'
    DEPLOYMENT = 'deployment', 'Forces or equipment deployed or stationed, or their deployment threatened.'
    WITHDRAWAL = 'withdrawal', 'Forces or staff withdrawn.'
    ECONOMIC_MEASURE = 'economic_measure', 'A gas cut-off, import ban, purchase or other economic measure.'
    DIPLOMATIC_MEASURE = 'diplomatic_measure', ('A diplomatic step: a visa denial, suspension of '
                                                 'participation, closing of borders.')
    INCIDENT = 'incident', 'An arrest, sinking, attack or other incident.'
    PROTEST = 'protest', 'A demonstration or campaign of protest.'
    OTHER = 'other', 'Anything else.'


class MeasureKind(Vocabulary):
    """What sort of Russian objection or lever a case measure is."""

    OBJECTION = 'objection', 'A stated objection or complaint.'
    THREAT = 'threat', 'A threatened countermeasure.'
    DEMAND = 'demand', 'A demand made of NATO or of the country.'
    ECONOMIC_LEVER = 'economic_lever', 'Economic pressure: energy prices and supplies, import bans.'
    MILITARY_LEVER = 'military_lever', 'Military pressure: troops, bases, maneuvers, deployments.'
    DIPLOMATIC_LEVER = 'diplomatic_lever', 'Diplomatic pressure: withdrawals, closures, severed communications.'
    POLITICAL_SUPPORT = 'political_support', 'Political or military support for a regime or break-away authority.'


class NoteKind(Vocabulary):
    """What an editorial note records. The dataset always keeps the paper's reading; the note
    says what is odd about it."""

    INCONSISTENCY = 'inconsistency', 'The paper says two things that cannot both hold.'
    MISPRINT = 'misprint', 'A typographical error: wrong letters, punctuation or numbers.'
    MISSPELLING = 'misspelling', ('A name or word spelt differently from elsewhere in the paper or '
                                   'from its usual form.')
    MISSING_WORD = 'missing_word', 'A word is missing and the reading must be inferred.'
    FACTUAL_SLIP = 'factual_slip', 'Likely a factual error (usually seen only with outside knowledge).'
    DANGLING_REFERENCE = 'dangling_reference', "A cross-reference ('see below', 'op. cit., fn.') that leads nowhere."
    AMBIGUITY = 'ambiguity', 'The paper can be read in more than one way; the note says how the data reads it.'


class DatePrecision(Vocabulary):
    """The coarsest unit an EDTF date names."""

    DAY = 'day', 'A day.'
    MONTH = 'month', 'A month.'
    SEASON = 'season', 'A season (EDTF 21-24).'
    YEAR = 'year', 'A year.'
    DECADE = 'decade', 'A decade (EDTF YYYX).'


class Position(Vocabulary):
    """The holder's position on the claim's issue (issues.issue_id): what the holder is for or
    against, read from the issue's definition. It is not stance: stance is how the claim bears
    on NATO-Russia cooperation (the paper's frame). Example (p10): Lavrov's 'in the Russia-NATO
    Council, we are accumulating the potential for practical cooperation' (C1052) is stance
    positive, nrc_value / support; in the same speech his 'we firmly raise questions about ...
    the alliance's plans for enlargement' (C1054) is stance negative, nato_enlargement / oppose."""

    SUPPORT = 'support', ("The holder is for what the issue's definition calls support (a demand, an "
                           "argument, a welcome). Example (p10): an objection to NATO's refusal to "
                           'ratify the adapted CFE treaty (C1057) supports cfe_ratification, though '
                           'its stance is negative.')
    OPPOSE = 'oppose', ('The holder is against it (an objection, a warning, an argument against). '
                         "Example (p27): Chizov's enlargement is 'a big historic mistake' (C2106), "
                         'nato_enlargement / oppose.')
    AMBIVALENT = 'ambivalent', ('The holder is explicitly torn, or for and against in one '
                                 'proposition: conditional acceptance, a concession joined to an '
                                 "objection. Example (p3): Putin on membership 'on condition that "
                                 "Russia's interests are going to be taken into account' (C1008).")


class DateBasis(Vocabulary):
    """Where a claim's date comes from."""

    BODY = 'body', ("The claim's own sentence in the body carries the date expression (absolute or "
                     "relative). Example (p18): C2046, the spokesman's statement 'on March 31, 1994'.")
    FOOTNOTE = 'footnote', ("Only a footnote gives the date, or a more precise one: the claim's "
                             'footnote (or the one it repeats) dates the speech, interview or '
                             'document, or the news report of that very statement when the paper gives'
                             " no other date. Example (p10): the body says 'December 2006', fn 5 gives"
                             ' December 11, 2006 (C1052).')
    CONTEXT = 'context', ("The claim's sentence has no date; the paragraph around it (or another "
                           "paragraph's date of the named occasion) supplies one. Always with an "
                           "editorial note (notes). Example (p18): Kozyrev's denial (C2047) lies "
                           "between 'March 31, 1994' and 'June 1994'.")


class ClaimActorRole(Vocabulary):
    """How an actor figures in a claim (claim_actors)."""

    ADDRESSEE = 'addressee', ('Whom the holder calls on, asks, warns or speaks to: the party a demand'
                               ' or question is put to, the recipient of a letter or call, the '
                               "counterpart at the venue. Example (p10): Lavrov 'would like to see how"
                               " Brussels will react to our proposal' (C1058) -> nato. Author claims "
                               'have none.')
    OBJECT = 'object', ('Whose action, conduct, interests, character or fate the claim is about, with'
                         " the holder's evaluation. Example (p2): Putin 'concerned over the process of"
                         " NATO expansion' (C1004) -> nato, negative. Only actors (not treaties, "
                         'policies or regions); not the holder itself.')


class Evaluation(Vocabulary):
    """The holder's evaluation of an object actor as the claim expresses it (not the claim's
    stance, not the coder's view). Set exactly for objects."""

    POSITIVE = 'positive', ('The holder praises, welcomes, trusts or favours the actor. Example '
                             "(p13): Kozyrev, NATO 'one of the mechanisms of stability' (C2006) -> "
                             'nato positive.')
    NEGATIVE = 'negative', ("The holder criticises, accuses, warns against or deplores the actor's "
                             "conduct. Example (p28): Putin on the Baltic States' 'sheer boorishness' "
                             '(C2124) -> baltic_states negative.')
    NEUTRAL = 'neutral', ("The actor is described, targeted or named without judgement; an author's "
                           'plain report. Example (p34): Churkin as the first Russian representative '
                           '(C3003) -> churkin neutral.')


class EventActorRole(Vocabulary):
    """How an actor other than the main actor (events.actor_id) figures in an event
    (event_actors)."""

    RECIPIENT = 'recipient', ("The actor acted upon, addressed or targeted (PLOVER's recipient, "
                               "ACLED's actor 2). Example (p21): NATO's air attacks against Yugoslavia"
                               ' (E026) -> yugoslavia.')
    PARTICIPANT = 'participant', ('A counterpart met or co-signing: the other side of a meeting, '
                                   'agreement or joint exercise. Example (p20): the Founding Act '
                                   'signed by NATO (E024) -> russia.')
