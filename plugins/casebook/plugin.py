"""The MkDocs plugin: a thin adapter that hands the core's pages to MkDocs.

Everything about content lives in the core (`library`, `render`), and what a build is assembled
from in `assembly.py`, shared with the other engines' path; this module only translates MkDocs
events into calls to them. Under `mkdocs serve` one plugin object lives across rebuilds (it
defines `on_startup`), holding the caches of the edit loop (`incremental.py`).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import assembly
from .config import CasebookConfig
from .diagnostics import ContentError, Diagnostic
from .editloop import EditLoop
from .incremental import UNCHANGED_TEMPLATE, remember_theme_listing, site_key
from .library import load_library
from .offline import write_manifest
from .parallel import render_pages
from .render import Linker
from .render import Page as RenderedPage
from .render.errors import error_banner, error_site
from .search import MATERIAL_WORKER, WORKER, BackgroundIndex, build_index, mark_page, silence_material_index
from .templatecache import TEMPLATE_CODE

log = get_plugin_logger(__name__)


class CasebookPlugin(BasePlugin[CasebookConfig]):
    content_errors: Sequence[Diagnostic] = ()
    """Under `mkdocs serve`, the content errors of the last build (shown in the browser); else empty."""
    command = "build"
    loop: EditLoop | None = None
    """Under `mkdocs serve`, what the rebuilds keep (`editloop.py`)."""
    prerendered: dict[str, RenderedPage] = {}  # noqa: RUF012 (replaced, never changed in place)
    """Pages the core made into HTML, by path: they reach MkDocs with their front matter only, their
    HTML put in place after MkDocs' Markdown step, so Python-Markdown never parses their HTML blocks."""
    abbreviations = ""
    error_page: str | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `serve` shows content errors in the browser and keeps what did not change between rebuilds.
        self.command = command
        self.loop = EditLoop() if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project = Path(config.config_file_path).parent
        self.content = self.project / self.config.content_dir
        problem = assembly.check_settings(self.content, self.config.processes)
        if problem:
            raise PluginError(problem)
        config.watch.append(str(self.content))  # live reload on a content change
        config.theme.dirs.append(str(assembly.THEME))  # casebook-unchanged.html (see on_page_content)
        # After a project's `custom_dir`: the header's repository link without a script calling api.github.com.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(assembly.OVERRIDES))
        if self.command == "serve":
            remember_theme_listing(config.theme)
        config.markdown_extensions += [e for e in assembly.REQUIRED_EXTENSIONS if e not in config.markdown_extensions]
        config.extra_css[:0] = assembly.stylesheets()
        script = ExtraScriptValue(f"{assembly.ASSET_URL}/{assembly.ENTRY_SCRIPT}")
        script.type = "module"
        config.extra_javascript.append(script)
        self.pagefind = self.config.search == "pagefind" and silence_material_index(config.plugins)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.content_errors = ()
        refused = assembly.refused_links(Path(config.docs_dir))
        if refused:
            raise PluginError("\n".join(refused))
        try:
            library = (self.loop.load if self.loop else load_library)(self.content, self.project)
        except ContentError as error:
            if self.command == "serve":
                return self._show_errors(error, files, config)
            raise PluginError(str(error)) from None
        if library.warnings and config.strict and self.command == "serve":
            # Under `serve --strict` these warnings would fail the rebuild and leave the browser waiting.
            return self._show_errors(ContentError(library.warnings), files, config)
        for warning in library.warnings:  # what the sanitiser removes: an error under --strict
            log.warning(str(warning))
        # What is alive now lives through the build: spare it the cyclic collector's walks (undone after).
        gc.freeze()
        templates = [self.project / self.config.templates_dir] if self.config.templates_dir else []
        renderer = assembly.renderer_for(library, templates=templates, directory_urls=config.use_directory_urls,
                                         toc=config.mdx_configs.get("toc"), repo_url=config.repo_url,
                                         edit_uri=config.edit_uri, extra=config.extra)
        self.abbreviations = renderer.abbreviations
        if self.loop is not None:
            settings = (config.use_directory_urls, repr(renderer.permalink), tuple(map(str, templates)),
                        config.repo_url, config.edit_uri)
            site = site_key(config.config_file_path, config.docs_dir, (config.site_url, config.use_directory_urls))
            pages = self.loop.pages(renderer, settings, site, lambda r: render_pages(r, self.config.processes))
            log.info(self.loop.summary)
        else:
            pages = render_pages(renderer, self.config.processes)
        self.prerendered = {p.path: p for p in pages if p.html is not None and self.config.prerender}
        edit_uri = config.edit_uri if self.config.edit_content and config.repo_url else None
        for page in pages:
            markdown = page.front_matter if page.path in self.prerendered else page.markdown
            file = File.generated(config, page.path, content=markdown)
            if page.source is None or edit_uri:
                file.edit_uri = assembly.edit_link(page.source, edit_uri)
            files.append(file)
        for asset in [*assembly.assets(), assembly.worker()]:
            files.append(_asset_file(config, asset))
        if self.pagefind:  # Material's search box asks its worker; this one answers from the Pagefind index
            for theirs in [f for f in files if MATERIAL_WORKER.fullmatch(f.src_uri)]:
                files.remove(theirs)
                files.append(File.generated(config, theirs.src_uri, abs_src_path=str(WORKER)))
        log.info(f"generated {len(pages)} pages from {self.content.name}/")
        return files

    def _show_errors(self, error: ContentError, files: Files, config: MkDocsConfig) -> Files:
        """Under `mkdocs serve`, content errors are a page in the browser instead of a failed build (which
        would leave the browser waiting): every address of a generated page lists every error, and
        hand-written pages build as usual under a banner pointing at the list (`on_page_content`)."""
        self.content_errors, self.prerendered = error.diagnostics, {}
        log.info("the site shows these content problems until they are fixed:\n"
                 + "\n".join(map(str, error.diagnostics)))
        pages = error_site(error.diagnostics, self.content, config.nav or [], {file.src_uri for file in files},
                           Linker(directory_urls=config.use_directory_urls))
        self.error_page = pages[0].path if pages else None
        for page in pages:
            files.append(file := File.generated(config, page.path, content=page.markdown))
            file.edit_uri = None
        for asset in assembly.assets():
            files.append(_asset_file(config, asset))
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
        # Hand-written pages get the glossary's abbreviations too; generated pages carry their own.
        return f"{markdown}\n\n{self.abbreviations}\n" if page.file.generated_by is None else markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        prerendered = self._prerendered(page)
        if prerendered is not None and prerendered.html is not None:
            page.toc = get_toc(prerendered.toc)  # type: ignore[arg-type]
            page.present_anchor_ids = set(prerendered.anchors)
            if self.loop is not None and self.loop.kept(page.file.src_uri, prerendered):
                page.meta["template"] = UNCHANGED_TEMPLATE  # its HTML from the last build is written again
            return prerendered.html
        if not self.content_errors or page.file.generated_by is not None or self.error_page is None:
            return html
        link = Linker(directory_urls=config.use_directory_urls).link(self.error_page, page.file.src_uri)
        return error_banner(len(self.content_errors), link) + html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        prerendered = self._prerendered(page)
        if prerendered is not None and self.loop is not None and page.meta.get("template") == UNCHANGED_TEMPLATE:
            return self.loop.output(page.file.src_uri, prerendered, None)  # as the last build wrote it
        output = mark_page(output, page.file.src_uri) if self.pagefind else output
        if prerendered is not None and self.loop is not None:
            self.loop.output(page.file.src_uri, prerendered, output)
        return output

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = env.bytecode_cache or TEMPLATE_CODE  # the theme compiled once a process
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if self.pagefind and self.command != "serve":
            try:
                build_index(config.site_dir, log.info)
            except (OSError, RuntimeError) as error:
                raise PluginError(f"casebook: the search index was not built: {error}") from None
        write_manifest(config.site_dir)  # the files to save for offline use (under serve, without the index)
        if self.pagefind and self.command == "serve":
            # The changed page is served at once; search catches up a moment later.
            self.background_index = getattr(self, "background_index", None) or BackgroundIndex()
            self.background_index.request(config.site_dir, log.info)

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()


def _asset_file(config: MkDocsConfig, asset: assembly.Asset) -> File:
    if asset.text is not None:
        return File.generated(config, asset.uri, content=asset.text)
    return File.generated(config, asset.uri, abs_src_path=str(asset.path))


def _render_prerendered(page: Page, prerendered: RenderedPage, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for a page the core made into HTML: MkDocs' page gets the HTML, table of
    contents and anchors the core gave it, instead of Python-Markdown's."""
    page.content = prerendered.html
    page.toc = get_toc(prerendered.toc)  # type: ignore[arg-type]
    page.present_anchor_ids = set(prerendered.anchors)
    page._title_from_render = None
    page.links_to_anchors = {}
