"""Contributed Markdown to safe HTML, with abbreviations explained.

Text fields are untrusted. Raw HTML in them is escaped (shown as text) by
switching off Python-Markdown's HTML handling, and the result then passes an
allow-list sanitiser (nh3, bindings to the Ammonia library) as a second line of
defence, which also drops `javascript:` links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

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


# --- budgets on untrusted Markdown -----------------------------------------------------------
#
# Python-Markdown spends time out of all proportion to a text's length on a few shapes of text
# (measured on Python-Markdown 3.11 with this module's extensions, 20,000-character fields):
# - every `[` no `]` closes, and every `](` no `)` closes, makes each link pattern read the rest of
#   the paragraph again, character by character in Python: 20,000 `[` took minutes, `[a][` x 5,000
#   27 s, `[a](` x 5,000 6.6 s; brackets nested n deep are read n times over;
# - lists and quotations nested a few hundred deep recurse until Python gives up (RecursionError),
#   and cost time quadratic in the depth before that (200 levels: 0.5 s);
# - a run of a few thousand `*` recurses the same way in the emphasis patterns;
# - 5,000 lines with no blank line between them (headings, rules, `=` underlines, table rows) took
#   4 to 6 s: the block parser splits the rest of the block into lines again for each one;
# - and, linear but dear, every emphasis, code span or link: see MARKS_PER_CHARACTERS.
# Real content uses at most one `[`, four characters of list and quotation markers before a line's
# text, runs of two `*` and twelve lines in a block: the budgets below leave room for any honest
# text and keep the cost of a text linear in its length, so that a file's cost is bounded by its
# size (benchmarks/hostile.py measures it with real builds).

MAX_UNCLOSED = 10
"""`[` that no `]` closes, and `](` that no `)` closes, in one text field."""
MAX_BRACKET_DEPTH = 10
"""Square brackets inside square brackets."""
MAX_NESTING = 10
"""List and quotation levels before a line's text: markers (`>`, `-`, `*`, `+`, `1.`) and indents of four spaces."""
MAX_RUN = 10
"""The same emphasis or code character (`*`, `_`, a backquote) written so many times in a row."""
MARKS_FREE = 10
MARKS_PER_CHARACTERS = 20
"""Emphasis, code and link marks (`*`, `_`, backquotes, `[`): ten in any text, and one for every 20
characters. Each pair costs Python-Markdown about 0.13 ms, as much as a paragraph of prose: 5,000
`_a_` in one field took 0.5 s, and a file of them 8 s, against 4 to 5 s of CPU for the whole site.
The densest real text holds one for every 100 characters."""
MAX_LINES = 50
"""Lines of one block of text, up to a blank line: the block parser (the `tables` extension first)
splits a block into lines again for every heading, rule or list item it takes off it."""

_BRACKETS = re.compile(r"\\.|\]\(|[\[\]()]|\n[ \t]*\n", re.S)
_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*", re.M)
_MARKERS = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])")
_RUN = re.compile(rf"([*_`])\1{{{MAX_RUN},}}")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MAY_NEST = re.compile(r"^[ \t]*(?:>|[-*+][ \t]|\d{1,9}[.)][ \t])|^ {4}|^\t", re.M)


def budget_problem(text: str) -> str | None:
    """Why Python-Markdown would spend far too long on `text`, said for its contributor, or None.

    Checked once for each Markdown field when a file is validated, so a text over budget is refused
    at its line before any page is built. Linear in the text's length."""
    if "[" in text:
        found = _bracket_problem(text)
        if found:
            return found
    run = _RUN.search(text)
    if run:
        return (f"holds {len(run.group(0)):,} `{run.group(1)}` in a row; at most {MAX_RUN} are allowed, as longer "
                "runs make the site's Markdown converter recurse without end: write fewer")
    if text.count("\n") >= MAX_LINES:
        longest = max(block.count("\n") + 1 for block in _BLANK_LINE.split(text))
        if longest > MAX_LINES:
            return (f"runs {longest:,} lines without a blank line; at most {MAX_LINES} are allowed, as the site's "
                    "Markdown converter reads the whole run again for each heading, rule or list item in it: "
                    "put a blank line between paragraphs")
    if _MAY_NEST.search(text):
        deepest = max(_depth(match.group(0)) for match in _PREFIX.finditer(text))
        if deepest > MAX_NESTING:
            return (f"nests lists or quotations {deepest} levels deep; at most {MAX_NESTING} are allowed, as deeper "
                    "nesting makes the site's Markdown converter recurse without end: flatten the list")
    marks = text.count("*") + text.count("_") + text.count("`") + text.count("[")
    allowed = MARKS_FREE + len(text) // MARKS_PER_CHARACTERS
    if marks > allowed:
        return (f"holds {marks:,} emphasis, code and link marks (`*`, `_`, backquotes, `[`) in {len(text):,} "
                f"characters; at most {allowed:,} are allowed here ({MARKS_FREE}, and one for every "
                f"{MARKS_PER_CHARACTERS} characters), as each costs the site's Markdown converter as much as a "
                "paragraph of prose: use fewer")
    return None


def _depth(prefix: str) -> int:
    """The list and quotation levels a line's prefix opens: its markers, and its indentation in steps of four."""
    markers = len(_MARKERS.findall(prefix))
    indent = len(prefix.expandtabs(4)) - len(prefix.expandtabs(4).lstrip(" \t"))
    return markers + indent // 4


def _bracket_problem(text: str) -> str | None:
    """`[` and `](` that nothing closes, and brackets nested too deep, counted as Python-Markdown's link
    patterns match them: within a paragraph, a backslash escaping the next character."""
    unclosed = deepest = 0
    brackets: list[int] = []  # open `[`
    parens: list[int] = []  # the depth of `(` inside each open `](`
    for token in _BRACKETS.finditer(text):
        mark = token.group(0)
        if mark[0] == "\n":  # a blank line ends the paragraph, and what is open in it
            unclosed += len(brackets) + len(parens)
            brackets.clear()
            parens.clear()
        elif mark == "[":
            brackets.append(token.start())
            deepest = max(deepest, len(brackets))
        elif mark == "]" and brackets:
            brackets.pop()
        elif mark == "](" and brackets:  # `[text](`: the link pattern now looks for the `)` closing it
            brackets.pop()
            parens.append(0)
        elif mark == "(" and parens:
            parens[-1] += 1
        elif mark == ")" and parens:
            if parens[-1]:
                parens[-1] -= 1
            else:
                parens.pop()
    unclosed += len(brackets) + len(parens)
    if unclosed > MAX_UNCLOSED:
        return (f"holds {unclosed:,} `[` (or `](`) that no `]` (or `)`) closes in the same paragraph; at most "
                f"{MAX_UNCLOSED} are allowed, as each makes the site's Markdown converter read the rest of the "
                "paragraph again: close them, or write `\\[` for a bracket meant as text")
    if deepest > MAX_BRACKET_DEPTH:
        return (f"nests square brackets {deepest} deep; at most {MAX_BRACKET_DEPTH} are allowed, as each level makes "
                "the site's Markdown converter read its text again")
    return None


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
    value = re.sub(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", "&amp;", value, flags=re.IGNORECASE)
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_MEMO_SIZE = 200_000
"""Texts remembered at most, so that a long `mkdocs serve` session cannot grow without bound."""


@dataclass
class _Memo:
    """What the texts rendered with one glossary gave, shared by the `Markdown`s of one process."""

    html: dict[str, Markup] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    """What the sanitiser removed from each text that was converted, in words for its contributor."""


_memos: dict[tuple[tuple[str, str], ...], _Memo] = {}


def _memo(glossary: dict[str, str]) -> _Memo:
    """The HTML of every text rendered with this glossary, shared by the `Markdown`s of one process.

    A text's HTML depends on the text and the glossary only. One build renders many texts more
    than once (a school's summary on its page, its library card and the page of every case
    study), and under `mkdocs serve` each rebuild renders again texts that did not change. Only
    the latest glossary's texts are kept. Validation asks what the sanitiser removes before the
    pages are rendered (`Markdown.removals`): the answer comes from the same conversion, so each
    text is parsed once per process (the rendering workers are forked with the memo in them)."""
    key = tuple(sorted(glossary.items()))
    if key not in _memos:
        _memos.clear()
        _memos[key] = _Memo()
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
        done = self._done.html.get(text)
        if done is None:
            prose = self._prose(text)
            done = Markup(prose if prose is not None else self._convert(text))
            if len(self._done.html) >= _MEMO_SIZE:
                self._done.html.clear()
                self._done.removed.clear()
            self._done.html[text] = done
        return done

    def _convert(self, text: str) -> str:
        """Python-Markdown's HTML of `text`, sanitised, noting what the sanitiser removes. A text over
        the budget (which validation refuses) is shown as escaped text, never given to the converter."""
        if budget_problem(text):
            return "\n".join(f"<p>{escape(p)}</p>" for p in _PARAGRAPH_BREAK.split(text))
        html = self._md.reset().convert(text)
        if _LINK_OR_IMAGE.search(text):
            self._done.removed[text] = _removed(html)
        return _clean(html)

    def removals(self, text: str) -> list[str]:
        """What the sanitiser removes from this Markdown text, said for the contributor: links to
        `javascript:` and other unsafe addresses, and images (a page never loads anything from another
        site). Raw HTML is not in the list: it is shown as text, not removed. The text is converted
        here once, and its HTML kept for the page."""
        if not _LINK_OR_IMAGE.search(text):
            return []
        self.block(text)
        return self._done.removed.get(text, [])

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


def _removed(html: str) -> list[str]:
    """What `_clean` will remove from Python-Markdown's `html`, in words for the contributor."""
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
