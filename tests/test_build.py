"""Build tests: the real site built into a temporary folder, its HTML inspected."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from casebook.library import Library, load_library

ROOT = Path(__file__).resolve().parents[1]

# The figures the report gives (004_..., "Case studies"), checked independently of the YAML.
REPORT_FIGURES = {
    "school-a": {"Pupils on roll": "100", "Free school meals": "0 per cent", "Headteacher in post": "3 years"},
    "school-b": {"Pupils on roll": "230", "Free school meals": "Not stated in the source",
                 "Headteacher in post": "16 years"},
    "school-c": {"Pupils on roll": "Not stated in the source", "Free school meals": "48 per cent"},
    "school-d": {"Pupils on roll": "497", "Free school meals": "3 per cent"},
    "school-e": {"Pupils on roll": "640", "Free school meals": "35 per cent"},
}
SECTIONS = ["Context", "How is ICT used?", "How do they know where they want to go with ICT?",
            "How do they make it happen?", "Who do they involve in turning the vision into reality?",
            "Advice to other schools"]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "case_studies", ROOT)


def parse(path: Path) -> Element:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text(element: Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def facts(document: Element) -> dict[str, str]:
    panel = document.find(".//dl[@class='cb-facts']")
    assert panel is not None
    return {text(row.find("dt")): text(row.find("dd")) for row in panel.findall("div")}


@pytest.mark.parametrize("school", sorted(REPORT_FIGURES))
def test_school_page_has_the_reports_facts(site: Path, school: str) -> None:
    shown = facts(parse(site / "case-studies" / school / "index.html"))
    for label, value in REPORT_FIGURES[school].items():
        assert shown[label].startswith(value), (label, shown[label])
    assert shown["Year of the evidence"] == "2007"


@pytest.mark.parametrize("school", sorted(REPORT_FIGURES))
def test_school_page_has_the_six_sections_and_quotations(site: Path, library: Library, school: str) -> None:
    document = parse(site / "case-studies" / school / "index.html")
    headings = [text(h).rstrip("¶").strip() for h in document.iter("h2")]
    for section in SECTIONS:
        assert section in headings
    model = library.get(f"schools/{school}").model
    quotes = [text(q) for q in document.iter("blockquote")]
    expected = [q.text for s in ("context", "how_ict_is_used", "where_they_want_to_go", "making_it_happen",
                                 "who_they_involve") for q in getattr(model.sections, s).quotations]
    expected += [item.quotation.text for item in model.sections.advice if item.quotation]
    # Every quotation of the record, whole and in order (sections, then advice), and no other.
    assert quotes == [re.sub(r"\s+", " ", quote).strip() for quote in expected]
    advice = document.find(".//ol[@class='cb-advice']")
    assert len(advice.findall("li")) == len(model.sections.advice)
    assert "Source" in headings


def test_every_quotation_on_a_school_page_is_captioned_with_its_speaker_and_school(site: Path,
                                                                                  library: Library) -> None:
    """Quotations keep the attribution the source gives: the speaker, and the school, which is the page's
    own unless the quotation names another (`school`). Every quotation of the schools, counted: 50 of the
    report's five, 3 of the course's videos."""
    shown = 0
    for school in library.models("schools"):
        page = parse(site / "case-studies" / school.id / "index.html")
        captions = sorted(text(figure.find("figcaption")) for figure in page.iter("figure")
                          if figure.find("blockquote") is not None)
        quotations = [q for part in (getattr(school.sections, name) for name in type(school.sections).model_fields)
                      if not isinstance(part, list) for q in part.quotations]
        quotations += [item.quotation for item in school.sections.advice if item.quotation]
        expected = sorted(f"{q.speaker}, {library.get(q.school).model.title if q.school else school.title}"
                          for q in quotations)
        assert captions == expected, school.id
        shown += len(captions)
    assert shown == 53


def test_case_study_index_has_cards_and_comparison(site: Path, library: Library) -> None:
    document = parse(site / "case-studies" / "index.html")
    cards = document.findall(".//article[@class='cb-card']")
    assert len(cards) == len(library.records["schools"])
    for card in cards:
        assert card.find(".//a") is not None
    table = document.find(".//div[@class='cb-compare']/table")
    header = [text(th) for th in table.find("thead").iter("th")]
    assert header[1:] == [s.title for s in library.models("schools")]
    rows = {text(tr.find("th")): [text(td) for td in tr.findall("td")] for tr in table.find("tbody").findall("tr")}
    assert rows["Pupils on roll"] == ["100", "230", "Not stated in the source", "497", "640"] + [
        "Not stated in the source"] * 4
    assert rows["Phase"][5:] == ["Secondary", "All-through", "Primary", "Not stated"]


def test_glossary_lists_its_terms_and_four_kinds_of_page_expand_abbreviations(site: Path,
                                                                              library: Library) -> None:
    glossary = parse(site / "glossary" / "index.html")
    terms = [text(dt) for dt in glossary.iter("dt")]
    assert "ICT" in terms and "NCSL" in terms
    expansions = {t.abbr: t.expansion for t in library.glossary.terms}
    for page, expected in (("case-studies/school-a", "ICT"), ("guidance/technical-support", "ICT"),
                           ("index", "CPD"), ("cpd/index", "CPD")):
        path = site / page.removesuffix("index") / "index.html"
        abbrs = {(a.text, a.get("title")) for a in parse(path).iter("abbr")}
        assert (expected, expansions[expected]) in abbrs, page  # its own expansion, not any term's


def test_no_page_references_another_origin(site: Path) -> None:
    """Scripts, styles, fonts, images and frames all come from the site itself."""
    foreign = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)
    offenders = []
    for path in site.rglob("*.html"):
        document = parse(path)
        for element in document.iter():
            fetched = element.tag in ("script", "img", "iframe", "source", "audio", "video", "embed")
            if fetched and foreign.search(f'src="{element.get("src", "")}"'):
                offenders.append((path.name, element.tag, element.get("src")))
            # A canonical or alternate link names a URL; the browser never fetches it.
            linked = element.tag == "link" and element.get("rel") not in ("canonical", "alternate")
            if linked and foreign.search(f'href="{element.get("href", "")}"'):
                offenders.append((path.name, "link", element.get("href")))
    for path in site.rglob("*.css"):
        for match in re.finditer(r"""(?:url\(\s*["']?|@import\s+["'])(?:https?:)?//[^)"']+""", path.read_text()):
            offenders.append((path.name, "css", match.group(0)))
    assert not offenders


def test_every_generated_page_cites_its_source(site: Path, library: Library) -> None:
    for kind, folder in (("schools", "case-studies"), ("guidance", "guidance"), ("cpd", "cpd"), ("roles", "roles")):
        for record in library.models(kind):
            document = parse(site / folder / record.id / "index.html")
            cited = {a.get("href", "").removeprefix("../../sources/#") for a in document.iter("a")
                     if a.get("href", "").startswith("../../sources/#")}
            assert cited == {citation.source for citation in record.sources}, record.id  # its own, all of them


def test_every_school_page_lists_what_links_to_it(site: Path, library: Library) -> None:
    for school in library.models("schools"):
        document = parse(site / "case-studies" / school.id / "index.html")
        related = document.find(".//div[@class='cb-related']")
        # Each record that refers to the school, once, self-checks included; reading routes show as
        # the route bar, not as references.
        cited_by = sorted({b.record.model.title for b in library.linked_from(f"schools/{school.id}")
                           if b.record.kind != "routes"})
        if not cited_by:
            assert related is None, school.id  # nothing refers to it (a course video): no empty list
            continue
        assert related is not None, school.id
        assert sorted(text(a) for a in related.iter("a")) == cited_by, school.id


def test_guidance_pages_cite_evidence_for_every_item(site: Path, library: Library) -> None:
    for guidance in library.models("guidance"):
        document = parse(site / "guidance" / guidance.id / "index.html")
        items = document.findall(".//ol[@class='cb-advice']/li")
        assert len(items) == len(guidance.advice)
        for item, advice in zip(items, guidance.advice, strict=True):
            evidence = item.find(".//p[@class='cb-evidence']")
            assert evidence is not None and len(evidence.findall("a")) == len(advice.evidence), advice.id


def test_cpd_pages_link_the_schools_that_used_them(site: Path, library: Library) -> None:
    for model in library.models("cpd"):
        document = parse(site / "cpd" / model.id / "index.html")
        used = document.find(".//ul[@class='cb-used-by']")
        if model.used_by:
            hrefs = [a.get("href") for a in used.iter("a")]
            assert hrefs == [f"../../case-studies/{u.school.split('/')[1]}/" for u in model.used_by]
        headings = [text(h).rstrip("¶").strip() for h in document.iter("h2")]
        assert {"What it is", "How to start", "Time and cost", "Schools that used it"} <= set(headings)


def test_role_page_has_responsibilities_and_debates(site: Path, library: Library) -> None:
    role = library.get("roles/technology-leader").model
    document = parse(site / "roles" / "technology-leader" / "index.html")
    assert len(role.responsibilities) == 8
    for item in (*role.principles, *role.responsibilities, *role.qualities):
        assert document.find(f".//li[@id='{item.id}']") is not None, item.id
    positions = document.findall(".//section[@class='cb-position']")
    assert len(positions) == sum(len(d.positions) for d in role.debates)
    for debate in role.debates:
        assert document.find(f".//h3[@id='{debate.id}']") is not None


def test_findings_link_behaviours_to_schools(site: Path, library: Library) -> None:
    findings = library.get("findings/ncsl-2007").model
    document = parse(site / "findings" / "ncsl-2007" / "index.html")
    assert len(findings.groups) == 3
    for group in findings.groups:
        assert document.find(f".//h2[@id='{group.id}']") is not None
        for behaviour in group.behaviours:
            item = document.find(f".//li[@id='{behaviour.id}']")
            assert item is not None
            shown_by = item.find(".//span[@class='cb-shown-by']")  # the crosswalk badge beside it links elsewhere
            assert shown_by is not None
            assert len(shown_by.findall(".//a")) == len(behaviour.schools)


OPEN_QUESTION = re.compile(r"^(What|How|Which|Who)\b")


def test_every_question_of_every_self_check_is_shown_with_its_kind(site: Path, library: Library) -> None:
    """Each question is on a page with the kind its record gives (a practice is rated, a reflection
    answered in words), and every open question (what, how, which, who) is a reflection."""
    expected = {f"q-{check.id}-{question.id}": question.kind
                for check in library.models("self-checks") for group in check.groups for question in group.questions}
    shown: dict[str, set[str]] = {}
    for path in site.rglob("index.html"):
        for item in parse(path).iterfind(".//li[@data-kind]"):
            if "cb-question" in item.get("class", "").split():
                shown.setdefault(item.get("id", ""), set()).add(item.get("data-kind", ""))
    assert shown == {qid: {kind} for qid, kind in expected.items()}
    open_practices = [f"{check.id}/{q.id}" for check in library.models("self-checks") for group in check.groups
                      for q in group.questions if OPEN_QUESTION.match(q.text) and q.kind != "reflection"]
    assert open_practices == []
