"""The search terms' patterns (render/searchterms.py) are tries built for speed: they must match
exactly what the plain longest-first alternation they replace matches, case folding included."""

from __future__ import annotations

import re

from casebook.render.searchterms import SearchTerms, _alternation

PAIRS = [("DfES", "Department for Education and Skills"), ("DfE", "Department for Education"),
         ("ICT", "information and communication technology"), ("IT", "information technology"),
         ("SEN", "special educational needs"), ("SENCO", "special educational needs co-ordinator"),
         ("NGfL", "National Grid for Learning"), ("SLT", "senior leadership team")]

TEXTS = [
    "the Department for Education and Skills (DfES) and the DfE",
    "DEPARTMENT FOR EDUCATION, department for educationx, xDepartment for Education",
    "a SENCO, a SEN pupil, SENCOs, _SEN, SEN_ and SEN-related",
    "information technology and communication, Information and Communication Technology",
    # What re.IGNORECASE matches with an ASCII letter besides the letters: long s, dotless and
    # dotted I, the Kelvin sign.
    "\u017fpecial educational needs, \u0130nformation technology, \u0131nformation technology, \u212ansert",
    "National Grid for Learning\nNGfL\tSLT senior  leadership team",
    "",
]


def _plain(words: list[str], flags: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})(?!\w)", flags)


def test_the_tries_match_what_the_alternations_match() -> None:
    terms = SearchTerms(PAIRS)
    expansions = [" ".join(e.split()) for _, e in terms._pairs]
    abbreviations = sorted({a for a, _ in terms._pairs}, key=len, reverse=True)
    assert terms._expansions is not None and terms._abbreviations is not None
    assert terms._expansions.pattern.startswith("["), "the expansions' pattern is not the trie"
    for text in TEXTS:
        for trie, plain in ((terms._expansions, _plain(expansions, re.I)), (terms._abbreviations,
                                                                           _plain(abbreviations, 0))):
            assert [(m.start(), m[0]) for m in trie.finditer(text)] == \
                [(m.start(), m[0]) for m in plain.finditer(text)], text
    # Known answers: the longest expansion wins where two start alike, case folds as re.I does.
    assert [m[0] for m in terms._expansions.finditer(TEXTS[0])] == ["Department for Education and Skills"]
    assert [m[0] for m in terms._expansions.finditer(TEXTS[4])] == [
        "\u017fpecial educational needs", "\u0130nformation technology", "\u0131nformation technology"]
    assert [m[0] for m in terms._abbreviations.finditer(TEXTS[2])] == ["SENCO", "SEN", "SEN"]
    # Terms come in the glossary's order, longest expansion first.
    assert terms.of("<p>The DfE and the SENCO</p>") == ["special educational needs co-ordinator",
                                                         "Department for Education"]


def test_words_the_trie_cannot_take_keep_the_alternation() -> None:
    # Not ASCII, or not longest first: the plain alternation, as before.
    assert _alternation(["Schülerrat", "SR"], re.I).pattern.startswith("(?<!")  # type: ignore[union-attr]
    assert _alternation(["SR", "Schools"], 0).pattern.startswith("(?<!")  # type: ignore[union-attr]
    assert _alternation(["Schools", "SR"], 0).pattern.startswith("[")  # type: ignore[union-attr]
    assert _alternation([], 0) is None
