"""Names that cannot collide: ids the pages and their controls use themselves are reserved, and two
names that would make one id are refused, naming both places.

A facet's id is the name of its filter's URL parameter and form field; a part's id (a piece of advice,
a principle, a finding) is an element id on its page. When one of them equals a name the site uses
for itself, two things answer to one name: a facet `q` ticked itself from the library's word search
(`?q=rural`), an advice id `self-check` made the page's own heading unreachable. The reserved names
are read from the browser code and the templates themselves, never kept by hand, so a heading or a
parameter added next year is reserved with no change here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path as FsPath

from markdown.extensions.toc import slugify

from .diagnostics import Diagnostic
from .loader import Loaded
from .schema import Glossary, School, SchoolSections, Taxonomy
from .yamlsafe import Path

_PACKAGE = FsPath(__file__).parent
_PARAMETER = re.compile(r"""\.(?:get|getAll|has|set|append|delete)\(\s*(["'`])([a-z][a-z0-9-]*)(\$\{)?""")
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.*?)[ \t]*(?:\{:[ \t]*#(?P<id>[^\s}]+)[ \t]*\})?[ \t]*$", re.M)
_ID = re.compile(r"""\bid=["'](?P<id>[^"'{}\s]+)["']""")
_SUFFIX = re.compile(r"""\bid=["']\{\{[^}]*\}\}-(?P<id>[a-z0-9-]+)["']""")

ANCHORED_PARTS = ("groups", "advice", "principles", "responsibilities", "qualities", "debates", "parts")
"""The lists of a record whose entries' ids are element ids on its page (with `behaviours` inside groups)."""


@functools.cache
def url_parameters() -> dict[str, str]:
    """The URL parameters the browser code reads or writes by name (`q`, `order`), and the prefixes of
    those it makes from a name (`like-` of `like-pupils`), each with the file that uses it."""
    found: dict[str, str] = {}
    for script in sorted((_PACKAGE / "assets").glob("*.js")):
        for match in _PARAMETER.finditer(script.read_text(encoding="utf-8")):
            name = match.group(2) + ("*" if match.group(3) else "")
            found.setdefault(name, f"assets/{script.name}")
    return found


@functools.cache
def page_ids() -> dict[str, str]:
    """The element ids the templates write themselves (headings such as `## Self-check {: #self-check }`,
    `<h2 id="summary">`), and the endings they add to a record's ids (`-end` of `<id>-end`), each with
    the template that writes it."""
    found: dict[str, str] = {}
    for template in sorted((_PACKAGE / "templates").glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        where = f"templates/{template.name}"
        for match in _HEADING.finditer(text):
            if match.group("id") and "{" not in match.group("id"):
                found.setdefault(match.group("id"), where)
            elif not match.group("id") and "{" not in match.group("text"):
                found.setdefault(slugify(match.group("text"), "-"), where)
        for pattern in (_ID, _SUFFIX):
            for match in pattern.finditer(text):
                found.setdefault(match.group("id"), where)
    for section in SchoolSections.model_fields:  # `## ... {: #{{ key | replace("_", "-") }} }`
        found.setdefault(section.replace("_", "-"), "templates/schools.md.j2")
    return found


def parameter_problem(facet_id: str) -> str | None:
    """Why `facet_id` cannot name a filter: a URL parameter the pages use already, or None."""
    parameters = url_parameters()
    for name, where in parameters.items():
        if facet_id == name or (name.endswith("*") and facet_id.startswith(name[:-1])):
            shown = f"`{name[:-1]}...`" if name.endswith("*") else f"`{name}`"
            return (f"the facet id `{facet_id}` is reserved: it is the name of a filter's URL parameter, and the "
                    f"pages use the parameter {shown} themselves ({where}); reserved: "
                    f"{', '.join(f'`{n[:-1]}...`' if n.endswith('*') else f'`{n}`' for n in sorted(parameters))}")
    return None


def anchor_problem(anchor: str) -> str | None:
    """Why `anchor` cannot be an element id on a page: the page writes that id itself, or None."""
    where = page_ids().get(anchor)
    if where is None:
        return None
    return (f"the id `{anchor}` is reserved: the pages write an element with this id themselves ({where}), "
            "and a link to it would reach one of the two at random; choose another id")


def facet_problems(taxonomy: Loaded) -> Iterator[Diagnostic]:
    """Facet ids that are URL parameters of the pages, and facet values whose filter controls would
    get one id (`f-<facet>-<value>`: facet `a-b` value `c`, facet `a` value `b-c`)."""
    assert isinstance(taxonomy.model, Taxonomy)
    controls: dict[str, tuple[Path, str]] = {}
    for i, facet in enumerate(taxonomy.model.facets):
        problem = parameter_problem(facet.id)
        if problem:
            yield taxonomy.at(("facets", i, "id"), problem)
        for j, value in enumerate(facet.values):
            path: Path = ("facets", i, "values", j, "id")
            control = f"f-{facet.id}-{value.id}"
            named = f"facet `{facet.id}` value `{value.id}`"
            earlier = controls.setdefault(control, (path, named))
            if earlier[0] != path:
                line = taxonomy.parsed.position(earlier[0])[0]
                yield taxonomy.at(path, f"the {named} makes the same id, `{control}`, as the {earlier[1]} (line "
                                  f"{line}): the library's filters would tick both at once; rename one of them")


def glossary_anchor(abbr: str) -> str:
    """The id of an abbreviation's entry on the glossary page (as templates/glossary.md.j2 writes it)."""
    return abbr.lower().replace(" ", "-").replace("/", "-")


def glossary_problems(glossary: Loaded) -> Iterator[Diagnostic]:
    """Abbreviations whose glossary entries would get one id (`T L`, `T-L`, `T/L`; `ICT`, `ict`)."""
    assert isinstance(glossary.model, Glossary)
    seen: dict[str, tuple[Path, str]] = {}
    for i, term in enumerate(glossary.model.terms):
        path: Path = ("terms", i, "abbr")
        anchor = glossary_anchor(term.abbr)
        earlier = seen.setdefault(anchor, (path, term.abbr))
        if earlier[0] != path and earlier[1] != term.abbr:  # (the same abbreviation twice is reported as such)
            line = glossary.parsed.position(earlier[0])[0]
            yield glossary.at(path, f"the abbreviation `{term.abbr}` gets the same id on the glossary page, "
                              f"`{anchor}`, as `{earlier[1]}` (line {line}): links to one would reach the other; "
                              "keep one of them")


def anchored_ids(item: Loaded) -> Iterator[tuple[Path, str]]:
    """Every id of `item`'s record that becomes an element id on a page, with its place: the parts
    (`library.anchors`), the behaviours of a group, and a school's own id (the library's comparison
    table and the printable collection give each school's row or section that id)."""
    model = item.model
    if isinstance(model, School):
        yield ("id",), model.id
    for name in ANCHORED_PARTS:
        for i, entry in enumerate(getattr(model, name, None) or []):
            if getattr(entry, "id", None):
                yield (name, i, "id"), entry.id
            for j, behaviour in enumerate(getattr(entry, "behaviours", None) or []):
                yield (name, i, "behaviours", j, "id"), behaviour.id


def anchor_problems(item: Loaded) -> Iterator[Diagnostic]:
    """Ids of `item` that the pages write themselves."""
    for path, anchor in anchored_ids(item):
        problem = anchor_problem(anchor)
        if problem:
            yield item.at(path, problem)


def self_references(item: Loaded, refs: Iterable[tuple[Path, str]], kind: str) -> Iterator[Diagnostic]:
    """References in `refs` that name `item`'s own record (a `see_also` of itself leads nowhere new)."""
    own = f"{kind}/{item.record.id}"
    for path, ref in refs:
        if ref.partition("#")[0] == own:
            yield item.at(path, f"`{ref}` is this record itself; `see_also` names other records: delete it")
