"""What research says now: a published piece of research with its recommendations, and the
library's judgement of the older evidence beside them.

A `Research` record restates a report's recommendations as far as the library's source on it
states them, and no further: where the source gives no more than a recommendation's title, its
`text` says `not assessed`. A `ResearchNow` entry, on a piece of guidance or a CPD model, is the
library's own reading of which recommendation the item meets, with the words it rests on quoted
(`basis`), under the same rules as the standards crosswalk (judgement.py).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Citation, Line, Record, Ref, Slug, Strict, Text, Year
from .judgement import Rules, fit_status
from .searchterms import SearchTerms
from .standards import Basis, NotAssessed

ResearchStatus = Literal["meets", "not-assessed"]

RESEARCH_LABELS: dict[str, str] = {"meets": "Meets it", "not-assessed": "Not assessed"}
"""How each status of what research says now reads on a page."""

NotAssessedResearch = Literal["title-only", "no-recommendation"]

RESEARCH_REASONS: dict[str, str] = {
    "title-only": "Not assessed: a recommendation that may cover this, {named}, is known to the library only by "
    "its title, as readers of the report summarise it; the library has not read what the report says under it.",
    "no-recommendation": "Not assessed: none of the recommendations in the library's source on the research "
    "speaks to this.",
}
"""The reason a `not-assessed` entry gives, written from its `not_assessed` choice (never free prose)."""


class Recommendation(Strict):
    """One recommendation of a piece of research, as the library's source on it gives it."""

    id: Slug = Field(description="A stable id for the recommendation, unique in the record, such as "
                     "`before-introducing-it`.")
    label: Line = Field(description="A few words of your own naming it on the page, such as "
                        "`Decide how it will improve learning first`.")
    quote: Text = Field(
        description="The recommendation's title, word for word as the source gives it, without quotation marks.",
    )
    text: Text | NotAssessed = Field(
        default="not assessed",
        description="What the source says of it beyond its title, in your own words; `not assessed` where the "
        "source gives only the title.",
    )


class Research(Record):
    """A piece of research set beside the library's older evidence: what it recommends, as far as the
    library's source on it states it."""

    id: Slug = Field(description="The file name without `.yaml`, such as `eef-digital-technology-2019`.")
    title: Line = Field(description="The research's title, such as `Using Digital Technology to Improve Learning`.")
    author: Line = Field(description="Who published it, such as `Education Endowment Foundation`.")
    year: Year = Field(description="The year it was published.")
    summary: Text = Field(description="One or two sentences on what it is, in your own words.")
    known_through: Line = Field(
        description="How the library knows it, in a few words, such as `readers' summaries, not the report "
        "itself`. Every page that shows the research says so."
    )
    evidence: Text | NotAssessed = Field(
        default="not assessed",
        description="The evidence behind it, in your own words, as the source states it; `not assessed` where "
        "it is silent.",
    )
    recommendations: list[Recommendation] = Field(
        min_length=1, description="Its recommendations, in order, as the source gives them."
    )
    sources: list[Citation] = Field(min_length=1, description="The documents the facts come from.")
    search_terms: SearchTerms = Field(default_factory=list)


class ResearchNow(Strict):
    """Which recommendation of a piece of research an item meets: the library's reading."""

    status: ResearchStatus = Field(
        description="`meets` (the item does what a named recommendation asks, in the library's reading) or "
        "`not-assessed` (the library's source on the research does not say)."
    )
    recommendations: list[Ref] = Field(
        default_factory=list,
        description="The recommendations the judgement rests on, as `research/<id>#<recommendation>`. At least "
        "one unless the status is `not-assessed`.",
    )
    reason: Text = Field(
        default="",
        max_length=700,
        description="One or two sentences in your own words saying why. Required unless the status is "
        "`not-assessed`, whose reason is written from `not_assessed` (leave `reason` out).",
    )
    basis: list[Basis] = Field(
        default_factory=list,
        description="The words of the research's source the judgement rests on, word for word and short, each "
        "with its source id. Required for `meets`; shown under the reason as \"What the research says\".",
    )
    not_assessed: NotAssessedResearch | None = Field(
        default=None,
        description="For a `not-assessed` entry only, and required there: `title-only` (a recommendation that may "
        "cover it is known only by its title) or `no-recommendation` (none speaks to it). The page's reason is "
        "written from this choice.",
    )
    named: Line | None = Field(
        default=None,
        description="With `not_assessed: title-only`: the recommendation, in a few words, such as `the "
        "recommendation on assessment and feedback`.",
    )

    @model_validator(mode="after")
    def _fits_its_status(self) -> ResearchNow:
        fit_status(self, RESEARCH_RULES)
        return self


RESEARCH_RULES = Rules(
    targets="recommendations", noun="recommendation",
    choices="`not_assessed: title-only` (a recommendation that may cover it is known only by its title) or "
    "`not_assessed: no-recommendation`",
    reasons=RESEARCH_REASONS, named_choice="title-only",
)
"""How a judgement against research is checked: the standards crosswalk's rules."""


__all__ = ["RESEARCH_LABELS", "RESEARCH_REASONS", "RESEARCH_RULES", "Recommendation", "Research", "ResearchNow"]
