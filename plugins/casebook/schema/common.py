"""Shared building blocks of the content model: identifiers, text, references, the strict base model."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from ..markup import budget_problem


@dataclass(frozen=True)
class Shape:
    """What a string field holds: `markdown` (sanitised on the way to a page), `line` (escaped),
    `id`, `ref` or `term`. Carried in each type's metadata so that code can walk every string field
    of the model without a hand-kept list (the sanitiser's report, the hostile-content test)."""

    name: str


SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LINE_PATTERN = r"^[^\r\n]*$"
PLAIN_PATTERN = r"^[^\r\n<>\\]*$"
TERM_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9&.' /-]{0,18}[A-Za-z0-9])?$"
URL_PATTERN = r"^https?://[^\s<>\"'`\\]+$"
GOV_UK_PATTERN = r"^https://www\.gov\.uk/[^\s<>\"'`\\]*$"
REF_PATTERN = (r"^(schools|roles|cpd|guidance|self-checks|findings|sources|standards|research)/[a-z0-9]+(-[a-z0-9]+)*"
               r"(#[a-z0-9]+(-[a-z0-9]+)*)?$")

PATTERN_EXPECTED = {
    SLUG_PATTERN: "an id of lower-case letters, digits and single hyphens (such as `school-a`)",
    LINE_PATTERN: "one line of text, with no line breaks",
    PLAIN_PATTERN: "one line of plain text, with no line breaks, `<`, `>` or backslashes",
    TERM_PATTERN: ("an abbreviation of letters and digits (and `&`, `.`, `'`, `/`, `-` or spaces inside it), "
                   "starting and ending with a letter or digit, such as `ICT` or `T&L`"),
    URL_PATTERN: "a web address starting with `https://` (or `http://`), with no spaces or quotes",
    GOV_UK_PATTERN: "the address of the page on GOV.UK, starting `https://www.gov.uk/`, with no spaces or quotes",
    REF_PATTERN: "a reference such as `schools/school-a` or `guidance/funding-and-procurement#some-part`",
}
"""How validation messages describe a value that does not fit each pattern."""

TEXT_RULES = frozenset({"markdown_budget", "bidi_control"})
"""The error types of the rules below: their messages say what is wrong and what is allowed, whole."""

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Unicode's bidirectional controls: marks, embeddings, overrides and isolates."""


def _within_budget(text: str) -> str:
    """A Markdown text Python-Markdown converts in time linear in its length (see `markup.budget_problem`)."""
    problem = budget_problem(text)
    if problem:
        raise PydanticCustomError("markdown_budget", problem)
    return text


def _no_bidi_controls(text: str) -> str:
    """A line without bidirectional controls: in a title or a label, a right-to-left override makes the
    line read differently from what it holds (`txt.exe` shown as `exe.txt`), on the page and in review."""
    found = BIDI_CONTROLS.search(text)
    if found:
        character = found.group(0)
        raise PydanticCustomError(
            "bidi_control", f"holds a bidirectional control, U+{ord(character):04X} "
            f"{unicodedata.name(character)}, at character {found.start() + 1}; one-line fields may not hold "
            "them, as they make the line read differently from what it holds: delete it (letters of any "
            "script set their own direction)")
    return text


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="A lower-case identifier: letters, digits and single hyphens, such as `school-a`."),
    Shape("id"),
]

Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20_000, strip_whitespace=True),
    AfterValidator(_within_budget),
    Field(description="Markdown text. Raw HTML is shown as text, never as markup."),
    Shape("markdown"),
]

Line = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500, strip_whitespace=True, pattern=LINE_PATTERN),
    AfterValidator(_no_bidi_controls),
    Field(description="A short line of plain text."),
    Shape("line"),
]

PlainLine = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500, strip_whitespace=True, pattern=PLAIN_PATTERN),
    AfterValidator(_no_bidi_controls),
    Field(description="One line of plain text, without `<`, `>` or backslashes."),
    Shape("line"),
]

WebAddress = Annotated[
    str,
    StringConstraints(max_length=2000, strip_whitespace=True, pattern=URL_PATTERN),
    Field(description="A web address starting with `https://`: shown as a link, never fetched by the site."),
    Shape("url"),
]

GovUkAddress = Annotated[
    str,
    StringConstraints(max_length=2000, strip_whitespace=True, pattern=GOV_UK_PATTERN),
    Field(description="The address of a page on GOV.UK, starting `https://www.gov.uk/`."),
    Shape("url"),
]

Ref = Annotated[
    str,
    StringConstraints(pattern=REF_PATTERN),
    Field(
        description=(
            "A reference to another record as `kind/id`, optionally with `#part`, "
            "such as `schools/school-c`, `guidance/funding-and-procurement`, "
            "`findings/ncsl-2007#build-capacity` or `sources/ncsl-2007`."
        )
    ),
    Shape("ref"),
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


SOURCE_KINDS = ("survey", "report", "article", "interview", "video", "other")
"""What sort of document a new source is, as the form offers them."""


class NewSource(Strict):
    """A source that is not yet on the library's Sources page, described where it is cited, so that one
    file is a whole contribution. The library lists it on the Sources page under an id made from its
    title and year (`new_source_id`), with the same rules as `sources.yaml`."""

    title: Line = Field(title="Title", description="The title of the document, or a short name for it, such as "
                        "\"Staff survey on technology\".")
    author: Line | NotStated = Field(title="Who wrote or published it",
                                     description="A person, a role or an organisation, such as \"Deputy "
                                     "headteacher\". Write `not stated` if no one is named.")
    year: Year | NotStated = Field(title="Year", description="The year it was written or published, such as 2023, "
                                   "or `not stated`.")
    kind: Literal["survey", "report", "article", "interview", "video", "other"] = Field(
        title="What kind of document", description="A survey, a report, an article, an interview, a video, or "
        "something else.")
    url: WebAddress | None = Field(default=None, title="Web address",
                                   description="Where to read it online, if anywhere: an address starting with "
                                   "`https://`.")
    note: Line | None = Field(default=None, title="Note", description="Anything a reader should know about it, "
                              "such as who answered the survey.")


def new_source_id(source: NewSource) -> str:
    """The id a new source is listed under: its title in lower-case words, and its year."""
    words = re.findall(r"[a-z0-9]+", source.title.lower())
    slug = "-".join(words)[:70].strip("-") or "source"
    return f"{slug}-{source.year}" if isinstance(source.year, int) else slug


class Citation(Strict):
    """Where a record's content comes from: a source the library already has, or a new one."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["source"]},
                                                           {"required": ["new_source"]}]})

    source: Slug | None = Field(
        default=None, title="A source the library already has",
        description="A document on the library's Sources page: start typing its name and choose it from the "
        "list. Leave it empty to describe a new source below.")
    new_source: NewSource | None = Field(
        default=None, title="A new source",
        description="A document the library does not have yet: your survey, report, article, interview or video.")
    locator: Line | None = Field(
        default=None, title="Where in it", description="A page, a section, a question or a time in a video."
    )

    @model_validator(mode="after")
    def _one_source(self) -> Citation:
        if (self.source is None) == (self.new_source is None):
            raise PydanticCustomError(
                "one_source", "give either `source` (a source the library already has) or `new_source` "
                "(a new one), not both" if self.source else "give either `source` (a source the library "
                "already has) or `new_source` (a new one)")
        if self.new_source is not None:
            # Cited by the id it is listed under, as a source of sources.yaml is (pages and checks use `source`).
            object.__setattr__(self, "source", new_source_id(self.new_source))
        return self


class Quotation(Strict):
    """A short quotation, kept word for word and attributed as the source gives it."""

    text: Text = Field(title="The words quoted",
        description="The words quoted, exactly as the source gives them, without quotation marks.")
    speaker: Line = Field(title="Who said it",
        description="Who said it, as the source gives it, such as `Headteacher` or `A teacher`.")
    school: Ref | None = Field(
        default=None, title="Their school, if another",
        description=(
            "The school the speaker belongs to, when the quotation is shown on a page other than that "
            "school's own."
        ),
    )


class Record(Strict):
    """Base of every kind of record (one file of `schools/`, `cpd/` ...): each has an id, equal to its
    file name, and a title. Each kind declares both again, with the description its contributors read."""

    id: str
    title: str
