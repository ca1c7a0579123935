"""Render the library into pages: self-contained Markdown, with HTML blocks for structure.

The output is what any Markdown site generator can build: front matter with the
title, Markdown headings (so tables of contents work), HTML blocks produced from
Jinja templates, and abbreviation definitions at the end. Text fields have
already been turned into sanitised HTML by `markup.py`; the templates escape
every other value.
"""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .library import Library, anchors
from .markup import Markdown, abbreviation_definitions, escape_markdown
from .reference import describe
from .schema import RECORD_KINDS, CpdModel, NotStated, School, SelfCheck

TEMPLATES = Path(__file__).parent / "templates"

FOLDERS = {
    "schools": "case-studies",
    "guidance": "guidance",
    "cpd": "cpd",
    "roles": "roles",
    "findings": "findings",
    "self-checks": "self-checks",
}
"""Where each kind's pages live in the site."""

LIBRARIES = {"schools": "case-studies/index.md", "guidance": "guidance/index.md", "cpd": "cpd/index.md"}
"""The filterable library page of each kind that has one."""

HUB = "self-checks/index.md"
PLAN = "self-checks/action-plan.md"
GLOSSARY = "glossary.md"
SOURCES = "sources.md"
REFERENCE = "contributing/reference.md"

KIND_NAMES = {
    "schools": ("case study", "case studies"),
    "guidance": ("guidance theme", "guidance themes"),
    "cpd": ("CPD model", "CPD models"),
    "roles": ("role", "roles"),
    "findings": ("findings", "findings"),
    "self-checks": ("self-check", "self-checks"),
}

FACT_LABELS = {
    "pupils": "Pupils on roll",
    "fsm_percent": "Free school meals",
    "headteacher_years_in_post": "Headteacher in post",
    "location": "Location",
}


@dataclass(frozen=True)
class Job:
    """A page to render: its template, where it goes, its title, its source file, the template's context."""

    template: str
    path: str
    title: str
    source: str | None
    context: dict[str, Any]


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its title, its Markdown, and the content file behind it."""

    path: str
    title: str
    markdown: str
    source: str | None = None


class Linker:
    """Relative links between pages, in the style the target generator serves them."""

    def __init__(self, *, directory_urls: bool = True, markdown_links: bool = False) -> None:
        self.directory_urls = directory_urls
        self.markdown_links = markdown_links

    def url_of(self, path: str) -> str:
        """The site-relative URL a page path is served at."""
        if self.markdown_links:
            return path
        stem = path.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return f"{stem}/" if self.directory_urls else f"{stem}.html"

    def link(self, target: str, current: str, fragment: str = "") -> str:
        target_url, current_url = self.url_of(target), self.url_of(current)
        base = posixpath.dirname(current_url) if not current_url.endswith("/") else current_url.rstrip("/")
        relative = _relative(target_url, base)
        if target_url.endswith("/") and not relative.endswith("/"):
            relative += "/"
        return relative + (f"#{fragment}" if fragment else "")


def _relative(target: str, base: str) -> str:
    """`posixpath.relpath(target, base)` for two site-relative URL paths, without its calls to the
    file system (`relpath` was a fifth of the time of rendering a page)."""
    to, start = [p for p in target.split("/") if p], [p for p in base.split("/") if p]
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def page_path(kind: str, record_id: str) -> str:
    return f"{FOLDERS[kind]}/{record_id}.md"


class Renderer:
    """Turns a `Library` into `Page`s."""

    def __init__(self, library: Library, linker: Linker | None = None,
                 template_dirs: Sequence[Path] = ()) -> None:
        self.library = library
        self.linker = linker or Linker()
        glossary = {term.abbr: term.expansion for term in library.glossary.terms}
        self.markdown = Markdown(glossary)
        loaders = [FileSystemLoader([str(d) for d in template_dirs])] if template_dirs else []
        self.env = Environment(
            loader=ChoiceLoader([*loaders, FileSystemLoader(str(TEMPLATES))]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.do"],
            auto_reload=False,  # a Renderer lives for one build: no need to stat every template for every page
        )
        self.env.filters.update(md=self.markdown.block, mdi=self.markdown.inline, heading=_heading,
                                fact=_fact, tojson_attr=_json_attr)
        self.env.globals.update(lib=library, label=library.label, kind_names=KIND_NAMES,
                                fact_labels=FACT_LABELS, is_school=lambda m: isinstance(m, School))
        self.filter_counts: dict[str, Counter[tuple[str, str]]] = {}
        self._abbreviations = abbreviation_definitions((t.abbr, t.expansion) for t in library.glossary.terms)

    # -- the pages -------------------------------------------------------------------

    def pages(self) -> Iterator[Page]:
        for job in self.jobs():
            yield self.render(job)

    def jobs(self) -> list[Job]:
        """Every page to render, in order; `render` turns each into a `Page`."""
        jobs = []
        for kind in RECORD_KINDS:
            for loaded in self.library.kind(kind):
                model = loaded.model
                if isinstance(model, SelfCheck) and model.attached_to:
                    continue  # rendered as the appendix of the page it is attached to
                path = page_path(kind, model.id)  # type: ignore[attr-defined]
                jobs.append(Job(f"{kind}.md.j2", path, model.title, loaded.path,  # type: ignore[attr-defined]
                                {"record": model, "kind": kind, "ref": f"{kind}/{model.id}"}))  # type: ignore[attr-defined]
        for kind, path in LIBRARIES.items():
            jobs.append(Job(f"library-{kind}.md.j2", path, _LIBRARY_TITLES[kind], None,
                            {"records": self.library.models(kind), "kind": kind}))
        checks = self.library.models("self-checks")
        jobs.append(Job("self-check-hub.md.j2", HUB, "Self-checks", None, {"checks": checks}))
        jobs.append(Job("action-plan.md.j2", PLAN, "Your action plan", None, {"checks": checks}))
        jobs.append(Job("glossary.md.j2", GLOSSARY, "Glossary", "case_studies/glossary.yaml",
                        {"terms": sorted(self.library.glossary.terms, key=lambda t: t.abbr.lower())}))
        jobs.append(Job("sources.md.j2", SOURCES, "Sources", "case_studies/sources.yaml",
                        {"documents": list(self.library.sources.values())}))
        jobs.append(Job("reference.md.j2", REFERENCE, "Field reference", None,
                        {"reference": describe(self.library.taxonomy)}))
        return jobs

    def render(self, job: Job) -> Page:
        helpers = _PageHelpers(self, job.path)
        body = self.env.get_template(job.template).render(page_path=job.path, h=helpers, **job.context)
        # MkDocs and Material place the title into the HTML (and the search index) as it is:
        # a contributed `<script>` in a title must arrive escaped.
        front = f"---\ntitle: {json.dumps(str(escape(job.title)))}\n---\n\n"
        return Page(job.path, job.title, f"{front}{body.strip()}\n\n{self._abbreviations}\n", job.source)

    @property
    def abbreviations(self) -> str:
        """Abbreviation definitions for hand-written pages."""
        return self._abbreviations


_LIBRARY_TITLES = {"schools": "Case studies", "guidance": "Guidance", "cpd": "CPD models"}


class _PageHelpers:
    """Link helpers bound to the page being rendered, for use in templates as `h`."""

    def __init__(self, renderer: Renderer, current: str) -> None:
        self.renderer = renderer
        self.library = renderer.library
        self.current = current

    def url(self, path: str, fragment: str = "") -> str:
        return self.renderer.linker.link(path, self.current, fragment)

    def ref_url(self, ref: str) -> str:
        kind, _, rest = ref.partition("/")
        target, _, fragment = rest.partition("#")
        if kind == "sources":
            return self.url(SOURCES, target)
        loaded = self.library.get(ref)
        if kind == "self-checks" and loaded is not None and loaded.model.attached_to:  # type: ignore[attr-defined]
            return self.ref_url(loaded.model.attached_to) .split("#")[0] + "#self-check"  # type: ignore[attr-defined]
        return self.url(page_path(kind, target), fragment)

    def ref_title(self, ref: str) -> str:
        kind, _, rest = ref.partition("/")
        target, _, fragment = rest.partition("#")
        if kind == "sources":
            source = self.library.sources.get(target)
            return source.title if source else target
        loaded = self.library.get(ref)
        title = loaded.model.title if loaded else target  # type: ignore[attr-defined]
        if fragment and loaded:
            part = _find_part(loaded.model, fragment)
            if part:
                return f"{title}: {part}"
        return title

    def ref_kind(self, ref: str) -> str:
        return KIND_NAMES.get(ref.partition("/")[0], ("source", "sources"))[0]

    def filter_url(self, kind: str, facet: str, value: str) -> str:
        library_kind = kind if kind in LIBRARIES else "schools"
        return f"{self.url(LIBRARIES[library_kind])}?{facet}={value}"

    def library_url(self, kind: str) -> str:
        return self.url(LIBRARIES[kind])

    def record_url(self, kind: str, record_id: str) -> str:
        return self.url(page_path(kind, record_id))

    def source_url(self, source_id: str) -> str:
        return self.url(SOURCES, source_id)

    def self_check(self, ref: str) -> SelfCheck | None:
        return self.library.self_check_for(ref)

    def backlinks(self, ref: str) -> dict[str, list[Any]]:
        """What links to `ref`, grouped by kind, each record once."""
        grouped: dict[str, dict[str, Any]] = {}
        for backlink in self.library.linked_from(ref):
            model = backlink.record.model
            if isinstance(model, SelfCheck) and model.attached_to == ref:
                continue
            grouped.setdefault(backlink.record.kind, {})[model.id] = model  # type: ignore[attr-defined]
        return {kind: list(models.values()) for kind, models in grouped.items()}

    def facet_data(self, record: Any) -> Markup:
        return _json_attr(filter_facets(record))

    def card_facets(self, record: Any) -> list[tuple[str, str, str]]:
        """(facet id, value id, label) for each facet value shown on a card."""
        shown = []
        for facet in self.library.taxonomy.facets:
            for value in getattr(record, "facets", {}).get(facet.id, []):
                shown.append((facet.id, value, self.library.label(facet.id, value)))
        return shown

    def filter_groups(self, records: Sequence[Any]) -> list[tuple[Any, list[tuple[Any, int]]]]:
        """Each filterable facet with the values that occur in `records`, and how many records have each."""
        groups = []
        for facet in self.library.taxonomy.facets:
            if not facet.filter:
                continue
            counts = [(value, sum(value.id in filter_facets(r).get(facet.id, []) for r in records))
                      for value in facet.values]
            counts = [(value, n) for value, n in counts if n]
            if counts:
                groups.append((facet, counts))
        return groups

    def filter_count(self, kind: str, facet_id: str, value_id: str) -> int:
        """How many records of `kind` a library link filtered by one value would show."""
        counts = self.renderer.filter_counts.get(kind)
        if counts is None:
            # Counted once per kind: asked from every guidance page, a count each time would make
            # the build quadratic in the number of records.
            counts = Counter((facet, value) for r in self.library.models(kind)
                             for facet, values in filter_facets(r).items() for value in set(values))
            self.renderer.filter_counts[kind] = counts
        return counts[(facet_id, value_id)]

    def search_text(self, record: Any) -> str:
        return f"{record.title} {record.summary}".lower()

    def question_count(self, check: SelfCheck) -> int:
        return sum(len(group.questions) for group in check.groups)

    def self_check_url(self, check: SelfCheck) -> str:
        if check.attached_to:
            return self.ref_url(check.attached_to).split("#")[0] + "#self-check"
        return self.url(page_path("self-checks", check.id), "self-check")

    def self_check_owner(self, check: SelfCheck) -> str:
        return self.ref_title(check.attached_to) if check.attached_to else check.title

    def self_checks_json(self, checks: Sequence[SelfCheck]) -> Markup:
        """What the action plan and hub scripts need to know about every self-check."""
        data = [
            {
                "id": check.id,
                "version": check.version,
                "title": check.title,
                "url": self.self_check_url(check),
                "groups": [
                    {
                        "title": group.title,
                        "questions": [
                            {
                                "id": q.id,
                                "text": q.text,
                                "read": [{"title": self.ref_title(r), "url": self.ref_url(r)} for r in q.read_next],
                            }
                            for q in group.questions
                        ],
                    }
                    for group in check.groups
                ],
            }
            for check in checks
        ]
        # An attribute, not a <script> block: Material's instant navigation re-creates inline
        # scripts without their id and type, so a JSON script is lost after the first page view.
        return _json_attr(data)


def filter_facets(record: Any) -> dict[str, list[str]]:
    """The facet values a library filters a record by: its facets, and a CPD model's principles,
    which are values of the `pd-principle` facet kept in their own field."""
    facets = dict(getattr(record, "facets", {}))
    if isinstance(record, CpdModel) and record.principles:
        facets["pd-principle"] = list(dict.fromkeys([*facets.get("pd-principle", []), *record.principles]))
    return facets


def _find_part(model: Any, part_id: str) -> str | None:
    if part_id not in anchors(model):
        return None
    for name in ("groups", "advice", "principles", "responsibilities", "qualities", "debates"):
        for entry in getattr(model, name, []) or []:
            if getattr(entry, "id", None) == part_id:
                return getattr(entry, "title", None) or getattr(entry, "question", None) or part_id
    return None


def _heading(text: str) -> Markup:
    return Markup(escape_markdown(text))


def _fact(value: int | float | str | None, unit: str = "") -> str:
    if value is None or value == "not stated":
        return "Not stated in the source"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}{unit}"


def _json_attr(value: Any) -> Markup:
    """JSON for an HTML attribute value; the template's quotes plus escaping keep it inert."""
    from markupsafe import escape

    return escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


__all__ = ["LIBRARIES", "Linker", "NotStated", "Page", "Renderer", "filter_facets", "page_path"]
