"""A school file that carries its own source (issue 25, point 1): a `sources` entry is a known source
id or a new source described in place, registered beside those of sources.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from casebook.diagnostics import ContentError
from casebook.library import load_library
from casebook.loader import load_file

ROOT = Path(__file__).resolve().parents[1]

NEW = """  - new_source:
      title: Staff survey on technology
      author: Deputy headteacher
      year: 2023
      kind: survey
      note: Answered by 14 of the 16 teachers.
    locator: question 4
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "case_studies", tmp_path / "case_studies")
    return tmp_path / "case_studies"


def school(content: Path, name: str, sources: str = NEW, **changes: str) -> Path:
    """A copy of School A as `name`, citing `sources` only."""
    text = (content / "schools" / "school-a.yaml").read_text(encoding="utf-8")
    text = text.replace("id: school-a", f"id: {name}").split("\nsources:\n")[0] + "\nsources:\n" + sources
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    path = content / "schools" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_library(content, content.parent)
    return [str(d) for d in caught.value.diagnostics]


def test_a_new_source_is_registered_and_cited(content: Path) -> None:
    school(content, "school-f")
    library = load_library(content, content.parent)
    source = library.sources["staff-survey-on-technology-2023"]
    assert (source.title, source.author, source.year, source.kind, source.note) == (
        "Staff survey on technology", "Deputy headteacher", 2023, "survey", "Answered by 14 of the 16 teachers.")
    [citation] = library.records["schools"]["school-f"].model.sources  # type: ignore[attr-defined]
    assert (citation.source, citation.locator) == ("staff-survey-on-technology-2023", "question 4")
    assert len(library.sources) == 18  # the 17 of sources.yaml, and this one


def test_the_same_new_source_in_two_files_names_both(content: Path) -> None:
    school(content, "school-f")
    second = school(content, "school-g")
    line = second.read_text(encoding="utf-8").splitlines().index("  - new_source:") + 1
    [message] = [e for e in errors_of(content) if "also described" in e]
    assert message == (
        f"case_studies/schools/school-g.yaml:{line + 1}:7: error: the new source `Staff survey on technology` is "
        f"also described in `case_studies/schools/school-f.yaml` (line {line + 1}): describe it in one file and cite "
        "it elsewhere as `source: staff-survey-on-technology-2023`, or give the two different titles if they are "
        "different documents")


def test_a_new_source_may_not_take_a_listed_sources_id(content: Path) -> None:
    school(content, "school-f", NEW.replace("Staff survey on technology", "Technology leaders blog")
           .replace("2023", "not stated"), )
    [message] = [e for e in errors_of(content) if "already lists" in e]
    assert "the new source `Technology leaders blog` has the id `technology-leaders-blog` of a source the " \
           "library already lists in `case_studies/sources.yaml`" in message


@pytest.mark.parametrize(("entry", "expected"), [
    ("  - {}\n", "`sources[0]`: give either `source` (a source the library already has) or `new_source` (a new one)"),
    ("  - source: ncsl-2007\n" + NEW.replace("  - new_source", "    new_source", 1),
     "`sources[0]`: give either `source` (a source the library already has) or `new_source` (a new one), not both"),
    (NEW.replace("kind: survey", "kind: podcast"),
     "`sources[0].new_source.kind` should be `survey`, `report`, `article`, `interview`, `video` or "
     "`other`, got the text 'podcast'"),
    (NEW.replace("      note:", "      url: ftp://example.org/survey\n      note:"),
     "`sources[0].new_source.url` should be a web address starting with `https://` (or `http://`), with no "
     "spaces or quotes, got the text 'ftp://example.org/survey'"),
    (NEW.replace("year: 2023", "year: 23"), "`sources[0].new_source.year` should be a year from 1900 to 2100"),
])
def test_a_new_source_follows_the_rules_of_sources_yaml(content: Path, entry: str, expected: str) -> None:
    path = school(content, "school-f", entry)
    problems = load_file(path, "schools", "school-f.yaml")
    assert next(p.message for p in problems if "sources[0]" in p.message).startswith(expected)  # type: ignore[union-attr]


def test_a_part_cannot_be_only_not_stated(content: Path) -> None:
    path = school(content, "school-f", "  - source: ncsl-2007\n")
    text = path.read_text(encoding="utf-8")
    start = text.index("  how_ict_is_used:")
    end = text.index("  where_they_want_to_go:")
    path.write_text(text[:start] + "  how_ict_is_used:\n    body: Not stated.\n" + text[end:], encoding="utf-8")
    problems = load_file(path, "schools", "school-f.yaml")
    assert [p.message for p in problems] == [  # type: ignore[union-attr]
        "`sections.how_ict_is_used.body`: a whole part cannot be only `not stated`: say in a sentence what your "
        "source does say about it, or what it leaves out"]


def test_a_school_may_not_use_a_facet_of_cpd_models(content: Path) -> None:
    school(content, "school-f", "  - source: ncsl-2007\n", **{"facets:\n": "facets:\n  cpd-format: [coaching]\n"})
    [message] = [e for e in errors_of(content) if "cpd-format" in e]
    assert message.endswith("error: the facet `cpd-format` describes only `cpd/` records; delete it here")


def test_the_template_says_to_describe_a_new_source_in_place() -> None:
    """`casebook new schools` no longer sends a contributor to edit sources.yaml first (issue 25)."""
    from casebook.scaffold import template

    text = template("schools", "school-z", None, sources=["ncsl-2007", "dfe-dlg-standards"])
    assert "sources.yaml" not in text
    comments = " ".join(line.strip().lstrip("# ") for line in text.splitlines() if line.strip().startswith("#"))
    assert ("Documents listed now: ncsl-2007, dfe-dlg-standards. If yours is not listed, delete `source` and "
            "describe it under `new_source` below.") in comments
    assert "#   title: " in text and "#   kind: " in text  # the new source's fields, ready to uncomment
