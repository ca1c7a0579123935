"""The content model: one pydantic model per record kind.

These models are the single source of truth for the content. The loader checks
every YAML file against them, the JSON Schema files in `schemas/` are generated
from them, and the contributing guide's field reference is rendered from them.

Every model is strict (no silent coercion of `"12"` into `12`) and forbids
unknown fields, so a typo in a field name is an error rather than lost data.
Field descriptions are written for contributors: they appear in error
messages, in editors (through the JSON Schema) and in the field reference.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# --- Building blocks ------------------------------------------------------

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="A lower-case identifier: letters, digits and single hyphens, such as `school-a`."),
]

Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20_000, strip_whitespace=True),
    Field(description="Markdown text. Raw HTML is shown as text, never as markup."),
]

Line = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500, strip_whitespace=True),
    Field(description="A short line of plain text."),
]

Ref = Annotated[
    str,
    StringConstraints(pattern=r"^(schools|roles|cpd|guidance|self-checks|findings|sources)/[a-z0-9]+(-[a-z0-9]+)*(#[a-z0-9]+(-[a-z0-9]+)*)?$"),
    Field(
        description=(
            "A reference to another record as `kind/id`, optionally with `#part`, "
            "such as `schools/school-c`, `guidance/funding-and-procurement`, "
            "`findings/ncsl-2007#build-capacity` or `sources/ncsl-2007`."
        )
    ),
]

NotStated = Literal["not stated"]
"""A fact the source does not give. Never guess a value: write `not stated`."""

Year = Annotated[int, Field(ge=1900, le=2100, description="A four-digit year.")]

Facets = Annotated[
    dict[Slug, list[Slug]],
    Field(
        description=(
            "Facet values from `taxonomy.yaml`, as `facet: [value, ...]`. "
            "They drive the library filters. Only values listed in the taxonomy are allowed."
        )
    ),
]


class Strict(BaseModel):
    """Base of every model: strict types, unknown fields rejected."""

    # `.nan` and `.inf` are valid YAML numbers but never a fact about a school.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class Citation(Strict):
    """Where a record's content comes from."""

    source: Slug = Field(description="The id of a document in `sources.yaml`, such as `ncsl-2007`.")
    locator: Line | None = Field(
        default=None, description="Where in the document: a page, a section or a heading."
    )


class Quotation(Strict):
    """A short quotation, kept word for word and attributed as the source gives it."""

    text: Text = Field(description="The words quoted, exactly as the source gives them, without quotation marks.")
    speaker: Line = Field(description="Who said it, as the source gives it, such as `Headteacher` or `A teacher`.")
    school: Ref | None = Field(
        default=None,
        description=(
            "The school the speaker belongs to, when it is not the school whose page holds the quotation "
            "(the report sometimes quotes one school's head in another's advice)."
        ),
    )


# --- Schools ---------------------------------------------------------------


class SchoolFacts(Strict):
    """The facts panel. Write `not stated` where the source is silent."""

    pupils: int | NotStated = Field(description="Number of pupils on roll, as the source gives it.")
    fsm_percent: float | int | NotStated = Field(
        description="Share of pupils eligible for free school meals, in per cent (0 to 100)."
    )
    headteacher_years_in_post: float | int | NotStated = Field(
        description="How long the headteacher had been in post when the evidence was gathered, in years."
    )
    location: Line | NotStated = Field(description="Where the school is, as precisely as the source says.")
    awards_and_networks: list[Line] = Field(
        default_factory=list, description="Awards, kitemarks and networks the school belongs to."
    )
    notes: dict[Literal["pupils", "fsm_percent", "headteacher_years_in_post", "location"], Line] = Field(
        default_factory=dict,
        description="A note on one fact, shown beside it: what the source says instead of a number, for example.",
    )


class Section(Strict):
    """One of the report's headings: the text in the library's own words, and quotations."""

    body: Text = Field(description="The section, summarised in your own words.")
    quotations: list[Quotation] = Field(default_factory=list, description="Short quotations from this part.")


class AdviceItem(Strict):
    """One piece of advice the school offers to others."""

    text: Text = Field(description="The advice, in your own words or as a quotation.")
    quotation: Quotation | None = Field(
        default=None, description="The source's own words, when the advice is a quotation."
    )


class SchoolSections(Strict):
    """The report's six headings, in the report's order."""

    context: Section = Field(description="Context: the school, its area and its people.")
    how_ict_is_used: Section = Field(description="How is ICT used?")
    where_they_want_to_go: Section = Field(description="How do they know where they want to go with ICT?")
    making_it_happen: Section = Field(description="How do they make it happen?")
    who_they_involve: Section = Field(description="Who do they involve in turning the vision into reality?")
    advice: list[AdviceItem] = Field(min_length=1, description="Is there any advice they can offer to other schools?")


class School(Strict):
    """A school case study."""

    id: Slug = Field(description="The file name without `.yaml`, such as `school-a`.")
    title: Line = Field(description="The name shown on the page, such as `School A`.")
    summary: Text = Field(description="One or two sentences shown on the school's card in the library.")
    evidence_year: Year = Field(description="The year the evidence was gathered or published.")
    facts: SchoolFacts
    facets: Facets
    leadership: Text = Field(description="How leadership of technology works in this school, in your own words.")
    sections: SchoolSections
    sources: list[Citation] = Field(min_length=1, description="The documents this case study draws on.")


# --- The technology leader role ----------------------------------------------


class Item(Strict):
    """A titled item with a stable id: a principle, a responsibility, a quality."""

    id: Slug = Field(description="A stable id for this item, unique in its list, such as `focus-on-learning`.")
    title: Line = Field(description="The item in a few words, shown as its heading.")
    text: Text | None = Field(default=None, description="More about it, in your own words.")


class Position(Strict):
    """One side of a debate, and who argued it."""

    stance: Line = Field(description="The position in a few words, such as `Yes, always a teacher`.")
    argument: Text = Field(description="The argument, in your own words.")
    who: list[Line] = Field(min_length=1, description="Who made it, as the source names them.")


class Debate(Strict):
    """A question practitioners disagree about."""

    id: Slug = Field(description="A stable id for the debate, such as `must-the-leader-be-a-teacher`.")
    question: Line = Field(description="The question in dispute, such as `Must the technology leader be a teacher?`")
    positions: list[Position] = Field(min_length=2, description="The positions taken, at least two.")


class Role(Strict):
    """A leadership role, such as the school technology leader."""

    id: Slug = Field(description="The file name without `.yaml`: lower-case letters, digits and hyphens.")
    title: Line = Field(description="The name of the role, shown as the page title.")
    summary: Text = Field(description="One or two sentences introducing the role.")
    evidence_year: Year = Field(description="The year of the newest evidence the page draws on.")
    title_question: Text = Field(description="What the role should be called, and why it matters.")
    principles: list[Item] = Field(min_length=1, description="The principles the role rests on.")
    responsibilities: list[Item] = Field(min_length=1, description="What the role holder is responsible for.")
    qualities: list[Item] = Field(min_length=1, description="The qualities the role needs.")
    debates: list[Debate] = Field(
        default_factory=list, description="Questions practitioners disagree about, with each side."
    )
    facets: Facets = Field(default_factory=dict)
    sources: list[Citation] = Field(min_length=1, description="The documents this page draws on.")


# --- CPD models ------------------------------------------------------------


class SchoolUse(Strict):
    """A school that used a CPD model, and how."""

    school: Ref = Field(description="The school, as `schools/<id>`.")
    how: Text = Field(description="How the school used the model, in your own words.")


class CpdModel(Strict):
    """A model of professional development."""

    id: Slug = Field(description="The file name without `.yaml`: lower-case letters, digits and hyphens.")
    title: Line = Field(description="The name of the model, such as `Journal clubs`.")
    summary: Text = Field(description="One or two sentences shown on the model's card in the CPD library.")
    evidence_year: Year = Field(description="The year of the newest evidence the page draws on.")
    what_it_is: Text = Field(description="What the model is and how it works, in your own words.")
    how_to_start: list[Text] = Field(min_length=1, description="The first steps, in order.")
    time_and_cost: Text = Field(
        description="What it costs in time and money, as far as the sources say; say so when they are silent."
    )
    principles: list[Slug] = Field(
        default_factory=list,
        description=(
            "Values of the `pd-principle` facet: the principles of the "
            "professional-development standard it meets."
        ),
    )
    used_by: list[SchoolUse] = Field(
        default_factory=list, description="Schools in the library that used the model, and how."
    )
    facets: Facets = Field(default_factory=dict)
    sources: list[Citation] = Field(min_length=1, description="The documents this page draws on.")


# --- Themed guidance -----------------------------------------------------------


class Advice(Strict):
    """One piece of guidance and the evidence for it."""

    id: Slug = Field(description="A stable id for this piece of advice, unique on the page.")
    text: Text = Field(description="The advice, in your own words.")
    evidence: list[Ref] = Field(
        min_length=1,
        description="What supports it: schools, the findings or source documents (`sources/...`). At least one.",
    )


class Guidance(Strict):
    """Guidance on one theme."""

    id: Slug = Field(description="The file name without `.yaml`; by convention the `theme` value it covers.")
    title: Line = Field(description="The theme as a page title, such as `Funding and procurement`.")
    summary: Text = Field(description="One or two sentences shown on the theme's card in the guidance library.")
    evidence_year: Year | NotStated = Field(description="The year of the newest dated evidence the guidance draws on.")
    theme: Slug = Field(description="The value of the `theme` facet this guidance covers.")
    advice: list[Advice] = Field(
        min_length=1, description="The guidance, one piece of advice at a time, each with its evidence."
    )
    facets: Facets = Field(default_factory=dict)
    sources: list[Citation] = Field(min_length=1, description="The documents this page draws on.")


# --- The cross-case findings -------------------------------------------------------


class Behaviour(Strict):
    id: Slug = Field(description="A stable id for the behaviour, unique in the findings.")
    text: Text = Field(description="What the leaders did, in your own words.")
    schools: list[Ref] = Field(default_factory=list, description="The schools that show this behaviour.")


class FindingGroup(Strict):
    id: Slug = Field(description="A stable id for the group, such as `make-it-happen`.")
    title: Line = Field(description="The group's heading.")
    summary: Text | None = Field(default=None, description="A short introduction to the group.")
    behaviours: list[Behaviour] = Field(min_length=1, description="The behaviours the study found under this heading.")


class Findings(Strict):
    """The cross-case findings of a study."""

    id: Slug = Field(description="The file name without `.yaml`: lower-case letters, digits and hyphens.")
    title: Line = Field(description="The page title.")
    summary: Text = Field(description="One or two sentences introducing the findings.")
    evidence_year: Year = Field(description="The year the study was published.")
    groups: list[FindingGroup] = Field(min_length=1, description="The findings, in groups as the study gives them.")
    sources: list[Citation] = Field(min_length=1, description="The documents this page draws on.")


# --- Self-checks -----------------------------------------------------------------


class Question(Strict):
    id: Slug = Field(description="Stable for ever: stored answers are keyed by it.")
    text: Text = Field(description="The question; readers answer it `not yet`, `in progress` or `in place`.")
    read_next: list[Ref] = Field(default_factory=list, description="What to read when the answer is `not yet`.")


class QuestionGroup(Strict):
    id: Slug = Field(description="A stable id for the group, unique in the self-check.")
    title: Line = Field(description="The group's heading.")
    questions: list[Question] = Field(min_length=1, description="The questions of the group.")


class SelfCheck(Strict):
    """A bank of self-check questions."""

    id: Slug = Field(description="The file name without `.yaml`: lower-case letters, digits and hyphens.")
    title: Line = Field(description="The self-check's title.")
    summary: Text = Field(description="What the self-check is for and who should answer it.")
    version: int = Field(default=1, ge=1, description="Raise it when questions are removed or their meaning changes.")
    attached_to: Ref | None = Field(
        default=None, description="The page it is the appendix of. Without it, the self-check has a page of its own."
    )
    groups: list[QuestionGroup] = Field(min_length=1, description="The questions, in groups.")
    sources: list[Citation] = Field(min_length=1, description="The documents the questions come from.")


# --- Site-wide vocabularies --------------------------------------------------------


class FacetValue(Strict):
    id: Slug = Field(description="The value as records write it, such as `rural`.")
    label: Line = Field(description="The value as readers see it, such as `Rural`.")
    description: Line | None = Field(default=None, description="What the value means, shown as a hint.")


class Facet(Strict):
    id: Slug = Field(description="The facet as records write it, such as `setting`; also the filter's URL parameter.")
    label: Line = Field(description="The facet as readers see it, such as `Setting`.")
    description: Line = Field(description="What the facet describes.")
    filter: bool = Field(default=True, description="Whether library pages offer it as a filter.")
    values: list[FacetValue] = Field(min_length=1, description="The values a record may use.")


class Taxonomy(Strict):
    """The one vocabulary of facets. A record may use only values listed here."""

    facets: list[Facet] = Field(min_length=1, description="Every facet, in the order the filters show them.")


class Term(Strict):
    abbr: Annotated[str, StringConstraints(min_length=1, max_length=20)] = Field(
        description="The abbreviation as the text writes it, such as `ICT`."
    )
    expansion: Line = Field(description="What it stands for, shown when a reader points at it.")
    description: Line | None = Field(default=None, description="A short explanation, shown in the glossary.")


class Glossary(Strict):
    terms: list[Term] = Field(min_length=1, description="Every abbreviation the library uses.")


class Source(Strict):
    id: Slug = Field(description="The id records cite it by, such as `ncsl-2007`.")
    title: Line = Field(description="The document's title.")
    author: Line | NotStated = Field(description="Who wrote it, as the document says.")
    publisher: Line | NotStated = Field(description="Who published it.")
    year: Year | NotStated = Field(description="The year of publication.")
    kind: Line = Field(description="What sort of document: research report, blog post, course video ...")
    url: Line | None = Field(default=None, description="Where to read it online, if anywhere.")


class Sources(Strict):
    """The documents the library draws on."""

    documents: list[Source] = Field(min_length=1, description="Every document the library draws on.")


# --- Where each kind lives ------------------------------------------------------

RECORD_KINDS: dict[str, type[Strict]] = {
    "schools": School,
    "roles": Role,
    "cpd": CpdModel,
    "guidance": Guidance,
    "findings": Findings,
    "self-checks": SelfCheck,
}
"""Folders under `case_studies/` holding one record a file, and their models."""

SINGLETONS: dict[str, type[Strict]] = {
    "taxonomy.yaml": Taxonomy,
    "glossary.yaml": Glossary,
    "sources.yaml": Sources,
}
"""Files at the top of `case_studies/` holding a site-wide vocabulary."""
