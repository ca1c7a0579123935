"""What the research says now (issue 29.3): the EEF's 2019 guidance report beside the guidance themes,
under the standards crosswalk's rules.

The data: one `research` record (its four recommendations) and `research` entries on advice. Every
quoted word (a recommendation's title, a judgement's basis) is found in the fact sheet the source is
read from, by fingerprint on any clone and letter for letter where the texts are present. The rules
are checked on a copy of the content with one thing broken at a time, each with the message and the
line and column it is reported at. The pages are read as built.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from casebook import researchnow
from casebook.diagnostics import ContentError
from casebook.library import Library, load_library
from casebook.schema import Research
from casebook.schema.research import RESEARCH_REASONS

from tests.test_fidelity import FILES, locate, needs_texts, verbatim_by_print
from tests.test_standards import by_class, by_id, parse, text

ROOT = Path(__file__).resolve().parents[1]
REPORT = "research/eef-digital-technology-2019"
RECOMMENDATIONS = ["before-introducing-it", "explanations-and-modelling", "pupil-practice", "assessment-and-feedback"]
MEETS = [  # every item judged to meet a recommendation, in the order the research page lists them
    "guidance/evaluating-impact#trial-before-roll-out",
    "guidance/evaluating-impact#keep-asking-about-learning",
    "guidance/funding-and-procurement#purpose-before-purchase",
    "guidance/inclusion-and-sen#start-from-a-named-need",
    "guidance/technical-support#plan-how-it-will-be-used",
    "guidance/vision-and-strategy#start-from-learning",
    "guidance/vision-and-strategy#set-measures-and-trial-first",
]
TITLE_ONLY = ["guidance/assessment-and-tracking#keep-pupil-data-in-one-place",
              "guidance/assessment-and-tracking#build-tracking-into-school-systems"]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "case_studies", ROOT)


def judged(library: Library) -> list[tuple[str, researchnow.Entry]]:
    return [(f"{loaded.kind}/{loaded.model.id}" + (f"#{e.item.id}" if e.path else ""), e)
            for kind in researchnow.KINDS for loaded in library.kind(kind) for e in researchnow.entries(loaded.model)]


def report(library: Library) -> Research:
    loaded = library.get(REPORT)
    assert loaded is not None and isinstance(loaded.model, Research)
    return loaded.model


# -- the data ---------------------------------------------------------------------------------


def test_the_four_recommendations_as_the_summaries_give_them(library: Library) -> None:
    found = report(library)
    assert [r.id for r in found.recommendations] == RECOMMENDATIONS
    assert [r.quote for r in found.recommendations] == [
        "Consider how technology will improve teaching and learning before introducing it.",
        "Technology can be used to improve the quality of explanations and modelling.",
        "Technology offers ways to improve the impact of pupil practice.",
        "Technology can play a role in improving assessment and feedback."]
    # Only the first has pointers in the fact sheet: the other three are known by their titles.
    assert [r.text == "not assessed" for r in found.recommendations] == [False, True, True, True]
    assert (found.year, found.author) == (2019, "Education Endowment Foundation")
    assert [c.source for c in found.sources] == ["eef-digital-technology-2019"]


def test_the_research_entries_counted(library: Library) -> None:
    found = judged(library)
    assert [ref for ref, e in found if e.research.status == "meets"] == MEETS
    assert [ref for ref, e in found if e.research.status == "not-assessed"] == TITLE_ONLY
    assert Counter(r for _, e in found for r in e.research.recommendations) == {
        f"{REPORT}#before-introducing-it": 7, f"{REPORT}#assessment-and-feedback": 2}
    assert sum(len(e.research.basis) for _, e in found) == 11
    # Every reason of a judgement is labelled as the library's reading, in its first words.
    assert all(e.research.reason.startswith("The library's reading: ") for _, e in found
               if e.research.status == "meets")


def test_a_not_assessed_reason_is_written_from_its_choice(library: Library) -> None:
    reasons = {e.research.reason for _, e in judged(library) if e.research.status == "not-assessed"}
    assert reasons == {RESEARCH_REASONS["title-only"].format(named="the recommendation on assessment and feedback")}


def quoted(library: Library) -> list[tuple[str, str, str]]:
    """(where, source, words) of every quotation of the research: titles and bases."""
    found = [(f"{REPORT}#{r.id}", c.source, r.quote) for r in report(library).recommendations
             for c in report(library).sources]
    found += [(f"{ref} basis[{k}]", b.source, b.quote) for ref, e in judged(library)
              for k, b in enumerate(e.research.basis)]
    return found


def test_every_quotation_is_word_for_word_in_the_fact_sheet(library: Library) -> None:
    """By the fingerprints: runs on any clone."""
    found = quoted(library)
    assert len(found) == 15
    assert {FILES[source] for _, source, _ in found} == {"course-case-studies-and-eef.md"}
    assert [f"{where}: {verdict}" for where, source, words in found
            if (verdict := verbatim_by_print(FILES[source], words))] == []


def test_the_fingerprint_check_refuses_a_title_with_one_word_changed() -> None:
    file = FILES["eef-digital-technology-2019"]
    assert verbatim_by_print(file, "Technology offers ways to improve the impact of pupil practice.") is None
    assert verbatim_by_print(file, "Technology offers ways to improve the impact of pupil homework.") == (
        "not word for word in the source")


@needs_texts
def test_every_quotation_is_verbatim_to_the_letter(library: Library) -> None:
    assert [where for where, source, words in quoted(library) if locate(source, words) is None] == []


# -- the rules, each broken once in a copy of the content --------------------------------------

VISION = "guidance/vision-and-strategy.yaml"
TRACKING = "guidance/assessment-and-tracking.yaml"
START_BASIS = '''      basis:
        - source: eef-digital-technology-2019
          quote: "Consider how technology will improve teaching and learning before introducing it."
        - source: eef-digital-technology-2019
          quote: "be clear on the rationale for how technology will improve learning"
'''
START_RESEARCH = ("    research:\n      status: meets\n      recommendations:\n"
                  "        - research/eef-digital-technology-2019#before-introducing-it\n      reason: >-\n"
                  "        The library's reading: beginning")
TITLE_ONLY_ENTRY = '''    research:
      status: not-assessed
      recommendations:
        - research/eef-digital-technology-2019#assessment-and-feedback
      not_assessed: title-only
      named: the recommendation on assessment and feedback
  - id: let-data-trigger-support
'''


def line(file: str, snippet: str, offset: int = 0) -> int:
    """The line `snippet` starts on in the real content file, plus `offset`: the expected places follow the
    file when a colleague's edit above them moves them."""
    before = (ROOT / "case_studies" / file).read_text(encoding="utf-8")
    assert before.count(snippet) == 1, snippet
    return before[:before.index(snippet)].count("\n") + 1 + offset



# Where each broken thing is reported: its line in the real file (the key's column is fixed).
V_ENTRY, V_REF = line(VISION, START_RESEARCH, 1), line(VISION, START_RESEARCH, 3)
V_SOURCE, V_QUOTE = line(VISION, START_BASIS, 1), line(VISION, START_BASIS, 2)
T_ENTRY, T_REF = line(TRACKING, TITLE_ONLY_ENTRY, 1), line(TRACKING, TITLE_ONLY_ENTRY, 3)

def errors(tmp_path: Path, old: str, new: str, file: str = VISION) -> list[str]:
    content = tmp_path / "case_studies"
    shutil.copytree(ROOT / "case_studies", content)
    path = content / file
    before = path.read_text(encoding="utf-8")
    assert before.count(old) == 1, old
    path.write_text(before.replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_library(content, tmp_path)
    return [f"{d.path}:{d.line}:{d.column}: {d.message}" for d in raised.value.diagnostics]


def test_a_judgement_without_its_basis_is_refused(tmp_path: Path) -> None:
    assert errors(tmp_path, START_BASIS, "") == [
        f"case_studies/{VISION}:{V_ENTRY}:7: `advice[0].research`: Value error, a `meets` entry needs a `basis`: the "
        "words of the recommendation it rests on, quoted from its source"]


def test_a_judgement_naming_no_recommendation_is_refused(tmp_path: Path) -> None:
    old = "      recommendations:\n        - research/eef-digital-technology-2019#before-introducing-it\n" \
          "      reason: >-\n        The library's reading: beginning"
    assert errors(tmp_path, old, old.split("\n", 2)[2]) == [
        f"case_studies/{VISION}:{V_ENTRY}:7: `advice[0].research`: Value error, a `meets` entry must name at least one "
        "recommendation in `recommendations`"]


def test_a_not_assessed_entry_with_prose_of_its_own_is_refused(tmp_path: Path) -> None:
    new = TITLE_ONLY_ENTRY.replace("  - id:", "      reason: The report says nothing on tracking.\n  - id:")
    assert errors(tmp_path, TITLE_ONLY_ENTRY, new, TRACKING) == [
        f"case_studies/{TRACKING}:{T_ENTRY}:7: `advice[0].research`: Value error, a `not-assessed` entry's reason is "
        "written from `not_assessed`: delete `reason`"]


def test_a_not_assessed_entry_must_choose_its_reason(tmp_path: Path) -> None:
    new = TITLE_ONLY_ENTRY.replace("      not_assessed: title-only\n      named: the recommendation on assessment "
                                   "and feedback\n", "")
    assert errors(tmp_path, TITLE_ONLY_ENTRY, new, TRACKING) == [
        f"case_studies/{TRACKING}:{T_ENTRY}:7: `advice[0].research`: Value error, a `not-assessed` entry needs "
        "`not_assessed: title-only` (a recommendation that may cover it is known only by its title) or "
        "`not_assessed: no-recommendation`"]


def test_a_not_assessed_entry_rests_on_no_words(tmp_path: Path) -> None:
    new = TITLE_ONLY_ENTRY.replace("  - id:", "      basis:\n        - source: eef-digital-technology-2019\n"
                                   "          quote: \"prepare for implementation\"\n  - id:")
    assert errors(tmp_path, TITLE_ONLY_ENTRY, new, TRACKING) == [
        f"case_studies/{TRACKING}:{T_ENTRY}:7: `advice[0].research`: Value error, a `not-assessed` entry rests on no "
        "recommendation's words: delete `basis`"]


def test_a_recommendation_known_only_by_its_title_must_be_quoted_by_title(tmp_path: Path) -> None:
    new = TITLE_ONLY_ENTRY.replace(
        "      status: not-assessed\n", "      status: meets\n").replace(
        "      not_assessed: title-only\n      named: the recommendation on assessment and feedback\n",
        "      reason: The library's reading.\n      basis:\n        - source: eef-digital-technology-2019\n"
        "          quote: \"prepare for implementation\"\n")
    assert errors(tmp_path, TITLE_ONLY_ENTRY, new, TRACKING) == [
        f"case_studies/{TRACKING}:{T_REF}:11: `research/eef-digital-technology-2019#assessment-and-feedback` is known "
        "only by its title (`text: not assessed`): a `meets` entry citing it must quote that title in `basis` "
        "(\"Technology can play a role in improving assessment and feedback.\"), or be `not-assessed` with "
        "`not_assessed: title-only`"]


def test_a_judgement_names_a_recommendation_not_the_whole_report(tmp_path: Path) -> None:
    old = "        - research/eef-digital-technology-2019#before-introducing-it\n      reason: >-\n" \
          "        The library's reading: beginning"
    assert errors(tmp_path, old, old.replace("#before-introducing-it", "")) == [
        f"case_studies/{VISION}:{V_REF}:11: `research/eef-digital-technology-2019` names the whole of "
        "`eef-digital-technology-2019`: a `meets` entry names the recommendation it meets, as "
        "`research/<id>#<recommendation>`"]


def test_a_recommendation_that_does_not_exist_is_a_broken_reference(tmp_path: Path) -> None:
    old = "        - research/eef-digital-technology-2019#before-introducing-it\n      reason: >-\n" \
          "        The library's reading: beginning"
    assert errors(tmp_path, old, old.replace("#before-introducing-it", "#before-introducing")) == [
        f"case_studies/{VISION}:{V_REF}:11: broken reference "
        "`research/eef-digital-technology-2019#before-introducing`: "
        "no part of `research/eef-digital-technology-2019` with the id `before-introducing`; known: "
        "`assessment-and-feedback`, `before-introducing-it`, `explanations-and-modelling`, `pupil-practice` "
        "(did you mean `before-introducing-it`?)"]


def test_a_standard_is_not_a_recommendation(tmp_path: Path) -> None:
    old = "        - research/eef-digital-technology-2019#before-introducing-it\n      reason: >-\n" \
          "        The library's reading: beginning"
    new = old.replace("research/eef-digital-technology-2019#before-introducing-it",
                      "standards/digital-leadership-and-governance#senior-leader")
    assert errors(tmp_path, old, new) == [
        f"case_studies/{VISION}:{V_REF}:11: `standards/digital-leadership-and-governance#senior-leader` should point "
        "at a record in `research/`, such as `research/...`"]


def test_a_basis_from_a_source_the_research_does_not_cite_is_refused(tmp_path: Path) -> None:
    new = START_BASIS.replace("eef-digital-technology-2019", "cct-managing-change", 1)
    assert errors(tmp_path, START_BASIS, new) == [
        f"case_studies/{VISION}:{V_SOURCE}:19: `cct-managing-change` is not a source of the research this entry names; "
        "quote one of: `eef-digital-technology-2019`"]


def test_a_long_basis_is_refused(tmp_path: Path) -> None:
    new = START_BASIS.replace("introducing it.", "introducing it. " + "word " * 40)
    assert errors(tmp_path, START_BASIS, new) == [
        f"case_studies/{VISION}:{V_QUOTE}:18: a basis of 51 words: quote at most 40, the sentence the judgement "
        "rests on"]


# -- the pages ---------------------------------------------------------------------------------


def test_the_research_page_lists_the_recommendations_with_the_items_beside_each(site: Path) -> None:
    root = parse(site / "research" / "eef-digital-technology-2019" / "index.html")
    assert text(next(root.iter("h1"))) == "What the research says now"
    listed = by_class(root, "ol", "cb-recommendations")
    assert len(listed) == 1
    assert [li.get("id") for li in listed[0].findall("li")] == RECOMMENDATIONS
    assert [text(li.find("strong")) for li in listed[0].findall("li")] == [
        "Decide how it will improve learning first", "Better explanations and modelling",
        "More effective pupil practice", "Assessment and feedback"]
    assert [text(q) for q in by_class(root, "blockquote", "cb-recommendation")] == [
        "“Consider how technology will improve teaching and learning before introducing it.”",
        "“Technology can be used to improve the quality of explanations and modelling.”",
        "“Technology offers ways to improve the impact of pupil practice.”",
        "“Technology can play a role in improving assessment and feedback.”"]
    beside = {li.get("id"): ([a.get("href") for ul in by_class(li, "ul", "cb-research-items") for a in ul.iter("a")],
                             [a.get("href") for ul in by_class(li, "ul", "cb-research-open") for a in ul.iter("a")])
              for li in listed[0].findall("li")}
    assert beside == {
        "before-introducing-it": ([f"../../{ref.replace('#', '/#')}" for ref in MEETS], []),
        "explanations-and-modelling": ([], []),
        "pupil-practice": ([], []),
        "assessment-and-feedback": ([], [f"../../{ref.replace('#', '/#')}" for ref in TITLE_ONLY]),
    }
    assert len(by_class(root, "p", "cb-research-none")) == 3
    assert [text(p) for p in by_class(root, "p", "cb-not-assessed")] == [
        "Not assessed. The library's source gives only this recommendation's title."] * 3
    assert text(by_class(root, "p", "cb-partial")[0]).startswith(
        "Known through readers' summaries of the report, not the report itself.")
    assert text(by_id(root, "source")) == "Source¶"
    assert "This page draws on: Using Digital Technology to Improve Learning (guidance report), Education " \
        "Endowment Foundation, 2019: The four recommendations, as readers summarise them;" in text(root.find(".//body"))


def test_a_theme_page_shows_the_recommendation_each_item_meets_with_its_basis_on_demand(site: Path) -> None:
    root = parse(site / "guidance" / "vision-and-strategy" / "index.html")
    badges = by_class(root, "details", "cb-research-detail")
    outer = [d for d in badges if "cb-basis" not in (d.get("class") or "")]
    assert len(outer) == 2 and len(badges) == 4  # two items, each with its basis nested
    assert [text(d.find("summary")) for d in outer] == ["Research: meets it"] * 2
    item = by_id(root, "start-from-learning")
    basis = next(d for d in by_class(item, "details", "cb-basis") if "cb-research-detail" in d.get("class", ""))
    assert "open" not in basis.attrib
    assert text(basis.find("summary")) == "What the research says"
    assert [text(q) for q in basis.iter("blockquote")] == [
        "“Consider how technology will improve teaching and learning before introducing it.”",
        "“be clear on the rationale for how technology will improve learning”"]
    assert text(by_class(basis, "p", "cb-basis-cite")[0]) == (
        "Using Digital Technology to Improve Learning (guidance report), as restated in the library's source note, "
        "from readers' summaries of the report.")
    section = by_id(root, "research")
    assert text(section) == "What the research says now¶"
    met = by_class(root, "ul", "cb-research-met")
    assert [[a.get("href") for a in li.iter("a")] for li in met[0].findall("li")] == [[
        "../../research/eef-digital-technology-2019/#before-introducing-it",
        "./#start-from-learning", "./#set-measures-and-trial-first"]]
    assert "advice on this page meets one of the four recommendations" in text(root.find(".//body"))


def test_a_theme_with_no_judgement_says_not_assessed(site: Path) -> None:
    root = parse(site / "guidance" / "communication" / "index.html")
    assert by_class(root, "details", "cb-research-detail") == []
    assert [text(p) for p in by_class(root, "p", "cb-not-assessed")] == [
        "Not assessed. The library has not matched anything on this page to a recommendation of the EEF's 2019 "
        "guidance report Using Digital Technology to Improve Learning."]


def test_a_title_only_item_gives_the_written_reason(site: Path) -> None:
    root = parse(site / "guidance" / "assessment-and-tracking" / "index.html")
    outer = by_class(by_id(root, "keep-pupil-data-in-one-place"), "details", "cb-research-detail")
    assert len(outer) == 1 and by_class(outer[0], "details", "cb-basis") == []
    assert text(outer[0].find("summary")) == "Research: not assessed"
    assert text(by_class(outer[0], "div", "cb-research-body")[0].find("p")) == RESEARCH_REASONS["title-only"].format(
        named="the recommendation on assessment and feedback")
    assert [text(p) for p in by_class(root, "p", "cb-not-assessed")] == [
        "Not assessed. The library has not matched anything on this page to a recommendation of the EEF's 2019 "
        "guidance report Using Digital Technology to Improve Learning: its readers' summaries do not say enough."]


def test_the_research_page_is_in_the_navigation(site: Path) -> None:
    root = parse(site / "index.html")
    # MkDocs writes the link from the home page as `research/...`, Zensical as `./research/...`.
    hrefs = [a.get("href", "").removeprefix("./") for a in root.iter("a") if text(a) == "What the research says now"]
    assert "research/eef-digital-technology-2019/" in hrefs


def test_the_sources_page_lists_the_research_page_under_its_source(site: Path) -> None:
    root = parse(site / "sources" / "index.html")
    order = list(root.iter())  # document order: the source's entry runs from its heading to the next h2
    after = order[order.index(by_id(root, "eef-digital-technology-2019")) + 1:]
    section = after[:next((i for i, e in enumerate(after) if e.tag == "h2"), len(after))]
    drawn = [e for e in section if e.tag == "p" and text(e).startswith("Pages that draw on it")]
    assert len(drawn) == 1
    assert [a.get("href") for a in drawn[0].iter("a")][-1] == "../research/eef-digital-technology-2019/"
