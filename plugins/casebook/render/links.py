"""Relative links between pages, in the URL style of the generator that serves them."""

from __future__ import annotations

import posixpath


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
