"""The text floor of issue 17, and a check of a built site's links.

The text floor is what a build of the same words would cost with no plugin at all: the same
hand-written pages, navigation and theme (Material, with its own search), where every page
the plugin generates is written as plain Markdown holding that page's visible words (its
title, its headings as Markdown headings, its text as paragraphs) with no HTML blocks, no
abbreviations and no plugin. The words are taken from the plugin's own built site, so the two
builds show the same text.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', re.S)
_DROP = re.compile(r"<(script|style|template)\b.*?</\1>|<a [^>]*class=\"headerlink\"[^>]*>.*?</a>", re.S | re.I)
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S | re.I)
_BLOCK = re.compile(r"</?(p|div|li|ul|ol|dl|dt|dd|tr|table|section|figure|blockquote|nav|details|summary|form|"
                    r"fieldset|legend|label|caption|th|td|br|figcaption|article|aside)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]])")
"""What would change the words if written as it is: emphasis, code, links, and the escape itself.
Parentheses, `#`, `+`, `!`, `|`, `~` and braces mean nothing in a paragraph's middle."""
_MARKUP_START = re.compile(r"&(?=#?\w+;)|<(?=[A-Za-z/!?])")
"""An `&` that would begin an entity, a `<` that would begin a tag: written as entities."""
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+\.)", re.M)
"""At a line's start these would make a heading, quotation, list or rule."""


def visible_markdown(page_html: str) -> tuple[str, str]:
    """The title and the visible words of a built page's article, as plain Markdown."""
    match = _ARTICLE.search(page_html)
    body = _DROP.sub(" ", match[1] if match else "")
    title = ""
    parts: list[str] = []
    last = 0
    for heading in _HEADING.finditer(body):
        parts.append(_paragraphs(body[last:heading.start()]))
        text = _text(heading[2])
        if heading[1] == "1" and not title:
            title = text
        else:
            parts.append(f"{'#' * int(heading[1])} {_escape(text)}")
        last = heading.end()
    parts.append(_paragraphs(body[last:]))
    return title, "\n\n".join(p for p in parts if p.strip())


def _text(fragment: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()


def _escape(text: str) -> str:
    """`text` as Markdown that shows the same words, with as few escapes as that needs: each escape
    is a pattern match in Python-Markdown that the plugin's build does not make. (The floor once
    escaped every punctuation mark Markdown uses anywhere, parentheses included, and `&` as `\\&`,
    which Python-Markdown shows as a backslash and an ampersand.)"""
    text = _MARKUP_START.sub(lambda m: "&amp;" if m[0] == "&" else "&lt;", text)
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m[1]}{m[2][:-1]}\\." if m[2][0].isdigit() else f"{m[1]}\\{m[2]}", text)


def _paragraphs(fragment: str) -> str:
    text = html.unescape(_TAG.sub("", _BLOCK.sub("\n\n", fragment)))
    paragraphs = (_SPACE.sub(" ", p.replace("\n", " ")).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(_escape(p) for p in paragraphs if p)


def text_floor_project(generated_project: Path, site: Path, generated: list[str], target: Path) -> Path:
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
        title, markdown = visible_markdown(built.read_text(encoding="utf-8"))
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
