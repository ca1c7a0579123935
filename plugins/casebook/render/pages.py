"""The library rendered into pages: one `Job` a page, rendered through a Jinja template into a `Page`.

The output is what any Markdown site generator can build: front matter with the
title, Markdown headings (so tables of contents work), HTML blocks produced from
Jinja templates, abbreviations as `<abbr>` elements written by the renderer. Text fields have
already been turned into sanitised HTML by `markup.py`; the templates escape
every other value.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import escape

from .. import crosswalk
from ..form import GitHub
from ..form import describe as describe_form
from ..library import Library
from ..markup import Markdown, abbreviation_definitions
from ..schema import RECORD_KINDS, RESEARCH_LABELS, STATUS_LABELS, School, SelfCheck
from ..templatecache import TEMPLATE_CODE
from ..yamlsafe import quoted
from .base import Job, Page
from .helpers import PageHelpers, fact, json_attr, newest_first
from .html import Permalink, to_html
from .journeys import Neighbours, decorate, evidence_years, sentence, year_range
from .links import Linker
from .research import ResearchNow
from .routes import Routes, number_words, school_count
from .searchterms import SearchTerms
from .searchterms import block as search_block
from .site import (
    ADD_SCHOOL,
    FACT_LABELS,
    GLOSSARY,
    HOME,
    HUB,
    KIND_NAMES,
    LIBRARIES,
    PLAN,
    PRINT_ALL,
    REFERENCE,
    SOURCES,
    STANDING,
    THEN_AND_NOW,
    page_path,
)
from .thenandnow import ThenAndNow

TEMPLATES = Path(__file__).parent.parent / "templates"


class Renderer:
    """Turns a `Library` into `Page`s."""

    def __init__(self, library: Library, linker: Linker | None = None,
                 template_dirs: Sequence[Path] = (), permalink: Permalink | None = None,
                 github: GitHub | None = None, contact: str | None = None) -> None:
        self.library = library
        self.github = github
        """The site's repository on GitHub, where the Add your school page proposes new files."""
        self.contact = contact
        """The address contributions are emailed to (mkdocs.yml `extra: contributions_email`), if any."""
        self.permalink = permalink or Permalink()
        """The heading anchors of the site's `toc` settings, for pages handed over as HTML."""
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
            bytecode_cache=TEMPLATE_CODE,  # compiled once a process (each `mkdocs serve` rebuild makes a Renderer)
        )
        self.env.filters.update(md=self.markdown.block, mdi=self.markdown.inline, heading=self.markdown.heading,
                                plain=self.markdown.plain,
                                fact=fact, tojson_attr=json_attr, newest_first=newest_first)
        self.env.globals.update(lib=library, label=library.label, kind_names=KIND_NAMES,
                                fact_labels=FACT_LABELS, is_school=lambda m: isinstance(m, School))
        self.env.globals.update(tn=ThenAndNow(library), status_labels=STATUS_LABELS)  # the crosswalk (issue 14)
        self.env.globals.update(rn=ResearchNow(library), research_labels=RESEARCH_LABELS)  # issue 29.3
        self.filter_counts: dict[str, Counter[tuple[str, str]]] = {}
        self.routes = Routes(self)
        self.neighbours = Neighbours(self)
        self.env.globals.update(routes=self.routes, hub_path=HUB,
                                school_count=functools.partial(school_count, library))
        self.env.filters.update(words=number_words, sentence=sentence, year_range=year_range)
        self.env.globals.update(evidence_years=functools.partial(evidence_years, library))
        self.search_terms = SearchTerms((t.abbr, t.expansion) for t in library.glossary.terms)
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
                                {"record": model, "kind": kind, "ref": f"{kind}/{model.id}"},  # type: ignore[attr-defined]
                                CROSSWALK_KINDS if kind == "standards" else None))  # a standard lists what cites it
        for kind, path in LIBRARIES.items():
            jobs.append(Job(f"library-{kind}.md.j2", path, _LIBRARY_TITLES[kind], None,
                            {"records": self.library.models(kind), "kind": kind}, frozenset({kind})))
        checks = self.library.models("self-checks")
        # A question's "read next" names a part of a record by its text (`ref_title`): any kind with parts.
        questions = frozenset(RECORD_KINDS) - {"schools", "routes"}
        jobs.append(Job("self-check-hub.md.j2", HUB, "Self-checks", None, {"checks": checks}, questions))
        jobs.append(Job("action-plan.md.j2", PLAN, "Your action plan", None, {"checks": checks}, questions))
        jobs.append(Job("where-we-stand.md.j2", STANDING, "Where we stand", None, {"checks": checks},
                        questions | {"standards"}))  # each standard with its self-check's questions
        jobs.append(Job("glossary.md.j2", GLOSSARY, "Glossary", "case_studies/glossary.yaml",
                        {"terms": sorted(self.library.glossary.terms, key=lambda t: t.abbr.lower())}, frozenset()))
        jobs.append(Job("sources.md.j2", SOURCES, "Sources", "case_studies/sources.yaml",
                        {"documents": list(self.library.sources.values())}, frozenset()))  # titles and citations only
        # The field reference is not rendered here: it is committed as docs/contributing/reference.md
        # (`casebook reference --write`), so that it is served even while the content has errors.
        jobs.append(Job("then-and-now.md.j2", THEN_AND_NOW, "Then and now", None, {}, CROSSWALK_KINDS))
        jobs.append(Job("add-your-school.md.j2", ADD_SCHOOL, "Add your school", None,
                        {"form": describe_form(self.library.taxonomy, list(self.library.sources),
                                               [school.id for school in self.library.models("schools")]),
                         "github": self.github, "email": self.contact, "reference_path": REFERENCE,
                         "sources_path": SOURCES}, frozenset()))
        # No title: the home page's heading is its own, and its browser title is the site's name.
        jobs.append(Job("home.md.j2", HOME, "", None, {}))
        jobs.append(Job("print-all.md.j2", PRINT_ALL, "Every case study", None,
                        {"records": self.library.models("schools")}, frozenset({"schools"})))
        return jobs

    def render(self, job: Job) -> Page:
        helpers = PageHelpers(self, job.path)
        body = self.routes.bodies.pop(job.path, None)  # rendered already, to count a route step's words
        if body is None:
            body = self.env.get_template(job.template).render(page_path=job.path, h=helpers, **job.context)
        body = decorate(self, helpers, job, body)
        own = getattr(job.context.get("record"), "search_terms", ())  # the reader's words for it (searchterms.py)
        body = f"{body.rstrip()}\n\n{search_block(self.search_terms.of(body, own))}\n"
        # MkDocs and Material place the title into the HTML (and the search index) as it is:
        # a contributed `<script>` in a title must arrive escaped.
        front = f"---\ntitle: {quoted(str(escape(job.title)))}\n---\n\n" if job.title else ""
        body = body.strip()
        rendered = to_html(body, self.permalink)
        if rendered is None:
            return Page(job.path, job.title, f"{front}{body}\n", job.source)
        return Page(job.path, job.title, f"{front}{body}\n", job.source, rendered.html, rendered.toc,
                    frozenset(rendered.ids))

    @property
    def abbreviations(self) -> str:
        """Abbreviation definitions for hand-written pages (generated pages carry `<abbr>` elements)."""
        return self._abbreviations


CROSSWALK_KINDS = frozenset({*crosswalk.KINDS, "standards"})
"""What the crosswalk's pages (Then and now, each standard's page) show the items of."""

_LIBRARY_TITLES = {"schools": "Case studies", "guidance": "Guidance", "cpd": "CPD models"}
