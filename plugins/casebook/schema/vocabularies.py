"""The site-wide vocabularies: the taxonomy of facets, the glossary, the sources."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .common import TERM_PATTERN, Line, NotStated, PlainLine, Shape, Slug, Strict, WebAddress, Year


class FacetValue(Strict):
    id: Slug = Field(description="The value as records write it, such as `rural`.")
    label: Line = Field(description="The value as readers see it, such as `Rural`.")
    description: Line | None = Field(default=None, description="What the value means, shown as a hint.")


class Facet(Strict):
    id: Slug = Field(description="The facet as records write it, such as `setting`; also the filter's URL parameter.")
    label: Line = Field(description="The facet as readers see it, such as `Setting`.")
    description: Line = Field(description="What the facet describes.")
    filter: bool = Field(default=True, description="Whether library pages offer it as a filter.")
    kinds: list[Slug] | None = Field(
        default=None, description="The kinds of record it describes (`schools`, `cpd` ...), when not every kind: "
        "a school's file, and the form that writes one, offer only the facets that describe a school.")
    values: list[FacetValue] = Field(min_length=1, description="The values a record may use.")


class Taxonomy(Strict):
    """The one vocabulary of facets. A record may use only values listed here."""

    facets: list[Facet] = Field(min_length=1, description="Every facet, in the order the filters show them.")


class Term(Strict):
    # Both reach every hand-written page as a Markdown definition `*[abbr]: expansion`: one line of
    # plain text each, or a line break or backslash could turn the definition into markup.
    abbr: Annotated[str, StringConstraints(pattern=TERM_PATTERN), Shape("term")] = Field(
        description="The abbreviation as the text writes it, such as `ICT`: letters and digits, at most 20 characters."
    )
    expansion: PlainLine = Field(description="What it stands for, shown when a reader points at it.")
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
    url: WebAddress | None = Field(
        default=None, description="Where to read it online, if anywhere: an `https://` address."
    )
    note: Line | None = Field(default=None, description="Anything a reader should know about it, shown on the "
                              "Sources page.")


class Sources(Strict):
    """The documents the library draws on."""

    documents: list[Source] = Field(min_length=1, description="Every document the library draws on.")
