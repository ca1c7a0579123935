"""Contributions by pull request: a new school appears everywhere; the contributor's tools are in place.

The main test adds one valid school file, and nothing else, to a scratch copy of the
project, builds it for real and looks for the school in every place a reader meets it.
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

import html5lib
import pytest
import yaml
from casebook import jsonschema
from casebook.library import Library, load_library
from casebook.loader import content_files
from casebook.render import Linker, Renderer
from casebook.schema import RECORD_KINDS, SINGLETONS, School
from pydantic import BaseModel

from tests.conftest import ROOT, build_site, copy_project
from tests.samples import casebook, school

NEW = "school-f"
NEW_FACETS = {"phase": ["secondary"], "setting": ["rural"], "region": ["east-midlands"],
              "theme": ["pupil-voice", "professional-learning"]}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "case_studies")


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("new-school"))
    (project / "case_studies" / "schools" / f"{NEW}.yaml").write_text(school(NEW, "School F"), encoding="utf-8")
    out = tmp_path_factory.mktemp("new-school-site")
    result = build_site(project, out)
    assert result.returncode == 0, result.stderr
    return out


def _parse(path: Path) -> Any:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def test_new_school_has_its_own_page(new_site: Path) -> None:
    page = new_site / "case-studies" / NEW / "index.html"
    document = _parse(page)
    assert "".join(document.find(".//h1").itertext()).strip() == "School F"
    text = "".join(document.find(".//article").itertext())
    assert "873" in text and "17.5 per cent" in text and "Quillwort Podcast Network" in text
    assert "The pupils taught me to edit sound." in text


def test_new_school_is_a_card_in_the_library(new_site: Path, library: Library) -> None:
    document = _parse(new_site / "case-studies" / "index.html")
    cards = document.findall(".//article")
    ids = [card.get("id") for card in cards]
    assert f"card-{NEW}" in ids
    assert len([i for i in ids if i and i.startswith("card-")]) == len(library.kind("schools")) + 1
    card = next(card for card in cards if card.get("id") == f"card-{NEW}")
    assert card.find(".//a").get("href") == f"{NEW}/"
    facets = json.loads(card.get("data-facets"))
    assert all(set(values) <= set(facets.get(facet, [])) for facet, values in NEW_FACETS.items())
    status = next(e for e in document.iter() if e.get("role") == "status" and "cb-count" in e.get("class", ""))
    assert status.text.strip() == f"{len(library.kind('schools')) + 1} case studies"


def test_new_school_counts_in_the_filters(new_site: Path, library: Library) -> None:
    document = _parse(new_site / "case-studies" / "index.html")
    for facet, values in NEW_FACETS.items():
        for value in values:
            before = sum(value in s.facets.get(facet, []) for s in library.models("schools"))
            box = document.find(f".//input[@name='{facet}'][@value='{value}']")
            assert box is not None, f"no filter for {facet}={value}"
            label = "".join(document.find(f".//label/input[@name='{facet}'][@value='{value}']/..").itertext())
            assert f"({before + 1})" in label, (facet, value, label)
    # `east-midlands` is used by no other school: the new file alone adds it to the panel.
    assert not any("east-midlands" in s.facets.get("region", []) for s in library.models("schools"))


def test_new_school_is_a_column_of_the_comparison_table(new_site: Path, library: Library) -> None:
    document = _parse(new_site / "case-studies" / "index.html")
    table = document.find(".//div[@class='cb-compare']/table")
    headings = ["".join(th.itertext()).strip() for th in table.findall("./thead/tr/th")]
    assert headings[-1] == "School F" or "School F" in headings
    assert len(headings) == len(library.kind("schools")) + 2  # the "Fact" column, the schools, the new one
    column = headings.index("School F")
    row = {"".join(tr.find("th").itertext()).strip(): ["".join(td.itertext()).strip() for td in tr.findall("td")]
           for tr in table.findall("./tbody/tr")}
    assert row["Pupils on roll"][column - 1] == "873"
    assert row["Region"][column - 1] == "East Midlands"


def test_new_school_is_in_the_search_index(new_site: Path) -> None:
    index = json.loads((new_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    page = [doc for doc in index["docs"] if doc["location"] == f"case-studies/{NEW}/"]
    assert page and page[0]["title"] == "School F"
    assert "Fenland coast" in page[0]["text"]


def test_the_field_reference_page_is_built(new_site: Path) -> None:
    page = new_site / "contributing" / "reference" / "index.html"
    text = page.read_text(encoding="utf-8")
    for path in ("facts.pupils", "sections.advice[].text", "evidence_year"):
        assert f"<code>{path}</code>" in text
    assert 'href="../"' in text  # back to the hand-written guide


# --- The field reference is generated from the model and lists every field ----------


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    if model in seen:
        return seen
    seen.add(model)
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            annotation = stack.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                _models(annotation, seen)
            stack.extend(typing.get_args(annotation))
    return seen


def test_reference_lists_every_field_of_every_model(library: Library) -> None:
    renderer = Renderer(library, Linker())
    page = next(p for p in renderer.pages() if p.path == "contributing/reference.md")
    listed = set(re.findall(r"<tr><td><code>([^<]+)</code></td>", page.markdown))
    last = {re.split(r"[.\]]", path)[-1] for path in listed}
    models: set[type[BaseModel]] = set()
    for model in [*RECORD_KINDS.values(), *SINGLETONS.values()]:
        _models(model, models)
    for model in models:
        for name in model.model_fields:
            assert name in last, f"{model.__name__}.{name} is missing from the field reference"
    section = page.markdown.split("## School case study", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"<tr><td><code>([^<]+)</code></td><td>.*?</td><td>(yes|no)", section))
    for name, info in School.model_fields.items():
        assert rows[name] == ("yes" if info.is_required() else "no"), name
    assert rows["facts.pupils"] == "yes" and rows["facts.notes"] == "no"
    # Allowed values of each facet come from the taxonomy.
    for facet in library.taxonomy.facets:
        for value in facet.values:
            assert f"<td><code>{value.id}</code></td>" in page.markdown


def test_reference_is_in_the_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "contributing/reference.md" in config


# --- Editor support: JSON Schema files, committed and referenced ----------------------


def test_every_content_file_names_its_schema_on_its_first_line() -> None:
    for path, kind in content_files(ROOT / "case_studies"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == jsonschema.hint(kind), f"{path}: first line should be {jsonschema.hint(kind)!r}"
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target} does not exist"


def test_committed_schemas_are_up_to_date(library: Library) -> None:
    assert jsonschema.stale(ROOT / "schemas", library.taxonomy) == []
    school_schema = json.loads((ROOT / "schemas" / "school.schema.json").read_text(encoding="utf-8"))
    assert school_schema["$schema"] == jsonschema.DRAFT
    setting = school_schema["properties"]["facets"]["properties"]["setting"]["items"]["enum"]
    assert setting == [v.id for v in library.facet("setting").values]
    assert set(school_schema["required"]) == {n for n, i in School.model_fields.items() if i.is_required()}


# --- The GitHub side: issue form, pull-request template, pre-commit, workflow ---------

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "submit-case-study.yml"


def _form() -> dict[str, Any]:
    return yaml.safe_load(FORM.read_text(encoding="utf-8"))


def test_issue_form_covers_every_required_school_field() -> None:
    form = _form()
    assert form["name"] == "Submit a case study"
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids)), "ids must be unique"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    required: list[str] = []
    for name, info in School.model_fields.items():
        inner = info.annotation
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            required += [n for n, i in inner.model_fields.items() if i.is_required()]
        elif info.is_required():
            required.append(name)
    for name in required:
        assert any(i == name or i.startswith(f"{name}-") for i in ids), f"no box for the required field `{name}`"
    boxes = {item["id"]: item for item in form["body"] if "id" in item}
    for name in required:
        # The id may be left to the maintainer, who names the file.
        if name in boxes and name != "id":
            assert boxes[name]["validations"]["required"] is True, f"`{name}` is required in the schema"


def test_issue_form_facet_lists_match_the_taxonomy(library: Library) -> None:
    for item in _form()["body"]:
        if item.get("id", "").startswith("facets-"):
            facet = library.facet(item["id"].removeprefix("facets-"))
            assert facet is not None, item["id"]
            assert item["attributes"]["options"] == [v.label for v in facet.values], item["id"]
            assert item["attributes"]["multiple"] is True


def test_pull_request_template_has_a_checklist() -> None:
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") >= 4
    assert "casebook validate" in template


def test_pre_commit_runs_the_project_checks() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert any(e.startswith("casebook validate") for e in entries)
    assert "casebook schema --check" in entries
    assert any(e.startswith("ruff check") for e in entries)


def test_workflow_checks_pull_requests_and_publishes_main() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # PyYAML reads `on:` as True
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["check"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    for needed in ("requirements-dev.lock", "pip install --no-deps -e .", "scripts/install-chromium",
                   "casebook validate", "casebook schema --check", "pytest", "mkdocs build --strict"):
        assert needed in commands, needed
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["permissions"]["pages"] == "write"


def test_guides_link_to_each_other_and_the_reference() -> None:
    guide = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert "](contributing/reference.md)" in guide
    assert "casebook new schools" in guide and "casebook validate" in guide
    root_guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "](docs/contributing.md)" in root_guide
    assert "casebook new schools" in root_guide and "Submit a case study" in root_guide


def test_a_contributor_can_follow_the_guide(tmp_path: Path) -> None:
    """The guide's commands, in order, on a scratch copy: new, validate (fails), fill in, validate (passes)."""
    project = copy_project(tmp_path)
    assert casebook("new", "schools", NEW, cwd=project).returncode == 0
    target = project / "case_studies" / "schools" / f"{NEW}.yaml"
    first = casebook("validate", f"case_studies/schools/{NEW}.yaml", cwd=project)
    assert first.returncode == 1 and "still holds the template's placeholder" in first.stdout
    target.write_text(school(NEW), encoding="utf-8")  # what the filled-in file looks like
    second = casebook("validate", f"case_studies/schools/{NEW}.yaml", cwd=project)
    assert second.returncode == 0, second.stdout
    assert "ok: 1 content file valid" in second.stderr
