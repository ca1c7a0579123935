"""Build tests of issue 14: today's DfE standards, the crosswalk and the Then and now page.

The facts are checked against the source note (`../shared/sources/dfe-standards-2025.md`), restated
here so the tests do not depend on a file outside the repository: the six core standards it
describes, and the others it only names.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import pytest
import yaml
from casebook import crosswalk
from casebook.diagnostics import ContentError
from casebook.library import Library, load_library

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "case_studies"

DESCRIBED = {
    "broadband-internet": "Broadband internet",
    "wireless-network": "Wireless network",
    "network-switching": "Network switching",
    "cyber-security": "Cyber security",
    "filtering-and-monitoring": "Filtering and monitoring",
    "digital-leadership-and-governance": "Digital leadership and governance",
}
"""The six core standards the note describes (the last in detail), by the ids the library gives them."""

ONLY_NAMED = ("laptops, desktops and tablets", "laptops", "desktops", "tablets", "servers and storage",
              "cloud solutions", "digital accessibility", "network cabling", "IT support")
"""Standards the note names but does not describe: no crosswalk reason may rest on them."""

DLG_PARTS = {
    "senior-leader": "Assign a member of the senior leadership team to be responsible for digital technology",
    "registers": "Keep registers relating to hardware and systems up to date",
    "disaster-recovery": "Include digital technology within disaster recovery and business continuity plans",
    "annual-strategy": "Have a digital technology strategy that is reviewed every year",
}
"""The four parts of the digital leadership and governance standard, in the note's order and words."""

VERSION_YEARS = {"digital-leadership-and-governance": 2024, "broadband-internet": 2024,
                 "filtering-and-monitoring": 2024, "cyber-security": 2024}
"""The year of the version the note draws on, where it gives one."""

STATUS_LABELS = {"holds": "Still holds", "changed": "Changed", "new-since": "New since",
                 "not-assessed": "Not assessed"}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(CONTENT, ROOT)


def parse(path: Path) -> Element:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text(element: Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def by_class(root: Element, tag: str, cls: str) -> list[Element]:
    return [e for e in root.iter(tag) if cls in (e.get("class") or "").split()]


def by_id(root: Element, element_id: str) -> Element:
    found = [e for e in root.iter() if e.get("id") == element_id]
    assert len(found) == 1, f"{len(found)} elements with id {element_id}"
    return found[0]


def raw_crosswalk() -> list[tuple[str, str, dict[str, Any]]]:
    """Every `today` entry, read straight from the YAML (not through the library's own walk)."""
    found = []
    for path in sorted(CONTENT.glob("findings/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(f"findings/{data['id']}", b["id"], b["today"]) for g in data["groups"]
                  for b in g["behaviours"] if "today" in b]
    for path in sorted(CONTENT.glob("guidance/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(f"guidance/{data['id']}", a["id"], a["today"]) for a in data["advice"] if "today" in a]
    for path in sorted(CONTENT.glob("roles/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(f"roles/{data['id']}", i["id"], i["today"]) for part in ("principles", "responsibilities", "debates")
                  for i in data.get(part, []) if "today" in i]
    return found


# -- the standards ------------------------------------------------------------------------


def test_one_record_per_standard_the_note_describes(library: Library) -> None:
    standards = {s.id: s for s in library.models("standards")}
    assert {s: standards[s].title for s in standards} == DESCRIBED
    assert all(s.core for s in standards.values())
    dlg = standards["digital-leadership-and-governance"]
    assert {p.id: p.title for p in dlg.parts} == DLG_PARTS
    assert list(DLG_PARTS) == [p.id for p in dlg.parts]  # the note's order: the fourth comes last
    for standard_id, year in VERSION_YEARS.items():
        assert standards[standard_id].version_year == year
    # Where the note gives only a name, the record says so rather than guessing.
    for silent in ("wireless-network", "network-switching"):
        assert standards[silent].expects == "not assessed"
        assert standards[silent].parts == []
        # No version of its text is used: the year of the announcement naming it is not one.
        assert standards[silent].version_year == "not assessed"


def test_standards_pages_show_source_year_and_the_current_text(site: Path, library: Library) -> None:
    for standard in library.models("standards"):
        page = site / "standards" / standard.id / "index.html"
        assert page.exists(), f"no page for {standard.id}"
        root = parse(page)
        body = text(root)
        if standard.version_year == "not assessed":
            assert "Version used: none, the library has only the standard's name" in body
            assert "uses no version of this standard's text" in body
        else:
            assert f"Version used: {standard.version_year}" in body
            assert f"This page uses the {standard.version_year} version" in body
        assert "checked: versions published to 2025" in body
        links = {a.get("href") for a in root.iter("a")}
        assert standard.url in links and standard.url.startswith("https://www.gov.uk/")
        cited = text(by_class(root, "div", "cb-sources")[0])
        for citation in standard.sources:
            assert library.sources[citation.source].title in cited
        if standard.expects == "not assessed":
            assert "Not assessed." in body
        if standard.why == "not assessed":  # silence is said, not skipped
            assert "The library's source note gives no reasons, benefits or risks" in body
        for part in standard.parts:
            assert part.title in text(by_id(root, part.id))


def test_the_note_sources_are_in_sources_yaml(library: Library) -> None:
    for source_id, year in {"dfe-dlg-standards": 2024, "dfe-core-standards-2025": 2025,
                            "schools-week-core-standards": 2025, "dfe-broadband-standards": 2024,
                            "dfe-filtering-standards": 2024, "dfe-cyber-standards": 2024}.items():
        assert library.sources[source_id].year == year


# -- the crosswalk ------------------------------------------------------------------------


def test_every_item_carries_a_today_entry_and_every_entry_resolves(library: Library) -> None:
    judged = {(ref, item): today for ref, item, today in raw_crosswalk()}
    findings = [(f"findings/{f.id}", b.id) for f in library.models("findings") for g in f.groups for b in g.behaviours]
    advice = [(f"guidance/{g.id}", a.id) for g in library.models("guidance") for a in g.advice]
    role = [(f"roles/{r.id}", i.id) for r in library.models("roles") for i in [*r.principles, *r.responsibilities]]
    missing = [key for key in findings + advice + role if key not in judged]
    assert not missing, f"items without a today entry: {missing}"
    for (ref, item), today in judged.items():
        assert today["status"] in STATUS_LABELS
        if today["status"] != "not-assessed":
            assert today.get("standards"), f"{ref}#{item} judges without naming a standard"
        for standard in today.get("standards", []):
            kind, _, rest = standard.partition("/")
            standard_id, _, part = rest.partition("#")
            assert kind == "standards" and standard_id in DESCRIBED, f"{ref}#{item}: {standard}"
            model = library.get(standard)
            assert model is not None, f"{ref}#{item}: {standard} does not resolve"
            if part:
                assert part in {p.id for p in model.model.parts}, f"{ref}#{item}: no part {part}"  # type: ignore[attr-defined]


def reason_problems(reason: str, cited: list[str]) -> list[str]:
    """Why a crosswalk reason would cite a standard the note does not describe (empty when it does not)."""
    problems = [f"names `{name}`" for name in ONLY_NAMED if re.search(rf"\b{re.escape(name)}\b", reason, re.I)]
    titles = [t.lower() for t in DESCRIBED.values()]
    generic = ("the", "each", "this", "that", "same", "core", "six core", "today's", "these", "a", "its")
    # Every "<name> standard" must be one the note describes.
    for match in re.finditer(r"((?:[\w'-]+,? ){1,5})standards?\b", reason):
        words = match.group(1).strip().lower()
        if not any(words.endswith(t) for t in titles) and words.split()[-1] not in generic:
            problems.append(f"cites `{match.group(0).strip()}`")
    if cited and not any(DESCRIBED[c.partition("/")[2].partition("#")[0]].lower() in reason.lower() for c in cited):
        problems.append("does not name the standard it cites")
    if len(re.findall(r"[.!?](?:\s|$)", reason)) > 2:
        problems.append("is longer than two sentences")
    return problems


def test_reason_check_would_catch_a_standard_the_note_does_not_describe() -> None:
    assert reason_problems("The cloud solutions standard asks for this.", []) == [
        "names `cloud solutions`", "cites `The cloud solutions standard`"]
    assert reason_problems("The servers standard now expects it.", ["standards/cyber-security"]) == [
        "cites `The servers standard`", "does not name the standard it cites"]
    assert reason_problems("The cyber security standard asks for it.", ["standards/cyber-security"]) == []


def test_no_crosswalk_reason_cites_a_standard_the_note_does_not_describe() -> None:
    # A `not-assessed` entry has no reason of its own: the template writes it from `not_assessed`.
    found = {f"{ref}#{item}": reason_problems(today["reason"], today.get("standards", []))
             for ref, item, today in raw_crosswalk() if "reason" in today}
    assert {k: v for k, v in found.items() if v} == {}


def test_badges_beside_every_judged_item(site: Path, library: Library) -> None:
    for ref, item, today in raw_crosswalk():
        kind, _, record = ref.partition("/")
        folder = {"findings": "findings", "guidance": "guidance", "roles": "roles"}[kind]
        root = parse(site / folder / record / "index.html")
        if kind == "roles" and item in {d.id for r in library.models("roles") for d in r.debates}:
            by_id(root, item)  # the debate's heading; its aside is checked below
            continue
        li = by_id(root, item)
        badge = by_class(li, "span", "cb-today")
        assert [text(b) for b in badge] == [f"Today: {STATUS_LABELS[today['status']].lower()}"], f"{ref}#{item}"
        detail = text(by_class(li, "details", "cb-today-detail")[0])
        assert "The library's judgement" in detail
        for standard in today.get("standards", []):
            href = next(a.get("href") for a in by_class(li, "details", "cb-today-detail")[0].iter("a")
                        if standard.partition("/")[2].partition("#")[0] in (a.get("href") or ""))
            target = (site / folder / record / href.partition("#")[0]).resolve() / "index.html"
            assert target.exists(), f"{ref}#{item}: {href}"


def test_role_page_shows_what_the_standard_asks_beside_the_senior_team_debate(site: Path) -> None:
    root = parse(site / "roles" / "technology-leader" / "index.html")
    aside = by_class(root, "aside", "cb-today-aside")
    assert len(aside) == 1
    words = text(aside[0])
    assert "assign a member of the senior leadership team to be responsible for digital technology" in words
    assert "The library's judgement" in words
    # It sits in the debate on senior-team membership, beside the 2014 positions.
    debates = by_class(root, "div", "cb-debate")
    holder = next(d for d in debates if aside[0] in list(d))
    assert "In primary schools, share it with the head or deputy" in text(holder)


# -- the Then and now page ----------------------------------------------------------------


def test_then_and_now_counts_equal_the_data(site: Path, library: Library) -> None:
    entries = raw_crosswalk()
    counts = Counter(today["status"] for _, _, today in entries)
    root = parse(site / "then-and-now" / "index.html")
    shown = {li.get("data-status"): int(text(by_class(li, "span", "cb-tn-n")[0]))
             for li in root.iter("li") if li.get("data-status")}
    summary = text(by_class(root, "div", "cb-tn-summary")[0])

    # Standards (or their parts) no judged item cites are listed too: as not assessed when the library's source
    # gives only their name or title (such a standard backs only "not assessed"), else as new since.
    cited = {s for _, _, t in entries if t["status"] != "not-assessed" for s in t.get("standards", [])}
    unmatched = by_name = 0
    for standard in library.models("standards"):
        whole = f"standards/{standard.id}"
        targets = [(f"{whole}#{p.id}", p.text) for p in standard.parts] or [(whole, standard.expects)]
        for target, said in targets:
            if target not in cited and not (target == whole and any(c.startswith(whole) for c in cited)):
                if said == "not assessed":
                    by_name += 1
                else:
                    unmatched += 1
    assert (unmatched, by_name) == (1, 10)
    assert int(text(by_class(root, "span", "cb-tn-unmatched")[0])) == unmatched
    # One source for every count (issue 27): the summary counts the rows the list and its filters count,
    # the computed rows with their status, said apart.
    computed = {"new-since": unmatched, "not-assessed": by_name}
    assert shown == {status: counts[status] + computed.get(status, 0) for status in STATUS_LABELS}
    assert summary.startswith(f"The list below holds {len(entries) + unmatched + by_name} items: {len(entries)} "
                              f"items of the older evidence set beside today's standards, and {unmatched + by_name} "
                              "standards or parts of a standard that no item is judged against.")

    articles = by_class(root, "article", "cb-card")
    assert len(articles) == len(entries) + unmatched + by_name
    assert all(a.find(".//h4/a") is not None for a in articles)
    # The page's own status, not an engine's (Zensical's dialog is a status too).
    status = [e for e in root.iter() if e.get("role") == "status" and "md-dialog" not in e.get("class", "")]
    assert [text(s) for s in status] == [f"{len(articles)} items"]
    filters = {f.get("data-facet"): f for f in by_class(root, "fieldset", "cb-facet")}
    assert list(filters) == ["status", "standard", "theme"]
    for facet, fieldset in filters.items():
        for label in fieldset.iter("label"):
            box = label.find("input")
            assert box is not None and box.get("name") == facet
            n = int(re.search(r"\((\d+)\)", text(label)).group(1))  # type: ignore[union-attr]
            assert n == sum(1 for a in articles if box.get("value") in a.get("data-facets", ""))


def test_home_page_links_to_then_and_now(site: Path) -> None:
    root = parse(site / "index.html")
    section = [e for e in root.iter("p") if any((a.get("href") or "").rstrip("/").endswith("then-and-now")
                                                for a in e.iter("a"))]
    assert section, "the home page does not link to Then and now"


def test_dlg_self_check_questions_come_from_the_four_parts_and_point_to_help(library: Library) -> None:
    dlg = "standards/digital-leadership-and-governance"
    check = next(c for c in library.models("self-checks") if c.attached_to == dlg)
    assert [g.id for g in check.groups] == list(DLG_PARTS)
    for group in check.groups:
        for q in group.questions:
            kinds = {r.partition("/")[0] for r in q.read_next}
            assert "guidance" in kinds, f"{q.id} points to no guidance"
            if q.kind == "practice":
                assert kinds & {"roles", "schools", "standards"}, f"{q.id} points to no role, school or standard"


# -- validation -----------------------------------------------------------------------------


def broken_copy(tmp_path: Path, edit: tuple[str, str], file: str = "guidance/vision-and-strategy.yaml") -> Path:
    content = tmp_path / "case_studies"
    shutil.copytree(CONTENT, content)
    path = content / file
    source = path.read_text(encoding="utf-8")
    assert edit[0] in source
    path.write_text(source.replace(edit[0], edit[1], 1), encoding="utf-8")
    return content


def test_a_crosswalk_entry_naming_a_missing_standard_fails_with_its_line(tmp_path: Path) -> None:
    content = broken_copy(tmp_path, ("- standards/digital-leadership-and-governance#senior-leader",
                                     "- standards/digital-leadership-and-governance#senior-leaders"))
    with pytest.raises(ContentError) as caught:
        load_library(content, tmp_path)
    messages = [str(d) for d in caught.value.diagnostics]
    assert any(re.match(r"case_studies/guidance/vision-and-strategy\.yaml:\d+:\d+: error: broken reference "
                        r"`standards/digital-leadership-and-governance#senior-leaders`.*did you mean `senior-leader`",
                        m) for m in messages), messages


def test_a_judgement_without_a_standard_fails(tmp_path: Path) -> None:
    source = (CONTENT / "guidance" / "vision-and-strategy.yaml").read_text(encoding="utf-8")
    block = re.search(r"      status: holds\n      standards:\n(        - .*\n)+", source)
    assert block is not None
    content = broken_copy(tmp_path, (block.group(0), "      status: holds\n"))
    with pytest.raises(ContentError) as caught:
        load_library(content, tmp_path)
    assert any("must name at least one standard" in str(d) for d in caught.value.diagnostics)


def test_crosswalk_walks_every_kind_that_carries_entries(library: Library) -> None:
    walked = sum(len(list(crosswalk.entries(m))) for kind in ("findings", "guidance", "roles")
                 for m in library.models(kind))
    assert walked == len(raw_crosswalk())


def test_a_standard_links_its_current_text_on_gov_uk_only() -> None:
    from casebook.schema import Standard
    from pydantic import ValidationError

    record = {"id": "x", "title": "X", "page_title": "not assessed", "summary": "S.", "core": True,
              "version_year": 2024, "checked": "versions published to 2025", "expects": "not assessed",
              "sources": [{"source": "dfe-core-standards-2025"}]}
    assert Standard.model_validate({**record, "url": "https://www.gov.uk/guidance/x"}).core
    with pytest.raises(ValidationError, match="string_pattern_mismatch"):
        Standard.model_validate({**record, "url": "https://example.com/standards"})
    # The contributor reads what the address must be (the pattern's message in `casebook validate`).
    from casebook.schema.common import GOV_UK_PATTERN, PATTERN_EXPECTED

    assert "starting `https://www.gov.uk/`" in PATTERN_EXPECTED[GOV_UK_PATTERN]


def test_a_version_year_is_a_year_or_not_assessed(tmp_path: Path) -> None:
    """Where the note gives only a standard's name, `version_year: not assessed`; anything else but
    a year, markup included, is refused at its line."""
    hostile = 'version_year: "<script>alert(1)</script>"'
    content = broken_copy(tmp_path, ("version_year: not assessed", hostile), file="standards/wireless-network.yaml")
    with pytest.raises(ContentError) as caught:
        load_library(content, tmp_path)
    [problem] = [d for d in caught.value.diagnostics if "version_year" in str(d)]
    assert (problem.path, problem.line) == ("case_studies/standards/wireless-network.yaml", 9)
    assert "should be a year such as 2024 or `not assessed`" in problem.message
