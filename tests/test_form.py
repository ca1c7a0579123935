"""The Add your school form: generated from the school's JSON Schema, and nothing else.

The browser side (checks as you type, the file it writes, the draft) is in tests/browser/test_form.py.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_module
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from casebook import form as form_module
from casebook import jsonschema
from casebook.form import GitHub, describe
from casebook.library import load_library
from casebook.render import Renderer
from casebook.schema import RECORD_KINDS, School
from casebook.schema.common import Line, Text
from pydantic import Field

from tests.conftest import ROOT, build_site, copy_project

VENDOR = ROOT / "plugins" / "casebook" / "assets" / "vendor"


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library(ROOT / "case_studies", ROOT)


def schema_paths(schema: dict[str, Any]) -> list[str]:
    """Every field of the schema as a path (`facts.pupils`, `sections.advice[].text`), walked here
    independently of form.py: properties in order, `[]` for the items of a list of mappings."""
    found: list[str] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        node = jsonschema.resolve(node, schema)
        for name, child in node.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            found.append(path)
            members = jsonschema.alternatives(child)
            inner = jsonschema.resolve(members[0], schema) if len(members) == 1 else child
            if inner.get("type") == "object" and "properties" in inner:
                walk(inner, path)
            elif inner.get("type") == "object" and "propertyNames" in inner:
                found.extend(f"{path}.{key}" for key in inner["propertyNames"]["enum"])
            elif inner.get("type") == "array" and "$ref" in inner.get("items", {}):
                walk(inner["items"], f"{path}[]")

    walk(schema, "")
    return found


def rendered_form(library) -> str:  # type: ignore[no-untyped-def]
    job = next(j for j in Renderer(library).jobs() if j.template == "add-your-school.md.j2")
    return Renderer(library).render(job).markdown


def form_names(html: str) -> list[str]:
    return re.findall(r'data-name="([^"]*)" data-widget', html)


def test_the_form_has_exactly_the_schemas_fields(library) -> None:  # type: ignore[no-untyped-def]
    form = describe(library.taxonomy, list(library.sources))
    schema = jsonschema.build("schools", library.taxonomy)
    assert form.field_paths() == schema_paths(schema)
    # The page carries a control for every field, and the schema itself for the browser's checks.
    html = rendered_form(library)
    leaves = [p.rsplit(".", 1)[-1] for p in schema_paths(schema)]
    assert [n for n in form_names(html) if n] == leaves
    embedded = re.search(r'data-schema="([^"]*)"', html)
    assert embedded and json.loads(html_module.unescape(embedded.group(1))) == schema


def test_every_facet_value_of_the_taxonomy_is_a_box_to_tick(library) -> None:  # type: ignore[no-untyped-def]
    html = rendered_form(library)
    for facet in library.taxonomy.facets:
        if facet.kinds is not None and "schools" not in facet.kinds:
            # What describes a CPD model, not a school, is not asked (issue 25).
            assert f'data-name="{facet.id}"' not in html
            continue
        block = html.split(f'data-name="{facet.id}" data-widget="choices"', 1)[1].split("</fieldset>", 1)[0]
        assert re.findall(r'type="checkbox" name="[^"]*" value="([^"]*)"', block) == [v.id for v in facet.values]
        assert all(f"> {v.label}</label>" in html_module.unescape(block) for v in facet.values)
    assert 'data-name="cpd-format"' not in html and 'data-name="pd-principle"' not in html
    regions = html.split('data-name="region" data-widget="choices"', 1)[1].split("</fieldset>", 1)[0]
    assert len(re.findall('type="checkbox"', regions)) == 13  # 9 English regions, "Midlands", 3 other nations


class _SchoolPlus(School):
    """The model with two fields more, as a contributor might add them to schema/schools.py."""

    website: Line | None = Field(default=None, description="The school's own web site, if the source names it.")
    motto: Text = Field(description="The school's motto, in its own words.")


def test_a_field_added_to_the_model_appears_in_the_form(library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(RECORD_KINDS, "schools", _SchoolPlus)
    form = describe(library.taxonomy, list(library.sources))
    assert form.field_paths()[-2:] == ["website", "motto"]
    website, motto = form.fields[-2:]
    assert (website.widget, website.required, website.label) == ("text", False, "Website")
    assert (motto.widget, motto.required) == ("textarea", True)
    html = rendered_form(library)
    # A field not placed in a step joins the step of the field before it (the sources: step 5).
    assert 'data-name="website" data-widget="text" data-empty="omit" data-label="Website" data-step="5">' in html
    assert ('data-name="motto" data-widget="textarea" data-empty="omit" data-label="Motto" data-required '
            'data-step="5">') in html
    assert "The school's motto, in its own words." in html_module.unescape(html)
    embedded = re.search(r'data-schema="([^"]*)"', html)
    assert embedded and "motto" in json.loads(html_module.unescape(embedded.group(1)))["required"]


def test_labels_and_limits_come_from_the_schema(library) -> None:  # type: ignore[no-untyped-def]
    form = describe(library.taxonomy, list(library.sources))
    by_path = {}

    def walk(fields: list[form_module.FormField]) -> None:
        for f in fields:
            by_path[f.path] = f
            walk(f.children)
            if f.item:
                by_path[f.item.path] = f.item
                walk(f.item.children)

    walk(form.fields)
    schema = jsonschema.build("schools", library.taxonomy)
    pupils = schema["$defs"]["SchoolFacts"]["properties"]["pupils"]
    assert by_path["facts.pupils"].help == pupils["description"]
    assert by_path["facts.pupils"].widget == "number"
    assert ("not stated", "not stated") in by_path["facts.pupils"].values
    assert by_path["title"].limits["maxLength"] == schema["properties"]["title"]["maxLength"]
    assert by_path["sections.advice"].limits.get("minItems") == 1
    assert by_path["sections.advice"].widget == "list" and by_path["sections.advice[]"].widget == "group"
    assert by_path["sections.context.quotations"].empty == "[]"  # as `casebook new` writes it
    assert by_path["facts.notes"].empty == "{}"
    assert [s for s, _ in by_path["sources[].source"].suggestions] == sorted(library.sources)
    # Labels are the model's titles, in a teacher's words (issue 25), not the field names.
    assert by_path["sections.how_ict_is_used"].label == "How is technology used?"
    assert by_path["facts.pupils"].label == "Pupils on roll"
    assert by_path["sources[].new_source.author"].label == "Who wrote or published it"


@pytest.mark.parametrize(("repo_url", "edit_uri", "expected"), [
    ("https://github.com/edtech/library", None, "https://github.com/edtech/library/new/main"),
    ("https://github.com/edtech/library.git", "edit/trunk/docs/", "https://github.com/edtech/library/new/trunk"),
    ("https://github.com/edtech/library/", "blob/dev/docs/", "https://github.com/edtech/library/new/dev"),
    ("https://gitlab.com/edtech/library", None, None),
    ("https://github.com/edtech/library/tree/main/docs", None, None),
    ("https://github.com/edtech/li brary", None, None),
    ("", None, None),
    (None, None, None),
])
def test_the_github_address(repo_url: str | None, edit_uri: str | None, expected: str | None) -> None:
    found = GitHub.from_config(repo_url, edit_uri)
    assert (found.new_file_url() if found else None) == expected


def test_the_ways_to_send_follow_the_sites_settings(tmp_path: Path) -> None:
    """Propose on GitHub and the prefilled issue where `repo_url` names a repository; email where
    `extra: contributions_email` names an address; with JavaScript off the page names both."""
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "CONTRIBUTIONS_EMAIL" not in os.environ  # so the setting is empty here
    plain = build_site(project, tmp_path / "plain")
    assert plain.returncode == 0, plain.stderr
    page = (tmp_path / "plain" / "contributing" / "add-your-school" / "index.html").read_text(encoding="utf-8")
    assert "cb-form-github" not in page and "data-github" not in page and "github.com" not in page
    assert "mailto:" not in page and "data-email" not in page
    assert page.count("names no address and no repository") == 2  # in the note without JavaScript, and step 6
    config = config.replace("site_name:", "repo_url: https://github.com/edtech-leaders/library\n"
                            "edit_uri: edit/trunk/docs/\nsite_name:", 1)
    config = re.sub(r"(?m)^  contributions_email:.*$", "  contributions_email: library@example.org", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    github = build_site(project, tmp_path / "github")
    assert github.returncode == 0, github.stderr
    page = (tmp_path / "github" / "contributing" / "add-your-school" / "index.html").read_text(encoding="utf-8")
    assert 'data-github="https://github.com/edtech-leaders/library/new/trunk"' in page
    assert '<a class="cb-form-github" href="https://github.com/edtech-leaders/library/new/trunk"' in page
    issue = "https://github.com/edtech-leaders/library/issues/new?template=submit-case-study.yml"
    assert f'data-issue="{issue}"' in page and f'<a class="cb-form-issue" href="{issue}"' in page
    assert 'data-email="library@example.org"' in page
    assert ('<a class="cb-form-email" href="mailto:library@example.org?subject=Add%20my%20school%20to%20the%20library">'
            'email it to library@example.org</a>') in page
    # Without JavaScript (the <noscript> note): the address and the repository, each a link.
    note = page.split("<noscript>", 1)[1].split("</noscript>", 1)[0]
    assert '<a href="mailto:library@example.org">library@example.org</a>' in note
    assert '<a href="https://github.com/edtech-leaders/library">edtech-leaders/library</a>' in note
    assert "names no address" not in page
    # The header links to the repository without Material's script that fetches its facts from
    # api.github.com: the site still makes no request to another origin.
    assert 'class="md-source"' in page and 'data-md-component="source"' not in page


@pytest.mark.parametrize(("extra", "expected"), [
    ({"contributions_email": "library@example.org"}, "library@example.org"),
    ({"contributions_email": " library@example.org "}, "library@example.org"),
    ({"contributions_email": "library@example.org?cc=x@y.z"}, None),
    ({"contributions_email": "not an address"}, None),
    ({"contributions_email": ["library@example.org"]}, None),
    ({}, None),
    (None, None),
])
def test_the_contributions_address(extra: Any, expected: str | None) -> None:
    assert form_module.contributions_email(extra) == expected


def test_no_aria_reference_points_at_nothing(library) -> None:  # type: ignore[no-untyped-def]
    """Every id an `aria-describedby` or `aria-labelledby` names is on the page, in the built markup
    and in every repeatable group's template (issue 27: `cbf-sections-advice-1-help`, `cbf-sources-2-help`)."""
    html = rendered_form(library)
    ids = set(re.findall(r' id="([^"]+)"', html))
    referenced = {i for refs in re.findall(r'aria-(?:describedby|labelledby)="([^"]+)"', html) for i in refs.split()}
    assert referenced and referenced <= ids, sorted(referenced - ids)


def test_the_form_is_in_steps_and_visible_as_built(library) -> None:  # type: ignore[no-untyped-def]
    html = rendered_form(library)
    assert re.findall(r'data-step-link="\d">([^<]+)<', html) == [
        "About your school", "What you did", "What happened", "Advice to other schools", "Where this comes from",
        "Check and send"]
    assert re.findall(r'<h2 class="cb-step-title" id="cb-step-(\d)"', html) == ["1", "2", "3", "4", "5", "6"]
    # Not hidden until a script swaps it in (issue 27: layout shift 0.896): the stylesheet comes first.
    form_tag = re.search(r"<form [^>]*>", html)
    assert form_tag and " hidden" not in form_tag.group(0)
    assert html.index('href="../../assets/casebook/lazy/form.css"') < html.index("<form ")
    # No schema paths, file names or field names in the labels and help a teacher reads.
    visible = re.sub(r"<(template|datalist|noscript)[^>]*>.*?</\1>", "", html.split("<form ", 1)[1], flags=re.S)
    visible = re.sub(r"<[^>]+>", " ", visible.split('<section class="cb-form-result"', 1)[0])
    for word in ("taxonomy.yaml", "sources.yaml", "keyed by", "a mapping of", "facts.", "fsm_percent", "new_source"):
        assert word not in visible, word


def test_the_page_is_in_the_navigation_and_the_guide_leads_with_it() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    contributing = config.split("  - Contributing:", 1)[1]
    assert contributing.lstrip().startswith("- Add your school: contributing/add-your-school.md")
    for guide in (ROOT / "docs" / "contributing.md", ROOT / "CONTRIBUTING.md"):
        top = guide.read_text(encoding="utf-8")[:1500]
        assert "add-your-school" in top, f"{guide.name} does not lead with the Add your school page"


# --- the vendored browser code is what the lock says ---------------------------------------------


def test_vendored_code_is_what_package_lock_pins() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    manifest = json.loads((VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
    assert set(manifest["packages"]) == set(package["dependencies"])
    for name, entry in manifest["packages"].items():
        locked = lock["packages"][f"node_modules/{name}"]
        assert package["dependencies"][name] == locked["version"] == entry["version"], f"{name} is not pinned"
        assert entry["integrity"] == locked["integrity"]
        assert entry["license"] == locked["license"] == "MIT"
        folder = VENDOR / entry["folder"]
        assert (folder / "LICENSE").is_file(), f"{name} has no licence beside it"
        on_disk = {p.name for p in folder.iterdir()}
        assert on_disk == set(entry["files"]), f"{name}: files not from the package: {on_disk ^ set(entry['files'])}"
        for file_name, digest in entry["files"].items():
            assert hashlib.sha256((folder / file_name).read_bytes()).hexdigest() == digest, f"{file_name} was edited"
        # Minified at `make vendor` time from the package's own files: the entry is among the inputs
        # esbuild read, each named inside the package with its SHA-256 (`make vendor-check` rebuilds them).
        assert entry["entry"] in entry["inputs"], f"{name}: its entry was not minified"
        assert all(re.fullmatch(r"[0-9a-f]{64}", d) for d in entry["inputs"].values()), entry["inputs"]
        assert not any(p.startswith(("/", "..")) for p in entry["inputs"]), entry["inputs"]
    tool = lock["packages"]["node_modules/esbuild"]
    assert manifest["minifier"]["name"] == "esbuild" and "--minify" in manifest["minifier"]["args"]
    assert package["devDependencies"]["esbuild"] == tool["version"] == manifest["minifier"]["version"]
    assert manifest["minifier"]["integrity"] == tool["integrity"] and tool["dev"] is True
    assert base64.b64decode(lock["packages"]["node_modules/js-yaml"]["integrity"].split("-", 1)[1])
    for served in ("cfworker-json-schema/index.js", "js-yaml/js-yaml.mjs"):  # minified: long lines, no indents
        text = (VENDOR / served).read_text(encoding="utf-8")
        assert len(text) / (text.count("\n") + 1) > 1000 and "\n  " not in text and "\n\t" not in text, served


def test_no_page_but_the_form_loads_the_vendored_code() -> None:
    entry = (ROOT / "plugins" / "casebook" / "assets" / "casebook.js").read_text(encoding="utf-8")
    assert "vendor/" not in entry and "form-check" not in entry
    assert re.search(r'\[".cb-form", \(\) => import\("./form.js"\)\]', entry)
    for script in (ROOT / "plugins" / "casebook" / "assets").glob("*.js"):
        if not script.name.startswith("form"):
            assert "vendor/" not in script.read_text(encoding="utf-8"), script.name
