"""The edit loop under `mkdocs serve`: parse only the files that changed, render only the pages
whose inputs changed.

MkDocs keeps one plugin object across the rebuilds of one `mkdocs serve` when the plugin
defines `on_startup`, so the state here lives as long as the server:

- `FileCache` stands in for `loader.load_file`: a file whose bytes hash as they did last time
  gives back the record loaded last time, without parsing or validating it again. (The
  library's cross-checks still run over every record: they are quick, and they are what
  finds a reference broken by the edit of another file.)
- `RenderCache` keeps the pages of the last build. After an edit it renders again only the
  pages that can show something of a changed record: its own page (or the page a self-check
  is attached to), the pages of every record it links to or that links to it, and the pages
  that gather records of its kind (each `Job` says which kinds it draws on: the Then and now
  page does not change when a school does; the home page and the routes, which show reading
  times, draw on every kind). That holds while what other pages show of a record is
  unchanged: its title, its facets, what it links to, what it is attached to, the sources it
  cites, and which records exist. When any of these changes, or a file other than a record changed
  (taxonomy, glossary, sources, routes), or the site's settings did, every page is rendered
  again. A test checks that the pages equal a full render after each kind of edit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .library import Library
from .loader import Loaded, Problems, load_file
from .render import Job, Page, Renderer, filter_facets, page_path

PARTIAL_KINDS = frozenset({"schools", "guidance", "cpd", "roles", "findings", "self-checks"})
"""Kinds whose records' pages can be rendered again alone; an edit to any other file renders all."""


class FileCache:
    """`loader.load_file` remembered by each file's path and the hash of its bytes."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[bytes, Loaded]] = {}
        self.changed: set[str] = set()
        """Files (as shown) parsed in the last load: new or changed since the one before."""
        self.parsed = 0

    def begin(self) -> None:
        self.changed = set()
        self.parsed = 0

    def __call__(self, path: Path, kind: str, shown: str, **options: Any) -> Loaded | Problems:
        try:
            digest = b"" if path.is_symlink() else hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            digest = b""
        hit = self._entries.get(shown)
        if digest and hit is not None and hit[0] == digest:
            return hit[1]
        self.changed.add(shown)
        self.parsed += 1
        result = load_file(path, kind, shown, **options)
        if digest and isinstance(result, Loaded):
            self._entries[shown] = (digest, result)
        else:
            self._entries.pop(shown, None)
        return result


@dataclass
class _Snapshot:
    settings: tuple[Any, ...]
    outlines: dict[str, Any]
    links: dict[str, set[str]]
    sources: dict[str, str]
    pages: dict[str, Page] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)
    """The words of the generated pages on routes (`Routes.page_words`)."""


class RenderCache:
    """The pages of the last build, and what is needed to tell which of them an edit changes."""

    def __init__(self) -> None:
        self._last: _Snapshot | None = None
        self.rendered_paths: set[str] = set()
        """Pages rendered by the last call of `pages` (the rest were reused)."""

    @property
    def rendered(self) -> int:
        return len(self.rendered_paths)

    def pages(self, renderer: Renderer, changed: set[str], settings: tuple[Any, ...],
              render_all: Callable[[Renderer], Sequence[Page]]) -> list[Page]:
        """Every page of `renderer`'s library, rendering again only what `changed` files can change.

        `changed` holds the files (as shown) parsed anew for this build; `render_all` renders every
        page (`parallel.render_pages`).
        """
        library = renderer.library
        jobs = renderer.jobs()
        snapshot = _Snapshot(settings, _outlines(library), _links(library), _sources(library))
        last = self._last
        dirty = None if last is None else _dirty(jobs, changed, last, snapshot)
        if dirty is None or last is None:
            pages = list(render_all(renderer))
            self.rendered_paths = {page.path for page in pages}
        else:
            # A kept page's words are as they were: its route bar's reading time need not render it.
            renderer.routes.page_words.update({path: n for path, n in last.words.items() if path not in dirty})
            pages = []
            for job in jobs:
                kept = last.pages.get(job.path)
                if job.path in dirty or kept is None:
                    pages.append(renderer.render(job))
                else:
                    pages.append(kept)
            self.rendered_paths = {job.path for job in jobs if job.path in dirty or job.path not in last.pages}
        snapshot.pages = {page.path: page for page in pages}
        snapshot.words = dict(renderer.routes.page_words)
        self._last = snapshot
        return pages


def _dirty(jobs: list[Job], changed: set[str], last: _Snapshot, now: _Snapshot) -> set[str] | None:
    """The paths of the pages to render again, or None for every page."""
    if now.settings != last.settings or now.outlines != last.outlines or now.sources != last.sources:
        return None  # settings, titles, facets, links or the set of records changed
    if {job.path for job in jobs} != set(last.pages):
        return None
    if not changed:
        return set()  # a hand-written page changed, or nothing did
    changed_refs = set()
    for shown in changed:
        ref = now.sources.get(shown)
        if ref is None or ref.partition("/")[0] not in PARTIAL_KINDS:
            return None  # not a record of a kind rendered alone: taxonomy, glossary, routes ...
        changed_refs.add(ref)
    owners: dict[str, str] = {}
    for job in jobs:
        ref = job.context.get("ref") if job.source else None
        if isinstance(ref, str) and ref.partition("/")[0] in PARTIAL_KINDS:
            owners[ref] = job.path
    changed_kinds = {ref.partition("/")[0] for ref in changed_refs}
    owned = set(owners.values())
    dirty = {job.path for job in jobs  # the pages that gather records: libraries, hubs, routes ...
             if job.path not in owned and (job.draws_on is None or job.draws_on & changed_kinds)}
    for ref in changed_refs:
        for related in {ref, *now.links.get(ref, ()), *last.links.get(ref, ())}:
            outline = now.outlines.get(related)
            owner = outline[3] if outline and outline[3] else related  # a self-check shows on its page
            kind, _, record_id = owner.partition("#")[0].partition("/")
            path = owners.get(f"{kind}/{record_id}")
            if path is None and kind in PARTIAL_KINDS:
                path = page_path(kind, record_id)
            if path is not None:  # (other kinds' pages are rendered again anyway, above)
                dirty.add(path)
    return dirty


def _outlines(library: Library) -> dict[str, Any]:
    """What pages other than its own show of each record: title, facets, what it links to, its
    owner, the sources it cites (the Sources page lists the pages that draw on each)."""
    outlines: dict[str, Any] = {}
    for kind, records in library.records.items():
        for record_id, loaded in records.items():
            model = loaded.model
            outlines[f"{kind}/{record_id}"] = (
                getattr(model, "title", None),
                repr(sorted((k, tuple(v)) for k, v in filter_facets(model).items())),
                None,
                getattr(model, "attached_to", None),
                tuple(sorted({cited.source for cited in getattr(model, "sources", None) or ()})),
            )
    for target, backlinks in library.backlinks.items():
        for backlink in backlinks:
            ref = f"{backlink.record.kind}/{backlink.record.model.id}"  # type: ignore[attr-defined]
            title, facets, links, owner, cited = outlines[ref]
            links = tuple(sorted({*(links or ()), f"{target}:{backlink.relation}"}))
            outlines[ref] = (title, facets, links, owner, cited)
    return outlines


def _links(library: Library) -> dict[str, set[str]]:
    """For each record, the records it links to and the records that link to it."""
    links: dict[str, set[str]] = {}
    for target, backlinks in library.backlinks.items():
        target_ref = target.partition("#")[0]
        for backlink in backlinks:
            ref = f"{backlink.record.kind}/{backlink.record.model.id}"  # type: ignore[attr-defined]
            links.setdefault(ref, set()).add(target_ref)
            links.setdefault(target_ref, set()).add(ref)
    return links


def _sources(library: Library) -> dict[str, str]:
    """Each record's file (as shown in messages) and its reference."""
    return {loaded.path: f"{kind}/{record_id}" for kind, records in library.records.items()
            for record_id, loaded in records.items()}


UNCHANGED_TEMPLATE = "casebook-unchanged.html"
"""A theme template of one comment (in `theme/`): what MkDocs renders for a page whose HTML is kept."""


class OutputCache:
    """The final HTML of each generated page from the last build under `mkdocs serve`.

    A page whose core page (`Page`) is the very object `RenderCache` kept, on a site whose
    hand-written pages and configuration did not change, is written as it was, without
    rendering Material's template (the larger part of MkDocs' own time for each page).
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Page, str]] = {}
        self._site: Any = None
        self.reused = 0

    def begin(self, site: Any) -> None:
        """Start a build; `site` stands for everything else a page's HTML depends on."""
        if site != self._site:
            self._entries.clear()
            self._site = site
        self.reused = 0

    def get(self, path: str, page: Page, *, count: bool = False) -> str | None:
        entry = self._entries.get(path)
        if entry is not None and entry[0] is page:
            self.reused += count
            return entry[1]
        return None

    def put(self, path: str, page: Page, output: str) -> None:
        self._entries[path] = (page, output)


def site_key(config_file: str | None, docs_dir: str, extra: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    """What the theme's output of a generated page depends on besides the page: the configuration
    file, every hand-written file (navigation, titles) and `extra` settings."""
    def stat(path: Path) -> tuple[str, int, int]:
        info = path.stat()
        return (str(path), info.st_mtime_ns, info.st_size)

    docs = Path(docs_dir)
    files = sorted(stat(p) for p in docs.rglob("*") if p.is_file()) if docs.is_dir() else []
    config = stat(Path(config_file)) if config_file and Path(config_file).is_file() else None
    return (config, tuple(files), extra)


_THEME_LISTINGS: dict[tuple[Any, ...], list[str]] = {}


def remember_theme_listing(theme: Any) -> None:
    """Under `mkdocs serve`: list the theme's files once, not at every rebuild.

    Each build lists every file of the theme's folders to copy its assets (`Files.add_files_from_theme`
    calls the Jinja environment's `list_templates`); Material's folders hold thousands of icons,
    and walking them took a third of a small site's rebuild. The theme does not change while
    `serve` runs (unless `--watch-theme`, when a changed file is still copied: only the list of
    names is kept)."""
    if getattr(theme, "_casebook_listing", False):
        return
    make_env = theme.get_env

    def get_env() -> Any:
        env = make_env()
        unbound = type(env).list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            key = (tuple(theme.dirs), tuple(theme.static_templates), extensions,
                   getattr(filter_func, "__qualname__", filter_func))
            if key not in _THEME_LISTINGS:
                _THEME_LISTINGS[key] = unbound(env, extensions, filter_func)
            return list(_THEME_LISTINGS[key])

        env.list_templates = list_templates
        return env

    theme.get_env = get_env
    theme._casebook_listing = True
