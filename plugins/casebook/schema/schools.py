"""A school case study."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .common import Citation, Facets, Line, NotStated, Quotation, Record, Slug, Strict, Text, Year

_ONLY_NOT_STATED = "^[Nn][Oo][Tt] [Ss][Tt][Aa][Tt][Ee][Dd][.]?$"


def _says_something(text: str) -> str:
    """A part of a case study is shown under its own heading: a heading followed by "not stated" alone
    tells a reader nothing, so a part the source is silent on is written as what the source does say."""
    if re.match(_ONLY_NOT_STATED, text.strip()):
        raise PydanticCustomError("only_not_stated", "a whole part cannot be only `not stated`: say in a "
                                  "sentence what your source does say about it, or what it leaves out")
    return text


Answer = Annotated[Text, AfterValidator(_says_something),
                   Field(json_schema_extra={"not": {"pattern": _ONLY_NOT_STATED}})]
"""The text of a part of a case study: Markdown, and more than `not stated`."""


class SchoolFacts(Strict):
    """The facts panel. Write `not stated` where the source is silent."""

    # Ranges a reader would expect, as constraints so that they reach the JSON Schema too: a share
    # is 0 to 100, a roll a positive whole number, a time in post 0 to 60 years.
    pupils: Annotated[int, Field(ge=1, le=10_000)] | NotStated = Field(
        title="Pupils on roll",
            description="Number of pupils on roll, as the source gives it: a whole number from 1 to 10,000."
    )
    fsm_percent: Annotated[float, Field(ge=0, le=100)] | Annotated[int, Field(ge=0, le=100)] | NotStated = Field(
        title="Free school meals (per cent)",
            description="Share of pupils eligible for free school meals, in per cent (0 to 100)."
    )
    headteacher_years_in_post: (Annotated[float, Field(ge=0, le=60)] | Annotated[int, Field(ge=0, le=60)]
                                | NotStated) = Field(
        title="Headteacher's years in post",
            description="How long the headteacher had been in post when the evidence was gathered, in years (0 to 60)."
    )
    location: Line | NotStated = Field(title="Where the school is",
        description="Where the school is, as precisely as the source says.")
    awards_and_networks: list[Line] = Field(
        default_factory=list, title="Awards and networks",
            description="Awards, kitemarks and networks the school belongs to."
    )
    notes: dict[Literal["pupils", "fsm_percent", "headteacher_years_in_post", "location"], Line] = Field(
        default_factory=dict, title="Notes on the facts",
        description="A note on one fact, shown beside it: what the source says instead of a number, for example.",
    )


class Section(Strict):
    """One part of a case study: the answer to its question in your own words, and any quotations."""

    body: Answer = Field(title="Your answer", description="The answer, in your own words, from what your source says.")
    quotations: list[Quotation] = Field(
        default_factory=list, title="Quotations",
            description="Short quotations from the source that belong with this part."
    )


class AdviceItem(Strict):
    """One piece of advice the school offers to others."""

    text: Answer = Field(title="The advice", description="The advice, in your own words or as a quotation.")
    quotation: Quotation | None = Field(
        default=None, title="As a quotation", description="The source's own words, when the advice is a quotation."
    )


class SchoolSections(Strict):
    """Six questions any case study answers, in this order, whatever the source: a report, an article, your school."""

    context: Section = Field(
        title="What is the school like?",
            description="What is the school like? Its pupils, staff and area, and where it started from with "
        "technology. (Shown as \"Context\".)"
    )
    how_ict_is_used: Section = Field(
        title="How is technology used?",
            description="How is technology used? The equipment and software, and what teachers, pupils and "
        "staff do with them day to day. (Shown as \"How is ICT used?\".)"
    )
    where_they_want_to_go: Section = Field(
        title="How does the school decide where it wants to go?",
            description="How does the school decide where it wants to go? Its vision or plan, who shaped it, and "
        "how it judges progress. (Shown as \"How do they know where they want to go with ICT?\".)"
    )
    making_it_happen: Section = Field(
        title="How does it make it happen?",
            description="How does it make it happen? Money, time, training, technical support and the steps "
        "taken, in order. (Shown as \"How do they make it happen?\".)"
    )
    who_they_involve: Section = Field(
        title="Who does it involve?",
            description="Who does it involve? Leaders, staff, pupils, parents, governors and partners, and what "
        "each does. (Shown as \"Who do they involve in turning the vision into reality?\".)"
    )
    advice: list[AdviceItem] = Field(
        min_length=1, title="Advice to other schools",
        description="What would it advise other schools? One piece of advice an item, at least one. "
        "(Shown as \"Advice to other schools\".)",
    )


class School(Record):
    """A school case study."""

    id: Slug = Field(title="Short name for the page address",
                     description="Lower-case letters, digits and hyphens, such as `school-f`: the end of the "
                     "page's address, and the file's name.")
    title: Line = Field(title="Name shown on the page", description="Your school's name, or a name that keeps "
                        "it anonymous, such as `School F`.")
    summary: Text = Field(title="In a sentence or two",
        description="One or two sentences shown on the school's card in the library.")
    facts: SchoolFacts = Field(title="Facts about the school")
    facets: Facets = Field(title="Describe the school", description=(
        "Tick what describes the school and its work: readers find schools like theirs with these, in the "
        "case-study library's filters. Tick only what your source supports."))
    # Keyed by the facets that describe the school itself: the ones a reader takes as facts.
    inferred: dict[Literal["phase", "size-band", "setting", "region"], Line] = Field(
        default_factory=dict, title="Values you inferred",
        description=(
            "Only for a school described from a document rather than from your own knowledge: where you "
            "ticked a phase, size, setting or region the document does not state but you worked out, say how "
            "(for example: the report names no region; the town it names is in North West England). The "
            "school's page shows it beside the value as \"inferred\"."
        ),
    )
    leadership: Text = Field(title="Who leads technology, and how",
        description="How leadership of technology works in this school, in your own words.")
    sections: SchoolSections = Field(title="Your case study")
    evidence_year: Year | NotStated = Field(
        title="Year of the evidence", description=(
            "The year the evidence was gathered or published, such as `2024`. If the source carries no date, "
            "write `not stated` (the page then says \"undated\") and say in the note on the year what it does "
            "say about when."
        )
    )
    evidence_year_note: Line | None = Field(
        default=None, title="A note on the year",
        description=(
            "A note shown beside the year: for an undated source, what it says about when (\"speaks of the "
            "pandemic as recent\"); for a dated one, anything a reader should know (\"gathered 2019 to 2021\")."
        ),
    )
    sources: list[Citation] = Field(min_length=1, title="Sources",
                                    description="The documents this case study draws on.")
    evidence_note: Line | None = Field(
        default=None, title="What the library holds of the evidence",
        description=(
            "Only when the evidence is thinner than a full case study: say in a line what the library has, such "
            "as \"a school's own account in a course video; the library has only the opening of the "
            "transcript\". Shown at the top of the page and on the school's card."
        ),
    )


FORM_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("About your school", ("title", "id", "summary", "facts", "facets", "inferred", "leadership",
                           "sections.context")),
    ("What you did", ("sections.how_ict_is_used", "sections.where_they_want_to_go")),
    ("What happened", ("sections.making_it_happen", "sections.who_they_involve")),
    ("Advice to other schools", ("sections.advice",)),
    ("Where this comes from", ("evidence_year", "evidence_year_note", "sources")),
)
"""The steps of the Add your school form, in order, each with the fields it asks (by path); the form
adds a last step, "Check and send". A field not listed joins the step of the field before it."""
