"""Build tests of the reader journeys (issue 12): the home page's starts and counts, reading routes
as content, and the ways between records."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
import yaml
from casebook.library import load_library
from casebook.render.routes import WORDS_PER_MINUTE, count_words, number_words

from tests.conftest import ROOT, build_site, copy_project


def parse(path: Path) -> Element:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text(element: Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def by_class(document: Element, tag: str, name: str) -> list[Element]:
    return [e for e in document.iter(tag) if name in (e.get("class") or "").split()]


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site after a contribution (a sixth school, a secondary one) and a tutor's reordering of
    the study route (School B before School A)."""
    project = copy_project(tmp_path_factory.mktemp("journeys"))
    schools = project / "case_studies" / "schools"
    school = yaml.safe_load((schools / "school-d.yaml").read_text(encoding="utf-8"))
    school["id"] = "school-f"
    school["title"] = "School F"
    school["facets"]["phase"] = ["secondary"]
    (schools / "school-f.yaml").write_text(yaml.safe_dump(school, sort_keys=False), encoding="utf-8")
    study = project / "case_studies" / "routes" / "study.yaml"
    route = yaml.safe_load(study.read_text(encoding="utf-8"))
    steps = route["steps"]
    a = next(i for i, s in enumerate(steps) if s.get("ref") == "schools/school-a")
    steps[a], steps[a + 1] = steps[a + 1], steps[a]
    study.write_text(yaml.safe_dump(route, sort_keys=False), encoding="utf-8")
    out = project / "site"
    result = build_site(project, out)
    assert result.returncode == 0, result.stderr
    return out


def test_home_page_title_is_the_site_name_once(site: Path) -> None:
    title = parse(site / "index.html").find(".//title")
    # It read "Edtech leadership library - Edtech leadership library". (Zensical names the home page
    # by its navigation entry, "Home - Edtech leadership library": the site's name once there too.)
    assert title is not None and text(title).count("Edtech leadership library") == 1
    assert text(title) in ("Edtech leadership library", "Home - Edtech leadership library")


def test_home_page_counts_come_from_the_data(site: Path) -> None:
    library = load_library(ROOT / "case_studies", ROOT)
    home = text(parse(site / "index.html").find(".//article"))
    schools = library.models("schools")
    assert f"{number_words(len(schools))} schools" in home
    assert f"advice on {number_words(len(library.models('guidance')))} themes" in home
    assert f"{number_words(len(library.models('cpd')))} ways to develop staff" in home
    assert "five primary schools" not in home  # School E is a junior school: the typed count was wrong


def test_home_page_counts_follow_a_contribution(changed_site: Path) -> None:
    home = text(parse(changed_site / "index.html").find(".//article"))
    assert "ten schools (five primary, two secondary, one junior, one all-through, one phase not stated)" in home


def test_home_page_offers_four_starts_in_order(site: Path) -> None:
    document = parse(site / "index.html")
    starts = by_class(document, "section", "cb-start")
    titles = [text(s.find("h3")) for s in starts]
    assert titles == ["I lead a school", "I lead technology", "I am studying", "I want to add my school"]
    for start in starts:
        link = start.find(".//h3/a")
        assert link is not None and (site / link.get("href", "") / "index.html").exists()


@pytest.mark.parametrize("route", ["headteacher", "technology-leader", "study", "contributor"])
def test_each_step_says_why_and_how_long(site: Path, route: str) -> None:
    document = parse(site / "start" / route / "index.html")
    steps = document.findall(".//ol[@class='cb-route-steps']/li")
    data = yaml.safe_load((ROOT / "case_studies" / "routes" / f"{route}.yaml").read_text(encoding="utf-8"))
    assert len(steps) == len(data["steps"])
    for li, step in zip(steps, data["steps"], strict=True):
        why = by_class(li, "div", "cb-route-why")[0]
        assert text(why) == " ".join(step["why"].split())
        link = li.find(".//a")
        assert link is not None and link.get("href")
    # How long: every step shows its whole minutes, and the route's stated total is exactly their sum.
    shown = [int(re.fullmatch(r".*· about (\d+) min.*", text(li))[1]) for li in steps]  # type: ignore[index]
    assert min(shown) >= 1
    total = f"{len(steps)} steps, about {sum(shown)} minutes of reading in all."
    assert total in text(by_class(document, "p", "cb-route-for")[0])


def _text_words(value: object) -> int:
    """Words of a record's text as stored in its YAML: every string value, keys and the fields that
    are not prose (ids, facets, sources) left out."""
    if isinstance(value, str):
        return count_words(value)
    if isinstance(value, list):
        return sum(_text_words(v) for v in value)
    if isinstance(value, dict):
        return sum(_text_words(v) for k, v in value.items() if k not in ("id", "facets", "sources"))
    return 0


def test_reading_time_is_computed_from_the_text(site: Path) -> None:
    """Every school step of the study route: its minutes are its words at WORDS_PER_MINUTE, rounded up
    (School A: 1,923 words, 10 min)."""
    document = parse(site / "start" / "study" / "index.html")
    route = yaml.safe_load((ROOT / "case_studies" / "routes" / "study.yaml").read_text(encoding="utf-8"))
    steps = document.findall(".//ol[@class='cb-route-steps']/li")
    schools = [(li, step["ref"]) for li, step in zip(steps, route["steps"], strict=True)
               if step.get("ref", "").startswith("schools/")]
    assert len(schools) == 9
    for li, ref in schools:
        record = yaml.safe_load((ROOT / "case_studies" / f"{ref}.yaml").read_text(encoding="utf-8"))
        shown = int(re.search(r"about (\d+) min", text(li))[1])  # type: ignore[index]
        assert shown == math.ceil(_text_words(record) / WORDS_PER_MINUTE), ref


def test_route_pages_show_step_k_of_n_with_previous_and_next(site: Path) -> None:
    document = parse(site / "case-studies" / "school-b" / "index.html")
    top = by_class(document, "nav", "cb-route-top")
    assert top and "I am studying: step 3 of 15" in text(top[0])
    assert top[0].find(".//input[@type='checkbox']") is not None  # mark as read
    bottom = by_class(document, "nav", "cb-route-bottom")[0]
    links = {a.get("rel"): (a.get("href"), text(a)) for a in bottom.iter("a")}
    assert links["prev"] == ("../school-a/", "← Step 2: School A")
    assert links["next"] == ("../school-c/", "Step 4: School C →")


def test_a_tutor_reorders_the_route_by_editing_one_file(changed_site: Path) -> None:
    document = parse(changed_site / "case-studies" / "school-b" / "index.html")
    assert "step 2 of 15" in text(by_class(document, "nav", "cb-route-top")[0])
    study = text(parse(changed_site / "start" / "study" / "index.html").find(".//ol[@class='cb-route-steps']"))
    assert study.index("School B") < study.index("School A")


def test_a_bad_route_is_reported_with_its_line(tmp_path: Path) -> None:
    content = tmp_path / "case_studies"
    shutil.copytree(ROOT / "case_studies", content)
    (content / "routes" / "study.yaml").write_text(
        "id: study\ntitle: I am studying\nreader: a course participant\nsummary: A route.\nsteps:\n"
        "  - page: nowhere\n    why: Because.\n  - ref: schools/school-a\n    page: about\n    why: Both.\n",
        encoding="utf-8")
    from casebook.diagnostics import ContentError
    with pytest.raises(ContentError) as raised:
        load_library(content, tmp_path)
    messages = [str(d) for d in raised.value.diagnostics]
    assert any(m.startswith("case_studies/routes/study.yaml:6:11: error:") and "action-plan" in m for m in messages)
    assert any(m.startswith("case_studies/routes/study.yaml:8:5: error:") and "exactly one of" in m
               for m in messages)


def test_a_route_to_a_missing_record_is_reported(tmp_path: Path) -> None:
    content = tmp_path / "case_studies"
    shutil.copytree(ROOT / "case_studies", content)
    study = content / "routes" / "study.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("schools/school-c", "schools/school-z"),
                     encoding="utf-8")
    from casebook.diagnostics import ContentError
    with pytest.raises(ContentError) as raised:
        load_library(content, tmp_path)
    assert any(str(d).startswith("case_studies/routes/study.yaml:") and "school-z" in str(d)
               for d in raised.value.diagnostics)


@pytest.mark.parametrize(("page", "previous", "following", "library"), [
    ("case-studies/school-b", "School A", "School C", "../"),
    ("case-studies/school-a", None, "School B", "../"),
    ("cpd/journal-clubs", "Instructional coaching", "Online certification", "../"),
    ("guidance/funding-and-procurement", "Evaluating impact", "Inclusion and special educational needs", "../"),
])
def test_records_link_to_their_neighbours_and_their_library(site: Path, page: str, previous: str | None,
                                                           following: str | None, library: str) -> None:
    document = parse(site / page / "index.html")
    pager = by_class(document, "nav", "cb-pager")[0]
    links = {a.get("rel") or "library": text(a) for a in pager.iter("a")}
    if previous:
        assert previous in links["prev"]
    else:
        assert "prev" not in links
    if following:
        assert following in links["next"]
    else:
        assert "next" not in links
    backs = [a for a in document.iter("a") if "cb-back" in (a.get("class") or "")]
    assert len(backs) == 2 and all(a.get("href") == library for a in backs)


# -- fixes found on the way (issue 12 item 6) ------------------------------------------------------

def test_cards_say_not_stated_in_lower_case_mid_sentence(site: Path) -> None:
    card = next(a for a in parse(site / "case-studies" / "index.html").iter("article")
                if a.get("id") == "card-school-b")
    facts = text(by_class(card, "p", "cb-card-facts")[0])
    assert "free school meals: not stated" in facts
    assert "Not stated" not in facts


def test_acronyms_keep_their_capitals_in_backlink_headings(site: Path) -> None:
    headings = [text(h) for h in parse(site / "case-studies" / "school-a" / "index.html").iter("h3")]
    assert "CPD models that refer to this page" in headings
    assert not any(h.startswith("Cpd ") for h in headings)


def test_guidance_evidence_shows_the_range_and_each_items_year(site: Path) -> None:
    library = load_library(ROOT / "case_studies", ROOT)
    from casebook.render.journeys import evidence_years

    guide = library.get("guidance/funding-and-procurement").model  # type: ignore[union-attr]
    years = evidence_years(library, [ref for advice in guide.advice for ref in advice.evidence])
    document = parse(site / "guidance" / "funding-and-procurement" / "index.html")
    line = text(by_class(document, "p", "cb-evidence-year")[0])
    assert line.startswith(f"Evidence from {min(years)} to {max(years)}")
    items = [text(p) for p in by_class(document, "p", "cb-evidence")]
    assert len(items) == len(guide.advice)
    assert all(re.match(r"Evidence \((\d{4}( to \d{4})?|undated sources)\):", item) for item in items)
    assert any(item.startswith("Evidence (2007):") for item in items)


def test_sources_page_links_each_document_with_a_url(site: Path) -> None:
    library = load_library(ROOT / "case_studies", ROOT)
    document = parse(site / "sources" / "index.html")
    hrefs = {a.get("href") for a in document.iter("a")}
    with_url = [s for s in library.sources.values() if s.url]
    assert with_url
    for source in with_url:
        assert source.url in hrefs


def test_instructional_coaching_names_the_schools_and_links_its_cross_references(site: Path) -> None:
    document = parse(site / "cpd" / "instructional-coaching" / "index.html")
    page = text(document.find(".//article"))
    assert "None of the case-study schools is recorded as using this model" not in page
    used = document.find(".//ul[@class='cb-used-by']")
    assert used is not None and {text(a) for a in used.iter("a")} == {"School A", "School B", "School E"}
    see_also = document.find(".//ul[@class='cb-see-also']")
    assert see_also is not None
    hrefs = {a.get("href") for a in see_also.iter("a")}
    assert hrefs == {"../staff-meeting-coaching-slot/", "../coordinator-teaching-alongside/"}


def test_job_description_text_holds_no_editorial_notes(site: Path) -> None:
    document = parse(site / "roles" / "technology-leader" / "index.html")
    boxes = [i for i in document.iter("input") if i.get("name") in ("responsibility", "quality")]
    assert boxes
    for box in boxes:
        for note in ("Ben", "Commenters", "commenter", "debates below", "The author agreed"):
            assert note not in (box.get("data-text") or ""), (box.get("value"), note)
    choices = {i.get("data-label") for i in document.iter("input") if i.get("type") == "radio"}
    assert {"Reporting line", "Senior team", "Teaching load", "Technical staff"} <= choices


def test_library_without_javascript_says_filtering_needs_it(site: Path) -> None:
    document = parse(site / "case-studies" / "index.html")
    intro = text(by_class(document, "p", "cb-intro")[0])
    assert "below" not in intro.split("Compare")[0]  # no "filter them by the facets below" with JS off
    note = by_class(document, "div", "cb-noscript-note")[0]
    assert "Filtering needs JavaScript" in text(note)
    asked = {p.get("id"): text(p) for p in by_class(note, "p", "cb-asked")}
    assert "Rural village" in asked["f-setting-rural"]


def test_print_all_page_holds_every_school(site: Path) -> None:
    library = load_library(ROOT / "case_studies", ROOT)
    document = parse(site / "all-case-studies" / "index.html")
    titles = [text(h) for h in document.iter("h2")]
    for school in library.models("schools"):
        assert school.title in titles
    assert (site / "case-studies" / "index.html").read_text(encoding="utf-8").count('href="../all-case-studies/"') == 1


def test_library_page_stays_light_as_schools_are_added(tmp_path: Path) -> None:
    """Issue 17: at most 1 MB for the library's first view at N = 2,000. Measured by
    scripts/library-weight.py on a real build (310 KB at 2,000); here the library page's own
    growth per school, through the core, extrapolated to 2,000 beside a 150 KB allowance for
    the theme's and the project's styles and scripts."""
    import gzip

    from casebook.render import Renderer

    from benchmarks.synthetic import Generator

    def page_bytes(n: int) -> int:
        project = copy_project(tmp_path / f"n{n}")
        generator = Generator(project / "case_studies", n)
        for index in range(n):
            generator.add("schools", index)
        renderer = Renderer(load_library(project / "case_studies", project))
        job = next(j for j in renderer.jobs() if j.path == "case-studies/index.md")
        page = renderer.render(job)
        return len(gzip.compress((page.html or page.markdown).encode(), 6))

    small, large = page_bytes(20), page_bytes(220)
    per_school = (large - small) / 200
    assert small + per_school * 2000 + 150_000 <= 1_000_000, (small, per_school)
