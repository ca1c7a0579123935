"""Every problem of a file at once, each with its line, and one message per cause (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_project
from tests.samples import DIAGNOSTIC, casebook, line_of, school


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _errors(project: Path) -> list[tuple[int, int, str]]:
    result = casebook("validate", "--quiet", cwd=project)
    assert "Traceback" not in result.stdout + result.stderr
    return [(int(m["line"]), int(m["column"]), m["message"]) for m in DIAGNOSTIC.finditer(result.stdout)
            if m["path"] == "case_studies/schools/school-q.yaml"]


def test_three_independent_mistakes_are_reported_in_one_run(project: Path) -> None:
    text = (school("school-q", "School Q")
            .replace("pupils: 873", "pupils: about 400")
            .replace("  setting:\n    - rural", "  setting: [suburban, Rural]")
            .replace("source: ncsl-2007", "source: pheasey-article"))
    (project / "case_studies" / "schools" / "school-q.yaml").write_text(text, encoding="utf-8")
    errors = _errors(project)
    setting = line_of(text, "setting: [suburban, Rural]")
    assert [(line, message.split(",")[0]) for line, _, message in errors] == [
        (line_of(text, "pupils: about 400"), "`facts.pupils` should be a whole number or `not stated`"),
        (setting, "unknown value `suburban` for facet `setting`; allowed values: city"),
        (setting, "unknown value `Rural` for facet `setting`; allowed values: city"),
        (line_of(text, "source: pheasey-article"),
         "no source document with the id `pheasey-article`; known: `cct-case-study-1`"),
    ]
    assert errors[2][2].endswith("(did you mean `rural`?)")
    assert errors[3][2].endswith("describe it in place under `new_source` (its title, author, year and kind) "
                                 "instead of `source`")


def test_not_stated_in_a_facet_says_to_delete_it(project: Path) -> None:
    text = school("school-q", "School Q").replace("  setting:\n    - rural", "  setting: [not stated]")
    (project / "case_studies" / "schools" / "school-q.yaml").write_text(text, encoding="utf-8")
    [(line, _, message)] = _errors(project)
    assert line == line_of(text, "setting: [not stated]")
    assert message == ("a facet lists only what the source supports: when it is silent on `setting`, delete the "
                       "value (or the line); allowed values: city, rural, town-centre, town-suburbs")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("pupils: 873", "pupils: Not stated", "; write `not stated` in lower case"),
    ("evidence_year: 2024", "evidence_year: Not Stated", "; write `not stated` in lower case"),
])
def test_a_capital_in_not_stated_is_pointed_out(project: Path, old: str, new: str, expected: str) -> None:
    text = school("school-q", "School Q").replace(old, new)
    (project / "case_studies" / "schools" / "school-q.yaml").write_text(text, encoding="utf-8")
    [(line, _, message)] = _errors(project)
    assert line == line_of(text, new) and message.endswith(expected)


def test_an_unindented_block_is_reported_at_its_first_line(project: Path) -> None:
    text = school("school-q", "School Q").replace(
        "leadership: >-\n  A deputy head", "leadership: >-\nA deputy head")
    (project / "case_studies" / "schools" / "school-q.yaml").write_text(text, encoding="utf-8")
    [(line, column, message)] = _errors(project)
    assert (line, column) == (line_of(text, "A deputy head"), 1)
    assert message.startswith(f"the text of `leadership: >-` (line {line - 1}) must be indented under it")


def test_an_invalid_school_does_not_break_every_reference_to_it(project: Path) -> None:
    """One cause, one message: the records citing School C are not reported as broken."""
    path = project / "case_studies" / "schools" / "school-c.yaml"
    text = path.read_text(encoding="utf-8").replace("pupils:", "pupils: lots #", 1)
    path.write_text(text, encoding="utf-8")
    result = casebook("validate", "--quiet", cwd=project)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines == [f"case_studies/schools/school-c.yaml:{line_of(text, 'pupils: lots')}:11: error: `facts.pupils` "
                     "should be a whole number or `not stated`, got the text 'lots'"], lines
