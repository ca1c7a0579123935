"""The MkDocs plugin: a thin adapter that hands the core's pages to MkDocs.

Everything about content lives in the core (`library`, `render`); this module
only translates MkDocs events into calls to it. MkDocs makes a new plugin
object for every rebuild under `mkdocs serve`, so nothing is kept between builds.
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

from .config import CasebookConfig
from .diagnostics import ContentError, Diagnostic
from .form import GitHub, contributions_email
from .incremental import UNCHANGED_TEMPLATE, FileCache, OutputCache, RenderCache, remember_theme_listing, site_key
from .library import load_library
from .offline import SERVICE_WORKER, SERVICE_WORKER_PATH, service_worker, write_manifest
from .parallel import render_pages
from .render import Linker, Renderer
from .render import Page as RenderedPage
from .render.errors import error_pages, error_paths
from .render.html import Permalink
from .search import MATERIAL_WORKER, WORKER, BackgroundIndex, build_index, mark_page, silence_material_index
from .served import strips, without_jsdoc
from .templatecache import TEMPLATE_CODE

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent / "assets"
ASSET_URL = "assets/casebook"
THEME = Path(__file__).parent / "theme"
OVERRIDES = Path(__file__).parent / "overrides"
REQUIRED_EXTENSIONS = ("abbr", "attr_list", "tables")
"""Markdown extensions the generated pages rely on: abbreviations, heading ids, tables."""


class CasebookPlugin(BasePlugin[CasebookConfig]):
    content_errors: Sequence[Diagnostic] = ()
    """Under `mkdocs serve`, the content errors of the last build (shown in the browser); else empty."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `serve` shows content errors in the browser; `build` and `gh-deploy` fail on them.
        # (Defining this hook also keeps one plugin object across the rebuilds of one `serve`.)
        self.command = command
        # Under `serve`, files that did not change are not parsed again, nor pages rendered again.
        self.file_cache = FileCache() if command == "serve" else None
        self.render_cache = RenderCache() if command == "serve" else None
        self.output_cache = OutputCache() if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project = Path(config.config_file_path).parent
        self.content = self.project / self.config.content_dir
        if not self.content.is_dir():
            raise PluginError(f"casebook: the content folder {self.content} does not exist")
        if self.config.processes < 0:
            raise PluginError("casebook: `processes` must be 0 (one per processor core) or more")
        # Live reload: `mkdocs serve` rebuilds when a content file changes.
        config.watch.append(str(self.content))
        config.theme.dirs.append(str(THEME))  # casebook-unchanged.html (see on_page_content)
        # Before Material's own templates (after a project's `custom_dir`, which still wins): the
        # header's repository link without the script that would fetch facts from api.github.com.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))
        if getattr(self, "command", "build") == "serve":
            remember_theme_listing(config.theme)
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        # Every stylesheet of the package, base first; scripts load through the one entry module.
        for position, sheet in enumerate(sorted(ASSETS.glob("*.css"), key=lambda p: p.name != "casebook.css")):
            config.extra_css.insert(position, f"{ASSET_URL}/{sheet.name}")
        script = ExtraScriptValue(f"{ASSET_URL}/casebook.js")
        script.type = "module"
        config.extra_javascript.append(script)
        self.pagefind = self.config.search == "pagefind" and silence_material_index(config.plugins)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.content_errors = ()
        _refuse_links(files, Path(config.docs_dir))
        try:
            file_cache = getattr(self, "file_cache", None)
            if file_cache is not None:
                file_cache.begin()
                library = load_library(self.content, self.project, load=file_cache)
            else:
                library = load_library(self.content, self.project)
        except ContentError as error:
            if getattr(self, "command", "build") == "serve":
                return self._show_errors(error, files, config)
            raise PluginError(str(error)) from None
        if library.warnings and config.strict and getattr(self, "command", "build") == "serve":
            # Under `serve --strict` these warnings would fail the rebuild and leave the browser waiting.
            return self._show_errors(ContentError(library.warnings), files, config)
        for warning in library.warnings:  # what the sanitiser removes: an error under --strict
            log.warning(str(warning))
        # What is alive now (the library, MkDocs' own state) lives through the build: spare it the
        # cyclic collector's repeated walks (2 s of a build of 3,000 records). Undone after the build.
        gc.freeze()
        templates = [self.project / self.config.templates_dir] if self.config.templates_dir else []
        renderer = Renderer(library, Linker(directory_urls=config.use_directory_urls), templates,
                            permalink=Permalink.from_config(config.mdx_configs.get("toc")),
                            github=GitHub.from_config(config.repo_url, config.edit_uri),
                            contact=contributions_email(config.extra))
        # Only the abbreviations are needed after this (the renderer holds the whole library).
        self.abbreviations = renderer.abbreviations
        count = 0
        # Pages the core made into HTML reach MkDocs with their front matter only, and their HTML and
        # table of contents are put in place after MkDocs' Markdown step (`on_page_content`):
        # Python-Markdown never parses their HTML blocks, the larger part of a build's time.
        self.prerendered: dict[str, RenderedPage] = {}
        render_cache = getattr(self, "render_cache", None)
        if render_cache is not None and file_cache is not None:
            settings = (config.use_directory_urls, repr(renderer.permalink), tuple(map(str, templates)),
                        config.repo_url, config.edit_uri)
            pages = render_cache.pages(renderer, file_cache.changed, settings,
                                       lambda r: render_pages(r, self.config.processes))
            if self.output_cache is not None:
                self.output_cache.begin(site_key(config.config_file_path, config.docs_dir,
                                                 (config.site_url, config.use_directory_urls)))
            log.info(f"parsed {file_cache.parsed} content files, rendered {render_cache.rendered} pages")
        else:
            pages = render_pages(renderer, self.config.processes)
        for page in pages:
            if page.html is not None and self.config.prerender:
                self.prerendered[page.path] = page
            markdown = _front(page) if page.path in self.prerendered else page.markdown
            file = File.generated(config, page.path, content=markdown)
            if page.source and self.config.edit_content and config.repo_url and config.edit_uri:
                file.edit_uri = f"{config.edit_uri.rstrip('/').rsplit('/docs', 1)[0]}/{page.source}"
            elif page.source is None:
                file.edit_uri = None
            files.append(file)
            count += 1
        _add_assets(files, config)
        files.append(File.generated(config, SERVICE_WORKER_PATH, content=service_worker()))
        if self.pagefind:
            # Material's search box asks its worker; this one answers from the Pagefind index.
            for theirs in [f for f in files if MATERIAL_WORKER.fullmatch(f.src_uri)]:
                files.remove(theirs)
                files.append(File.generated(config, theirs.src_uri, abs_src_path=str(WORKER)))
        log.info(f"generated {count} pages from {self.content.name}/")
        return files

    def _show_errors(self, error: ContentError, files: Files, config: MkDocsConfig) -> Files:
        """Under `mkdocs serve`, content errors become a page in the browser instead of a failed build.

        MkDocs serves nothing until a rebuild succeeds, so a failed one leaves the browser waiting; and
        under `--strict` a warning fails the build. So the errors are logged as information, and every
        address where a generated page would be (each content file's page, the navigation's pages)
        answers with the list of every error, file, line and column. Hand-written pages, the field
        reference among them, build as usual, with a banner pointing at the list (`on_page_content`).
        """
        self.content_errors = error.diagnostics
        self.prerendered = {}  # the last good build's pages must not stand in for the error pages
        listed = "\n".join(map(str, error.diagnostics))
        log.info(f"the site shows these content problems until they are fixed:\n{listed}")
        present = {file.src_uri for file in files}
        paths = [p for p in error_paths(self.content, _nav_paths(config.nav or [])) if p not in present]
        self.error_page = paths[0] if paths else None
        for page in error_pages(error.diagnostics, paths, Linker(directory_urls=config.use_directory_urls)):
            file = File.generated(config, page.path, content=page.markdown)
            file.edit_uri = None
            files.append(file)
        _add_assets(files, config)
        self.abbreviations = getattr(self, "abbreviations", "")
        return files

    def _prerendered(self, page: Page) -> RenderedPage | None:
        """The core's page behind a generated MkDocs page, if the core made its HTML."""
        if page.file.generated_by is None:
            return None
        prerendered: dict[str, RenderedPage] = getattr(self, "prerendered", {})
        return prerendered.get(page.file.src_uri)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        prerendered = self._prerendered(page)
        if prerendered is not None:
            # Its HTML is made: no Markdown processor is set up for it (a millisecond a page).
            page.render = functools.partial(_render_prerendered, page, prerendered)  # type: ignore[method-assign]
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        prerendered = self._prerendered(page)
        if prerendered is not None and prerendered.html is not None:
            page.toc = get_toc(prerendered.toc)  # type: ignore[arg-type]
            page.present_anchor_ids = set(prerendered.anchors)
            output_cache = getattr(self, "output_cache", None)
            if output_cache is not None and output_cache.get(page.file.src_uri, prerendered) is not None:
                page.meta["template"] = UNCHANGED_TEMPLATE  # its HTML from the last build is written again
            return prerendered.html
        # Under `mkdocs serve` with content errors: a banner on the hand-written pages that still build.
        if not self.content_errors or page.file.generated_by is not None or self.error_page is None:
            return html
        count = len(self.content_errors)
        link = Linker(directory_urls=config.use_directory_urls).link(self.error_page, page.file.src_uri)
        return (f'<div class="admonition failure cb-content-errors-banner" role="alert"><p>The content has '
                f'{count} error{"s" if count != 1 else ""}, so the library\'s pages are not built: '
                f'<a href="{link}">see every error, with its file and line</a>.</p></div>\n{html}')

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        prerendered = self._prerendered(page)
        output_cache: OutputCache | None = getattr(self, "output_cache", None)
        if prerendered is not None and output_cache is not None:
            if page.meta.get("template") == UNCHANGED_TEMPLATE:
                kept = output_cache.get(page.file.src_uri, prerendered, count=True)
                assert kept is not None, "on_page_content chose the template only for pages with kept HTML"
                return kept
            output = mark_page(output, page.file.src_uri) if self.pagefind else output
            output_cache.put(page.file.src_uri, prerendered, output)
            return output
        return mark_page(output, page.file.src_uri) if self.pagefind else output

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # The theme's templates are compiled once a process, not once a rebuild under `mkdocs serve`.
        if env.bytecode_cache is None:
            env.bytecode_cache = TEMPLATE_CODE
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if not self.pagefind:
            write_manifest(config.site_dir)
            return
        if getattr(self, "command", "build") == "serve":
            write_manifest(config.site_dir)  # (without the search index, which is still being made)
            # The changed page is served at once; search catches up a moment later.
            if not hasattr(self, "background_index"):
                self.background_index = BackgroundIndex()
            self.background_index.request(config.site_dir, log.info)
        else:
            try:
                build_index(config.site_dir, log.info)
            except (OSError, RuntimeError) as error:
                raise PluginError(f"casebook: the search index was not built: {error}") from None
            write_manifest(config.site_dir)  # every page and the search index, to save for offline use

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Hand-written pages get the glossary's abbreviations too; generated pages carry their own.
        if page.file.generated_by is None:
            return f"{markdown}\n\n{self.abbreviations}\n"
        return markdown


def _render_prerendered(page: Page, prerendered: RenderedPage, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` for a page the core made into HTML: MkDocs' page gets the HTML, table of
    contents and anchors the core gave it, instead of Python-Markdown's."""
    page.content = prerendered.html
    page.toc = get_toc(prerendered.toc)  # type: ignore[arg-type]
    page.present_anchor_ids = set(prerendered.anchors)
    page._title_from_render = None
    page.links_to_anchors = {}


def _front(page: RenderedPage) -> str:
    """A prerendered page's Markdown as MkDocs reads it: the front matter, no body."""
    markdown = page.markdown
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[:end + 5]
    return ""


def _nav_paths(nav: Sequence[object]) -> list[str]:
    """Every page path the navigation names (`case-studies/index.md` ...), not external links."""
    found: list[str] = []
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, list):
                found += _nav_paths(value)
            elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
                found.append(value)
    return found


def _refuse_links(files: Files, docs_dir: Path) -> None:
    """A symbolic link (or a special file) under `docs/` would be copied into the published site
    with whatever it points at; hand-written pages and assets must be regular files. The rule is
    `files.py`'s, the one `casebook generate` follows too (MkDocs' `files` are all under `docs_dir`)."""
    from os.path import relpath

    from .diagnostics import printable
    from .files import Files as Rule  # (MkDocs' `Files` has that name here)
    from .files import Refused

    project = docs_dir.parent
    try:
        refused = Rule(project).links(docs_dir)
    except Refused as error:  # `docs/` itself is a link
        refused = [error]
    if refused:
        raise PluginError("\n".join(printable(f"{Path(relpath(r.path, project)).as_posix()}: {r.reason}")
                                     for r in refused))


def _add_assets(files: Files, config: MkDocsConfig) -> None:
    """The package's browser files, subfolders too (vendor/ and lazy/, see form.py); the project's
    own modules without their JSDoc blocks (`served.py`)."""
    for asset in sorted(ASSETS.rglob("*")):
        if asset.is_file() and asset != SERVICE_WORKER:
            uri = f"{ASSET_URL}/{asset.relative_to(ASSETS).as_posix()}"
            if strips(asset, ASSETS):
                files.append(File.generated(config, uri, content=without_jsdoc(asset.read_text(encoding="utf-8"))))
            else:
                files.append(File.generated(config, uri, abs_src_path=str(asset)))
