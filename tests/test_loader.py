"""Unit tests of loading and validating one file: every error kind, with its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from casebook.diagnostics import Diagnostic
from casebook.loader import Loaded, kind_of, load_file, path_is_union_tag
from casebook.schema import School
from casebook.yamlsafe import YamlProblem, parse

ROOT = Path(__file__).resolve().parents[1]
SCHOOL_A = (ROOT / "case_studies/schools/school-a.yaml").read_text(encoding="utf-8")


def load(tmp_path: Path, text: str | bytes, name: str = "school-x", kind: str = "schools") -> Loaded | list[Diagnostic]:
    folder = tmp_path / kind
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_file(path, kind, f"case_studies/{kind}/{name}.yaml")


def only(result: Loaded | list[Diagnostic]) -> Diagnostic:
    assert isinstance(result, list), "expected an error"
    assert len(result) == 1, result
    return result[0]


def test_the_real_school_loads_with_its_facts(tmp_path: Path) -> None:
    result = load(tmp_path, SCHOOL_A, name="school-a")
    assert isinstance(result, Loaded)
    school = result.model
    assert isinstance(school, School)
    assert school.id == "school-a" and school.evidence_year == 2007
    facts = school.facts.model_dump()
    assert {name: facts[name] for name in ("pupils", "fsm_percent", "headteacher_years_in_post", "location",
                                           "awards_and_networks")} == {
        "pupils": 100, "fsm_percent": 0, "headteacher_years_in_post": 3,
        "location": "In the shadow of the Cumbrian Mountains",
        "awards_and_networks": ["ICT Register host school (the register is run by the Specialist Schools and "
                                "Academies Trust)"]}
    assert sorted(facts["notes"]) == ["fsm_percent", "headteacher_years_in_post", "location"]
    assert facts["notes"]["location"] == "The case study names no town, village or county."


def test_positions_are_kept_for_every_value() -> None:
    parsed = parse("a: 1\nb:\n  - x\n  - y: 2\n")
    assert parsed.values[("a",)] == (1, 4)
    assert parsed.keys[("b",)] == (2, 1)
    assert parsed.values[("b", 1, "y")] == (4, 8)


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("id: x\ntitle: [unclosed\n", 3, 1, "opened at line 2, column 8 is not closed"),
        ("id: x\n\ttitle: y\n", 2, 1, "tab character"),
        ("id: x\ntitle: a\nid: y\n", 3, 1, "duplicate key `id` (first given at line 1)"),
        ("id: x\ntitle: !!python/object/apply:os.system [ls]\n", 2, 8, "YAML tags"),
        ("a: &x [1]\nb: *x\n", 1, 4, "anchors"),
        ("title: a: b\n", 1, 9, "put the value in quotes"),
    ],
)
def test_yaml_problems_name_line_and_column(text: str, line: int, column: int, fragment: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert fragment in caught.value.message


def test_yaml_1_1_surprises_stay_text() -> None:
    parsed = parse("answer: no\nwhen: 2007-06-01\nflag: true\n")
    assert parsed.data == {"answer": "no", "when": "2007-06-01", "flag": True}


def test_wrong_type_is_reported_at_the_value(tmp_path: Path) -> None:
    text = SCHOOL_A.replace("evidence_year: 2007", 'evidence_year: "2007"')
    error = only(load(tmp_path, text, name="school-a"))
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("evidence_year"))
    # At the value: the column of its opening quote, not of the key.
    assert (error.line, error.column) == (line, len("evidence_year: ") + 1)
    assert error.message == ("`evidence_year` should be a year such as 2024 or `not stated`, got the text '2007'; "
                             "remove the quotes to make it a number")


def test_not_stated_or_a_number(tmp_path: Path) -> None:
    text = SCHOOL_A.replace("pupils: 100", "pupils: about a hundred")
    error = only(load(tmp_path, text, name="school-a"))
    assert "`facts.pupils` should be a whole number or `not stated`" in error.message
    assert text.splitlines()[error.line - 1].strip().startswith("pupils:")


def test_missing_field_is_reported_at_its_parent(tmp_path: Path) -> None:
    error = only(load(tmp_path, _drop_block(SCHOOL_A, "leadership"), name="school-a"))
    assert error.message.startswith("missing required field `leadership`")
    assert (error.line, error.column) == (2, 1)  # the top-level mapping starts after the schema comment


def test_unknown_field_suggests_the_close_one(tmp_path: Path) -> None:
    text = SCHOOL_A.replace("\nsummary:", "\nsumary:", 1)
    result = load(tmp_path, text, name="school-a")
    assert isinstance(result, list)
    error = next(e for e in result if "unknown field" in e.message)
    assert "unknown field `sumary`; did you mean `summary`?" in error.message
    assert any(e.message.startswith("missing required field `summary`") for e in result)
    assert text.splitlines()[error.line - 1].startswith("sumary:")


# An id that does not match the file name: test_bad_input.py checks the whole message at its line
# and column (through `casebook validate` and the build), and test_library.py that a copied school
# is refused once, without a second error for the id it repeats.


def test_every_error_of_a_file_is_reported(tmp_path: Path) -> None:
    text = SCHOOL_A.replace("evidence_year: 2007", "evidence_year: soon").replace("pupils: 100", "pupils: many")
    result = load(tmp_path, text, name="school-a")
    assert isinstance(result, list)
    lines = text.splitlines()
    assert [(lines[d.line - 1].strip(), d.column, d.message) for d in result] == [
        ("pupils: many", 11, "`facts.pupils` should be a whole number or `not stated`, got the text 'many'"),
        ("evidence_year: soon", 16,
         "`evidence_year` should be a year such as 2024 or `not stated`, got the text 'soon'"),
    ]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        # An empty file and one of comments only: test_bad_input.py, with the whole message.
        (b"id: caf\xe9\n", "not valid UTF-8"),
        (b"- a\n- b\n", "expected a mapping of fields"),
        (b"x" * (300 * 1024), "at most 256 KB"),
    ],
)
def test_files_that_are_not_records(tmp_path: Path, content: bytes, fragment: str) -> None:
    error = only(load(tmp_path, content))
    assert fragment in error.message
    assert error.path == "case_studies/schools/school-x.yaml"


def test_not_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    error = only(load(tmp_path, b"id: x\ntitle: caf\xe9\n"))
    assert (error.line, error.column) == (2, 11)


def test_error_format_is_path_line_column() -> None:
    shown = str(Diagnostic("case_studies/schools/x.yaml", 12, 5, "bad"))
    assert shown == "case_studies/schools/x.yaml:12:5: error: bad"


def _drop_block(text: str, key: str) -> str:
    """The text without the top-level `key:` and its indented block."""
    out, skipping = [], False
    for row in text.splitlines():
        if row.startswith(f"{key}:"):
            skipping = True
            continue
        if skipping and (row.startswith(" ") or not row.strip()):
            continue
        skipping = False
        out.append(row)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(("kind", "name", "old", "new", "column", "message"), [
    ("schools", "school-a", "pupils: 100", "pupils: 0", 11,
     "`facts.pupils` should be a whole number from 1 to 10,000 or `not stated`, got the number 0"),
    ("schools", "school-a", "fsm_percent: 0", "fsm_percent: 100.5", 16,
     "`facts.fsm_percent` should be a number from 0 to 100 or `not stated`, got the number 100.5"),
    ("schools", "school-a", "evidence_year: 2007", "evidence_year: 1800", 16,
     "`evidence_year` should be a year from 1900 to 2100 or `not stated`, got the number 1800"),
    ("schools", "school-a", "headteacher_years_in_post: 3", "headteacher_years_in_post: 61", 30,
     "`facts.headteacher_years_in_post` should be a number from 0 to 60 or `not stated`, got the number 61"),
    ("routes", "headteacher", "order: 1", "order: 1001", 8,
     "`order` should be a whole number from 0 to 1,000, got the number 1001"),
    ("self-checks", "cpd-communities-of-practice", "version: 1", "version: 0", 10,
     "`version` should be a whole number of at least 1, got the number 0"),
])
def test_a_number_out_of_range_is_told_the_range_its_field_allows(
        tmp_path: Path, kind: str, name: str, old: str, new: str, column: int, message: str) -> None:
    """The range is read from the field's constraints: a whole number or a number, a year, both bounds
    with thousands separated, or only a lower one; in-process, so that a mutation pass sees it."""
    text = (ROOT / "case_studies" / kind / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    error = only(load(tmp_path, text, name=name, kind=kind))
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.strip() == new)
    assert (error.line, error.column, error.message) == (line, column, message)


@pytest.mark.parametrize(("kind", "message"), [
    ("cpd", "the file is empty; a CPD model needs at least the fields `id`, `title`, `summary`, `evidence_year`, "
            "`what_it_is`, `how_to_start`, `time_and_cost`, `sources`"),
    ("self-checks", "the file is empty; a self-check needs at least the fields `id`, `title`, `summary`, `groups`, "
                    "`sources`"),
    ("roles", "the file is empty; a role needs at least the fields `id`, `title`, `summary`, `evidence_year`, "
              "`title_question`, `principles`, `responsibilities`, `qualities`, `sources`"),
    # Mass nouns are named as records ("a guidance needs" was the message before), a singleton as its file.
    ("guidance", "the file is empty; a guidance record needs at least the fields `id`, `title`, `summary`, "
                 "`evidence_year`, `theme`, `advice`, `sources`"),
    ("findings", "the file is empty; a findings record needs at least the fields `id`, `title`, `summary`, "
                 "`evidence_year`, `groups`, `sources`"),
    ("research", "the file is empty; a research record needs at least the fields `id`, `title`, `author`, `year`, "
                 "`summary`, `known_through`, `recommendations`, `sources`"),
    ("taxonomy.yaml", "the file is empty; the taxonomy.yaml file needs at least the fields `facets`"),
])
def test_an_empty_file_is_told_its_kind_and_the_fields_it_needs(tmp_path: Path, kind: str, message: str) -> None:
    error = only(load(tmp_path, "", name="empty", kind=kind))
    assert (error.line, error.column, error.message) == (1, 1, message)


@pytest.mark.parametrize(("place", "kind"), [
    ("case_studies/taxonomy.yaml", "taxonomy.yaml"),
    ("case_studies/schools/school-a.yaml", "schools"),
    ("case_studies/self-checks/x.yaml", "self-checks"),
    ("case_studies/schools/taxonomy.yaml", "schools"),  # a school named like a singleton is a school
    ("case_studies/schools/school-a.yml", None),
    ("case_studies/notes/school-a.yaml", None),
    ("case_studies/glossary.yml", None),
])
def test_a_files_kind_is_judged_by_its_place(place: str, kind: str | None) -> None:
    assert kind_of(Path(place)) == kind


@pytest.mark.parametrize(("part", "tag"), [
    ("int", True), ("float", True), ("str", True), ("bool", True), ("list", True), ("dict", True),
    ("literal['not stated']", True), ("function-after[check(), str]", True),
    ("pupils", False), ("integer", False), ("0", False),
])
def test_pydantic_s_union_tags_are_told_from_field_names(part: str, tag: bool) -> None:
    """A union's member names (`int`, `literal[...]` ...) stand in pydantic's error paths between field
    names; they are dropped from the path a contributor is shown."""
    assert path_is_union_tag(part) is tag
