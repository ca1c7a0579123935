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
    "filtering-and-monitoring": "Its third and fourth standards are known by their titles only; the first two only "
                                "through what the page says of roles and of the senior leadership team's checks",
    "network-switching": "The library has only its name",
    "wireless-network": "The library has only its name",
}


NAME_ONLY = {"network-switching", "wireless-network"}


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
    # A standard the library knows by name only covers no part: its mark says so (fidelity second reading).
    assert marks == {standard_id: ["(name only)" if standard_id in NAME_ONLY else "(only part covered)"]
                     for standard_id in PARTIAL}


def test_the_mark_comes_from_the_record() -> None:
    """The mark is "(name only)" exactly for the records that say `expects: not assessed`."""
    assert {s.id for s in library().models("standards") if s.expects == "not assessed"} == NAME_ONLY


def test_where_we_stand_says_which_standards_it_counts_and_which_it_knows_by_name(site: Path) -> None:
    """Finding 1 of the second reading: the intro and the no-JavaScript note say the counts and the self-check
    links are for the standards the library covers, and name those it knows by name only, from the data."""
    root = parse(site / "where-we-stand" / "index.html")
    assert text(by_class(root, "p", "cb-intro")[0]) == (
        "How your school stands against the Department for Education's (DfE) digital and technology standards, "
        "the six core standards schools are expected to meet by 2030. For each of the four the library "
        "covers, it counts how many practices your self-check answers say are in place, in progress or not yet "
        "in place, and links that standard's self-check; Network switching and Wireless network the library "
        "knows by name only, so they have no questions. Print it as a one-page summary for governors. Your "
        "answers stay in this browser.")
    assert text(by_class(root, "p", "cb-noscript-note")[0]) == (
        "The counts come from answers saved in your browser, which needs JavaScript. The self-check of each "
        "standard the library covers is linked above; Network switching and Wireless network the library knows "
        "by name only.")


def test_the_case_study_library_says_contributed_only_when_a_school_is(site: Path) -> None:
    """Finding 2: where the schools come from is worked out from what each cites; none is contributed yet."""
    root = parse(site / "case-studies" / "index.html")
    intro = text(by_class(root, "p", "cb-intro")[0])
    assert intro.startswith(
        "Nine schools (five primary, one junior, one secondary, one all-through, one phase not stated), each a case "
        "study under the same six headings: from the 2007 NCSL study and from the course's own case-study videos "
        "(the library has only the opening of each transcript). Compare"), intro
    assert "contributed" not in intro


def test_a_contributed_school_is_said_to_be_contributed(tmp_path: Path) -> None:
    """The other side of finding 2: a school citing neither the 2007 study nor a course video (here School A,
    given a new source of its own in a copy of the content) makes the intro say "contributed since"."""
    import shutil

    from casebook.render import Renderer

    content = tmp_path / "case_studies"
    shutil.copytree(ROOT / "case_studies", content)
    school = content / "schools" / "school-a.yaml"
    old = ('  - source: ncsl-2007\n    locator: "Case studies: School A"\n'
           '  - source: ncsl-2007\n    locator: "The schools (overview)"\n')
    new = ("  - new_source:\n      title: Staff survey on technology\n      author: Headteacher\n"
           "      year: 2025\n      kind: survey\n")
    source = school.read_text(encoding="utf-8")
    assert source.count(old) == 1
    school.write_text(source.replace(old, new), encoding="utf-8")
    renderer = Renderer(load_library(content, tmp_path))
    page = renderer.render(next(j for j in renderer.jobs() if j.path == "case-studies/index.md"))
    assert ("each a case study under the same six headings: from the 2007 NCSL study, from the course's own "
            "case-study videos (the library has only the opening of each transcript) and contributed since.") in (
        page.html or page.markdown).replace("&#39;", "'")
