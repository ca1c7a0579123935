"""Today's standards, and the crosswalk that sets the older evidence beside them.

A `Standard` records what a published standard asks, as far as the library's
source note states it, and no further: where the note is silent the record says
`not assessed`. A `Today` entry, on a finding, a piece of guidance or a role's
principle or responsibility, is the library's own judgement of how that item
reads against the standards now.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Citation, GovUkAddress, Line, Record, Ref, Slug, Strict, Text, Year
from .judgement import Rules, fit_status
from .searchterms import SearchTerms

NotAssessed = Literal["not assessed"]
"""Something the source note does not state. Never fill the gap from memory: write `not assessed`."""

TodayStatus = Literal["holds", "changed", "new-since", "not-assessed"]

STATUS_LABELS: dict[str, str] = {
    "holds": "Still holds",
    "changed": "Changed",
    "new-since": "New since",
    "not-assessed": "Not assessed",
}
"""How each crosswalk status reads on a page."""


class StandardPart(Strict):
    """One of the numbered standards inside a published standard, such as its first of four."""

    id: Slug = Field(description="A stable id for the part, unique in the record, such as `senior-leader`.")
    title: Line = Field(description="What the part asks, in a few words, as the source note states it.")
    text: Text | NotAssessed = Field(
        default="not assessed",
        description="More of what it asks, in your own words, from the source note; `not assessed` where it is silent.",
    )


class Standard(Record):
    """A standard schools are asked to meet today, as far as the library's source note states it."""

    id: Slug = Field(description="The file name without `.yaml`, such as `digital-leadership-and-governance`.")
    title: Line = Field(description="The standard's name, such as `Digital leadership and governance`.")
    page_title: Line | NotAssessed = Field(
        description="The title of the published page the standard comes from, such as "
        "`Digital leadership and governance standards`; `not assessed` if the source note does not give it."
    )
    summary: Text = Field(description="One or two sentences on what the standard covers, in your own words.")
    core: bool = Field(description="Whether it is one of the core standards schools are expected to meet by 2030.")
    version_year: Year | NotAssessed = Field(
        description="The year of the version of the standard's text the record draws on; `not assessed` when "
        "the source note gives no more than the standard's name (then no version of its text is used)."
    )
    version_note: Line | None = Field(
        default=None, description="Which version that is, or why only part of it is used, in a few words."
    )
    partial: Line | None = Field(
        default=None,
        description="When the library's source covers only part of the published standard: what it leaves out, "
        "in a few words, such as `the rest of its standards are not covered`. Every page that lists, heads or "
        "counts the standard says so.",
    )
    checked: Line = Field(
        description="When the facts were checked, such as `versions published to 2025`: the standards change."
    )
    # The page promises "the current text on GOV.UK": a link elsewhere would break that promise.
    url: GovUkAddress = Field(
        description="Where to read the current text on GOV.UK (`https://www.gov.uk/...`). Readers follow it for "
        "anything newer than `checked`.",
    )
    expects: Text | NotAssessed = Field(
        description="What the standard asks of schools, in your own words, as the source note states it; "
        "`not assessed` where the note gives no more than its name."
    )
    why: Text | NotAssessed = Field(
        default="not assessed",
        description="The reasons, benefits or risks the source note gives for it; `not assessed` where it gives none.",
    )
    parts: list[StandardPart] = Field(
        default_factory=list,
        description="The numbered standards inside it, in order, when the source note lists them.",
    )
    parts_note: Text | None = Field(
        default=None, description="What the source says about the parts as a whole, such as the order to do them in."
    )
    sources: list[Citation] = Field(min_length=1, description="The documents the facts come from.")
    search_terms: SearchTerms = Field(default_factory=list)


NotAssessedWhy = Literal["named-not-described", "no-standard"]

NOT_ASSESSED_REASONS: dict[str, str] = {
    "named-not-described": "Not assessed: a standard that may cover this, {named}, is named in the library's "
    "source note on the DfE standards but not described there, and the library has not read its text.",
    "no-standard": "Not assessed: no standard in the library's source note on the DfE standards covers this.",
}
"""The reason a `not-assessed` entry gives, written from its `not_assessed` choice: never free prose, so
that no such reason can claim what the standards do or do not say."""


class Basis(Strict):
    """A sentence of a source a judgement rests on, quoted word for word, with the source it is from.

    Generic on purpose: any judgement set beside a source (today's standards, or what research says now)
    quotes its ground the same way, and the same check finds the words in the source."""

    source: Slug = Field(description="The source the words are from, by its id in `sources.yaml`, such as "
                         "`dfe-dlg-standards`.")
    quote: Text = Field(
        max_length=400,
        description="The words, exactly as the source gives them, without quotation marks: a short sentence or "
        "two, no more than the judgement needs.",
    )


class Today(Strict):
    """How an item of the older evidence reads against today's standards: the library's judgement."""

    status: TodayStatus = Field(
        description="`holds` (a named standard now expects it), `changed` (the idea holds but the means have "
        "moved on), `new-since` (a standard asks for something the older evidence has no counterpart for), "
        "or `not-assessed` (the source note on the standards does not describe a standard that covers it)."
    )
    standards: list[Ref] = Field(
        default_factory=list,
        description="The standards the judgement rests on, as `standards/<id>` or `standards/<id>#<part>`. "
        "At least one unless the status is `not-assessed`. A standard whose record says `expects: not "
        "assessed` can be named only by a `not-assessed` entry.",
    )
    # Never empty once loaded: a `not-assessed` entry's reason is written from `not_assessed` below.
    reason: Text = Field(
        default="",
        max_length=700,
        description="One or two sentences in your own words saying why, citing the standard. Required unless the "
        "status is `not-assessed`, whose reason is written from `not_assessed` (leave `reason` out).",
    )
    basis: list[Basis] = Field(
        default_factory=list,
        description="The sentence(s) of the cited standard's source the judgement rests on, word for word and "
        "short, each with its source id. Required for `holds`, `changed` and `new-since`; shown under the "
        "reason as \"What the standard says\".",
    )
    changed: Line | None = Field(
        default=None,
        description="For a `changed` entry only, and required there: what has changed since the older evidence, "
        "in a few words of your own.",
    )
    not_assessed: NotAssessedWhy | None = Field(
        default=None,
        description="For a `not-assessed` entry only, and required there: `named-not-described` (the source note "
        "names a standard that covers it but does not describe it) or `no-standard` (no standard in the "
        "source note covers it). The page's reason is written from this choice.",
    )
    named: Line | None = Field(
        default=None,
        description="With `not_assessed: named-not-described`: the standard the source note names, as it names "
        "it, such as `the standards for IT support`.",
    )
    theme: Slug | None = Field(
        default=None,
        description="The `theme` facet value this item speaks to, for the Then and now filters. "
        "Guidance items default to their page's theme.",
    )

    @model_validator(mode="after")
    def _fits_its_status(self) -> Today:
        # Each status has the fields that make it checkable, and no others: a `changed` entry says what
        # changed, a `not-assessed` one says why from a choice (not prose that can overclaim), and only
        # a judgement that rests on a standard quotes one. The rules are shared with what research says
        # now (judgement.py).
        fit_status(self, TODAY_RULES)
        return self


TODAY_RULES = Rules(
    targets="standards", noun="standard",
    choices="`not_assessed: named-not-described` (the note names a standard but does not describe it) or "
    "`not_assessed: no-standard`",
    reasons=NOT_ASSESSED_REASONS, named_choice="named-not-described",
    notes={"changed": "a `changed` entry needs `changed`: what changed, in a few words"},
)
"""How a judgement against today's standards is checked."""
