"""What the render package's modules share: a page to render (`Job`), a rendered page (`Page`), and
what a page's helpers need of the renderer (`RenderContext`).

It imports none of the package's other modules, so that `pages.py` (the `Renderer`) can use
`helpers.py`, `journeys.py` and `routes.py` while they name the renderer only through this protocol:
no module of the package imports one that imports it back (`scripts/check-imports`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..library import Library


@dataclass(frozen=True)
class Job:
    """A page to render: its template, where it goes, its title, its source file, the template's context."""

    template: str
    path: str
    title: str
    source: str | None
    context: dict[str, Any]
    draws_on: frozenset[str] | None = None
    """For a page that gathers records: the kinds whose records it shows more of than their title,
    facets, links and cited sources (`incremental.py` renders it again only when a record of
    these kinds changed). None: it may show anything of any record."""


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its title, its Markdown, and the content file behind it."""

    path: str
    title: str
    markdown: str
    source: str | None = None
    html: str | None = None
    """The body as final HTML (see `html.py`), or None where only a Markdown processor can make it."""
    toc: list[dict[str, Any]] = field(default_factory=list)
    """The table of contents of `html`: MkDocs' toc tokens (`mkdocs.structure.toc.get_toc`)."""
    anchors: frozenset[str] = frozenset()
    """Every id in `html`, for links from other pages to check against."""

    @property
    def front_matter(self) -> str:
        """The page's Markdown as a generator reads a page whose body it is handed as HTML: the
        front matter alone (empty when there is none)."""
        if self.markdown.startswith("---\n"):
            end = self.markdown.find("\n---\n", 4)
            if end != -1:
                return self.markdown[:end + 5]
        return ""


class Links(Protocol):
    def link(self, target: str, current: str, fragment: str = "") -> str: ...


class Positions(Protocol):
    def positions(self, path: str) -> list[Any]: ...


class Pager(Protocol):
    def of(self, kind: str, record_id: str) -> tuple[Any | None, Any | None]: ...


class RenderContext(Protocol):
    """What `helpers.py`, `journeys.py` and `routes.py` use of the `Renderer` (`pages.py`)."""

    @property
    def library(self) -> Library: ...
    @property
    def env(self) -> Environment: ...
    @property
    def linker(self) -> Links: ...
    @property
    def filter_counts(self) -> dict[str, Counter[tuple[str, str]]]: ...
    @property
    def routes(self) -> Positions: ...
    @property
    def neighbours(self) -> Pager: ...
    def jobs(self) -> list[Job]: ...
