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

    def block(self, text: str | None) -> Markup:
        if not text:
            return Markup("")
        rendered = self._md.reset().convert(text)
        return Markup(nh3.clean(rendered, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                                url_schemes={"http", "https", "mailto"}, link_rel="noopener"))

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
