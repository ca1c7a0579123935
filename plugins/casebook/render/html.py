"""A generated page's Markdown body turned into final HTML and a table of contents, cheaply.

Templates write pages as Markdown heading lines (`## Title {: #id }`) and raw HTML blocks, the
contributed text in them already sanitised HTML. Python-Markdown passes such HTML blocks
through unchanged, but it spends most of a build finding where each one ends (its HTML parser
and `md_in_html`). This module does the same job for exactly this shape of page: heading lines
become `<hN id>` elements with the permalink anchor the `toc` extension adds, HTML blocks are
copied as they are, and the headings give the table of contents (the tokens MkDocs'
`get_toc` takes). Anything else on a page (a paragraph of Markdown, a list, a heading without
an id) is not guessed at: `to_html` returns None and the page goes through Python-Markdown as
before. A test compares this with Python-Markdown, configured as the site configures it, on
every generated page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from markdown.extensions.toc import slugify

BLOCK_LEVEL = frozenset({
    "address", "article", "aside", "blockquote", "body", "canvas", "center", "colgroup", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "group", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "iframe", "legend", "li", "main", "map", "math", "menu", "nav", "noscript",
    "object", "ol", "option", "output", "p", "pre", "progress", "script", "section", "style", "summary", "table",
    "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul", "video",
})
"""Python-Markdown's block-level elements (`Markdown.block_level_elements`): a line starting with one
of these starts a raw HTML block."""

_HEADING = re.compile(r"(#{1,6})[ \t]+(.+?)[ \t]*(?:\{:[ \t]*#([A-Za-z][\w-]*)[ \t]*\}[ \t]*|#*[ \t]*)")
_BLOCK_START = re.compile(r" {0,3}<([A-Za-z][A-Za-z0-9-]*)")
_ELEMENT: dict[str, re.Pattern[str]] = {}
_UNSURE = re.compile(r"""<!--|<script|<style|<!\[|="[^"<>]*[<>]|='[^'<>]*[<>]""", re.I)
"""What could make counting elements go wrong (see `_raw_block_end`)."""
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~])")
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]!~]|\{:|&(?![#\w]+;)|  $")
_TAGS = re.compile(r"<[^>]*>")
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass
class Permalink:
    """The permalink anchor the `toc` extension adds to each heading (`toc: permalink: ...`)."""

    text: str | None = "&para;"
    title: str = "Permanent link"
    css_class: str = "headerlink"
    slugs: bool = True
    """Whether a heading without an id gets the `toc` extension's default one (no custom `slugify`)."""

    @classmethod
    def from_config(cls, toc: dict[str, Any] | None) -> Permalink:
        """The anchor as MkDocs' `markdown_extensions: - toc: {...}` settings make it."""
        toc = toc or {}
        permalink = toc.get("permalink", False)
        slugs = "slugify" not in toc and toc.get("separator", "-") == "-"
        if permalink is False or permalink is None or permalink == "":
            return cls(text=None, slugs=slugs)
        return cls(text="&para;" if permalink is True else str(permalink),
                   title=str(toc.get("permalink_title", "Permanent link")),
                   css_class=str(toc.get("permalink_class", "headerlink")), slugs=slugs)


@dataclass
class Rendered:
    """A page's final HTML, its table of contents (MkDocs' toc tokens) and the ids it holds."""

    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def to_html(body: str, permalink: Permalink | None = None) -> Rendered | None:
    """The HTML of a page body of Markdown headings with ids and raw HTML blocks, or None if the
    body holds anything else (then only Python-Markdown can say what it means)."""
    permalink = permalink or Permalink()
    if _UNSURE.search(body):
        return None
    out: list[str] = []
    headings: list[tuple[int, str, str, str]] = []
    ids: set[str] = set()
    pos, end = 0, len(body)
    while pos < end:
        line_end = body.find("\n", pos)
        if line_end == -1:
            line_end = end
        line = body[pos:line_end]
        if not line.strip():
            pos = line_end + 1
            continue
        heading = _HEADING.fullmatch(line)
        if heading:
            level, text, anchor = len(heading[1]), heading[2], heading[3]
            inner = _heading_html(text)
            if inner is None:
                return None
            if anchor is None:  # the id the `toc` extension would give it
                if not permalink.slugs:
                    return None
                anchor = _unique(slugify(unescape(_toc_name(inner)), "-"), ids)
            link = (f'<a class="{permalink.css_class}" href="#{anchor}" title="{permalink.title}">{permalink.text}</a>'
                    if permalink.text is not None else "")
            out.append(f'<h{level} id="{anchor}">{inner}{link}</h{level}>')
            headings.append((level, anchor, _toc_name(inner), inner))
            ids.add(anchor)
            pos = line_end + 1
            continue
        start = _BLOCK_START.match(body, pos)
        if not start or start[1].lower() not in BLOCK_LEVEL:
            return None
        block_end = _raw_block_end(body, pos, start[1].lower())
        if block_end is None:
            return None
        # What follows the block's closing tag on its line must be nothing, or another block.
        rest_end = body.find("\n", block_end)
        rest_end = end if rest_end == -1 else rest_end
        rest = body[block_end:rest_end]
        if rest.strip():
            following = _BLOCK_START.match(rest.lstrip())
            if not following or following[1].lower() not in BLOCK_LEVEL:
                return None
        block = body[pos:block_end]
        out.append(block)
        if " id=" in block:
            ids.update(a or b for a, b in _ID.findall(block))
        pos = block_end + len(rest) - len(rest.lstrip()) if rest.strip() else rest_end + 1
    return Rendered("\n".join(out), _nest(headings), ids)


def _raw_block_end(body: str, pos: int, name: str) -> int | None:
    """Where the raw HTML block starting at `pos` with a `name` element ends: after the end tag
    that closes that element.

    Python-Markdown's HTML extractor keeps a stack of every open element, and an end tag closes
    what was opened after its start tag too; for the well-formed HTML the templates and the
    sanitiser write, counting the elements of this one name finds the same end, and much
    faster. Where the count could be fooled (comments, script or style text, a `<` in an
    attribute value) the caller is told to leave the page to Python-Markdown.
    """
    if name == "hr":
        close = body.find(">", pos)
        return None if close == -1 else close + 1
    pattern = _ELEMENT.get(name)
    if pattern is None:
        pattern = _ELEMENT[name] = re.compile(rf"<(/?){name}(?=[\s/>])([^<>]*)>", re.I)
    depth = 0
    for tag in pattern.finditer(body, pos):
        if tag[1]:
            depth -= 1
            if depth <= 0:
                return tag.end()
        elif not tag[2].rstrip().endswith("/"):
            depth += 1
        elif depth == 0:
            return tag.end()
    return None


def _heading_html(text: str) -> str | None:
    """The inline HTML of a heading's Markdown text: backslash escapes undone, HTML (`<abbr>`,
    entities) kept; None if the text holds Markdown syntax this module does not interpret."""
    plain = _ESCAPED.sub("", _TAGS.sub("", text))
    if _INLINE_SYNTAX.search(plain):
        return None
    return _ESCAPED.sub(r"\1", text)


def _unique(anchor: str, ids: set[str]) -> str:
    """`toc`'s `unique`: an id already used gets `_1`, `_2` ... appended."""
    found, count = anchor, 0
    while found in ids or not found:
        count += 1
        found = f"{anchor}_{count}"
    return found


def _toc_name(inner: str) -> str:
    """The heading's text as the `toc` extension names it: tags dropped, entities kept as written."""
    return _TAGS.sub("", inner)


def _nest(headings: list[tuple[int, str, str, str]]) -> list[dict[str, Any]]:
    """Flat headings nested into toc tokens, as the `toc` extension nests them."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, anchor, name, inner in headings:
        token: dict[str, Any] = {"level": level, "id": anchor, "name": name, "html": inner, "data-toc-label": "",
                                 "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def all_ids(html: str) -> set[str]:
    """Every `id` attribute in `html` (the anchors other pages may link to)."""
    return {a or b for a, b in _ID.findall(html)}


def plain_text(html: str) -> str:
    """The visible text of `html`, tags dropped and entities decoded."""
    return unescape(_TAGS.sub(" ", html))
