"""A model of professional development."""

from __future__ import annotations

from pydantic import Field

from .common import Citation, Facets, Line, Record, Ref, Slug, Strict, Text, Year
from .research import ResearchNow


class SchoolUse(Strict):
    """A school that used a CPD model, and how."""

    school: Ref = Field(description="The school, as `schools/<id>`.")
    how: Text = Field(description="How the school used the model, in your own words.")


class CpdModel(Record):
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
    see_also: list[Ref] = Field(
        default_factory=list,
        description="Related records the text refers to, such as `cpd/journal-clubs`; shown as links under `See also`.",
    )
    research: ResearchNow | None = Field(
        default=None, description="Which recommendation of the research the model meets: what research says now."
    )
    facets: Facets = Field(default_factory=dict)
    sources: list[Citation] = Field(min_length=1, description="The documents this page draws on.")
