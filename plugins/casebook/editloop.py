"""The edit loop under `mkdocs serve`, as one object the plugin keeps across rebuilds: content files
that did not change are not parsed again (`FileCache`), pages they cannot change are not rendered
again (`RenderCache`), and such pages' final HTML from the last build is written again without the
theme's template (`OutputCache`). See `incremental.py` for each. The search index is made in the
background after each rebuild (`search.BackgroundIndex`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .incremental import FileCache, OutputCache, RenderCache
from .library import Library, load_library
from .render import Page, Renderer
from .search import BackgroundIndex


class EditLoop:
    def __init__(self) -> None:
        self.files = FileCache()
        self.renders = RenderCache()
        self.outputs = OutputCache()
        self.search = BackgroundIndex()

    def load(self, content: Path, project: Path) -> Library:
        """The library, parsing again only the content files that changed since the last build."""
        self.files.begin()
        return load_library(content, project, load=self.files)

    def pages(self, renderer: Renderer, settings: tuple[Any, ...], site: Any,
              render_all: Callable[[Renderer], Sequence[Page]]) -> list[Page]:
        """Every page, rendering again only what the changed files can change. `settings`: what the
        renderer's output depends on besides the content; `site`: what a page's final HTML depends
        on besides the page (`incremental.site_key`)."""
        pages = self.renders.pages(renderer, self.files.changed, settings, render_all)
        self.outputs.begin(site)
        return pages

    @property
    def summary(self) -> str:
        return f"parsed {self.files.parsed} content files, rendered {self.renders.rendered} pages"

    def kept(self, path: str, page: Page) -> bool:
        """Whether the page's final HTML from the last build can be written again as it is."""
        return self.outputs.get(path, page) is not None

    def output(self, path: str, page: Page, output: str | None) -> str:
        """The page's final HTML: `output` (now remembered), or, given None, the kept HTML."""
        if output is None:
            kept = self.outputs.get(path, page, count=True)
            assert kept is not None, "a page is written from the last build only when `kept` said so"
            return kept
        self.outputs.put(path, page, output)
        return output

    def index_later(self, site_dir: str, log: Callable[[str], None]) -> None:
        """Index the site with Pagefind in the background (a rebuild meanwhile asks for one more)."""
        self.search.request(site_dir, log)
