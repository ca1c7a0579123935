"""The reader's words in search (issue 26 item 6): glossary abbreviations both ways, and a record's
own `search_terms`, written hidden into each page and into its search headline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from casebook.library import Library, load_library
from casebook.render.searchterms import SearchTerms, block
from casebook.search import headline

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = [("DfE", "Department for Education"), ("DfES", "Department for Education and Skills"),
            ("ICT", "information and communication technology")]
TERMS = re.compile(r'<p class="cb-search-terms" hidden>(.*?)</p>', re.S)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "case_studies", ROOT)


def terms_of(site: Path, page: str) -> list[str]:
    found = TERMS.findall((site / page / "index.html").read_text(encoding="utf-8"))
    assert len(found) == 1, f"{page}: {len(found)} search-terms paragraphs"
    return found[0].split(" · ")


def test_an_abbreviation_finds_the_expansion_and_the_reverse() -> None:
    terms = SearchTerms(GLOSSARY)
    assert terms.of('<p>The <abbr title="Department for Education">DfE</abbr> says so.</p>') == [
        "Department for Education"]
    assert terms.of("<p>The Department for Education says so.</p>") == ["DfE"]
    assert terms.of("<p>The department for education says so.</p>") == ["DfE"]  # as a reader types it
    assert terms.of("<p>The DfE (Department for Education) says so.</p>") == []  # both there already


def test_a_longer_expansion_is_not_read_as_a_shorter_one() -> None:
    terms = SearchTerms(GLOSSARY)
    # The Department for Education and Skills (2007) is not the Department for Education; "DfES" is not "DfE".
    assert terms.of("<p>The Department for Education and Skills funded it.</p>") == ["DfES"]
    assert terms.of("<p>DfES funding</p>") == ["Department for Education and Skills"]
    assert terms.of("<p>ICT-based lessons</p>") == ["information and communication technology"]


def test_a_record_s_own_terms_come_first_once_each_and_escaped() -> None:
    terms = SearchTerms(GLOSSARY)
    assert terms.of("<p>DfE</p>", ["Wi-Fi", "  Wi-Fi ", "WiFi"]) == ["Wi-Fi", "WiFi", "Department for Education"]
    assert block(["<script>x</script> & co"]) == (
        '<p class="cb-search-terms" hidden>&lt;script&gt;x&lt;/script&gt; &amp; co</p>')
    assert block([]) == ""


def test_standards_carry_the_readers_words(library: Library) -> None:
    for standard in library.models("standards"):
        assert "DfE digital and technology standards" in standard.search_terms, standard.id


def test_built_pages_hold_their_terms_and_their_headline_does_too(site: Path) -> None:
    # A standard's page: its own terms, then the abbreviation its text does not use.
    assert terms_of(site, "standards/wireless-network") == [
        "DfE digital and technology standards", "Wi-Fi", "WiFi", "Department for Education"]
    title, lede, area = headline((site / "standards" / "wireless-network" / "index.html").read_text(encoding="utf-8"))
    assert (title, area) == ("Wireless network", "content")
    assert lede.endswith("DfE digital and technology standards · Wi-Fi · WiFi · Department for Education")
