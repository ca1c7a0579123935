"""What every page gets for moving on: the bars of the reading routes it is on (`routes.py`) and, on
a school, CPD model or guidance page, the way back to its library and to the previous and next record."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from .routes import route_bars
from .site import KIND_NAMES, LIBRARIES, page_path

if TYPE_CHECKING:
    from .base import Job, RenderContext


class Neighbours:
    """The previous and next record of each kind that has a library, in the library's order."""

    def __init__(self, renderer: RenderContext) -> None:
        self.library = renderer.library

    @functools.cached_property
    def _order(self) -> dict[str, tuple[list[Any], dict[str, int]]]:
        # Indexed once: every record page asks, so a scan each time would make the build quadratic.
        order = {}
        for kind in LIBRARIES:
            models = self.library.models(kind)
            order[kind] = (models, {m.id: i for i, m in enumerate(models)})
        return order

    def of(self, kind: str, record_id: str) -> tuple[Any | None, Any | None]:
        models, index = self._order[kind]
        i = index[record_id]
        return (models[i - 1] if i > 0 else None, models[i + 1] if i + 1 < len(models) else None)


def decorate(renderer: RenderContext, helpers: Any, job: Job, body: str) -> str:
    """`body` with the route bars and, for a record with a library, its pager."""
    body = route_bars(renderer, helpers, job.path, body)
    kind = job.context.get("kind")
    record = job.context.get("record")
    if kind not in LIBRARIES or record is None or job.path != page_path(kind, record.id):
        return body
    previous, following = renderer.neighbours.of(kind, record.id)
    context = {"h": helpers, "kind": kind, "names": KIND_NAMES[kind], "library": helpers.library_url(kind),
               "library_path": LIBRARIES[kind], "previous": previous, "next": following}
    template = renderer.env.get_template("_pager.j2")
    top = template.render(place="top", **context).strip()
    bottom = template.render(place="bottom", **context).strip()
    return f"{top}\n\n{body.strip()}\n\n{bottom}\n"


def sentence(text: str) -> str:
    """`text` with its first letter upper case and the rest as written (Jinja's `capitalize` would
    lower-case the rest: "Cpd models")."""
    return text[:1].upper() + text[1:]


def evidence_years(library: Any, refs: list[str]) -> list[int]:
    """The years of the evidence `refs` point at (a record's `evidence_year`, a document's `year`),
    leaving out what is undated."""
    years = []
    for ref in refs:
        kind, _, rest = ref.partition("/")
        target = rest.partition("#")[0]
        if kind == "sources":
            source = library.sources.get(target)
            year = source.year if source else None
        else:
            loaded = library.get(ref)
            year = getattr(loaded.model, "evidence_year", None) if loaded else None
        if isinstance(year, int):
            years.append(year)
    return years


def year_range(years: list[int]) -> str:
    """"2007", "2007 to 2014", or "undated sources"."""
    if not years:
        return "undated sources"
    low, high = min(years), max(years)
    return str(low) if low == high else f"{low} to {high}"
