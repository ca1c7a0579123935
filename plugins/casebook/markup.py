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
from markupsafe import Markup

_ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "abbr", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_SYNTAX = re.compile(r"[\\`*_\[\]<>&#|\t\r\x02\x03]|^ |^[-+=]|^\d+[.)]| $|\A\s|\s\Z", re.M)
"""Anything that could be Markdown syntax, or change how Python-Markdown treats the text."""
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def _clean(html: str) -> str:
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener")


def _attribute(value: str) -> str:
    """An attribute value escaped as Python-Markdown's serializer escapes it."""
    value = re.sub(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", "&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class Markdown:
    """Renders untrusted Markdown text fields to sanitised HTML."""

    def __init__(self, glossary: dict[str, str]) -> None:
        self.glossary = glossary
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
        prose = self._prose(text)
        if prose is not None:
            return Markup(prose)
        return Markup(_clean(self._md.reset().convert(text)))

    def _prose(self, text: str) -> str | None:
        """The sanitised HTML of text with no Markdown syntax at all, or None for any other text.

        Most text fields are plain prose, and Python-Markdown spends about 0.2 ms on even one
        word: most of the time of rendering a record's page. Such text holds no `<` or `&`,
        so it cannot carry markup, and nothing is left for the sanitiser to do. A test checks
        that this gives the very same HTML as Python-Markdown and nh3 for every text field.
        """
        if not text or _SYNTAX.search(text):  # (so an abbreviation such as `T&L` never matches here)
            return None
        paragraphs = _PARAGRAPH_BREAK.split(text)
        if self._abbr_re is not None:
            paragraphs = [self._abbr_re.sub(lambda m: self._abbr_html[m.group(0)], p) for p in paragraphs]
        # nh3 writes a no-break space as an entity; so does this, to give the same HTML.
        return "\n".join(f"<p>{p}</p>" for p in paragraphs).replace("\xa0", "&nbsp;")

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
    """Markdown abbreviation definitions (`*[ICT]: ...`), understood by Python-Markdown's `abbr`."""
    return "\n".join(f"*[{abbr}]: {expansion}" for abbr, expansion in terms)
