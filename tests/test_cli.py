"""The `casebook` command: validate, new, schema and generate."""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from casebook import cli, jsonschema
from casebook.loader import PLACEHOLDER, load_file
from casebook.schema import RECORD_KINDS, SINGLETONS, Taxonomy

from tests.conftest import ROOT, copy_project
from tests.samples import DIAGNOSTIC, casebook, school


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the project, as the current folder."""
    copy_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    loaded = load_file(ROOT / "case_studies" / "taxonomy.yaml", "taxonomy.yaml", "taxonomy.yaml")
    return loaded.model  # type: ignore[union-attr,return-value]


# --- validate ---------------------------------------------------------------------------


def test_validate_the_real_content(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert cli.main(["validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"ok: {len(list((ROOT / 'case_studies').rglob('*.yaml')))} content files valid\n"
    assert "checked" not in captured.err  # no progress line for a small library


def test_validate_exit_status_and_format(project: Path) -> None:
    bad = school("school-f").replace("pupils: 873", "pupils: lots").replace("title: School F", "title: [School F]")
    (project / "case_studies" / "schools" / "school-f.yaml").write_text(bad, encoding="utf-8")
    (project / "case_studies" / "schools" / "school-g.yaml").write_text(
        school("school-g").replace("    - rural", "    - rural-ish"), encoding="utf-8")
    result = casebook("validate", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(DIAGNOSTIC.fullmatch(line) for line in lines)
    assert lines[0] == "case_studies/schools/school-f.yaml:3:8: error: `title` should be text, got a list"
    assert lines[1].startswith("case_studies/schools/school-f.yaml:9:11: error: `facts.pupils` should be")
    assert lines[2].startswith("case_studies/schools/school-g.yaml:22:7: error: unknown value `rural-ish`")
    assert result.stderr == "3 errors\n"


def test_validate_a_file_checks_it_against_its_library(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schools = project / "case_studies" / "schools"
    (schools / "school-f.yaml").write_text(school().replace("- east-midlands", "- east-midland"), encoding="utf-8")
    (schools / "school-g.yaml").write_text("id: [broken\n", encoding="utf-8")  # another contributor's problem
    assert cli.main(["validate", "case_studies/schools/school-f.yaml"]) == 1
    out = capsys.readouterr().out
    line = next(row for row in out.splitlines() if "school-f.yaml:24:7: error: " in row)
    assert "unknown value `east-midland` for facet `region`" in line and "did you mean `east-midlands`?" in line
    assert "school-g" not in out  # errors are reported for the files asked about
    (schools / "school-f.yaml").write_text(school(), encoding="utf-8")
    assert cli.main(["validate", "case_studies/schools/school-f.yaml"]) == 0
    assert capsys.readouterr().err == "ok: 1 content file valid\n"


def test_validate_a_kind_folder_and_missing_paths(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", "case_studies/schools"]) == 0
    schools = len(list((project / "case_studies" / "schools").glob("*.yaml")))
    assert capsys.readouterr().err == f"ok: {schools} content files valid\n"
    assert cli.main(["validate", "case_studies/schools/nope.yaml", "notes.txt"]) == 1
    out = capsys.readouterr().out
    assert "case_studies/schools/nope.yaml:1:1: error: no such file" in out
    assert "notes.txt:1:1: error: no such file" in out


def test_validate_outside_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate"]) == 1
    assert "case_studies:1:1: error: no such content folder" in capsys.readouterr().out


def test_progress_line_when_validating_many_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schools = project / "case_studies" / "schools"
    for number in range(130):
        (schools / f"school-n{number}.yaml").write_text(school(f"school-n{number}", f"School N{number}"),
                                                        encoding="utf-8")
    total = len(list((project / "case_studies").rglob("*.yaml")))
    assert cli.main(["validate"]) == 0
    err = capsys.readouterr().err
    assert f"checked 100 of {total} files ...\n" in err
    assert err.endswith(f"ok: {total} content files valid\n")
    assert cli.main(["validate", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


# --- new ----------------------------------------------------------------------------------


def _fill(data: Any, node: dict[str, Any], root: dict[str, Any], path: tuple[Any, ...] = ()) -> Any:
    """Replace every placeholder with a valid value of the type the schema asks for there."""
    members = [m for m in node.get("anyOf", [node]) if m.get("type") != "null"]
    node = jsonschema.resolve(members[0], root)
    if isinstance(data, dict):
        properties = node.get("properties", {})
        return {key: _fill(value, properties[key], root, (*path, key)) for key, value in data.items()}
    if isinstance(data, list):
        return [_fill(value, node["items"], root, (*path, i)) for i, value in enumerate(data)]
    if not (isinstance(data, str) and PLACEHOLDER.match(data)):
        return data
    if "enum" in node:
        return node["enum"][0]
    if node.get("type") == "integer":
        return 2024 if node.get("minimum") == 1900 else 12
    if node.get("type") == "number":
        return 12.5
    if node.get("type") == "boolean":
        return False
    if str(node.get("pattern", "")).startswith("^https"):
        return "https://www.gov.uk/filled-in"  # a web address, and a page on GOV.UK where one must be
    if node.get("pattern") == jsonschema.REF_PATTERN:
        return "schools/school-a"
    if node.get("pattern") == jsonschema.SLUG_PATTERN:
        return "ncsl-2007" if path[-1] == "source" else "first-part"
    return "Filled in by the test."


@pytest.mark.parametrize("kind", list(RECORD_KINDS))
def test_new_writes_a_template_that_validates_once_filled(kind: str, project: Path, taxonomy: Taxonomy,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["new", kind, "my-record"]) == 0
    target = project / "case_studies" / kind / "my-record.yaml"
    assert capsys.readouterr().out.strip() == f"case_studies/{kind}/my-record.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == jsonschema.hint(kind)
    assert "\nid: my-record\n" in text
    assert text.count("\n# ") > 10  # commented

    # Unfilled, it fails, and only because of its placeholders, each named with its line.
    assert cli.main(["validate"]) == 1
    messages = [m["message"] for m in DIAGNOSTIC.finditer(capsys.readouterr().out)]
    assert messages and all("still holds the template's placeholder `TODO" in m for m in messages)
    live = [line.strip() for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert len(messages) == sum('"TODO' in line or line.startswith("TODO: write") for line in live)

    # Filled in, the whole library validates with it.
    data = yaml.safe_load(text)
    filled = _fill(data, jsonschema.build(kind, taxonomy), jsonschema.build(kind, taxonomy))
    target.write_text(yaml.safe_dump(filled, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert cli.main(["validate"]) == 0, capsys.readouterr().out


def test_new_offers_the_facets_schools_use_and_lists_their_values(project: Path, taxonomy: Taxonomy) -> None:
    assert cli.main(["new", "school", "school-f"]) == 0  # the singular works too
    text = (project / "case_studies" / "schools" / "school-f.yaml").read_text(encoding="utf-8")
    assert '  setting: ["TODO: values from the list above"]' in text
    assert "cpd-format" not in text  # no school uses it
    assert "# One or more of: rural, town-centre, town-suburbs, city." in text
    assert "ncsl-2007" in text  # the documents a citation may name


def test_new_refuses_to_overwrite(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = project / "case_studies" / "schools" / "school-a.yaml"
    before = target.read_bytes()
    assert cli.main(["new", "schools", "school-a"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_bytes() == before


@pytest.mark.parametrize(("kind", "record_id", "expected"), [
    ("teachers", "x", "unknown kind `teachers`"),
    ("schools", "School F", "`School F` is not an id"),
    ("schools", "school_f", "`school_f` is not an id"),
])
def test_new_rejects_bad_kind_or_id(kind: str, record_id: str, expected: str, project: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["new", kind, record_id]) == 2
    assert expected in capsys.readouterr().err
    assert not list((project / "case_studies").rglob("*School*"))


# --- schema ---------------------------------------------------------------------------


def test_schema_check_passes_on_the_committed_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert cli.main(["schema", "--check"]) == 0


def test_schema_check_fails_when_out_of_date(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taxonomy = project / "case_studies" / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace(
        "      - id: city\n", "      - id: city\n        label: City\n      - id: island\n", 1), encoding="utf-8")
    assert "island" in taxonomy.read_text(encoding="utf-8")
    (project / "schemas" / "stray.schema.json").write_text("{}", encoding="utf-8")
    assert cli.main(["schema", "--check"]) == 1
    err = capsys.readouterr().err
    assert "schemas/school.schema.json is out of date: run `casebook schema`" in err
    assert "schemas/stray.schema.json is not a schema of any content file" in err
    assert "schemas/glossary.schema.json" not in err  # the glossary has no facets
    assert cli.main(["schema"]) == 0
    assert "island" in (project / "schemas" / "school.schema.json").read_text(encoding="utf-8")


def test_schema_writes_one_json_schema_per_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert cli.main(["schema", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(jsonschema.file_name(kind) for kind in [*RECORD_KINDS, *SINGLETONS])
    for kind in [*RECORD_KINDS, *SINGLETONS]:
        schema = json.loads((tmp_path / jsonschema.file_name(kind)).read_text(encoding="utf-8"))
        model = jsonschema.model_of(kind)
        assert schema["$schema"] == jsonschema.DRAFT
        assert list(schema["properties"]) == list(model.model_fields)
        assert schema["additionalProperties"] is False
    guidance = json.loads((tmp_path / "guidance.schema.json").read_text(encoding="utf-8"))
    assert "funding-and-procurement" in guidance["properties"]["theme"]["enum"]
    cpd = json.loads((tmp_path / "cpd-model.schema.json").read_text(encoding="utf-8"))
    assert "sustained" in cpd["properties"]["principles"]["items"]["enum"]


# --- generate -------------------------------------------------------------------------

LINK = re.compile(r'(?:href="|\]\()([^"#):?]*/)[#"?)]')


def test_generate_writes_a_project_without_mkdocs(tmp_path: Path) -> None:
    code = ("import sys; from casebook.cli import main; status = main(['generate', '--out', sys.argv[1]]); "
            "assert 'mkdocs' not in sys.modules, 'generate imported MkDocs'; sys.exit(status)")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    docs = tmp_path / "docs"
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    # Every page in a folder of its own, so that its source folder is its URL (see export.py).
    for expected in ("case-studies/index.md", "case-studies/school-a/index.md", "guidance/index.md",
                     "contributing/reference/index.md", "glossary/index.md", "sources/index.md",
                     "about/index.md", "index.md"):
        assert expected in pages
    assert (docs / "assets" / "casebook" / "casebook.js").is_file() and (docs / "sw.js").is_file()
    assert (tmp_path / "mkdocs.yml").is_file()
    page = (docs / "case-studies" / "index.md").read_text(encoding="utf-8")
    assert page.startswith('---\ntitle: "Case studies"\n---\n')
    assert 'href="school-a/"' in page
    # Every page URL a generated page links to is a page that was written.
    checked = 0
    for name in pages:
        folder = Path(name).parent.as_posix()
        for target in LINK.findall((docs / name).read_text(encoding="utf-8")):
            resolved = posixpath.normpath(posixpath.join(folder, target))
            page_source = "index.md" if resolved == "." else f"{resolved}/index.md"
            assert page_source in pages, f"{name} links to {target}"
            checked += 1
    assert checked > 500


def test_generate_reports_content_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "case_studies" / "schools" / "school-f.yaml").write_text("id: school-f\n", encoding="utf-8")
    assert cli.main(["generate", "--out", str(project / "out")]) == 1
    assert "case_studies/schools/school-f.yaml:1:1: error: missing required field `title`" in capsys.readouterr().out
