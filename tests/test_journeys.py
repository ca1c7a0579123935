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
    assert title is not None and text(title) == "Edtech leadership library"


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
    assert "six schools (four primary, one junior, one secondary)" in home


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
        assert re.search(r"about \d+ min", text(li))
        link = li.find(".//a")
        assert link is not None and link.get("href")


def test_reading_time_is_computed_from_the_text(site: Path) -> None:
    """The study route's School A step: the minutes follow the words of School A's text."""
    document = parse(site / "start" / "study" / "index.html")
    step = next(li for li in document.findall(".//ol[@class='cb-route-steps']/li") if "School A" in text(li))
    shown = int(re.search(r"about (\d+) min", text(step))[1])  # type: ignore[index]
    source = (ROOT / "case_studies" / "schools" / "school-a.yaml").read_text(encoding="utf-8")
    words = count_words(source)  # the YAML's keys and ids add a little; the estimate must be close
    assert abs(shown - math.ceil(words / WORDS_PER_MINUTE)) <= 2


def test_route_pages_show_step_k_of_n_with_previous_and_next(site: Path) -> None:
    document = parse(site / "case-studies" / "school-b" / "index.html")
    top = by_class(document, "nav", "cb-route-top")
    assert top and "I am studying: step 3 of 11" in text(top[0])
    assert top[0].find(".//input[@type='checkbox']") is not None  # mark as read
    bottom = by_class(document, "nav", "cb-route-bottom")[0]
    links = {a.get("rel"): (a.get("href"), text(a)) for a in bottom.iter("a")}
    assert links["prev"] == ("../school-a/", "← Step 2: School A")
    assert links["next"] == ("../school-c/", "Step 4: School C →")


def test_a_tutor_reorders_the_route_by_editing_one_file(changed_site: Path) -> None:
    document = parse(changed_site / "case-studies" / "school-b" / "index.html")
    assert "step 2 of 11" in text(by_class(document, "nav", "cb-route-top")[0])
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
