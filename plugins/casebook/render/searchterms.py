"""Search terms: the reader's words that a page does not use itself.

One mechanism for every page and every search engine. A page is found by the words it holds, but
a reader types their own: "DfE" for a page that says "Department for Education", or the reverse.
So each generated page ends with a hidden paragraph (`hidden`: never shown, never read aloud)
that holds, for every glossary abbreviation, the form the page lacks when it uses the other, and
the record's own `search_terms`. Site search indexes it as part of the page (Pagefind indexes
hidden text, and `search.headline` adds it to the page's headline, so a page found by a term
ranks as one found by its title); any other engine that indexes the page's text does too.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Sequence

_TAG = re.compile(r"<[^>]+>")

CLASS = "cb-search-terms"
"""The class of the hidden paragraph (`search.py` reads it back for the headline index)."""


class SearchTerms:
    """The glossary's pairs of abbreviation and expansion, and what each page gains from them."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        # Longest expansions first: "Department for Education and Skills" (DfES) is blanked out of
        # the text before "Department for Education" (DfE) is looked for, so one is not read as the other.
        self._pairs = sorted(((abbr, expansion) for abbr, expansion in pairs if abbr.strip() and expansion.strip()),
                             key=lambda p: -len(p[1]))
        # One pattern for all expansions and one for all abbreviations, each tried once over the page
        # (a search and a substitution a pair made this a fifth of a build of the real site). The
        # alternation lists longer expansions first, so at each place the longest one matches.
        self._index: dict[str, list[int]] = {}
        self._abbr_index: dict[str, list[int]] = {}
        for i, (abbr, exp) in enumerate(self._pairs):
            self._index.setdefault(" ".join(exp.split()).lower(), []).append(i)
            self._abbr_index.setdefault(abbr, []).append(i)
        self._expansions = _alternation([" ".join(exp.split()) for _, exp in self._pairs], re.I)
        self._abbreviations = _alternation(sorted({abbr for abbr, _ in self._pairs}, key=len, reverse=True), 0)

    def of(self, body: str, own: Sequence[str] = ()) -> list[str]:
        """The terms for a page whose Markdown or HTML is `body`: the record's `own` terms, then for
        each abbreviation the page uses without its expansion, the expansion, and the reverse."""
        found: list[str] = [" ".join(t.split()) for t in own if t.strip()]
        # The record's own terms count as the page's words: "DfE standards" brings "Department for Education".
        text = " ".join([*html.unescape(_TAG.sub(" ", body)).split(), *found])
        long: set[int] = set()

        def blank(match: re.Match[str]) -> str:  # an expansion found is blanked out: its words are not an abbreviation
            long.update(self._index[" ".join(match[0].split()).lower()])
            return " "

        text = self._expansions.sub(blank, text) if self._expansions else text
        short = {i for m in self._abbreviations.finditer(text) for i in self._abbr_index[m[0]]} \
            if self._abbreviations else set()
        for i, (abbr, expansion) in enumerate(self._pairs):
            if i in short and i not in long:
                found.append(" ".join(expansion.split()))
            elif i in long and i not in short:
                found.append(abbr)
        return list(dict.fromkeys(found))  # each once, in order


def _alternation(words: Sequence[str], flags: int) -> re.Pattern[str] | None:
    """One pattern matching any of `words` as whole words, the first listed first where two start alike.
    `words` come longest first; when they are ASCII too, the pattern is a trie (`_trie`) that finds
    the same matches in about a third of the time."""
    if not words:
        return None
    if all(w.isascii() for w in words) and all(len(a) >= len(b) for a, b in itertools.pairwise(words)):
        return re.compile(_trie(words, bool(flags & re.I)), re.S)
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})(?!\w)", flags)


_FOLDS = "\u0130\u0131\u017f\u212a"
"""What `re.IGNORECASE` matches with an ASCII letter besides the letters (the `re` documentation's
list: dotted and dotless I, long s, the Kelvin sign)."""


def _trie(words: Sequence[str], ignore_case: bool) -> str:
    """The alternation of `_alternation` as a trie of its words, longer continuations tried first
    (so at each place the longest word matches, as in a longest-first alternation). A page's text
    is millions of characters on a large library: this pattern opens with the class of the words'
    first characters, which `re` scans for in C, and tries the word-start check and one branch of
    the trie only there (an alternation behind a lookbehind tries every word at every word start).
    Case is spelled out in classes (`[Dd]`), not by the flag, which would stop that scan."""

    def same(ch: str) -> set[str]:
        return {ch, ch.upper(), *(c for c in _FOLDS if re.fullmatch(ch, c, re.I))} if ignore_case and ch.isalpha() \
            else {ch}

    def chars(ch: str) -> str:
        return re.escape(ch) if len(same(ch)) == 1 else f"[{''.join(re.escape(c) for c in sorted(same(ch)))}]"

    root: _Trie = {}
    for word in words:
        node = root
        for ch in word.lower() if ignore_case else word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: _Trie) -> str:
        parts = [chars(ch) + branch(child) for ch, child in node.items() if ch]
        parts += [r"(?!\w)"] if "" in node else []
        return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"

    first = "".join(re.escape(c) for c in sorted({c for ch in root for c in same(ch)}))
    starts = "|".join(f"(?<={chars(ch)}){branch(child)}" for ch, child in root.items())
    return rf"[{first}](?<!\w.)(?:{starts})"


_Trie = dict[str, "_Trie"]


def block(terms: Sequence[str]) -> str:
    """The hidden paragraph holding `terms`, or "" when there are none. Every term is escaped: the
    glossary and the records are contributed text."""
    if not terms:
        return ""
    return f'<p class="{CLASS}" hidden>{html.escape(" · ".join(terms))}</p>'
