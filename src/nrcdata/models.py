"""The tables of the dataset: one Pydantic model per table, every field defined here once.

Table Schemas, JSON Schemas, ``datapackage.json`` and the codebook are generated from these
models (``nrcdata schema``); a test fails when a committed file differs from a fresh generation.
CSV column order is field order. ``None`` is an empty cell.
"""

# no `from __future__ import annotations` here: Pydantic would have to eval every field's
# annotation string when the classes are made, a quarter of this module's import time

import datetime as dt
import re
from typing import Annotated, ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from . import vocab
from .limits import FOOTNOTE_COUNT as FOOTNOTES, PARAGRAPH_COUNT as PARAGRAPHS, forbidden_class

SLUG = r"^[a-z][a-z0-9_]*$"
# the relations that make a critique and a portrayal claim of one area a NATO-vs-critique pair
PAIR_RELATIONS = (vocab.Relation.REBUTS, vocab.Relation.QUALIFIES)
_FORBIDDEN = re.compile(forbidden_class())
FORMULA_START = ("=", "+", "-", "@")


# named tuples, not frozen dataclasses: as read-only, a tenth of the cost to define (a dataclass
# compiles each of its methods when the module is imported)
class ForeignKey(NamedTuple):
    fields: tuple[str, ...]
    table: str
    ref_fields: tuple[str, ...]


class TableMeta(NamedTuple):
    name: str
    title: str
    description: str
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()


def fk(field: str, table: str, ref: str | None = None) -> ForeignKey:
    return ForeignKey((field,), table, (ref or field,))


class Row(BaseModel):
    """A row of a table. Text cells hold one line, without edge spaces, never starting with a
    character a spreadsheet would run as a formula (= + - @)."""

    # validators are built on first use: loading builds rows with model_construct after its own
    # checks (nrcdata.cells), so `import nrcdata` and load() never pay for building them
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)
    __table__: ClassVar[TableMeta]
    _dataset = PrivateAttr(default=None)  # set by nrcdata.load() to link rows

    @property
    def dataset(self):
        """The nrcdata.Dataset this row was loaded into (rows built by hand have none)."""
        if self._dataset is None:
            raise LookupError(f"this {type(self).__name__} was not loaded by nrcdata.load(), so it has no links")
        return self._dataset

    @field_validator("*", mode="after")
    @classmethod
    def _clean_text(cls, value):
        if isinstance(value, str):
            if value != value.strip():
                raise ValueError("has leading or trailing spaces")
            if value.startswith(FORMULA_START):
                raise ValueError("starts with = + - or @, which a spreadsheet would run as a formula")
            if _FORBIDDEN.search(value):
                raise ValueError("contains a line break, control character or noncharacter")
        return value


# -- reusable field types: the same field in several tables is defined once here -------------
Text = Annotated[str, Field(min_length=1, max_length=2000)]
SectionId = Annotated[str, Field(pattern=SLUG, max_length=40, description=(
    "The section the row is anchored in (sections.section_id)."))]
ParagraphNo = Annotated[int, Field(ge=1, le=PARAGRAPHS, description=(
    "Body paragraph the row is anchored in, in the canonical numbering of the paper's body text "
    f"(1-{PARAGRAPHS}: page-break splits rejoined, each bullet a paragraph, headings not counted). For a row "
    "anchored in a footnote, the paragraph that carries the footnote's marker."))]
AnchorFootnote = Annotated[int | None, Field(default=None, ge=1, le=FOOTNOTES, description=(
    "Set when the quote is in a footnote rather than the body: that footnote's number "
    "(sources.footnote). Empty when the quote is in the body paragraph."))]
Quote = Annotated[str, Field(min_length=1, max_length=1000, description=(
    "The paper's own words that support the row, verbatim (its spelling kept, emphasis markers and "
    "footnote numbers left out); '...' marks an elision. Found in the paragraph, or in the footnote "
    "when anchor_footnote is set."))]
FootnoteNo = Annotated[int, Field(ge=1, le=FOOTNOTES, description=f"Footnote number, 1-{FOOTNOTES}, as printed.")]
EDTF = Annotated[str, Field(min_length=4, max_length=60, description=(
    "Date in EDTF (ISO 8601-2) at exactly the paper's precision: 1992 year, 1992-10 month, "
    "1992-10-28 day, 1992-23 season (21 spring, 22 summer, 23 autumn, 24 winter), 199X decade, "
    "A/B interval ('..' open end), [A,B] or [A..B] one of a set."))]
DateStart = Annotated[dt.date | None, Field(default=None, description=(
    "First day the EDTF date can mean (derived from it); empty for an open start."))]
DateEnd = Annotated[dt.date | None, Field(default=None, description=(
    "Last day the EDTF date can mean (derived from it); empty for an open end."))]
Precision = Annotated[vocab.DatePrecision, Field(description=(
    "The coarsest unit the EDTF date names (derived from it)."))]
ClaimId = Annotated[str, Field(pattern=r"^C[0-9]{4,7}$", description=(
    "Claim identifier, C + 4 to 7 digits; in the shipped data C + 4 digits whose first digit groups "
    "the paper's parts (1 introduction, 2 evolution, 3 institutional links, 4 post-Soviet space, "
    "5 conclusions). Never reused."))]
EventId = Annotated[str, Field(pattern=r"^E[0-9]{3,7}$", description="Event identifier, E + 3 to 7 digits. Never reused.")]
ActorId = Annotated[str, Field(pattern=SLUG, max_length=40, description="Actor identifier (actors.actor_id).")]
AreaId = Annotated[str, Field(pattern=SLUG, max_length=40, description="Cooperation area (areas.area_id).")]
CaseId = Annotated[str, Field(pattern=SLUG, max_length=40, description="Post-Soviet country case (cases.case_id).")]
PhaseId = Annotated[str, Field(pattern=r"^phase[1-3]$", description="Phase of the relationship (phases.phase_id).")]
TopicId = Annotated[str, Field(pattern=SLUG, max_length=40, description="Topic of the argument (topics.topic_id).")]
CountryId = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code.")]
Ordinal = Annotated[int, Field(ge=1, description="Position in the paper's order, from 1.")]
OptionalEDTF = Annotated[str | None, Field(default=None, min_length=4, max_length=60, description=(
    "When the row's fact holds, in EDTF at exactly the paper's precision (see events.date); empty "
    "when the paper gives no date."))]
OptionalPrecision = Annotated[vocab.DatePrecision | None, Field(default=None, description=(
    "The coarsest unit the EDTF date names (derived from it); set exactly when the date is set."))]
ItemId = Annotated[str | None, Field(default=None, pattern=r"^fn[0-9]{1,2}[a-z]$", description=(
    "The cited work that backs the row (source_items.item_id). For an Ibid., op. cit. or short-form "
    "footnote, the work of the footnote it repeats (sources.same_as); for a footnote with several works, "
    "the one the footnote ties to this row (by title, speaker or date, or 'see also' yielding to the "
    "work cited first). Empty when the footnote cites no work (an explanatory note) or when it cites "
    "several and the paper does not say which backs the row (an editorial note then says so)."))]


class Section(Row):
    __table__ = TableMeta(
        "sections", "Sections", "One row per heading of the paper, in order. The introduction's "
        "heading is the paper's title as printed above the body.",
        ("section_id",), (fk("parent_id", "sections", "section_id"),))

    @property
    def parent(self) -> "Section | None":
        return self.dataset.sections.get(self.parent_id) if self.parent_id else None

    @property
    def claims(self) -> list["Claim"]:
        return self.dataset.by("claims", "section_id").get(self.section_id, [])

    section_id: Annotated[str, Field(pattern=SLUG, max_length=40, description="Section identifier.")]
    ordinal: Ordinal
    title: Annotated[Text, Field(description="The heading as printed.")]
    parent_id: Annotated[str | None, Field(default=None, pattern=SLUG, description=(
        "The enclosing section (sections.section_id); empty for a top-level section."))]
    level: Annotated[int, Field(ge=1, le=2, description="1 for a top-level section, 2 for a subsection.")]
    run_in: Annotated[bool, Field(description=(
        "true when the heading opens a paragraph instead of standing on its own line."))]
    first_paragraph: Annotated[int, Field(ge=1, le=PARAGRAPHS, description="First body paragraph of the section.")]
    last_paragraph: Annotated[int, Field(ge=1, le=PARAGRAPHS, description=(
        "Last body paragraph before the next heading of any level."))]


class Source(Row):
    __table__ = TableMeta(
        "sources", "Sources", f"One row per footnote (1-{FOOTNOTES}): the citation as printed and the "
        "earlier footnote it repeats. The works it cites are in source_items.",
        ("footnote",), (fk("same_as", "sources", "footnote"),))

    @property
    def repeats(self) -> "Source | None":
        """The earlier footnote this one cites again."""
        return self.dataset.sources.get(self.same_as) if self.same_as else None

    @property
    def items(self) -> list["SourceItem"]:
        return self.dataset.by("source_items", "footnote").get(self.footnote, [])

    footnote: FootnoteNo
    citation: Annotated[Text, Field(description=(
        "The footnote's text as printed, emphasis markers removed, lines joined."))]
    same_as: Annotated[int | None, Field(default=None, ge=1, le=FOOTNOTES, description=(
        "The earlier footnote whose work this one cites again (Ibid., op. cit., a short form or an "
        "unmarked repeat); empty when it cites nothing cited before."))]
    same_as_basis: Annotated[vocab.SameAsBasis | None, Field(default=None, description=(
        "How the footnote marks the repeat; set exactly when same_as is set."))]
    marker_paragraph: Annotated[int, Field(ge=1, le=PARAGRAPHS, description=(
        "The body paragraph that carries the footnote's marker."))]


class SourceItem(Row):
    __table__ = TableMeta(
        "source_items", "Cited works", "One row per work a footnote cites, with structured "
        "fields. Footnotes that only point back (Ibid., op. cit., a short form) have none.",
        ("item_id",), (fk("footnote", "sources"),))
    item_id: Annotated[str, Field(pattern=r"^fn[0-9]{1,2}[a-z]$", description=(
        "fn + footnote number + a letter per work in the footnote (fn11a, fn11b)."))]
    footnote: FootnoteNo
    ordinal: Ordinal
    kind: Annotated[vocab.SourceKind, Field(description="What sort of work it is.")]
    author: Annotated[str | None, Field(default=None, max_length=300, description=(
        "Author, speaker or issuing body as printed."))]
    title: Annotated[str | None, Field(default=None, max_length=500, description=(
        "Title as printed, without quotation marks."))]
    outlet: Annotated[str | None, Field(default=None, max_length=300, description=(
        "Newspaper, agency, journal, website or publisher as printed."))]
    published: Annotated[str | None, Field(default=None, max_length=60, description=(
        "Publication or delivery date in EDTF at the precision printed."))]
    url: Annotated[str | None, Field(default=None, max_length=500, description=(
        "URL as printed, without the surrounding angle brackets."))]
    language: Annotated[vocab.Language, Field(description=(
        "Language of the work, where the footnote says or its title or outlet shows it; und when "
        "neither shows it."))]
    locator: Annotated[str | None, Field(default=None, max_length=100, description=(
        "Page, issue or number as printed."))]


class Country(Row):
    __table__ = TableMeta(
        "countries", "Countries", "Present-day states the paper names, with ISO 3166-1 alpha-2 codes.",
        ("country_id",), (fk("case_id", "cases"),))
    country_id: CountryId
    name: Annotated[Text, Field(description="English short name.")]
    case_id: Annotated[str | None, Field(default=None, pattern=SLUG, description=(
        "The post-Soviet case the country belongs to (cases.case_id), if any."))]


class Actor(Row):
    __table__ = TableMeta(
        "actors", "Actors", "Every person, organisation, state, body, group or document whose "
        "statement, position or action the paper reports. One actor, one ID, however spelt.",
        ("actor_id",), (fk("country_id", "countries"),))

    @property
    def claims(self) -> list["Claim"]:
        return self.dataset.by("claims", "holder_id").get(self.actor_id, [])

    @property
    def affiliations(self) -> list["Affiliation"]:
        """The organisations or state bodies the paper says this person belongs to."""
        return self.dataset.by("affiliations", "actor_id").get(self.actor_id, [])

    actor_id: Annotated[str, Field(pattern=SLUG, max_length=40, description=(
        "Actor identifier: a person's surname, otherwise a snake_case name."))]
    name: Annotated[Text, Field(description="Name as the body text spells it.")]
    kind: Annotated[vocab.ActorKind, Field(description="What sort of actor.")]
    side: Annotated[vocab.Side, Field(description="Where the actor stands.")]
    role: Annotated[str | None, Field(default=None, max_length=300, description=(
        "The role the paper gives the actor, in the dataset's words, without the dated or 'then' "
        "affiliations that the affiliations table holds."))]
    country_id: Annotated[str | None, Field(default=None, pattern=r"^[A-Z]{2}$", description=(
        "The actor's country (countries.country_id); empty for international bodies."))]


class Affiliation(Row):
    __table__ = TableMeta(
        "affiliations", "Affiliations", "A person's organisation, state or state body as the paper "
        "prints it, with the role in the paper's words and its date where the paper gives one.",
        ("actor_id", "organisation_id"), (fk("actor_id", "actors"), fk("organisation_id", "actors", "actor_id"),
                                          fk("section_id", "sections"), fk("anchor_footnote", "sources", "footnote")))

    @property
    def actor(self) -> "Actor":
        return self.dataset.actors[self.actor_id]

    @property
    def organisation(self) -> "Actor":
        return self.dataset.actors[self.organisation_id]

    actor_id: Annotated[str, Field(pattern=SLUG, max_length=40, description=(
        "The person (actors.actor_id)."))]
    organisation_id: Annotated[str, Field(pattern=SLUG, max_length=40, description=(
        "The organisation, state body or state the person belongs to (actors.actor_id): the most "
        "specific actor the paper names (the foreign ministry for a foreign minister), the state where "
        "the paper names no body."))]
    role_as_printed: Annotated[Text, Field(max_length=300, description=(
        "The role in the paper's words, verbatim, 'then' or 'later' kept (\"then Russian, foreign "
        "minister\"); it occurs in the quote."))]
    date: Annotated[OptionalEDTF, Field(description=(
        "When the paper says the person held the role, in EDTF at its precision, only when the quote's "
        "passage dates it; empty otherwise."))]
    date_start: DateStart
    date_end: DateEnd
    date_precision: OptionalPrecision
    section_id: SectionId
    paragraph: ParagraphNo
    anchor_footnote: AnchorFootnote
    quote: Quote


class Case(Row):
    __table__ = TableMeta(
        "cases", "Country cases", "The five post-Soviet cases of the section on NATO-Russia rivalry.",
        ("case_id",), (fk("section_id", "sections"),))

    @property
    def claims(self) -> list["Claim"]:
        return self.dataset.by("claims", "case_id").get(self.case_id, [])

    @property
    def events(self) -> list["Event"]:
        return self.dataset.by("events", "case_id").get(self.case_id, [])

    @property
    def measures(self) -> list["CaseMeasure"]:
        return self.dataset.by("case_measures", "case_id").get(self.case_id, [])

    @property
    def countries(self) -> list["Country"]:
        return self.dataset.by("countries", "case_id").get(self.case_id, [])

    case_id: Annotated[str, Field(pattern=SLUG, max_length=40, description="Case identifier.")]
    ordinal: Ordinal
    title: Annotated[Text, Field(description="The case's heading as printed.")]
    nato_track: Annotated[vocab.NatoTrack, Field(description=(
        "Relationship with NATO as of December 2006, as the paper gives it."))]
    summary: Annotated[Text, Field(description="The paper's account of the case, in the dataset's words.")]
    section_id: SectionId
    paragraph: ParagraphNo
    anchor_footnote: AnchorFootnote
    quote: Quote


class CaseMeasure(Row):
    __table__ = TableMeta(
        "case_measures", "Russian objections and levers", "Each Russian objection, threat, demand "
        "or lever the paper lists for a country case.",
        ("measure_id",), (fk("case_id", "cases"), fk("section_id", "sections")))
    measure_id: Annotated[str, Field(pattern=r"^M[0-9]{3,7}$", description="Measure identifier, M + 3 to 7 digits. Never reused.")]
    case_id: CaseId
    kind: Annotated[vocab.MeasureKind, Field(description="What sort of objection or lever.")]
    description: Annotated[Text, Field(description="The measure, in the dataset's words.")]
    section_id: SectionId
    paragraph: ParagraphNo
    anchor_footnote: AnchorFootnote
    quote: Quote


class Phase(Row):
    __table__ = TableMeta(
        "phases", "Phases", "The three phases of Russian policy towards NATO in the Conclusions.",
        ("phase_id",), (fk("section_id", "sections"),))

    @property
    def claims(self) -> list["Claim"]:
        return self.dataset.by("claims", "phase_id").get(self.phase_id, [])

    phase_id: Annotated[str, Field(pattern=r"^phase[1-3]$", description="phase1, phase2 or phase3.")]
    ordinal: Ordinal
    name: Annotated[Text, Field(description="A short name for the phase.")]
    characterisation: Annotated[Text, Field(description="The paper's characterisation, in the dataset's words.")]
    start: Annotated[str | None, Field(default=None, max_length=60, description=(
        "Start in EDTF as the paper gives it; empty when the paper gives none."))]
    end: Annotated[str | None, Field(default=None, max_length=60, description=(
        "End in EDTF as the paper gives it ('..' for a phase still current); empty when not given."))]
    date_start: DateStart
    date_end: DateEnd
    section_id: SectionId
    paragraph: ParagraphNo
    anchor_footnote: AnchorFootnote
    quote: Quote


class Area(Row):
    __table__ = TableMeta(
        "areas", "Cooperation areas", "NATO's twelve listed areas of NATO-Russia cooperation plus "
        "the areas only the author's critique adds, with the outcome the Conclusions assign.",
        ("area_id",), ())

    def _claims(self, role: vocab.AreaRole) -> list["Claim"]:
        return [c for c in self.dataset.by("claims", "area_id").get(self.area_id, []) if c.area_role == role]

    @property
    def portrayals(self) -> list["Claim"]:
        """NATO's claims about cooperation in the area."""
        return self._claims(vocab.AreaRole.PORTRAYAL)

    @property
    def critiques(self) -> list["Claim"]:
        """The claims that rebut or qualify the portrayal."""
        return self._claims(vocab.AreaRole.CRITIQUE)

    @property
    def outcome_claims(self) -> list["Claim"]:
        """The Conclusions' claims that classify the area."""
        return self._claims(vocab.AreaRole.OUTCOME)

    @property
    def pairs(self) -> list[tuple["Claim", str, "Claim"]]:
        """(critique, relation, portrayal) for each rebuts/qualifies link within the area."""
        out = []
        for critique in self.critiques:
            for relation, target in critique.relations:
                if relation in PAIR_RELATIONS and target.area_id == self.area_id \
                        and target.area_role == vocab.AreaRole.PORTRAYAL:
                    out.append((critique, relation, target))
        return out

    area_id: Annotated[str, Field(pattern=SLUG, max_length=40, description="Area identifier.")]
    ordinal: Ordinal
    name: Annotated[Text, Field(description="A short name for the area.")]
    nato_heading: Annotated[str | None, Field(default=None, max_length=200, description=(
        "The area's heading in NATO's list as printed; empty for an area NATO does not list."))]
    nato_paragraph: Annotated[int | None, Field(default=None, ge=1, le=PARAGRAPHS, description=(
        "The paragraph of NATO's list that describes the area."))]
    critique_heading: Annotated[str | None, Field(default=None, max_length=200, description=(
        "The heading under which the author's critique discusses the area; empty when it has none."))]
    critique_paragraph: Annotated[int | None, Field(default=None, ge=1, le=PARAGRAPHS, description=(
        "The first paragraph of the author's critique of the area; empty when there is no critique."))]
    outcome: Annotated[vocab.Outcome, Field(description="What the Conclusions say became of it.")]
    outcome_paragraph: Annotated[int | None, Field(default=None, ge=1, le=PARAGRAPHS, description=(
        "The paragraph of the Conclusions that assigns the outcome; empty when not_assessed."))]
    outcome_quote: Annotated[str | None, Field(default=None, max_length=1000, description=(
        "The Conclusions' words that assign the outcome, verbatim; empty when not_assessed."))]


class Topic(Row):
    __table__ = TableMeta(
        "topics", "Topics of the argument", "The skeleton of the paper's argument: its question, "
        "the five positions on NATO that Putin reviewed, the three institutional links and the "
        "seven conclusions. Claims name their topic.",
        ("topic_id",), (fk("section_id", "sections"),))

    @property
    def claims(self) -> list["Claim"]:
        return self.dataset.by("claims", "topic_id").get(self.topic_id, [])

    topic_id: Annotated[str, Field(pattern=SLUG, max_length=40, description="Topic identifier.")]
    group: Annotated[vocab.TopicGroup, Field(description="The part of the argument.")]
    ordinal: Annotated[int, Field(ge=1, description="Position within its group, in the paper's order.")]
    label: Annotated[Text, Field(description="What the topic is, in the dataset's words.")]
    heading: Annotated[str | None, Field(default=None, max_length=200, description=(
        "The paper's own heading for it (the italic run-in title of a conclusion), if any."))]
    outcome: Annotated[vocab.PositionOutcome | None, Field(default=None, description=(
        "For a position: what became of it. Empty for other groups."))]
    section_id: SectionId
    paragraph: ParagraphNo
    anchor_footnote: AnchorFootnote
    quote: Quote


class Issue(Row):
    __table__ = TableMeta(
        "issues", "Issues of the debate", "The issues of the NATO-Russia debate the paper reports, built "
        "bottom-up from its text: what a claim's holder can be for or against (claims.issue_id, "
        "claims.position). Each definition says what support and oppose mean.",
        ("issue_id",), (fk("section_id", "sections"), fk("anchor_footnote", "sources", "footnote")))

    @property
    def claims(self) -> list["Claim"]:
        return self.dataset.by("claims", "issue_id").get(self.issue_id, [])

    issue_id: Annotated[str, Field(pattern=SLUG, max_length=40, description="Issue identifier.")]
    ordinal: Ordinal
    label: Annotated[Text, Field(max_length=200, description="What the issue is, in the dataset's words.")]
    definition: Annotated[Text, Field(description=(
        "The question at issue and what support, oppose (and ambivalent, where used) mean for it."))]
    section_id: SectionId
    paragraph: Annotated[ParagraphNo, Field(description="An example paragraph where the issue is debated.")]
    anchor_footnote: AnchorFootnote
    quote: Quote


class Event(Row):
    __table__ = TableMeta(
        "events", "Dated events", "Every dated event and dated statement the paper mentions, with "
        "its date at the paper's own precision.",
        ("event_id",), (fk("actor_id", "actors"), fk("case_id", "cases"), fk("area_id", "areas"),
                        fk("section_id", "sections"), fk("anchor_footnote", "sources", "footnote")))

    @property
    def actor(self) -> "Actor | None":
        return self.dataset.actors.get(self.actor_id) if self.actor_id else None

    @property
    def sources(self) -> list["Source"]:
        return [self.dataset.sources[link.footnote] for link in self.dataset.by("event_sources", "event_id").get(self.event_id, [])]

    @property
    def source_links(self) -> list["EventSource"]:
        """The event_sources rows of the event (footnote and cited work)."""
        return self.dataset.by("event_sources", "event_id").get(self.event_id, [])

    @property
    def occasion(self) -> "Event":
        """The first event (lowest ID) of this event's occasion: itself when the occurrence is told once."""
        return self.dataset.events[self.occasion_id]

    @property
    def same_occasion(self) -> list["Event"]:
        """Every event of this event's occasion, itself included."""
        return self.dataset.by("events", "occasion_id").get(self.occasion_id, [])

    def _actors(self, role: str) -> list["Actor"]:
        return [self.dataset.actors[link.actor_id] for link in self.dataset.by("event_actors", "event_id").get(self.event_id, [])
                if link.role == role]

    @property
    def recipients(self) -> list["Actor"]:
        """The actors acted upon, addressed or targeted."""
        return self._actors("recipient")

    @property
    def participants(self) -> list["Actor"]:
        """The counterparts met or co-signing, besides the main actor."""
        return self._actors("participant")

    @property
    def claims(self) -> list["Claim"]:
        """The claims made at this event."""
        return self.dataset.by("claims", "event_id").get(self.event_id, [])

    event_id: EventId
    date: EDTF
    date_start: DateStart
    date_end: DateEnd
    date_precision: Precision
    date_as_printed: Annotated[Text, Field(description=(
        "The paper's own words for the date, verbatim; they occur in the quote."))]
    title: Annotated[Text, Field(max_length=200, description="A short title, in the dataset's words.")]
    description: Annotated[Text, Field(description="What happened, in the dataset's words.")]
    event_type: Annotated[vocab.EventType, Field(description="What sort of event.")]
    actor_id: Annotated[str | None, Field(default=None, pattern=SLUG, description=(
        "The main actor (actors.actor_id), if one."))]
    case_id: Annotated[str | None, Field(default=None, pattern=SLUG, description=(
        "The country case (cases.case_id), if the event belongs to one."))]
    area_id: Annotated[str | None, Field(default=None, pattern=SLUG, description=(
        "The cooperation area (areas.area_id), if the event belongs to one."))]
    section_id: SectionId
    paragraph: ParagraphNo
    anchor_footnote: AnchorFootnote
    quote: Quote
    occasion_id: Annotated[str, Field(pattern=r"^E[0-9]{3,7}$", description=(
        "The occurrence the event is a mention of (events.event_id): the event_id of the first mention "
        "(lowest ID) of the same act or meeting told more than once, possibly at another precision or as "
        "part and whole of one act; the event's own event_id when the paper tells it once. Count "
        "occasions, not events, for how often something happened."))]


class EventSource(Row):
    __table__ = TableMeta(
        "event_sources", "Event sources", "The footnotes that back each event, and the cited work.",
        ("event_id", "footnote"), (fk("event_id", "events"), fk("footnote", "sources"),
                                   fk("item_id", "source_items")))

    @property
    def work(self) -> "SourceItem | None":
        """The cited work (source_items row), Ibid. and short forms resolved; None when not resolved."""
        return self.dataset.source_items.get(self.item_id) if self.item_id else None

    event_id: EventId
    footnote: FootnoteNo
    item_id: ItemId


class EventActor(Row):
    __table__ = TableMeta(
        "event_actors", "Event actors", "The actors an event is directed at or held with, besides its "
        "main actor (events.actor_id).",
        ("event_id", "actor_id", "role"), (fk("event_id", "events"), fk("actor_id", "actors")))
    event_id: EventId
    actor_id: Annotated[str, Field(pattern=SLUG, max_length=40, description=(
        "The actor (actors.actor_id); never the event's main actor."))]
    role: Annotated[vocab.EventActorRole, Field(description="How the actor figures in the event.")]


class Claim(Row):
    __table__ = TableMeta(
        "claims", "Claims", "Each substantive proposition the paper makes or reports: who holds "
        "it, what sort it is, how it bears on cooperation, where it stands and its evidence.",
        ("claim_id",), (fk("holder_id", "actors", "actor_id"), fk("area_id", "areas"),
                        fk("case_id", "cases"), fk("phase_id", "phases"), fk("topic_id", "topics"),
                        fk("section_id", "sections"), fk("anchor_footnote", "sources", "footnote"),
                        fk("issue_id", "issues"), fk("event_id", "events")))

    @property
    def holder(self) -> "Actor":
        return self.dataset.actors[self.holder_id]

    @property
    def section(self) -> "Section":
        return self.dataset.sections[self.section_id]

    @property
    def area(self) -> "Area | None":
        return self.dataset.areas.get(self.area_id) if self.area_id else None

    @property
    def case(self) -> "Case | None":
        return self.dataset.cases.get(self.case_id) if self.case_id else None

    @property
    def phase(self) -> "Phase | None":
        return self.dataset.phases.get(self.phase_id) if self.phase_id else None

    @property
    def topic(self) -> "Topic | None":
        return self.dataset.topics.get(self.topic_id) if self.topic_id else None

    @property
    def sources(self) -> list["Source"]:
        return [self.dataset.sources[link.footnote] for link in self.dataset.by("claim_sources", "claim_id").get(self.claim_id, [])]

    @property
    def relations(self) -> list[tuple[str, "Claim"]]:
        """(relation, target claim) for each claim this one acts on."""
        return [(link.relation.value, self.dataset.claims[link.target_id])
                for link in self.dataset.by("claim_relations", "claim_id").get(self.claim_id, [])]

    @property
    def acted_on_by(self) -> list[tuple["Claim", str]]:
        """(claim, relation) for each claim that acts on this one."""
        return [(self.dataset.claims[link.claim_id], link.relation.value)
                for link in self.dataset.by("claim_relations", "target_id").get(self.claim_id, [])]

    @property
    def issue(self) -> "Issue | None":
        return self.dataset.issues.get(self.issue_id) if self.issue_id else None

    @property
    def event(self) -> "Event | None":
        """The dated event (statement, speech, interview, publication, meeting) the claim was made at."""
        return self.dataset.events.get(self.event_id) if self.event_id else None

    @property
    def source_links(self) -> list["ClaimSource"]:
        """The claim_sources rows of the claim (footnote and cited work)."""
        return self.dataset.by("claim_sources", "claim_id").get(self.claim_id, [])

    @property
    def works(self) -> list["SourceItem"]:
        """The cited works that back the claim, where resolved."""
        return [w for w in (link.work for link in self.source_links) if w is not None]

    @property
    def actor_links(self) -> list["ClaimActor"]:
        """The claim_actors rows of the claim."""
        return self.dataset.by("claim_actors", "claim_id").get(self.claim_id, [])

    @property
    def addressees(self) -> list["Actor"]:
        """The actors the holder calls on or speaks to."""
        return [self.dataset.actors[link.actor_id] for link in self.actor_links if link.role == "addressee"]

    @property
    def objects(self) -> list[tuple["Actor", str]]:
        """(actor, evaluation) for each actor the claim is about."""
        return [(self.dataset.actors[link.actor_id], link.evaluation.value) for link in self.actor_links
                if link.role == vocab.ClaimActorRole.OBJECT and link.evaluation is not None]

    claim_id: ClaimId
    statement: Annotated[Text, Field(description="The proposition in the dataset's own words.")]
    voice: Annotated[vocab.Voice, Field(description="Whose voice the claim is in.")]
    holder_id: Annotated[str, Field(pattern=SLUG, max_length=40, description=(
        "Who holds the claim (actors.actor_id): adomeit for the author's own claims."))]
    kind: Annotated[vocab.ClaimKind, Field(description="What sort of proposition.")]
    stance: Annotated[vocab.Stance, Field(description="How it bears on NATO-Russia cooperation.")]
    area_id: Annotated[str | None, Field(default=None, pattern=SLUG, description=(
        "The cooperation area it concerns (areas.area_id)."))]
    area_role: Annotated[vocab.AreaRole | None, Field(default=None, description=(
        "Its part for the area; set exactly when area_id is set."))]
    case_id: Annotated[str | None, Field(default=None, pattern=SLUG, description=(
        "The country case it concerns (cases.case_id)."))]
    phase_id: Annotated[str | None, Field(default=None, pattern=r"^phase[1-3]$", description=(
        "The phase it concerns (phases.phase_id)."))]
    topic_id: Annotated[str | None, Field(default=None, pattern=SLUG, description=(
        "The topic of the argument it belongs to (topics.topic_id)."))]
    section_id: SectionId
    paragraph: ParagraphNo
    anchor_footnote: AnchorFootnote
    quote: Quote
    issue_id: Annotated[str | None, Field(default=None, pattern=SLUG, max_length=40, description=(
        "The issue of the debate the holder takes a side on (issues.issue_id): set when the holder is for "
        "or against something an issue defines (a demand, an objection, an argument or judgement for its "
        "side); empty for descriptions, the author's account of another actor's position, and the "
        "paper's questions and plans."))]
    position: Annotated[vocab.Position | None, Field(default=None, description=(
        "The holder's position on the issue: what the holder is for or against, not how the claim bears "
        "on cooperation (stance). Set exactly when issue_id is set."))]
    date: Annotated[OptionalEDTF, Field(description=(
        "When the holder made the claim (the statement, speech, interview, letter or document), in EDTF "
        "at the paper's precision; for an author's claim, the date of the dated act it asserts. Empty "
        "when the paper gives none."))]
    date_start: DateStart
    date_end: DateEnd
    date_precision: OptionalPrecision
    date_basis: Annotated[vocab.DateBasis | None, Field(default=None, description=(
        "Where the date comes from; set exactly when date is set. 'context' always has an editorial note."))]
    event_id: Annotated[str | None, Field(default=None, pattern=r"^E[0-9]{3,7}$", description=(
        "The dated event the claim was made at, or the dated act an author's claim asserts "
        "(events.event_id); the claim's date lies within the event's. Empty when no single event fits."))]


class ClaimSource(Row):
    __table__ = TableMeta(
        "claim_sources", "Claim sources", "The footnotes that back each claim, and the cited work.",
        ("claim_id", "footnote"), (fk("claim_id", "claims"), fk("footnote", "sources"),
                                   fk("item_id", "source_items")))

    @property
    def work(self) -> "SourceItem | None":
        """The cited work (source_items row), Ibid. and short forms resolved; None when not resolved."""
        return self.dataset.source_items.get(self.item_id) if self.item_id else None

    claim_id: ClaimId
    footnote: FootnoteNo
    item_id: ItemId


class ClaimRelation(Row):
    __table__ = TableMeta(
        "claim_relations", "Claim relations", "How one claim acts on another. The NATO-vs-critique "
        "pairs are the rebuts and qualifies links from critique to portrayal claims of one area.",
        ("claim_id", "target_id"), (fk("claim_id", "claims"), fk("target_id", "claims", "claim_id")))
    claim_id: ClaimId
    target_id: Annotated[str, Field(pattern=r"^C[0-9]{4,7}$", description=(
        "The claim acted on (claims.claim_id)."))]
    relation: Annotated[vocab.Relation, Field(description="How claim_id acts on target_id.")]


class ClaimActor(Row):
    __table__ = TableMeta(
        "claim_actors", "Claim actors", "The actors a claim addresses or is about (Political Claims "
        "Analysis: addressee and object actor), with the holder's evaluation of each object.",
        ("claim_id", "actor_id", "role"), (fk("claim_id", "claims"), fk("actor_id", "actors")))

    @property
    def actor(self) -> "Actor":
        return self.dataset.actors[self.actor_id]

    claim_id: ClaimId
    actor_id: Annotated[str, Field(pattern=SLUG, max_length=40, description=(
        "The actor (actors.actor_id): one the text names or unmistakably designates; never the holder "
        "as its own object."))]
    role: Annotated[vocab.ClaimActorRole, Field(description="How the actor figures in the claim.")]
    evaluation: Annotated[vocab.Evaluation | None, Field(default=None, description=(
        "The holder's evaluation of the object; set exactly when role is object."))]


class Note(Row):
    __table__ = TableMeta(
        "notes", "Editorial notes", "Inconsistencies, misprints, dangling references and likely "
        "slips in the paper. The data keeps the paper's reading; the note says what is odd.",
        ("note_id",), (fk("section_id", "sections"), fk("anchor_footnote", "sources", "footnote")))
    note_id: Annotated[str, Field(pattern=r"^N[0-9]{3,7}$", description="Note identifier, N + 3 to 7 digits. Never reused.")]
    kind: Annotated[vocab.NoteKind, Field(description="What the note records.")]
    concerns_table: Annotated[str | None, Field(default=None, pattern=SLUG, description=(
        "The table of a row the note bears on, if one."))]
    concerns_id: Annotated[str | None, Field(default=None, max_length=40, description=(
        "The primary key of that row."))]
    section_id: SectionId
    paragraph: ParagraphNo
    anchor_footnote: AnchorFootnote
    paper_reading: Annotated[str, Field(min_length=1, max_length=1000, description=(
        "The paper's words in question, verbatim; found like a quote."))]
    note: Annotated[Text, Field(description="What is odd and what the other reading is, in the dataset's words.")]
    outside_knowledge: Annotated[bool, Field(description=(
        "true when seeing the problem needs knowledge from outside the paper."))]


class Withdrawn(Row):
    __table__ = TableMeta(
        "withdrawn", "Withdrawn identifiers", "Every identifier retired from a table: the row is gone "
        "and the ID is never reused.",
        ("table_name", "row_id"), ())
    table_name: Annotated[str, Field(pattern=SLUG, max_length=40, description="The table the row was in.")]
    row_id: Annotated[str, Field(min_length=1, max_length=40, description="The retired primary key.")]
    version: Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$", description=(
        "The release that withdrew it."))]
    reason: Annotated[Text, Field(description=(
        "Why, and where its content went (the claims it was split into), in the dataset's words."))]


class QuoteSpan(Row):
    __table__ = TableMeta(
        "quote_spans", "Quote spans", "Where each quote-like field's words are in the paper's "
        "canonical text: one row per part between '...' elisions, as character offsets (the "
        "offsets reveal no text). Generated from the text by `nrcdata spans --write`.",
        ("table_name", "row_id", "field", "part"), ())
    table_name: Annotated[str, Field(pattern=SLUG, max_length=40, description=(
        "The table of the row whose words these are."))]
    row_id: Annotated[str, Field(min_length=1, max_length=40, description=(
        "That row's primary key (several key fields joined by '/')."))]
    field: Annotated[str, Field(pattern=SLUG, max_length=40, description=(
        "The quote-like field: quote, paper_reading, heading, or a name ending in _quote or _heading."))]
    part: Annotated[int, Field(ge=1, description=(
        "Which part of the field, from 1: the words before the first '...' elision are part 1."))]
    start: Annotated[int, Field(ge=0, description=(
        "Offset of the part's first character in the canonical text (0 is the text's first "
        "character; Unicode code points)."))]
    end: Annotated[int, Field(ge=1, description=(
        "Offset just after the part's last character: the part is canonical_text[start:end]."))]


TABLES: tuple[type[Row], ...] = (
    Section, Source, SourceItem, Country, Actor, Affiliation, Case, CaseMeasure, Phase, Area, Topic,
    Issue, Event, EventSource, EventActor, Claim, ClaimSource, ClaimRelation, ClaimActor, Note, Withdrawn,
    QuoteSpan,
)
MODELS: dict[str, type[Row]] = {m.__table__.name: m for m in TABLES}
