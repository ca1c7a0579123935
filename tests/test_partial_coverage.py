"""Partial coverage travels with the record (issue 28.3): a standard the library's source covers only
in part says so wherever it is headed (its own page, its list of parts) or listed and counted (Where
we stand). Checked on the built site."""

from __future__ import annotations

from pathlib import Path

from casebook.library import Library, load_library

from tests.test_standards import by_class, parse, text

ROOT = Path(__file__).resolve().parents[1]
PARTIAL = {
    "broadband-internet": "The backup connection and the security and safeguarding systems it asks for are named "
                          "but not described",
    "cyber-security": "The library's source gives only its first three standards, from summaries of the 2024 "
                      "update; the rest are not covered",
    "digital-leadership-and-governance": "Its second, third and fourth standards are known by their titles only",
    "filtering-and-monitoring": "Its four standards are known by their titles only",
    "network-switching": "The library has only its name",
    "wireless-network": "The library has only its name",
}


def library() -> Library:
    return load_library(ROOT / "case_studies", ROOT)


def test_the_records_that_cover_part_of_a_standard() -> None:
    assert {s.id: s.partial for s in library().models("standards") if s.partial} == PARTIAL


def test_each_standard_page_says_it_covers_only_part(site: Path) -> None:
    for standard_id, partial in PARTIAL.items():
        root = parse(site / "standards" / standard_id / "index.html")
        assert [text(p) for p in by_class(root, "p", "cb-partial")] == [
            f"Only part of this standard is covered. {partial}."], standard_id
        # Its list of parts is headed as the source's, not as the whole standard's.
        headings = [text(h) for h in root.iter("h2") if h.get("id") == "parts"]
        assert all(h.startswith("The ") and h.endswith("standards in the library's source¶") for h in headings), (
            standard_id, headings)


def test_where_we_stand_marks_each_partly_covered_standard_it_counts(site: Path) -> None:
    root = parse(site / "where-we-stand" / "index.html")
    rows = {tr.get("data-standard"): tr for tr in root.iter("tr") if tr.get("data-standard")}
    counted = {s for s, tr in rows.items() if tr.get("data-selfcheck")}
    assert counted == {"broadband-internet", "cyber-security", "digital-leadership-and-governance",
                       "filtering-and-monitoring"}
    for standard_id in counted:
        th = next(rows[standard_id].iter("th"))
        assert [text(s) for s in by_class(th, "span", "cb-partial-mark")] == ["(only part covered)"], standard_id
    for standard_id in set(rows) - counted:  # named only: the row says so in words
        assert "the library has only this standard's name" in text(rows[standard_id])


def test_then_and_now_marks_each_partly_covered_standard_it_lists(site: Path) -> None:
    root = parse(site / "then-and-now" / "index.html")
    summary = by_class(root, "div", "cb-tn-summary")[0]
    listed = next(p for p in summary.iter("p") if text(p).startswith("The standards: "))
    marks: dict[str, list[str]] = {}
    current = None
    for element in listed:
        if element.tag == "a" and "/standards/" in (element.get("href") or ""):
            current = (element.get("href") or "").rstrip("/").rpartition("/")[2]
            marks[current] = []
        elif current and element.tag == "span" and "cb-partial-mark" in (element.get("class") or ""):
            marks[current].append(text(element))
    assert marks == {standard_id: ["(only part covered)"] for standard_id in PARTIAL}
