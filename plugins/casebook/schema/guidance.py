"""Guidance on one theme."""

from __future__ import annotations

from pydantic import Field

from .common import Citation, Facets, Line, NotStated, Record, Ref, Slug, Strict, Text, Year
from .research import ResearchNow
from .searchterms import SearchTerms
from .standards import Today


class Advice(Strict):
    """One piece of guidance and the evidence for it."""

    id: Slug = Field(description="A stable id for this piece of advice, unique on the page.")
    text: Text = Field(description="The advice, in your own words.")
    evidence: list[Ref] = Field(
        min_length=1,
        description="What supports it: schools, the findings or source documents (`sources/...`). At least one.",
    )
    today: Today | None = Field(default=None, description="How the advice reads against today's standards.")
    research: ResearchNow | None = Field(
        default=None, description="Which recommendation of the research the advice meets: what research says now."
    )


class Guidance(Record):
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
    search_terms: SearchTerms = Field(default_factory=list)
