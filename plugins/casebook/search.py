"""Site search that scales: a Pagefind index of the built site behind Material's own search box.

Material's search downloads one JSON index of every page before the first result (about 10 KB
a page). Pagefind (`pagefind-bin`, its binary in the wheel) indexes the built HTML into
chunks, and a query loads only the chunks and page fragments it needs. Material's search box,
its look and its keyboard behaviour stay as they are: Material's page script talks to its
search worker by messages, and the worker this module puts in place of Material's
(`assets/search-worker.js`) answers those messages from Pagefind, loading it on the first query.
Material's search plugin stays configured (it draws the search box) but no longer parses
every page: its index is written empty.

What is indexed, and how it ranks, is set by `data-pagefind-*` attributes added to each page as
it is written (`mark_page`): the article is the body; site furniture repeated on many pages
(route bars, tags, "linked from" lists, source lists, the library's cards and controls) is
left out, so a school is found by the words of its own page; contributing and reference pages
carry the filter `area:contributing`, and the worker lists them after every content page.

Two indexes are built. `pagefind/` holds every page's text. `pagefind-headlines/` holds each
page's title and opening words (its summary or introduction) only, with the reader's words for it
(its search terms: the glossary's other form of an abbreviation it uses, and the record's own
`search_terms`, see `render/searchterms.py`); the worker searches it first
and shows what it finds at once, then adds the pages that hold the words further down. On a large
library a common word is on nearly every page, and Pagefind ranks every page that holds it in the
reader's browser before showing anything: ranking a few words a page takes a fraction of that.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

WORKER = Path(__file__).parent / "assets" / "search-worker.js"
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")
"""Where Material's search worker lives in the built site (its hash changes with Material's version)."""

CONTRIBUTING = ("contributing.md", "contributing/")
"""Pages for contributors, ranked after content pages."""

EXCERPT_WORDS = 16
"""Words of a result's preview: a short passage around the match, not a whole section."""

_ARTICLE = '<article class="md-content__inner md-typeset">'
_IGNORED = re.compile(
    r'<(div|ul|ol|nav|p|section|form|aside|details|table|fieldset)(\s[^>]*?)?\sclass="('
    r'cb-related|cb-sources|cb-tags|cb-route[^"]*|cb-back[^"]*|cb-filters?[^"]*|cb-library-controls[^"]*'
    r'|cb-cards?[^"]*|cb-compare[^"]*|cb-similar[^"]*|cb-evidence-year|cb-prevnext[^"]*|cb-selfcheck[^"]*'
    r'|cb-plan[^"]*|cb-hub[^"]*)"'
)
"""Elements of site furniture, by class: left out of the index (`data-pagefind-ignore`)."""


def is_contributing(src_uri: str) -> bool:
    return src_uri == CONTRIBUTING[0] or src_uri.startswith(CONTRIBUTING[1])


def mark_page(html: str, src_uri: str) -> str:
    """The written page with Pagefind's attributes: what to index, what to leave out, its area."""
    if _ARTICLE not in html:
        return html  # not a content page (the 404 page): not indexed
    area = "contributing" if is_contributing(src_uri) else "content"
    weight = ' data-pagefind-weight="0.5"' if area == "contributing" else ""
    start = html.index(_ARTICLE)
    head, body = html[:start], html[start:]
    body = body.replace(_ARTICLE, f'<article class="md-content__inner md-typeset" data-pagefind-body'
                                  f' data-pagefind-filter="area:{area}"{weight}>', 1)
    body = _IGNORED.sub(lambda m: f'{m[0]} data-pagefind-ignore="all"', body)
    # The permalink anchor's pilcrow is not part of a section's title.
    body = body.replace('<a class="headerlink" ', '<a data-pagefind-ignore class="headerlink" ')
    return head + body


def silence_material_index(plugins: Any) -> bool:
    """Stop Material's search plugin from parsing every page (its `on_page_context`); it still draws
    the search box and writes an index with no documents. Returns whether the plugin is there."""
    search = plugins.get("material/search") or plugins.get("search")
    if search is None:
        return False
    handlers = plugins.events.get("page_context", [])
    handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not search]
    return True


def pagefind_command(site_dir: str) -> list[str]:
    from pagefind_bin import get_executable  # type: ignore[import-untyped]  # the binary shipped in the `pagefind-bin` wheel

    return [str(get_executable()), "--site", site_dir, "--silent"]


HEADLINES = "pagefind-headlines"
"""The folder of the small index: each page's title and opening words."""

LEDE_WORDS = 40
"""Opening words of a page kept in the small index."""

_HEAD_CHARS = 256 * 1024

_BODY = re.compile(r'<article class="md-content__inner md-typeset" data-pagefind-body'
                   r' data-pagefind-filter="area:(\w+)"')
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
# A record's summary, a hand-written page's introduction, or else its first plain paragraph.
_LEDE = re.compile(r'<div class="cb-summary"><p>(.*?)</p>|<p class="cb-intro">(.*?)</p>|<p>(.*?)</p>', re.S)
_PERMALINK = re.compile(r"<a data-pagefind-ignore class=\"headerlink\".*?</a>", re.S)
_TERMS = re.compile(r'<p class="cb-search-terms" hidden>(.*?)</p>', re.S)
"""The reader's words for a page (`render/searchterms.py`): part of its headline, so that a page
found by one ranks with the pages found by their titles."""
_TAG = re.compile(r"<[^>]+>")


def _text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def headline(page: str) -> tuple[str, str, str] | None:
    """A written page's title, opening words and area (`mark_page`), or None if it is not indexed.
    Read from the page as written, so that a site built by any engine gets the same index."""
    body = _BODY.search(page)
    if body is None:
        return None
    title = _H1.search(page, body.end())
    if title is None:
        return None
    lede = _LEDE.search(page, title.end())
    words = _text(next((g for g in lede.groups() if g is not None), "")).split() if lede else []
    terms = _TERMS.search(page, body.end())
    extra = f" {_text(terms[1])}" if terms else ""
    return _text(_PERMALINK.sub("", title[1])), " ".join(words[:LEDE_WORDS]) + extra, body[1]


def write_headline_pages(site_dir: str, out: str) -> int:
    """Under `out`, for each indexed page of the site at the same path, a page holding only its
    headline (escaped again: it was read as text). Returns how many."""
    count = 0
    for folder, folders, names in os.walk(site_dir):
        if folder == site_dir:  # the indexes and the theme's files hold no pages
            folders[:] = [f for f in folders if f not in ("pagefind", HEADLINES, "assets")]
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as file:
                # The headline is near the top: the rest of a long page (the print-all pages run to
                # megabytes on a large library) is read only if it was not found there.
                found = headline(file.read(_HEAD_CHARS))
                if found is None or not found[1]:
                    file.seek(0)
                    found = headline(file.read())
            if found is None:
                continue
            title, lede, area = (html.escape(part) for part in found)
            weight = ' data-pagefind-weight="0.5"' if area == "contributing" else ""
            target = os.path.join(out, os.path.relpath(path, site_dir))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as file:
                file.write(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
                           f'<body><main data-pagefind-body data-pagefind-filter="area:{area}"{weight}>'
                           f"<h1>{title}</h1><p>{lede}</p></main></body></html>")
            count += 1
    return count


def _pagefind(command: list[str], log: Callable[[str], None]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")
    if result.stderr.strip():
        log(result.stderr.strip())


def build_index(site_dir: str, log: Callable[[str], None]) -> None:
    """Index the built site into `site_dir/pagefind/`, and its headlines into `site_dir/pagefind-headlines/`."""
    _pagefind(pagefind_command(site_dir), log)
    # Thousands of small files, written and read once: in memory where the system offers it
    # (/dev/shm), which took a third of the time of the disk at N = 2,000.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="casebook-headlines-", dir=shm) as stubs:
        write_headline_pages(site_dir, stubs)
        _pagefind([*pagefind_command(stubs), "--output-path", os.path.join(os.path.abspath(site_dir), HEADLINES)], log)


class BackgroundIndex:
    """Under `mkdocs serve`: index after each rebuild without holding up the page that changed.
    A rebuild that ends while an index is being made asks for one more, run when that one ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = False
        self._again: str | None = None

    def request(self, site_dir: str, log: Callable[[str], None]) -> None:
        with self._lock:
            if self._running:
                self._again = site_dir
                return
            self._running = True
        threading.Thread(target=self._run, args=(site_dir, log), daemon=True, name="casebook-pagefind").start()

    def _run(self, site_dir: str, log: Callable[[str], None]) -> None:
        current: str | None = site_dir
        while current is not None:
            try:
                build_index(current, log)
            except (OSError, RuntimeError) as error:
                log(f"search index not updated: {error}")
            with self._lock:
                current, self._again = self._again, None
                if current is None:
                    self._running = False
