"""The course's own case studies (issue 29): four school records with no facts about the school.

They come from the fact sheet `course-case-studies-and-eef.md`, whose copies hold only the opening of
each video's transcript. The library models them as schools, so every page, filter, comparison and
route takes them up with no special case; the `evidence` facet and the `evidence_note` field say how
little the library has. These tests pin what each record says and that the pages show it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import html5lib
import pytest
from casebook.library import Library, load_library
from casebook.schema import School

ROOT = Path(__file__).resolve().parents[1]
SOURCES = Path(os.environ.get("CASEBOOK_SOURCES", ROOT.parent / "shared" / "sources"))
SHEET = SOURCES / "course-case-studies-and-eef.md"
needs_sheet = pytest.mark.skipif(not SHEET.is_file(), reason=f"{SHEET} not found (set CASEBOOK_SOURCES)")

STEPS = "https://www.futurelearn.com/info/courses/education-technology-leadership-in-schools/0/steps/"
# id -> (its source, the step's address, phase facet, the speakers as the step names them)
VIDEOS = {
    "video-case-study-1": ("cct-case-study-1", STEPS + "67751", ["secondary"], "Secondary school leaders"),
    "video-case-study-2": ("cct-case-study-2", STEPS + "67752", ["all-through"], None),
    "video-case-study-3": ("cct-case-study-3", STEPS + "67753", ["primary"], "Primary school leaders"),
    "video-case-study-technical": ("cct-case-study-technical", STEPS + "67769", [], None),
}
NOTE = "A school's own account in a course video; the library has only the opening of the transcript"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "case_studies", ROOT)


def videos(library: Library) -> list[School]:
    return [m for m in library.models("schools") if m.id in VIDEOS]


def parse(path: Path) -> Any:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text(element: Any) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def test_the_four_records_say_nothing_about_the_school_but_their_phase(library: Library) -> None:
    found = videos(library)
    assert [m.id for m in found] == list(VIDEOS)
    for model in found:
        source, _, phase, _ = VIDEOS[model.id]
        facts = model.facts
        assert (facts.pupils, facts.fsm_percent, facts.headteacher_years_in_post, facts.location) == (
            "not stated",) * 4, model.id
        assert facts.awards_and_networks == [] and facts.notes == {} and model.inferred == {}, model.id
        assert model.evidence_year == "not stated", model.id
        assert model.facets.get("phase", []) == phase, model.id
        assert model.facets["evidence"] == ["course-video"], model.id
        for facet in ("size-band", "setting", "region", "leadership-model"):
            assert facet not in model.facets, (model.id, facet)
        assert [(c.source, c.locator) for c in model.sources] == [(source, "Opening of the transcript")]
        assert model.evidence_note is not None and model.evidence_note.startswith(NOTE), model.id
        assert "The library has only the opening of the transcript." in model.summary, model.id


def test_the_report_schools_are_report_case_studies(library: Library) -> None:
    by_kind = {m.id: m.facets.get("evidence") for m in library.models("schools")}
    assert [k for k, v in by_kind.items() if v == ["report-case-study"]] == [f"school-{x}" for x in "abcde"]
    assert [k for k, v in by_kind.items() if v == ["course-video"]] == list(VIDEOS)


def test_each_source_is_its_step_with_its_address_and_no_year(library: Library) -> None:
    for source, address, *_ in VIDEOS.values():
        document = library.sources[source]
        assert (document.url, document.year, document.author) == (address, "not stated",
                                                                 "Chartered College of Teaching")
    tips = library.sources["cct-ten-tips"]
    assert (tips.url, tips.year) == (STEPS + "67798", "not stated")
    eef = library.sources["eef-digital-technology-2019"]
    assert (eef.year, eef.author) == (2019, "Education Endowment Foundation")


def test_quotations_are_attributed_as_the_step_attributes_them(library: Library) -> None:
    shown = []
    for model in videos(library):
        parts = [getattr(model.sections, n) for n in type(model.sections).model_fields if n != "advice"]
        for q in [q for part in parts for q in part.quotations]:
            shown.append((model.id, q.speaker, q.text))
            assert q.speaker == VIDEOS[model.id][3], (model.id, q.speaker)
    assert shown == [
        ("video-case-study-1", "Secondary school leaders",
         "just because it's cost a lot of money doesn't mean it's necessarily the right thing"),
        ("video-case-study-3", "Primary school leaders", "Vision always comes first"),
        ("video-case-study-3", "Primary school leaders", "probably two to three years"),
    ]


# Words of the library's own framing, not facts about the schools.
OWN = {"Course", "College's", "Opening", "An", "Begin", "Do", "Going", "Having", "Make", "On", "Only", "Part",
       "Pedagogy", "Primary", "Secondary", "Senior", "Teachers", "Two"}


@needs_sheet
def test_every_name_and_number_on_the_records_is_in_the_fact_sheet(library: Library) -> None:
    """The facts a reader could check: every number and every capitalised name in the records' text
    occurs in the fact sheet (a school, a town, a product or a year invented here would not)."""
    sheet = SHEET.read_text(encoding="utf-8")
    problems = []
    for model in videos(library):
        raw = (ROOT / "case_studies" / "schools" / f"{model.id}.yaml").read_text(encoding="utf-8")
        # The values only: not the keys, the comments, the record's id or the ids of its sources.
        values = "\n".join(line.split(":", 1)[1] if re.match(r"^\s*(- )?[a-z_]+:", line) else line
                           for line in raw.splitlines() if not line.lstrip().startswith("#")
                           and not re.match(r"^\s*(- )?(id|source):", line))
        for token in set(re.findall(r"[A-Za-z0-9][\w'\u2019:-]*[\w]|\d", values)):
            checked = any(c.isdigit() for c in token) or any(c.isupper() for c in token)
            if checked and token not in OWN and token not in sheet:
                problems.append(f"{model.id}: {token}")
    assert sorted(problems) == []


def test_a_page_says_how_little_the_library_has(site: Path) -> None:
    page = parse(site / "case-studies" / "video-case-study-1" / "index.html")
    note = next(p for p in page.iter("p") if p.get("class") == "cb-evidence-note")
    assert text(note).startswith(f"What the library has: {NOTE}")
    facts = {text(div[0]): text(div[1]) for div in page.iter("div")
             if len(div) == 2 and div[0].tag == "dt" and div[1].tag == "dd"}
    assert facts["Pupils on roll"] == "Not stated in the source"
    assert facts["Location"] == "Not stated in the source"
    assert facts["Phase"] == "Secondary"
    assert facts["Kind of evidence"] == "Course video, opening only"
    assert facts["Year of the evidence"] == "Undated (The course's pages give no year.)"
    figure = next(page.iter("figure"))
    assert text(figure.find("figcaption")) == (
        "Secondary school leaders, Course case study 1: planning, piloting and implementing technology use")


def test_the_library_offers_the_kind_of_evidence_and_the_new_phases(site: Path) -> None:
    page = parse(site / "case-studies" / "index.html")
    counts = {(box.get("name"), box.get("value")): text(label)
              for label in page.iter("label") for box in label.iter("input") if box.get("type") == "checkbox"}
    assert counts[("evidence", "report-case-study")] == "Case study in a report (5)"
    assert counts[("evidence", "course-video")] == "Course video, opening only (4)"
    assert counts[("phase", "secondary")] == "Secondary (1)"
    assert counts[("phase", "all-through")] == "All-through (1)"
    card = next(a for a in page.iter("article") if a.get("id") == "card-video-case-study-technical")
    assert any(p.get("class") == "cb-card-evidence" and text(p).startswith(f"What the library has: {NOTE}")
               for p in card.iter("p"))
    assert any(text(p).startswith("Pupils: not stated · free school meals: not stated · evidence from an "
                                  "undated source") for p in card.iter("p"))


def test_the_comparison_and_the_card_of_a_record_with_every_fact_not_stated(site: Path) -> None:
    """The technical case study states no fact, not even its phase: the comparison gives each row its
    "not stated" wording, and the card gives the similarity script no number to guess from."""
    page = parse(site / "case-studies" / "index.html")
    table = next(t for t in page.iter("table") if t.get("class") == "cb-compare-table")
    ids = [th.get("data-id") for th in table.iter("th") if th.get("data-id")]
    assert len(ids) == 9
    column = ids.index("video-case-study-technical")
    rows = {text(tr.find("th")): text(tr.findall("td")[column]) for tr in table.find("tbody").findall("tr")}
    assert rows == {
        "Pupils on roll": "Not stated in the source", "Free school meals": "Not stated in the source",
        "Headteacher in post": "Not stated in the source", "Location": "Not stated in the source",
        "Phase": "Not stated", "Size": "Not stated", "Setting": "Not stated", "Region": "Not stated",
        "Leadership model": "Not stated", "Awards and networks": "None stated", "Year of the evidence": "Undated"}
    card = next(a for a in page.iter("article") if a.get("id") == "card-video-case-study-technical")
    assert (card.get("data-pupils"), card.get("data-fsm")) == ("", "")
    assert "phase" not in card.get("data-facets", "")
