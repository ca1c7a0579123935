"""Reading routes in pages: where each step leads, how long it takes to read, and where a page
stands on a route that shows progress (the study route's "step k of n" bar)."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..schema import Route, Step
from .site import ADD_SCHOOL, GLOSSARY, HUB, LIBRARIES, PLAN, REFERENCE, SOURCES, STANDING, page_path

if TYPE_CHECKING:
    from .base import RenderContext

WORDS_PER_MINUTE = 200
"""A common estimate of silent reading speed for non-fiction; the times are rounded up to whole minutes."""

SITE_PAGES: dict[str, tuple[str, str]] = {
    "case-study-library": (LIBRARIES["schools"], "Case-study library"),
    "guidance-library": (LIBRARIES["guidance"], "Guidance library"),
    "cpd-library": (LIBRARIES["cpd"], "CPD models"),
    "self-check-hub": (HUB, "All self-checks"),
    "action-plan": (PLAN, "Your action plan"),
    "where-we-stand": (STANDING, "Where we stand"),
    "glossary": (GLOSSARY, "Glossary"),
    "sources": (SOURCES, "Sources"),
    "about": ("about.md", "About this library"),
    "contributing": ("contributing.md", "How to contribute"),
    "field-reference": (REFERENCE, "Field reference"),
    "add-your-school": (ADD_SCHOOL, "Add your school"),
}
"""Where each named page of a route step lives, and its title."""

HAND_WRITTEN = {"about.md", "contributing.md"}
"""Site pages written by hand in `docs/`: their reading time is counted from the Markdown file."""

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)


def count_words(text: str) -> int:
    """Words of Markdown or HTML text, markup left out."""
    return len(_WORD.findall(_TAG.sub(" ", _FRONT.sub("", text))))


def minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _model_words(value: Any) -> int:
    """Words of every text field of a record, walked the way it is stored."""
    if isinstance(value, str):
        return count_words(value)
    if isinstance(value, (list, tuple)):
        return sum(_model_words(v) for v in value)
    if isinstance(value, dict):
        return sum(_model_words(v) for v in value.values())
    if isinstance(value, BaseModel):
        return sum(_model_words(getattr(value, name)) for name in type(value).model_fields
                   if name not in ("id", "facets", "sources", "attached_to", "version"))
    return 0


@dataclass(frozen=True)
class Stop:
    """A step of a route made concrete: the page it leads to and how long that takes to read."""

    step: Step
    path: str
    fragment: str
    title: str
    minutes: int

    @property
    def key(self) -> str:
        """What the reader's "read" mark is kept under: the page (and part), so reordering keeps marks."""
        return f"{self.path}#{self.fragment}" if self.fragment else self.path


@dataclass(frozen=True)
class Position:
    """Where a page stands on a route: its stop, its number from 1, and its neighbours."""

    route: Route
    number: int
    stops: list[Stop]

    @property
    def stop(self) -> Stop:
        return self.stops[self.number - 1]

    @property
    def previous(self) -> Stop | None:
        return self.stops[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> Stop | None:
        return self.stops[self.number] if self.number < len(self.stops) else None


class Routes:
    """Every route of the library, resolved against the pages of the site."""

    def __init__(self, renderer: RenderContext) -> None:
        self.renderer = renderer
        self.library = renderer.library
        self.docs = Path(self.library.root).parent / "docs"
        self.page_words: dict[str, int] = {}
        """The words of each generated page on a route, by path: counted by rendering its template,
        once a build (`incremental.py` carries over the counts of the pages it keeps)."""
        self.bodies: dict[str, str] = {}
        """The template bodies rendered for those counts, by path: `Renderer.render` takes each
        instead of rendering its template a second time (the Then and now page's is one of the
        heaviest of a build)."""

    @functools.cached_property
    def all(self) -> list[Route]:
        """Every route, in the order the home page shows them."""
        return sorted(self.library.models("routes"), key=lambda r: (r.order, r.title))

    def stops(self, route: Route) -> list[Stop]:
        return self._stops[route.id]

    @functools.cached_property
    def _stops(self) -> dict[str, list[Stop]]:
        return {route.id: [self._stop(step) for step in route.steps] for route in self.all}

    def _stop(self, step: Step) -> Stop:
        if step.ref:
            kind, _, rest = step.ref.partition("/")
            record_id, _, fragment = rest.partition("#")
            loaded = self.library.get(step.ref)
            model = loaded.model if loaded else None
            attached = getattr(model, "attached_to", None)
            if attached:  # a self-check shown as the appendix of its page
                kind, record_id = attached.partition("/")[0], attached.partition("/")[2].partition("#")[0]
                fragment = "self-check"
            title = step.title or (getattr(model, "title", None) or record_id)
            return Stop(step, page_path(kind, record_id), fragment, title, minutes(_model_words(model)))
        assert step.page is not None  # the schema allows exactly one of `ref` and `page`
        path, title = SITE_PAGES[step.page]
        return Stop(step, path, "", step.title or title, minutes(self._page_words(step.page, path)))

    def _page_words(self, name: str, path: str) -> int:
        file = self.docs / path
        if path in HAND_WRITTEN or file.is_file():  # a hand-written page (the field reference is one too)
            return count_words(file.read_text(encoding="utf-8")) if file.is_file() else 0
        kind = next((k for k, p in LIBRARIES.items() if p == path), None)
        if kind:  # a library: its cards are the summaries of its records
            return sum(_model_words(getattr(m, "summary", "")) + _model_words(m.title)
                       for m in self.library.models(kind))
        if path not in self.page_words:
            self.page_words[path] = self._generated_words(path)
        return self.page_words[path]

    def _generated_words(self, path: str) -> int:
        from .helpers import PageHelpers

        job = next((j for j in self.renderer.jobs() if j.path == path), None)
        if job is None:
            return 0
        # The template alone, without `Renderer.render`'s route bar: that bar is made from these counts.
        body = self.renderer.env.get_template(job.template).render(
            page_path=job.path, h=PageHelpers(self.renderer, job.path), **job.context)
        self.bodies[path] = body
        return count_words(body)

    @functools.cached_property
    def _positions(self) -> dict[str, list[Position]]:
        found: dict[str, list[Position]] = {}
        for route in self.all:  # every route has its bar (issue 27): a reader on any route sees their next step
            stops = self.stops(route)
            for number, stop in enumerate(stops, 1):
                found.setdefault(stop.path, []).append(Position(route, number, stops))
        return found

    def positions(self, path: str) -> list[Position]:
        """Where the page at `path` stands on each route (a page once per route), routes in home-page order."""
        seen: set[str] = set()
        positions = []
        for position in self._positions.get(path, []):
            if position.route.id not in seen:
                seen.add(position.route.id)
                positions.append(position)
        return positions

    def total_minutes(self, route: Route) -> int:
        return sum(stop.minutes for stop in self.stops(route))


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")


def number_words(n: int) -> str:
    """A count as running text writes it: words up to twenty, digits beyond."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def route_bars(renderer: RenderContext, helpers: Any, path: str, body: str) -> str:
    """`body` with the bar of each route the page is on, above and below: "step k of n", the mark-as-read
    control, previous and next."""
    positions = renderer.routes.positions(path)
    if not positions:
        return body
    template = renderer.env.get_template("_route-bar.j2")
    top = template.render(h=helpers, positions=positions, place="top").strip()
    bottom = template.render(h=helpers, positions=positions, place="bottom").strip()
    return f"{top}\n\n{body.strip()}\n\n{bottom}\n"


def school_count(library: Any, schools: list[Any]) -> str:
    """How many schools, with their phase when they share one: "five primary schools", or
    "six schools (five primary, one secondary)"."""
    n = len(schools)
    noun = "school" if n == 1 else "schools"
    phases: dict[str, int] = {}
    for school in schools:
        for phase in getattr(school, "facets", {}).get("phase", []) or ["not stated"]:
            phases[phase] = phases.get(phase, 0) + 1
    if not n:
        return "no schools yet"

    def label(phase: str) -> str:
        return "phase not stated" if phase == "not stated" else library.label("phase", phase).lower()

    if len(phases) == 1 and sum(phases.values()) == n:
        phase = next(iter(phases))
        return f"{number_words(n)} {noun}" if phase == "not stated" else f"{number_words(n)} {label(phase)} {noun}"
    parts = ", ".join(f"{number_words(k)} {label(p)}" for p, k in sorted(phases.items(), key=lambda i: -i[1]))
    return f"{number_words(n)} {noun} ({parts})"
