"""The text floor of issue 17, and a check of a built site's links.

The text floor is what a build of the same words would cost with no plugin at all: the same
hand-written pages, navigation and theme (Material, with its own search), where every page
the plugin generates is written as plain Markdown holding that page's visible words (its
title, its headings as Markdown headings, its text as paragraphs) with no HTML blocks, no
abbreviations and no plugin. The words are taken from the plugin's own built site, so the two
builds show the same text.

Which words (issue 24: two floors disagreed, this one putting the plugin's build at 1.20 to 1.32
times its floor at N = 100, an independent one at 1.64 to 1.71). Measured at N = 100 (560
generated pages, 1,397,459 words in their articles), the floors differ in what "visible" means:

- the words inside closed `<details>` (a case study's evidence, a quotation's source, a self-check's
  reading list) are 343,000 of them, a quarter, and `hidden` elements 49,000 more. A floor made of
  a first glance's words (what a browser's `innerText` gives: no hidden element, nothing inside a
  closed disclosure) keeps 1,013,630 words, 27% fewer. The benchmark builds that floor too
  (`closed_details=False`, the "glance floor") and prints the plugin's ratio to it beside the fair
  one: at N = 100 it built in 11.22 s of CPU against the fair floor's 12.46 s, and the plugin's
  ratio went from 1.45 to 1.61 (medians of 2 runs, load 16 to 35 on 2 cores): most of the gap.
- The fair floor keeps what a reader can read on the page with no script: a closed `<details>`
  opens with a click and prints, and a site without the plugin holding the same content would
  hold those words too; so they stay. `hidden` elements go: a reader never sees them without the
  plugin's script (filter controls, "why this card" notes, a page's search terms), so a plain
  site of the same content would not have them. 1,348,846 words.
- Escaping is not the difference: only what would change the words is escaped (`_escape`), and
  all the escapes cost 2% of the floor's Markdown conversion on the real site.
- Page counts are equal (every generated page has its floor page; 564 HTML pages each at N = 100),
  and both builds are timed alike: CPU time of the build process and every process it waited for
  (the plugin's forked rendering workers and Pagefind; the floor has no child processes).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', re.S)
_DROP = re.compile(r"<(script|style|template)\b.*?</\1>|<a [^>]*class=\"headerlink\"[^>]*>.*?</a>", re.S | re.I)
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "section", "figure",
                     "blockquote", "nav", "details", "summary", "form", "fieldset", "legend", "label",
                     "caption", "th", "td", "br", "figcaption", "article", "aside"})
"""Elements whose start and end end a paragraph."""
_SPACE = re.compile(r"[ \t\r\f\v]+")
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]])")
"""What would change the words if written as it is: emphasis, code, links, and the escape itself.
Parentheses, `#`, `+`, `!`, `|`, `~` and braces mean nothing in a paragraph's middle."""
_MARKUP_START = re.compile(r"&(?=#?\w+;)|<(?=[A-Za-z/!?])")
"""An `&` that would begin an entity, a `<` that would begin a tag: written as entities."""
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+\.)", re.M)
"""At a line's start these would make a heading, quotation, list or rule."""


def visible_markdown(page_html: str, *, closed_details: bool = True) -> tuple[str, str]:
    """The title and the words of a built page's article that a reader can read with no script, as
    plain Markdown: everything but `hidden` elements, and with `closed_details=False` also but the
    insides of closed `<details>` (their summaries stay): a first glance's words."""
    match = _ARTICLE.search(page_html)
    reader = _Reader(closed_details)
    reader.feed(_DROP.sub(" ", match[1] if match else ""))
    reader.close()
    reader.flush()
    return reader.title, "\n\n".join(p for p in reader.parts if p.strip())


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})


class _Reader(HTMLParser):
    """Walks an article: headings become Markdown headings, the text between block elements
    paragraphs (as `_paragraphs` makes them), and what a reader cannot see is left out."""

    def __init__(self, closed_details: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.closed_details = closed_details
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, left out, a closed <details>)
        self.title = ""
        self.parts: list[str] = []
        self.text: list[str] = []
        self.heading: list[str] | None = None
        self.level = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        skip = bool(self.stack) and self.stack[-1][1]
        if self.stack and self.stack[-1][2] and tag != "summary":
            skip = True  # inside a closed <details>, only its summary shows
        skip = skip or any(name == "hidden" for name, _ in attrs)
        closed = tag == "details" and not self.closed_details and not any(name == "open" for name, _ in attrs)
        self._boundary(tag, opening=True, skip=skip)
        if tag not in _VOID:
            self.stack.append((tag, skip, closed))

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _, _ in self.stack):
            return
        while self.stack:
            open_tag, skip, _ = self.stack.pop()
            if open_tag == tag:
                break
        self._boundary(tag, opening=False, skip=skip)

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1]:
            return
        (self.heading if self.heading is not None else self.text).append(data)

    def _boundary(self, tag: str, *, opening: bool, skip: bool) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            if opening and not skip:
                self.flush()
                self.heading, self.level = [], int(tag[1])
            elif not opening and self.heading is not None:
                text = _SPACE.sub(" ", "".join(self.heading).replace("\n", " ")).strip()
                if self.level == 1 and not self.title:
                    self.title = text
                else:
                    self.parts.append(f"{'#' * self.level} {_escape(text)}")
                self.heading = None
        elif tag in _BLOCKS and self.heading is None:
            self.flush()

    def flush(self) -> None:
        self.parts.append(_paragraphs("".join(self.text)))
        self.text = []


def _escape(text: str) -> str:
    """`text` as Markdown that shows the same words, with as few escapes as that needs: each escape
    is a pattern match in Python-Markdown that the plugin's build does not make. (The floor once
    escaped every punctuation mark Markdown uses anywhere, parentheses included, and `&` as `\\&`,
    which Python-Markdown shows as a backslash and an ampersand.)"""
    text = _MARKUP_START.sub(lambda m: "&amp;" if m[0] == "&" else "&lt;", text)
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m[1]}{m[2][:-1]}\\." if m[2][0].isdigit() else f"{m[1]}\\{m[2]}", text)


def _paragraphs(text: str) -> str:
    """`text` (a run of text between block elements) as Markdown paragraphs."""
    paragraphs = (_SPACE.sub(" ", p.replace("\n", " ")).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(_escape(p) for p in paragraphs if p)


def text_floor_project(generated_project: Path, site: Path, generated: list[str], target: Path, *,
                       closed_details: bool = True) -> Path:
    """The project `casebook generate` wrote (hand-written pages, navigation, theme, assets, no
    plugin) with each generated page in `generated` rewritten as plain Markdown holding the words
    the plugin's build in `site` shows on that page."""
    shutil.copytree(generated_project, target)
    docs = target / "docs"
    for path in generated:
        stem = path.removesuffix(".md")
        built = site / ("index.html" if stem == "index" else
                        f"{stem.removesuffix('index')}index.html" if stem.endswith("index") else f"{stem}/index.html")
        if not built.exists():
            continue
        title, markdown = visible_markdown(built.read_text(encoding="utf-8"), closed_details=closed_details)
        front = f"---\ntitle: {json.dumps(title)}\n---\n\n" if title else ""
        (docs / path).write_text(f"{front}{markdown}\n", encoding="utf-8")
    return target


def broken_links(site: Path, limit: int = 20) -> tuple[int, list[str]]:
    """Links between the built site's pages that lead nowhere: how many, and the first few."""
    count, examples = 0, []
    href = re.compile(r'<a\b[^>]*\shref="([^"#?][^"]*)"')
    for page in site.rglob("*.html"):
        if page.parts[-2:] == ("pagefind",) or page.name == "404.html":
            continue
        base = posixpath.dirname(page.relative_to(site).as_posix())
        for link in href.findall(page.read_text(encoding="utf-8", errors="replace")):
            parts = urlsplit(html.unescape(link))
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            resolved = site / target
            if target.startswith("..") or not (resolved.is_file() or (resolved / "index.html").is_file()):
                count += 1
                if len(examples) < limit:
                    examples.append(f"{page.relative_to(site)} -> {link}")
    return count, examples
