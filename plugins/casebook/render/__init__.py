"""Render the library into pages: where pages live (`site`), links between them (`links`),
what templates call (`helpers`), and the pages themselves (`pages`). What these share (a page to
render, a rendered page, what helpers need of the renderer) is in `base`, which imports none of them."""

from __future__ import annotations

from .base import Job, Page
from .helpers import filter_facets
from .links import Linker
from .pages import TEMPLATES, Renderer
from .site import FOLDERS, HUB, KIND_NAMES, LIBRARIES, PLAN, SOURCES, page_path

__all__ = ["FOLDERS", "HUB", "KIND_NAMES", "LIBRARIES", "PLAN", "SOURCES", "TEMPLATES", "Job", "Linker", "Page",
           "Renderer", "filter_facets", "page_path"]
