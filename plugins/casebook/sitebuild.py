"""One build of the library's pages, whichever engine writes the site.

The MkDocs plugin (`plugin.py`) and the other engines' path (`export.py`: `casebook generate`
and `casebook postbuild`) both come through here: the library loaded (through the edit loop's
caches under `mkdocs serve`), the renderer made from a site's settings, every page rendered, what
each page hands the engine (its Markdown, or only its front matter when the core made its HTML)
and its edit link, the pages that stand in for the library while its content has errors (under
`mkdocs serve`), and what is done once the engine has written the site (the search index and the
list of files for offline use). Like the rest of the core, this module never imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assembly import edit_link
from .diagnostics import ContentError, Diagnostic
from .editloop import EditLoop
from .files import Files
from .form import GitHub, contributions_email
from .incremental import site_key
from .library import Library, load_library
from .offline import write_manifest
from .parallel import render_pages
from .render import Linker, Page, Renderer
from .render.errors import error_banner, error_site
from .render.html import Permalink
from .search import build_index


@dataclass(frozen=True)
class Site:
    """What a site's generated pages depend on besides the content: the `mkdocs.yml` settings of
    the same names, and the plugin's `templates_dir` (as folders) and `edit_content`."""

    templates: tuple[Path, ...] = ()
    directory_urls: bool = True
    toc: Mapping[str, Any] | None = None
    """The `toc` extension's settings (the permalink each heading carries)."""
    repo_url: str | None = None
    edit_uri: str | None = None
    extra: Any = None
    edit_content: bool = True
    site_url: str | None = None
    config_file: str | None = None
    docs_dir: str = "docs"

    @classmethod
    def from_config(cls, config: Mapping[str, Any], plugin: Mapping[str, Any], project: Path) -> Site:
        """The settings of a `mkdocs.yml` as MkDocs loads it or as it is read (`export.read_config`),
        with `plugin`, the casebook plugin's settings in it; `project` is the file's folder."""
        def text(name: str) -> str | None:  # a value under a YAML tag (`!ENV`), unresolved, is no text
            value = config.get(name)
            return value if isinstance(value, str) else None

        templates = plugin.get("templates_dir")
        return cls(templates=(project / templates,) if templates else (),
                   directory_urls=config.get("use_directory_urls", True),
                   toc=(config.get("mdx_configs") or {}).get("toc"), repo_url=text("repo_url"),
                   edit_uri=text("edit_uri"), extra=config.get("extra"),
                   edit_content=plugin.get("edit_content", True), site_url=text("site_url"),
                   config_file=text("config_file_path"), docs_dir=str(project / str(config.get("docs_dir", "docs"))))

    def renderer(self, library: Library) -> Renderer:
        return Renderer(library, Linker(directory_urls=self.directory_urls), list(self.templates),
                        permalink=Permalink.from_config(dict(self.toc) if self.toc else None),
                        github=GitHub.from_config(self.repo_url, self.edit_uri) if self.repo_url else None,
                        contact=contributions_email(self.extra or {}))

    def edit_link(self, page: Page) -> str | None:
        """Where the page's "edit" link points: its content file, when the site edits content."""
        return edit_link(page.source, self.edit_uri if self.edit_content and self.repo_url else None)


@dataclass(frozen=True)
class PageFile:
    """What an engine is handed for one generated page."""

    path: str
    text: str
    """The page's Markdown; only its front matter when its HTML is handed over after (`prerendered`)."""
    edit_uri: str | None
    page: Page


@dataclass(frozen=True)
class Rendered:
    """Every generated page of one build, as the engine is handed them."""

    files: list[PageFile]
    prerendered: dict[str, Page]
    """The pages whose HTML the core made, by path: the engine gets their front matter alone, and
    their HTML after its Markdown step (so Python-Markdown never parses their HTML blocks)."""
    abbreviations: str
    """The glossary as Markdown abbreviations, for the hand-written pages (`hand_written`)."""


def load(content: Path, project: Path, loop: EditLoop | None = None, *, strict: bool = False,
         warn: Callable[[str], None] = lambda _: None) -> Library:
    """The library; raises `ContentError`. Its warnings (what the sanitiser removes) go to `warn`.
    Under the edit loop, only what changed is parsed again, and with `strict` the warnings are
    errors (shown in the browser, see `ShownErrors`: a failed rebuild leaves the browser waiting)."""
    library = loop.load(content, project) if loop is not None else load_library(content, project)
    if strict and library.warnings and loop is not None:
        raise ContentError(library.warnings)
    for warning in library.warnings:
        warn(str(warning))
    return library


def render(library: Library, site: Site, *, processes: int = 1, prerender: bool = False,
           loop: EditLoop | None = None, log: Callable[[str], None] = lambda _: None) -> Rendered:
    """Every generated page, rendered on up to `processes` processor cores (`parallel.py`; 0: one
    per core). `prerender`: hand over the HTML the core made where it made it. Under the edit
    loop, only what the changed files can change is rendered again."""
    renderer = site.renderer(library)
    if loop is not None:
        settings = (site.directory_urls, repr(renderer.permalink), tuple(map(str, site.templates)),
                    site.repo_url, site.edit_uri)
        # What a page's final HTML depends on besides the page: the configuration, the hand-written files.
        output_key = site_key(site.config_file, site.docs_dir, (site.site_url, site.directory_urls))
        pages = loop.pages(renderer, settings, output_key, lambda r: render_pages(r, processes))
    else:
        pages = render_pages(renderer, processes)
    prerendered = {p.path: p for p in pages if p.html is not None and prerender}
    files = [PageFile(p.path, p.front_matter if p.path in prerendered else p.markdown, site.edit_link(p), p)
             for p in pages]
    if loop is not None:
        log(loop.summary)
    log(f"generated {len(files)} pages from {library.root.name}/")
    return Rendered(files, prerendered, renderer.abbreviations)


def hand_written(markdown: str, abbreviations: str) -> str:
    """A hand-written page with the glossary's abbreviations (generated pages carry their own)."""
    return f"{markdown}\n\n{abbreviations}\n" if abbreviations else markdown


@dataclass(frozen=True)
class ShownErrors:
    """Under `mkdocs serve`, content errors shown in the browser instead of a failed build (which
    would leave the browser waiting): `pages` stand at every address of a generated page, each
    listing every error (`render/errors.py`), and hand-written pages build under a `banner`."""

    diagnostics: Sequence[Diagnostic]
    pages: list[Page]
    linker: Linker

    @property
    def files(self) -> list[PageFile]:
        return [PageFile(page.path, page.markdown, None, page) for page in self.pages]

    @property
    def message(self) -> str:
        return "the site shows these content problems until they are fixed:\n" + "\n".join(map(str, self.diagnostics))

    @classmethod
    def of(cls, diagnostics: Sequence[Diagnostic], content: Path, nav: Sequence[object], present: set[str],
           directory_urls: bool) -> ShownErrors:
        """`present`: the paths the site's own files take (no error page replaces them)."""
        linker = Linker(directory_urls=directory_urls)
        return cls(diagnostics, error_site(diagnostics, content, nav, present, linker), linker)

    def banner(self, path: str) -> str:
        """What goes over the hand-written page at `path`: the count, and a link to the list."""
        return error_banner(len(self.diagnostics), self.linker.link(self.pages[0].path, path)) if self.pages else ""


def finish(site_dir: str | Path, *, index: bool, loop: EditLoop | None = None,
           log: Callable[[str], None] = lambda _: None, files: Files | None = None) -> int:
    """Once the engine has written the site: index it with Pagefind (`index`; raises `OSError` or
    `RuntimeError` when that fails), list its files for offline use (`offline.py`) and return how
    many that list holds. Under the edit loop the index is made after, in the background: the
    changed page is served at once, and search catches up a moment later."""
    if index and loop is None:
        build_index(str(site_dir), log)
    listed = write_manifest(site_dir, files)
    if index and loop is not None:
        loop.index_later(str(site_dir), log)
    return listed
