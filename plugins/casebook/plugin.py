"""The MkDocs plugin: a thin adapter that hands the core's pages to MkDocs.

Everything about content lives in the core (`library`, `render`); this module
only translates MkDocs events into calls to it. MkDocs makes a new plugin
object for every rebuild under `mkdocs serve`, so nothing is kept between builds.
"""

from __future__ import annotations

import gc
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .config import CasebookConfig
from .diagnostics import ContentError
from .library import load_library
from .offline import SERVICE_WORKER, SERVICE_WORKER_PATH, service_worker
from .parallel import render_pages
from .render import Linker, Renderer

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent / "assets"
ASSET_URL = "assets/casebook"
REQUIRED_EXTENSIONS = ("abbr", "attr_list", "tables")
"""Markdown extensions the generated pages rely on: abbreviations, heading ids, tables."""


class CasebookPlugin(BasePlugin[CasebookConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project = Path(config.config_file_path).parent
        self.content = self.project / self.config.content_dir
        if not self.content.is_dir():
            raise PluginError(f"casebook: the content folder {self.content} does not exist")
        if self.config.processes < 0:
            raise PluginError("casebook: `processes` must be 0 (one per processor core) or more")
        # Live reload: `mkdocs serve` rebuilds when a content file changes.
        config.watch.append(str(self.content))
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        # Every stylesheet of the package, base first; scripts load through the one entry module.
        for position, sheet in enumerate(sorted(ASSETS.glob("*.css"), key=lambda p: p.name != "casebook.css")):
            config.extra_css.insert(position, f"{ASSET_URL}/{sheet.name}")
        script = ExtraScriptValue(f"{ASSET_URL}/casebook.js")
        script.type = "module"
        config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        try:
            library = load_library(self.content, self.project)
        except ContentError as error:
            raise PluginError(str(error)) from None
        # What is alive now (the library, MkDocs' own state) lives through the build: spare it the
        # cyclic collector's repeated walks (2 s of a build of 3,000 records). Undone after the build.
        gc.freeze()
        templates = [self.project / self.config.templates_dir] if self.config.templates_dir else []
        renderer = Renderer(library, Linker(directory_urls=config.use_directory_urls), templates)
        # Only the abbreviations are needed after this (the renderer holds the whole library).
        self.abbreviations = renderer.abbreviations
        count = 0
        for page in render_pages(renderer, self.config.processes):
            file = File.generated(config, page.path, content=page.markdown)
            if page.source and self.config.edit_content and config.repo_url and config.edit_uri:
                file.edit_uri = f"{config.edit_uri.rstrip('/').rsplit('/docs', 1)[0]}/{page.source}"
            elif page.source is None:
                file.edit_uri = None
            files.append(file)
            count += 1
        for asset in sorted(ASSETS.iterdir()):
            if asset.is_file() and asset != SERVICE_WORKER:
                files.append(File.generated(config, f"{ASSET_URL}/{asset.name}", abs_src_path=str(asset)))
        files.append(File.generated(config, SERVICE_WORKER_PATH, content=service_worker()))
        log.info(f"generated {count} pages from {self.content.name}/")
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Hand-written pages get the glossary's abbreviations too; generated pages carry their own.
        if page.file.generated_by is None:
            return f"{markdown}\n\n{self.abbreviations}\n"
        return markdown
