"""The MkDocs plugin: MkDocs event glue, and nothing more.

What a build is made of is decided in the core, shared with the other engines' path (`export.py`):
`assembly.py` (settings, extensions, theme folders, browser files), `sitebuild.py` (the library,
its pages, the finished site) and `editloop.py` (what `mkdocs serve` keeps between rebuilds: one
plugin object lives across them, since it defines `on_startup`).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import assembly, sitebuild
from .config import CasebookConfig
from .diagnostics import ContentError
from .editloop import EditLoop
from .incremental import UNCHANGED_TEMPLATE, remember_theme_listing
from .render import Page as RenderedPage
from .search import MATERIAL_WORKER, WORKER, mark_page, silence_material_index
from .templatecache import TEMPLATE_CODE

log = get_plugin_logger(__name__)


class CasebookPlugin(BasePlugin[CasebookConfig]):
    command = "build"
    loop: EditLoop | None = None  # under `mkdocs serve`
    prerendered: dict[str, RenderedPage] = {}  # noqa: RUF012 (replaced, never changed in place)
    abbreviations = ""
    shown: sitebuild.ShownErrors | None = None  # under `mkdocs serve`, the content errors shown

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `serve` shows content errors in the browser and keeps what did not change between rebuilds.
        self.command = command
        self.loop = EditLoop() if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project = Path(config.config_file_path).parent
        self.content = self.project / self.config.content_dir
        if problem := assembly.check_settings(self.content, self.config.processes):
            raise PluginError(problem)
        config.watch.append(str(self.content))  # live reload on a content change
        config.theme.dirs.append(str(assembly.THEME))  # casebook-unchanged.html (see `editloop.py`)
        # After a project's `custom_dir`: the header's repository link without a script calling api.github.com.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(assembly.OVERRIDES))
        if self.command == "serve":
            remember_theme_listing(config.theme)
        config.markdown_extensions += assembly.missing_extensions(config.markdown_extensions)
        config.extra_css[:0] = assembly.stylesheets()
        config.extra_javascript.append(script := ExtraScriptValue(assembly.ENTRY_SCRIPT_URL))
        script.type = "module"
        self.pagefind = self.config.search == "pagefind" and silence_material_index(config.plugins)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.shown = None
        if refused := assembly.refused_links(Path(config.docs_dir)):
            raise PluginError("\n".join(refused))
        try:
            library = sitebuild.load(self.content, self.project, self.loop, strict=config.strict, warn=log.warning)
        except ContentError as error:
            if self.loop is None:
                raise PluginError(str(error)) from None
            self.shown, self.prerendered = sitebuild.ShownErrors.of(
                error.diagnostics, self.content, config.nav or [], {f.src_uri for f in files},
                config.use_directory_urls), {}
            log.info(self.shown.message)
            return _add(files, config, self.shown.files, assembly.assets())  # no service worker on these
        gc.freeze()  # what is alive now lives through the build: spare it the cyclic collector's walks
        site = sitebuild.Site.from_config(config, self.config, self.project)
        rendered = sitebuild.render(library, site, processes=self.config.processes, prerender=self.config.prerender,
                                    loop=self.loop, log=log.info)
        self.abbreviations, self.prerendered = rendered.abbreviations, rendered.prerendered
        _add(files, config, rendered.files, [*assembly.assets(), assembly.worker()])
        if self.pagefind:  # Material's search box asks its worker; this one answers from the Pagefind index
            for theirs in [f for f in files if MATERIAL_WORKER.fullmatch(f.src_uri)]:
                files.remove(theirs)
                files.append(File.generated(config, theirs.src_uri, abs_src_path=str(WORKER)))
        return files

    def _prerendered(self, page: Page) -> RenderedPage | None:
        """The core's page behind a generated MkDocs page, if the core made its HTML."""
        return self.prerendered.get(page.file.src_uri) if page.file.generated_by is not None else None

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        prerendered = self._prerendered(page)
        if prerendered is not None:  # its HTML is made: no Markdown processor is set up for it
            page.render = functools.partial(_render_prerendered, page, prerendered)  # type: ignore[method-assign]
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return sitebuild.hand_written(markdown, self.abbreviations) if page.file.generated_by is None else markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        prerendered = self._prerendered(page)
        if prerendered is not None and prerendered.html is not None:
            if self.loop is not None and self.loop.kept(page.file.src_uri, prerendered):
                page.meta["template"] = UNCHANGED_TEMPLATE  # its HTML from the last build is written again
            return prerendered.html
        shown = self.shown if page.file.generated_by is None else None  # a banner over each hand-written page
        return shown.banner(page.file.src_uri) + html if shown else html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        prerendered, unchanged = self._prerendered(page), page.meta.get("template") == UNCHANGED_TEMPLATE
        if self.loop is not None and prerendered is not None and unchanged:
            return self.loop.output(page.file.src_uri, prerendered, None)  # as the last build wrote it
        output = mark_page(output, page.file.src_uri) if self.pagefind else output
        return self.loop.output(page.file.src_uri, prerendered, output) if self.loop and prerendered else output

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = env.bytecode_cache or TEMPLATE_CODE  # the theme compiled once a process
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        try:
            sitebuild.finish(config.site_dir, index=self.pagefind, loop=self.loop, log=log.info)
        except (OSError, RuntimeError) as error:
            raise PluginError(f"casebook: the search index or the offline list was not written: {error}") from None

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()


def _add(files: Files, config: MkDocsConfig, pages: Iterable[sitebuild.PageFile],
         assets: Iterable[assembly.Asset]) -> Files:
    """The core's generated pages and browser files, as MkDocs' generated files."""
    for page in pages:
        files.append(file := File.generated(config, page.path, content=page.text))
        file.edit_uri = page.edit_uri
    for asset in assets:
        files.append(File.generated(config, asset.uri, content=asset.text) if asset.text is not None
                     else File.generated(config, asset.uri, abs_src_path=str(asset.path)))
    return files


def _render_prerendered(page: Page, prerendered: RenderedPage, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for a page the core made into HTML: MkDocs' page gets the HTML, table of
    contents and anchors the core gave it, instead of Python-Markdown's."""
    page.content = prerendered.html
    page.toc = get_toc(prerendered.toc)  # type: ignore[arg-type]
    page.present_anchor_ids = set(prerendered.anchors)
    page._title_from_render = None
    page.links_to_anchors = {}
