"""Contributed Markdown to safe HTML, with abbreviations explained.

Text fields are untrusted. Raw HTML in them is escaped (shown as text) by
switching off Python-Markdown's HTML handling, and the result then passes an
allow-list sanitiser (nh3, bindings to the Ammonia library) as a second line of
defence, which also drops `javascript:` links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import markdown
import nh3
from markdown.extensions.abbr import AbbrExtension
from markupsafe import Markup, escape

_ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "abbr", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_SYNTAX_CHARACTERS = re.compile(r"[\\`*_\[\]<>&#|\t\r\x02\x03]")
_SYNTAX_LINE_START = re.compile(r"^(?: |[-+=]|\d+[.)])", re.M)
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")
_TAG = re.compile(r"(<[^>]*>)")
_STRONG = re.compile(r"(?<![\w*])\*\*([^\s*](?:[^*\n]*[^\s*])?)\*\*(?![\w*])")
"""`**strong**` around words on one line, not inside a word: what Python-Markdown surely makes `<strong>`."""


def _may_be_markdown(text: str) -> bool:
    """Whether `text` holds anything that could be Markdown syntax, or change how Python-Markdown
    treats it. (One regular expression with all of these as alternatives took four times as long.)"""
    return bool(_SYNTAX_CHARACTERS.search(text) or _SYNTAX_LINE_START.search(text) or " \n" in text
                or text[0].isspace() or text[-1].isspace())


def _clean(html: str) -> str:
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener")


def _attribute(value: str) -> str:
    """An attribute value escaped as Python-Markdown's serializer escapes it."""
    value = re.sub(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", "&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_MEMO_SIZE = 200_000
"""Texts remembered at most, so that a long `mkdocs serve` session cannot grow without bound."""
_memos: dict[tuple[tuple[str, str], ...], dict[str, Markup]] = {}


def _memo(glossary: dict[str, str]) -> dict[str, Markup]:
    """The HTML of every text rendered with this glossary, shared by the `Markdown`s of one process.

    A text's HTML depends on the text and the glossary only. One build renders many texts more
    than once (a school's summary on its page, its library card and the page of every case
    study), and under `mkdocs serve` each rebuild renders again texts that did not change. Only
    the latest glossary's texts are kept."""
    key = tuple(sorted(glossary.items()))
    if key not in _memos:
        _memos.clear()
        _memos[key] = {}
    return _memos[key]


class Markdown:
    """Renders untrusted Markdown text fields to sanitised HTML."""

    def __init__(self, glossary: dict[str, str]) -> None:
        self.glossary = glossary
        self._done = _memo(glossary)
        self._md = markdown.Markdown(
            extensions=["sane_lists", "tables", AbbrExtension(glossary=glossary)],
            output_format="html",
        )
        # Without these two, `<script>` written in a text field would pass through as markup.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        # The abbreviations as the `abbr` extension marks them up, for `_prose` below.
        self._abbr_re = re.compile(
            rf"\b(?:{'|'.join(re.escape(k) for k in sorted(glossary, key=len, reverse=True))})\b"
        ) if glossary else None
        self._abbr_html = {abbr: _clean(f'<abbr title="{_attribute(title)}">{abbr}</abbr>')
                           for abbr, title in glossary.items()}

    def block(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        done = self._done.get(text)
        if done is None:
            prose = self._prose(text)
            done = Markup(prose if prose is not None else _clean(self._md.reset().convert(text)))
            if len(self._done) >= _MEMO_SIZE:
                self._done.clear()
            self._done[text] = done
        return done

    def _prose(self, text: str) -> str | None:
        """The sanitised HTML of plain prose, or None for any other text.

        Plain prose is text with no Markdown syntax but `**strong**` spans of plain words. Most
        text fields are such prose, and Python-Markdown spends about 0.2 ms on even one word
        (1.7 ms on an average text with a bold lead-in): most of the time of rendering a
        record's page. Such text holds no `<` or `&`, so it cannot carry markup, and nothing is
        left for the sanitiser to do. A test checks that this gives the very same HTML as
        Python-Markdown and nh3 for every text field and thousands of random ones.
        """
        if not text:
            return None
        strong = "**" in text
        if _may_be_markdown(_STRONG.sub(r"\1", text) if strong else text):
            return None  # (so an abbreviation such as `T&L` never matches here)
        if strong:
            text = _STRONG.sub(r"<strong>\1</strong>", text)
        paragraphs = _PARAGRAPH_BREAK.split(text)
        if self._abbr_re is not None:
            paragraphs = [self._abbreviate_outside_tags(p) for p in paragraphs]
        # nh3 writes a no-break space as an entity; so does this, to give the same HTML.
        return "\n".join(f"<p>{p}</p>" for p in paragraphs).replace("\xa0", "&nbsp;")

    def _abbreviate_outside_tags(self, html: str) -> str:
        """Mark abbreviations in the text of `html`, never inside a tag: a glossary term such as
        `strong` must not rewrite the `<strong>` this fast path wrote (Python-Markdown's `abbr`
        works on text nodes only, and the two paths must agree)."""
        assert self._abbr_re is not None
        parts = _TAG.split(html)
        for i in range(0, len(parts), 2):  # even parts are text, odd parts are tags
            parts[i] = self._abbr_re.sub(lambda m: self._abbr_html[m.group(0)], parts[i])
        return "".join(parts)

    def plain(self, text: str) -> Markup:
        """Plain text (a title, a label) as escaped HTML, its abbreviations marked as `<abbr>` elements.

        Generated pages carry their abbreviations as elements the renderer writes, never as Markdown
        definitions for MkDocs to parse: a definition line built from contributed text was a way to
        put markup on every page.
        """
        if self._abbr_re is None:
            return escape(text)
        out: list[str] = []
        last = 0
        for match in self._abbr_re.finditer(text):
            out.append(str(escape(text[last:match.start()])))
            out.append(self._abbr_html[match.group(0)])
            last = match.end()
        out.append(str(escape(text[last:])))
        return Markup("".join(out))

    def heading(self, text: str) -> Markup:
        """Plain text for a Markdown heading line: no Markdown syntax survives, abbreviations marked."""
        if self._abbr_re is None:
            return Markup(escape_markdown(text))
        out: list[str] = []
        last = 0
        for match in self._abbr_re.finditer(text):
            out.append(escape_markdown(text[last:match.start()]))
            out.append(self._abbr_html[match.group(0)])
            last = match.end()
        out.append(escape_markdown(text[last:]))
        return Markup("".join(out))

    def inline(self, text: str | None) -> Markup:
        """One line of text, without the surrounding paragraph."""
        rendered = str(self.block(text))
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            rendered = rendered[3:-4]
        return Markup(rendered)


def escape_markdown(text: str) -> str:
    """Plain text made safe to place in a Markdown line (a heading, say): no markup survives."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def abbreviation_definitions(terms: Iterable[tuple[str, str]]) -> str:
    """Markdown abbreviation definitions (`*[ICT]: ...`) for MkDocs' `abbr` extension on hand-written pages.

    Safe only because the glossary's terms and expansions are validated to one line of plain text
    (`schema.vocabularies.Term`); generated pages never carry them (see `Markdown.plain`).
    """
    return "\n".join(f"*[{abbr}]: {expansion}" for abbr, expansion in terms)


_LINK_OR_IMAGE = re.compile(r"\]\(|<|javascript:|data:|vbscript:", re.I)
_HREF = re.compile(r'<a [^>]*href="([^"]*)"')
_IMG = re.compile(r'<img [^>]*src="([^"]*)"')
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_plain_md: markdown.Markdown | None = None


def removals(text: str) -> list[str]:
    """What the sanitiser removes from this Markdown text, said for the contributor: links to
    `javascript:` and other unsafe addresses, and images (a page never loads anything from another
    site). Raw HTML is not in the list: it is shown as text, not removed."""
    global _plain_md
    if not _LINK_OR_IMAGE.search(text):
        return []
    if _plain_md is None:
        _plain_md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
        _plain_md.preprocessors.deregister("html_block")
        _plain_md.inlinePatterns.deregister("html")
    html = _plain_md.reset().convert(text)
    found = []
    for src in _IMG.findall(html):
        found.append(f"the image `{_short(src)}` is removed: pages show no images from text fields, and never "
                     "load anything from another site; link to it instead")
    for href in _HREF.findall(html):
        address = href.strip().lower()
        if ":" in address.split("/")[0] and not address.startswith(_SAFE_SCHEMES):
            found.append(f"the link to `{_short(href)}` is removed: links may go to `http:`, `https:` or "
                         "`mailto:` addresses, or to pages of the site")
    return found


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
