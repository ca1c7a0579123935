"""Contributions by pull request: a school from a real source appears everywhere; the contributor's tools agree.

The main test does what a contributor does, from the guide alone: `casebook new` writes the
template, the filled file (`tests/fixtures/pheasey-park-farm-primary.yaml`, the school of the
edtech-gaps article, taken only from what the article states and undated, as the article is)
replaces it, `casebook validate` passes, and a real build shows the school in every place a
reader meets it: its page, its card, the comparison table, the filters and the search.
"""

from __future__ import annotations

import gzip
import json
import re
import typing
from pathlib import Path
from typing import Any

import html5lib
import pytest
import yaml
from casebook import jsonschema, reference
from casebook.library import Library, load_library
from casebook.loader import PLACEHOLDER, content_files
from casebook.render.helpers import newest_first
from casebook.schema import RECORD_KINDS, SINGLETONS, School, SchoolFacts, SchoolSections
from pydantic import BaseModel

from tests.conftest import ROOT, build_site, copy_project
from tests.samples import casebook
from tests.test_fidelity import FILES, verbatim_by_print

NEW = "pheasey-park-farm-primary"
FIXTURE = ROOT / "tests" / "fixtures" / f"{NEW}.yaml"
TITLE = "Pheasey Park Farm Primary School"
NEW_FACETS = {"phase": ["primary"], "theme": ["funding-and-procurement", "distributed-leadership"],
              "role": ["technology-leader"]}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "case_studies")


def _keys(data: Any, prefix: str = "") -> set[str]:
    """Every field path of a YAML mapping that holds a value, list items as `[]`."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if value in ([], {}):
                continue  # an optional field the template leaves empty: the contributor may delete it
            found.add(f"{prefix}{key}")
            found |= _keys(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for value in data:
            found |= _keys(value, f"{prefix.rstrip('.')}[].")
    return found


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The contributor's path on a scratch copy: new, validate (fails), fill in, validate (passes), build."""
    project = copy_project(tmp_path_factory.mktemp("new-school"))
    created = casebook("new", "schools", NEW, cwd=project)
    assert created.returncode == 0, created.stderr
    target = project / "case_studies" / "schools" / f"{NEW}.yaml"
    scaffold = target.read_text(encoding="utf-8")
    first = casebook("validate", f"case_studies/schools/{NEW}.yaml", cwd=project)
    assert first.returncode == 1 and "still holds the template's placeholder" in first.stdout
    # The filled file is the template filled in: every field the template sets is set, in the same
    # shape, with no placeholder left (optional fields the template leaves commented out may be added).
    filled_text = FIXTURE.read_text(encoding="utf-8")
    template_data, filled = yaml.safe_load(scaffold), yaml.safe_load(filled_text)
    assert _keys(template_data) - {"facets.size-band", "facets.setting", "facets.region",
                                   "facets.leadership-model", "facets.evidence"} <= _keys(filled)
    assert filled_text.splitlines()[0] == scaffold.splitlines()[0]
    assert not PLACEHOLDER.search(filled_text)
    target.write_text(filled_text, encoding="utf-8")
    second = casebook("validate", f"case_studies/schools/{NEW}.yaml", cwd=project)
    assert second.returncode == 0, second.stdout
    assert "ok: 1 content file valid" in second.stderr
    out = tmp_path_factory.mktemp("new-school-site")
    result = build_site(project, out)
    assert result.returncode == 0, result.stderr
    return out


def _parse(path: Path) -> Any:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_fixture_takes_only_what_the_article_states() -> None:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    assert data["evidence_year"] == "not stated" and data["evidence_year_note"]
    assert all(data["facts"][name] == "not stated" for name in ("pupils", "fsm_percent", "headteacher_years_in_post",
                                                                "location"))
    assert "setting" not in data["facets"] and "region" not in data["facets"]  # the article does not say
    # Quotations are word for word in the article, by its fingerprint (the text is not committed).
    quotes = [q["text"] for part in data["sections"].values() if isinstance(part, dict)
              for q in part.get("quotations", [])]
    assert len(quotes) == 2
    assert {q[:30]: verbatim_by_print(FILES["edtech-gaps"], q) for q in quotes} == {q[:30]: None for q in quotes}


def test_new_school_has_its_own_page(new_site: Path) -> None:
    document = _parse(new_site / "case-studies" / NEW / "index.html")
    assert _text(document.find(".//h1")) == TITLE
    text = _text(document.find(".//article"))
    facts = {_text(div.find("dt")): _text(div.find("dd")) for div in document.findall(".//dl[@class='cb-facts']/div")}
    assert facts["Year of the evidence"].startswith("Undated (The article carries no date")
    assert facts["Pupils on roll"] == "Not stated in the source"
    assert facts["Location"].startswith("Not stated in the source (The article names the school's trust")
    assert "Evidence from an undated source" in text
    assert "Microsoft Showcase school" in text
    assert "The role of a head of IT should never be lonely" in text
    assert "How do school leaders fill edtech gaps?" in text  # its source, named


def test_new_school_is_a_card_in_the_library(new_site: Path, library: Library) -> None:
    document = _parse(new_site / "case-studies" / "index.html")
    cards = document.findall(".//article")
    ids = [card.get("id") for card in cards]
    assert f"card-{NEW}" in ids
    assert len([i for i in ids if i and i.startswith("card-")]) == len(library.kind("schools")) + 1
    card = next(card for card in cards if card.get("id") == f"card-{NEW}")
    assert card.find(".//a").get("href") == f"{NEW}/"
    facts = _text(card.find(".//p[@class='cb-card-facts']"))
    assert "undated" in facts and "from not stated" not in facts, facts
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


def test_new_school_is_a_column_of_the_comparison_table(new_site: Path, library: Library) -> None:
    document = _parse(new_site / "case-studies" / "index.html")
    table = document.find(".//div[@class='cb-compare']/table")
    headings = [_text(th) for th in table.findall("./thead/tr/th")]
    assert TITLE in headings
    assert len(headings) == len(library.kind("schools")) + 2  # the "Fact" column, the schools, the new one
    column = headings.index(TITLE)
    row = {_text(tr.find("th")): [_text(td) for td in tr.findall("td")] for tr in table.findall("./tbody/tr")}
    assert row["Year of the evidence"][column - 1] == "Undated"
    assert row["Pupils on roll"][column - 1] == "Not stated in the source"
    assert row["Phase"][column - 1] == "Primary"
    assert row["Region"][column - 1] == "Not stated"


def _search_records(site: Path) -> list[dict[str, Any]]:
    """The search index's records: Pagefind's fragments when the site has a Pagefind index, else
    Material's `search/search_index.json` (before Pagefind replaced it), as {url, title, text}."""
    fragments = site / "pagefind" / "fragment"
    if fragments.is_dir():
        records = []
        for path in fragments.iterdir():
            raw = gzip.decompress(path.read_bytes()).decode("utf-8")
            data = json.loads(raw[raw.index("{"):])  # a signature precedes the JSON
            records.append({"url": data["url"], "title": data.get("meta", {}).get("title", ""),
                            "text": data.get("content", "")})
        return records
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return [{"url": doc["location"], "title": doc["title"], "text": doc["text"]} for doc in index["docs"]]


def test_new_school_is_in_the_search_index(new_site: Path) -> None:
    records = [r for r in _search_records(new_site) if r["url"].strip("/").endswith(f"case-studies/{NEW}")
               or r["url"].startswith(f"case-studies/{NEW}/")]
    assert records, "the new school's page is not in the search index"
    assert any(r["title"].startswith(TITLE) for r in records)
    assert any("Elston Hall Learning Trust" in r["text"] for r in records)


def test_the_field_reference_page_is_built(new_site: Path) -> None:
    page = new_site / "contributing" / "reference" / "index.html"
    text = page.read_text(encoding="utf-8")
    for path in ("facts.pupils", "sections.advice[].text", "evidence_year", "evidence_year_note"):
        assert f"<code>{path}</code>" in text
    assert 'href="../"' in text  # back to the hand-written guide
    document = _parse(page)
    ids = {e.get("id") for e in document.iter() if e.get("id")}
    links = {a.get("href")[1:] for a in document.iter("a") if (a.get("href") or "").startswith("#")}
    assert links and links <= ids, f"links to missing anchors: {sorted(links - ids)}"


def test_undated_evidence_sorts_after_dated_evidence() -> None:
    class R:
        def __init__(self, year: int | str) -> None:
            self.evidence_year = year
    records = [R("not stated"), R(2007), R(2024), R("not stated"), R(2014)]
    assert [r.evidence_year for r in newest_first(records)] == [2024, 2014, 2007, "not stated", "not stated"]
    assert newest_first(records)[3] is records[0]  # ties keep their order


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


FIELD_LINE = re.compile(r"^- \*\*`([^`]+)`\*\* \((required|optional)[^;]*;", re.M)


def test_reference_lists_every_field_of_every_model(library: Library) -> None:
    text = reference.markdown(library.taxonomy)
    listed = {path for path, _ in FIELD_LINE.findall(text)}
    last = {re.split(r"[.\]]", path)[-1] for path in listed}
    models: set[type[BaseModel]] = set()
    for model in [*RECORD_KINDS.values(), *SINGLETONS.values()]:
        _models(model, models)
    for model in models:
        for name in model.model_fields:
            assert name in last, f"{model.__name__}.{name} is missing from the field reference"
    section = text.split("\n## School case study\n", 1)[1].split("\n## ", 1)[0]
    rows = dict(FIELD_LINE.findall(section))
    for name, info in School.model_fields.items():
        assert rows[name] == ("required" if info.is_required() else "optional"), name
    assert rows["facts.pupils"] == "required" and rows["facts.notes"] == "optional"
    assert "(required; a year or `not stated`)" in section.split("`evidence_year`", 1)[1].splitlines()[0]
    # Allowed values of each facet come from the taxonomy.
    for facet in library.taxonomy.facets:
        assert f"\n### Facet `{facet.id}`\n" in text
        for value in facet.values:
            assert f"\n- `{value.id}`: " in text


def test_reference_is_plain_markdown_with_working_links(library: Library) -> None:
    text = reference.markdown(library.taxonomy)
    assert "<table" not in text and "{: #" not in text  # reads the same in a terminal and on GitHub
    headings = {reference.slug(h) for h in re.findall(r"^#{1,3} (.+)$", text, re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links and links <= headings, sorted(links - headings)
    assert "(../contributing.md)" in text


def test_taxonomy_text_reaches_the_reference_as_text(library: Library) -> None:
    facet = library.taxonomy.facets[0]
    hostile = facet.model_copy(update={"description": "<script>alert(1)</script> [x](javascript:alert(1))"})
    taxonomy = library.taxonomy.model_copy(update={"facets": [hostile, *library.taxonomy.facets[1:]]})
    text = reference.markdown(taxonomy)
    assert "<script>" not in text and "](javascript:" not in text
    assert "&lt;script&gt;" in text


def test_committed_reference_equals_the_model(library: Library) -> None:
    committed = (ROOT / reference.REFERENCE_FILE).read_text(encoding="utf-8")
    assert committed == reference.markdown(library.taxonomy), (
        "docs/contributing/reference.md is out of date: run `casebook reference --write` and commit it")
    printed = casebook("reference", cwd=ROOT)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == committed
    assert casebook("reference", "--check", cwd=ROOT).returncode == 0


def test_reference_of_one_kind_and_when_content_is_broken(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    schools = casebook("reference", "school", cwd=project)
    assert schools.returncode == 0
    assert schools.stdout.startswith("## School case study\n")
    assert "## Role\n" not in schools.stdout and "### Part `Citation`" in schools.stdout
    assert "### Facet `setting`" in schools.stdout
    # Half-filled content elsewhere does not stop the reference.
    (project / "case_studies" / "schools" / "school-f.yaml").write_text("id: school-f\ntitle: [x\n", encoding="utf-8")
    assert casebook("reference", cwd=project).returncode == 0
    # A changed taxonomy makes the committed copy stale until it is written again.
    taxonomy = project / "case_studies" / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace("- id: city\n", "- id: city\n        # x\n")
                        .replace("label: City", "label: City or large town"), encoding="utf-8")
    check = casebook("reference", "--check", cwd=project)
    assert check.returncode == 1 and "casebook reference --write" in check.stderr
    assert casebook("reference", "--write", cwd=project).returncode == 0
    assert casebook("reference", "--check", cwd=project).returncode == 0
    assert "City or large town" in (project / reference.REFERENCE_FILE).read_text(encoding="utf-8")
    # A broken taxonomy: the reference is still printed, without facet values; --check refuses.
    taxonomy.write_text("facets: [\n", encoding="utf-8")
    broken = casebook("reference", cwd=project)
    assert broken.returncode == 0 and "## School case study" in broken.stdout
    assert "taxonomy" in broken.stderr
    assert casebook("reference", "--check", cwd=project).returncode == 1
    assert casebook("reference", "nope", cwd=project).returncode == 2


def test_reference_wraps_for_a_terminal(library: Library) -> None:
    text = reference.markdown(library.taxonomy, "schools")
    wrapped = reference.wrap(text, 80)
    assert wrapped.split() == text.split()  # the same words, only the line breaks differ
    long = [line for line in wrapped.splitlines() if len(line) > 80 and not line.startswith(("|", "#"))]
    assert long == [line for line in long if " " not in line.strip()]  # only an unbreakable word may overflow
    assert "\n  " in wrapped  # a list item continues with a hanging indent


def test_scaffold_asks_the_six_questions_and_offers_undated() -> None:
    from casebook.scaffold import template
    text = template("schools", "school-f")
    assert "report's" not in text
    for name, info in SchoolSections.model_fields.items():
        question = (info.description or "").split("?")[0]
        assert question and question + "?" in " ".join(line.lstrip("# ") for line in text.splitlines()), name
    assert 'evidence_year: "TODO: a year or not stated"' in text
    assert "# evidence_year_note:" in text
    assert "#   pupils: " in text  # how to add a note beside a fact


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


def test_issue_form_has_a_note_beside_each_fact_and_an_undated_year() -> None:
    boxes = {item["id"]: item for item in _form()["body"] if "id" in item}
    ids = list(boxes)
    for name in ("pupils", "fsm_percent", "headteacher_years_in_post", "location"):
        note = f"notes-{name}"
        assert note in boxes, f"no box for the note on `{name}`"
        assert ids.index(note) == ids.index(name) + 1, f"the note on `{name}` should follow its box"
        assert boxes[note]["validations"]["required"] is False
    assert set(typing.get_args(SchoolFacts.model_fields["notes"].annotation)[0].__args__) == {
        "pupils", "fsm_percent", "headteacher_years_in_post", "location"}
    year = boxes["evidence_year"]["attributes"]
    assert "not stated" in year["description"] and "not stated" in year["placeholder"]
    assert boxes["evidence_year_note"]["validations"]["required"] is False


def _source_option(document: Any) -> str:
    return f"{document.title} ({document.year if document.year != 'not stated' else 'undated'})"


def test_issue_form_sources_are_the_known_documents_and_other(library: Library) -> None:
    boxes = {item["id"]: item for item in _form()["body"] if "id" in item}
    sources = boxes["sources"]
    assert sources["type"] == "dropdown" and sources["attributes"]["multiple"] is True
    expected = [_source_option(d) for d in library.sources.values()] + ["Other (described in the next box)"]
    assert sources["attributes"]["options"] == expected, (
        "the form's list of sources should match case_studies/sources.yaml; its options should be:\n"
        + "\n".join(f"        - {json.dumps(o, ensure_ascii=False)}" for o in expected))
    assert boxes["sources-detail"]["type"] == "textarea"


def test_issue_form_asks_the_six_questions(library: Library) -> None:
    boxes = {item["id"]: item for item in _form()["body"] if "id" in item}
    for name, info in SchoolSections.model_fields.items():
        question = (info.description or "").split("?")[0] + "?"
        assert boxes[name]["attributes"]["label"] == question, name


def test_pull_request_template_has_a_checklist() -> None:
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") == 6
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
    # Undated sources, the six questions and the reference in a terminal: the guides agree with the model.
    for text in (guide, root_guide):
        assert "evidence_year: not stated" in text and "evidence_year_note" in text
        assert "casebook reference" in text
    for name, info in SchoolSections.model_fields.items():
        question = (info.description or "").split("?")[0] + "?"
        assert f"| `{name}` | {question} |" in guide, name
    assert "`evidence_year` should be a year such as 2024 or `not stated`" in guide
    assert all(f"`casebook new {kind} ID`" in guide for kind in RECORD_KINDS), "a kind is missing from the guide"

