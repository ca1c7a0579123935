"""Unit tests of the library: checks across files, cross-references, facets and backlinks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from casebook.diagnostics import ContentError
from casebook.library import Library, load_library
from casebook.schema.walk import strings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "case_studies", ROOT)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "case_studies", tmp_path / "case_studies")
    return tmp_path / "case_studies"


def errors_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_library(content, content.parent)
    return [str(d) for d in caught.value.diagnostics]


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` once; return the 1-based line where the change is."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_real_content_loads(library: Library) -> None:
    assert sorted(library.records["schools"]) == [f"school-{x}" for x in "abcde"] + [
        f"video-case-study-{x}" for x in ("1", "2", "3", "technical")]
    assert len(library.records["guidance"]) == len(library.facet("theme").values)
    assert library.get("roles/technology-leader") is not None
    # The accessors answer from the records (a loop over an empty answer would check nothing).
    assert [school.id for school in library.models("schools")] == sorted(library.records["schools"])
    assert [loaded.path for loaded in library.kind("roles")] == ["case_studies/roles/technology-leader.yaml"]
    assert library.kind("no-such-kind") == [] and library.models("no-such-kind") == []
    assert library.facet("no-such-facet") is None and library.linked_from("schools/no-such-school") == []


def test_a_facet_value_is_labelled_and_a_page_finds_its_self_check(library: Library) -> None:
    """`label` gives a value's label from the taxonomy, and the id itself where the facet or value is
    unknown; `self_check_for` finds the self-check attached to each page, and none for a page without."""
    assert library.label("setting", "town-centre") == "Town centre"
    assert (library.label("setting", "nowhere"), library.label("no-such-facet", "x")) == ("nowhere", "x")
    attached = {check.attached_to: check.id for check in library.models("self-checks") if check.attached_to}
    assert len(attached) == 31 and attached["guidance/communication"] == "guidance-communication"
    for page, check_id in attached.items():
        found = library.self_check_for(page)
        assert found is not None and found.id == check_id, page
    assert library.self_check_for("schools/school-a") is None


def test_every_string_of_a_record_is_found_with_its_shape(library: Library) -> None:
    """schema/walk.py: each text of School A with the shape its field carries, inside lists, unions
    (`Line | NotStated`) and mappings, so that the hostile tests and the sanitiser reach every field."""
    school = library.get("schools/school-a")
    assert school is not None
    shapes: dict[tuple[str | int, ...], str] = {}
    for path, shape, _ in strings(school.model):
        shapes.setdefault(tuple("#" if isinstance(part, int) else part for part in path), shape)
    assert {path: shapes[path] for path in [
        ("id",), ("title",), ("summary",), ("facts", "location"), ("facts", "awards_and_networks", "#"),
        ("facts", "notes", "location"), ("facets", "theme", "#"), ("inferred", "region"),
        ("sections", "context", "quotations", "#", "text"), ("sections", "context", "quotations", "#", "speaker"),
        ("sources", "#", "source"), ("sources", "#", "locator")]} == {
        ("id",): "id", ("title",): "line", ("summary",): "markdown", ("facts", "location"): "line",
        ("facts", "awards_and_networks", "#"): "line", ("facts", "notes", "location"): "line",
        ("facets", "theme", "#"): "id", ("inferred", "region"): "line",
        ("sections", "context", "quotations", "#", "text"): "markdown",
        ("sections", "context", "quotations", "#", "speaker"): "line",
        ("sources", "#", "source"): "id", ("sources", "#", "locator"): "line"}
    assert set(shapes.values()) == {"id", "line", "markdown"}


def test_every_theme_has_its_guidance(library: Library) -> None:
    for value in library.facet("theme").values:
        guidance = library.get(f"guidance/{value.id}")
        assert guidance is not None, value.id
        assert guidance.model.theme == value.id


# An unknown facet and an unknown facet value: tests/test_bad_input.py ("unknown facet values")
# checks both messages whole, with their lines and columns.


def test_an_id_that_does_not_match_its_file_name_is_refused_at_its_line(content: Path) -> None:
    shutil.copy(content / "schools/school-a.yaml", content / "schools/school-f.yaml")
    # The copy is refused, so School A's id is not taken twice: one error, on the copy's `id:` line.
    assert errors_of(content) == [
        "case_studies/schools/school-f.yaml:2:5: error: the id `school-a` does not match the file name; "
        "expected `id: school-f` (or rename the file to `school-a.yaml`)"]


def test_broken_cross_reference_names_line_and_suggests(content: Path) -> None:
    path = content / "guidance/funding-and-procurement.yaml"
    text = path.read_text(encoding="utf-8")
    ref = next(r for r in ("schools/school-c", "schools/school-b", "schools/school-a") if r in text)
    line = edit(path, ref, "schools/school-q")
    [message] = [e for e in errors_of(content) if "school-q" in e]
    assert message.startswith(f"case_studies/guidance/funding-and-procurement.yaml:{line}:")
    known = ", ".join(f"`{path.stem}`" for path in sorted((content / "schools").glob("*.yaml")))
    assert message.split(": error: ", 1)[1] == (
        f"broken reference `schools/school-q`: no record in `schools/` with the id `school-q`; known: {known} "
        "(did you mean `school-e`?)")


def test_broken_anchor_names_its_line(content: Path) -> None:
    path = content / "self-checks/role-technology-leader.yaml"
    line = edit(path, "findings/ncsl-2007#", "findings/ncsl-2007#nowhere-")  # fails if the reference is gone
    [message] = [e for e in errors_of(content) if "no part of `findings/ncsl-2007`" in e]
    assert message.startswith(f"case_studies/self-checks/role-technology-leader.yaml:{line}:"), message


def test_unknown_source_document(content: Path) -> None:
    edit(content / "schools/school-c.yaml", "source: ncsl-2007", "source: ncsl-2008")
    [message] = [e for e in errors_of(content) if "ncsl-2008" in e]
    assert "no source document with the id `ncsl-2008`; known: `" in message
    assert message.endswith("(did you mean `ncsl-2007`?); to cite a document the library does not have yet, "
                            "describe it in place under `new_source` (its title, author, year and kind) "
                            "instead of `source`")


PHASES = "all-phases, all-through, junior, primary, secondary"
FACETS = "theme, role, phase, size-band, setting, region, evidence, leadership-model, cpd-format, pd-principle"
AS_LIST = "should be a list of values (`[value, ...]` or lines starting with `- `)"


def test_a_file_that_fails_validation_still_has_its_facets_and_sources_checked(content: Path) -> None:
    """A school whose evidence year is wrong (so it never becomes a model) is still checked against the
    taxonomy and the sources, in-process (mutmut sees this; the same messages were checked only through
    `casebook` subprocesses): every kind of wrong facet, an unknown source, and a placeholder left alone."""
    school = content / "schools/school-a.yaml"
    year = edit(school, "evidence_year: 2007", "evidence_year: 07x")
    phase = edit(school, "  phase:\n    - primary\n", "  phase: [3, primaryy]\n  colour: [red]\n  7: [x]\n")
    setting = edit(school, "  setting:\n    - rural\n", "  setting: rural\n")
    region = edit(school, "  region:\n    - north-west\n", "  region: {north: west}\n")
    evidence = edit(school, "  evidence:\n    - report-case-study\n", "  evidence: [[report-case-study]]\n")
    unknown = edit(school, "  - source: ncsl-2007\n", "  - source: ncsl-2008\n")
    placeholder = edit(school, "  - source: ncsl-2007\n", "  - source: 'TODO: the id'\n")
    at = "case_studies/schools/school-a.yaml"
    errors = errors_of(content)
    assert errors[:8] == [
        f"{at}:{year}:16: error: `evidence_year` should be a year such as 2024 or `not stated`, got the text '07x'",
        f"{at}:{phase}:11: error: `facets.phase[0]` should be a value id, got the value 3. Allowed values: {PHASES}",
        f"{at}:{phase}:14: error: unknown value `primaryy` for facet `phase`; allowed values: {PHASES} "
        "(did you mean `primary`?)",
        f"{at}:{phase + 1}:3: error: unknown facet `colour`; facets in taxonomy.yaml: {FACETS}",
        f"{at}:{phase + 2}:3: error: unknown facet `7`; facets in taxonomy.yaml: {FACETS}",
        f"{at}:{setting}:12: error: `facets.setting` {AS_LIST}, got the text 'rural'",
        f"{at}:{region}:11: error: `facets.region` {AS_LIST}, got a mapping",
        f"{at}:{evidence}:14: error: `facets.evidence[0]` should be a value id, got a list. Allowed values: "
        "course-video, report-case-study"]
    assert errors[8].startswith(f"{at}:{unknown}:13: error: no source document with the id `ncsl-2008`; known: `")
    assert "(did you mean `ncsl-2007`?)" in errors[8]
    # The placeholder is reported as a placeholder, not as an unknown source too.
    assert errors[9:] == [f"{at}:{placeholder}:13: error: `sources[1].source` still holds the template's "
                          "placeholder `TODO: the id`; replace it with the real value"]


def test_an_unknown_id_is_told_the_first_twelve_known_sorted_and_the_nearest() -> None:
    """The message every unknown id gets (`_unknown`), on lists of known size: twelve listed in order,
    "..." only past twelve, "none" for an empty list, and a hint only when one is close."""
    from casebook.library import _unknown

    thirteen = [f"id-{letter}" for letter in reversed("abcdefghijklm")]
    listed = ", ".join(f"`id-{letter}`" for letter in "abcdefghijkl")
    assert _unknown("thing", "zzz", thirteen) == f"no thing with the id `zzz`; known: {listed} ..."
    assert _unknown("thing", "zzz", thirteen[1:]) == f"no thing with the id `zzz`; known: {listed}"
    assert _unknown("thing", "id-a", ["id-b"]) == "no thing with the id `id-a`; known: `id-b` (did you mean `id-b`?)"
    assert _unknown("thing", "zzz", []) == "no thing with the id `zzz`; known: none"


def test_a_missing_vocabulary_and_a_stray_file_are_each_reported_at_line_one(content: Path) -> None:
    """In-process (the mutation pass's survivors in `_load_library`: these were checked only through
    `casebook` subprocesses): the missing glossary and an unknown file, each at 1:1 with its message."""
    (content / "glossary.yaml").unlink()
    (content / "notes.txt").write_text("x", encoding="utf-8")
    assert errors_of(content) == [
        "case_studies/glossary.yaml:1:1: error: the file `glossary.yaml` is missing",
        "case_studies/notes.txt:1:1: error: unknown file `notes.txt`; a record goes in one of the folders "
        "`schools/`, `roles/`, `cpd/`, `guidance/`, `findings/`, `self-checks/`, `routes/`, `standards/`, "
        "`research/` as `<id>.yaml`; the vocabularies are taxonomy.yaml, glossary.yaml, sources.yaml"]


def test_a_citation_given_as_bare_text_is_one_error_not_a_crash(content: Path) -> None:
    """The raw check of a failed file reads a citation only when it is a mapping (mutation survivor:
    reading every citation as one raised AttributeError on text)."""
    line = edit(content / "schools/school-a.yaml", '  - source: ncsl-2007\n    locator: "Case studies: School A"\n',
                "  - ncsl-2007\n")
    assert errors_of(content) == [f"case_studies/schools/school-a.yaml:{line}:5: error: `sources[0]` should be a "
                                  "mapping (`field: value` lines), got the text 'ncsl-2007'"]


def test_all_errors_of_a_run_are_reported(content: Path) -> None:
    a = edit(content / "schools/school-a.yaml", "- rural", "- rurall")
    b = edit(content / "schools/school-b.yaml", "evidence_year: 2007", "evidence_year: 07x")
    (content / "schools/school-e.yaml").write_text("", encoding="utf-8")
    assert errors_of(content) == [
        f"case_studies/schools/school-a.yaml:{a}:7: error: unknown value `rurall` for facet `setting`; allowed values: "
        "city, rural, town-centre, town-suburbs (did you mean `rural`?)",
        f"case_studies/schools/school-b.yaml:{b}:16: error: `evidence_year` should be a year such as 2024 or "
        "`not stated`, got the text '07x'",
        "case_studies/schools/school-e.yaml:1:1: error: the file is empty; a school needs at least the fields `id`, "
        "`title`, `summary`, `facts`, `facets`, `leadership`, `sections`, `evidence_year`, `sources`"]


def test_backlinks_point_from_guidance_and_cpd_to_schools(library: Library) -> None:
    """Each school's backlinks from guidance and from CPD models are exactly the records whose files
    name it (read from the YAML text, not through the library), in its relation (one backlink per
    reference: a guidance file citing a school in three items links to it three times)."""
    for school in (s.id for s in library.models("schools")):
        for kind, relation in (("guidance", "cited as evidence by"), ("cpd", "CPD model used")):
            linked = [(b.record.model.id, b.relation) for b in library.linked_from(f"schools/{school}")
                      if b.record.kind == kind]
            naming = {path.stem for path in (ROOT / "case_studies" / kind).glob("*.yaml")
                      if re.search(rf"\bschools/{school}\b", path.read_text(encoding="utf-8"))}
            assert sorted({record for record, _ in linked}) == sorted(naming), (school, kind)
            assert {found for _, found in linked} == ({relation} if linked else set()), (school, kind)
    assert sorted({b.record.model.id for b in library.linked_from("schools/school-d") if b.record.kind == "cpd"}) == [
        "parent-courses", "visits-to-other-schools"]


def test_every_guidance_item_cites_evidence(library: Library) -> None:
    for guidance in library.models("guidance"):
        for advice in guidance.advice:
            assert advice.evidence, f"{guidance.id}#{advice.id} has no evidence"
