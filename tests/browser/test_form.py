"""The Add your school page, driven in headless Chromium as a contributor would use it.

The form is generated from the school's JSON Schema (form.py); the browser reads it back into a
record, checks it with the vendored JSON Schema validator and casebook's own wording
(assets/form-check.js), writes the YAML file (assets/form-yaml.js) and keeps the draft in
localStorage (the store.js section "add-your-school").
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from casebook import jsonschema
from casebook.yamlsafe import parse
from playwright.sync_api import Page, expect

from tests.accessibility import serious_violations
from tests.conftest import ROOT, build_site, copy_project, serve

URL = "contributing/add-your-school/"
KEY = "casebook:section:add-your-school"
ID = "hilltop-primary"
TITLE = "Hilltop Primary School"
SUMMARY = "A primary school on a hill that lends its laptops to families. Pupils run the school's radio station."
LEADERSHIP = ("The deputy head leads technology with a team of pupil digital leaders.\n\n"
              "Governors review the plan each spring.")
ACCEPTED = "No problems: the checks (casebook validate) accept this file."


def problems(page: Page) -> list[str]:
    return page.locator(".cb-form-list li").all_inner_texts()


def field_error(page: Page, control_id: str) -> str:
    box = page.locator(f"#{control_id}-error")
    return box.inner_text() if box.is_visible() else ""


def settle(page: Page) -> None:
    """Past the form's typing delay (250 ms), so that its checks have usually run. A check that must
    not depend on that margin waits for its own outcome (`stored_draft_holds`, `expect`)."""
    page.wait_for_timeout(400)


def stored_draft_holds(page: Page, text: str) -> None:
    """Wait for the draft the form keeps in the browser to hold `text` (saved after the typing delay)."""
    page.wait_for_function("([key, text]) => (localStorage.getItem(key) || '').includes(text)", arg=[KEY, text])


def open_form(page: Page) -> None:
    page.goto(URL)
    expect(page.locator("#cb-form")).to_be_visible(timeout=20_000)


def fill_valid_school(page: Page) -> None:
    """Every required field, and one of each repeatable group, as a contributor fills them in."""
    page.fill("#cbf-id", ID)
    page.fill("#cbf-title", TITLE)
    page.fill("#cbf-summary", SUMMARY)
    page.fill("#cbf-evidence-year", "2023")
    page.fill("#cbf-facts-pupils", "212")
    page.fill("#cbf-facts-fsm-percent", "12.5")
    page.fill("#cbf-facts-headteacher-years-in-post", "not stated")
    page.fill("#cbf-facts-location", "A village on the edge of the moors")
    page.get_by_role("button", name="Add an award or network").click()
    expect(page.locator("[data-name=awards_and_networks] input[type=text]")).to_have_count(1)
    page.locator("[data-name=awards_and_networks] input[type=text]").last.fill("Digital Schools Award")
    page.fill("#cbf-facts-notes-headteacher-years-in-post", "The report does not say when the head started.")
    facets = page.locator("[data-name=facets]")
    facets.locator("[data-name=theme]").get_by_label("Parents and community").check()
    facets.locator("[data-name=theme]").get_by_label("Pupil voice").check()
    facets.locator("[data-name=phase]").get_by_label("Primary").check()
    facets.locator("[data-name=setting]").get_by_label("Rural village").check()
    page.fill("#cbf-leadership", LEADERSHIP)
    for key in ("context", "how-ict-is-used", "where-they-want-to-go", "making-it-happen", "who-they-involve"):
        page.fill(f"#cbf-sections-{key}-body", f"What the source says about {key.replace('-', ' ')}, in our words.")
    context = page.locator("[data-name=context]")
    context.get_by_role("button", name="Add a quotation").click()
    context.locator("textarea").last.fill("The children taught us more than any course did.")
    context.locator("[data-name=quotations] input[type=text]").first.fill("Headteacher")
    advice = page.locator("[data-name=advice] .cb-item").first
    advice.locator("textarea").first.fill("Start with what teachers already do well.")
    page.locator("[data-name=sources] .cb-item").first.locator("input[type=text]").first.fill("ncsl-2007")
    settle(page)


@pytest.fixture
def fresh(page: Page) -> Iterator[Page]:
    """The form, freshly opened; failing on errors that casebook.js catches and logs per feature."""
    logged: list[str] = []
    page.on("console", lambda m: logged.append(m.text) if m.type == "error" and "casebook" in m.text else None)
    open_form(page)
    yield page
    assert not logged, f"the form logged errors: {logged}"


# -- the whole journey -------------------------------------------------------------------------


def test_a_contributor_fills_the_form_downloads_the_file_and_it_builds(  # type: ignore[no-untyped-def]
        fresh: Page, browser, tmp_path: Path) -> None:
    page = fresh
    # Nothing typed yet: the checks list what is missing, as `casebook validate` would.
    assert any("missing required field `title`" in p or "missing required field title" in p for p in problems(page))

    fill_valid_school(page)

    # One mistake of each kind the checks catch, each reported at its field, then corrected.
    mistakes = [
        # (control, wrong value, message, right value)
        ("cbf-id", "Hilltop Primary", "should be an id of lower-case letters, digits and single hyphens", ID),
        ("cbf-id", "school-a", "duplicate id school-a: case_studies/schools/school-a.yaml has it too", ID),
        ("cbf-facts-pupils", "about 200", "facts.pupils should be a whole number or not stated, got the text "
                                          "'about 200'", "212"),
        ("cbf-facts-fsm-percent", "140", "facts.fsm_percent should be a number from 0 to 100 or not stated, "
                                         "got the number 140", "12.5"),
        ("cbf-evidence-year", "1850", "evidence_year should be a year from 1900 to 2100 or not stated",
         "2023"),
        ("cbf-title", "x" * 501, "title is too long: at most 500 characters", TITLE),
        ("cbf-summary", "", "missing required field summary (One or two sentences", SUMMARY),
        ("cbf-leadership", "TODO: write Markdown text here", "leadership still holds the template's placeholder",
         LEADERSHIP),
    ]
    for control, wrong, message, right in mistakes:
        page.fill(f"#{control}", wrong)
        page.locator(f"#{control}").blur()
        settle(page)
        assert message in field_error(page, control), (control, field_error(page, control))
        expect(page.locator(f"#{control}")).to_have_attribute("aria-invalid", "true")
        assert any(message in p for p in problems(page))
        if right is not None:
            page.fill(f"#{control}", right)
            page.locator(f"#{control}").blur()
            settle(page)
            assert field_error(page, control) == ""
            expect(page.locator(f"#{control}")).to_have_attribute("aria-invalid", "false")
    # A source the library does not list: the cross-check of `casebook validate`, with its hint.
    source = page.locator("[data-name=sources] .cb-item input[type=text]").first
    source.fill("ncsl2007")
    source.blur()
    settle(page)
    assert any("no source document with the id ncsl2007" in p and "did you mean ncsl-2007?" in p
               for p in problems(page))
    source.fill("ncsl-2007")
    # A quotation without its speaker: a required field inside a repeatable group.
    page.locator("[data-name=context] [data-name=quotations] input[type=text]").first.fill("")
    expect(page.locator(".cb-form-list")).to_contain_text(
        "missing required field sections.context.quotations[0].speaker")
    page.locator("[data-name=context] [data-name=quotations] input[type=text]").first.fill("Headteacher")
    # Facet values cannot be mistyped here: the only choices are the taxonomy's values.
    setting = page.locator("[data-name=facets] [data-name=setting] input[type=checkbox]")
    assert setting.evaluate_all("els => els.map(e => e.value)") == ["rural", "town-centre", "town-suburbs", "city"]
    settle(page)

    expect(page.locator(".cb-form-summary")).to_have_text(ACCEPTED)
    assert problems(page) == []

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the file").click()
    download = info.value
    assert download.suggested_filename == f"{ID}.yaml"
    text = Path(download.path()).read_text(encoding="utf-8")

    # The layout of `casebook new`, filled in.
    lines = text.splitlines()
    assert lines[0] == jsonschema.hint("schools")
    data = parse(text).data
    schema_order = list(jsonschema.build("schools")["properties"])
    assert list(data) == [k for k in schema_order if k in data]
    assert list(data["facts"]) == ["pupils", "fsm_percent", "headteacher_years_in_post", "location",
                                   "awards_and_networks", "notes"]
    assert "summary: >-" in lines and "leadership: >-" in lines
    assert "    quotations: []" in lines  # an optional list left empty, as the template writes it
    assert data["facts"]["pupils"] == 212 and data["facts"]["fsm_percent"] == 12.5
    assert data["leadership"].endswith("team of pupil digital leaders.\n\nGovernors review the plan each spring.")

    # `casebook validate` accepts it in a copy of the project.
    project = copy_project(tmp_path / "project")
    target = project / "case_studies" / "schools" / f"{ID}.yaml"
    target.write_text(text, encoding="utf-8")
    checked = subprocess.run([str(Path(sys.executable).parent / "casebook"), "validate",
                              str(target.relative_to(project))], cwd=project, capture_output=True, text=True,
                             check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # It builds: the school has its page, a card in the library, and a place in the search.
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace(
        "site_name:", "repo_url: https://github.com/edtech-leaders/library\nedit_uri: edit/main/docs/\nsite_name:", 1),
        encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    url, server = serve(out)
    try:
        built = build_site(project, out, site_url=url)
        assert built.returncode == 0, built.stderr
        # A browser profile of its own for this second site, also refusing every other origin.
        other = browser.new_context(base_url=url)
        foreign: list[str] = []
        other.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                    else (foreign.append(route.request.url), route.abort()))
        school = other.new_page()
        school.goto(f"{url}case-studies/{ID}/")
        expect(school.locator("h1")).to_have_text(TITLE)
        expect(school.locator(".md-content")).to_contain_text("lends its laptops to families")
        school.goto(f"{url}case-studies/")
        expect(school.locator(f"article a[href*='{ID}']").first).to_be_visible()
        search_finds(school, "Hilltop", ID)

        # The same site names its GitHub repository: "Propose it on GitHub" carries the file.
        school.goto(f"{url}{URL}")
        expect(school.locator("#cb-form")).to_be_visible(timeout=20_000)
        school.set_input_files("#cb-form-load", files=[{"name": f"{ID}.yaml", "mimeType": "application/yaml",
                                                         "buffer": text.encode()}])
        # This library has the school now: the same id would replace its file.
        expect(school.locator(".cb-form-list")).to_contain_text(f"duplicate id {ID}")
        school.fill("#cbf-id", "hilltop-annexe")
        expect(school.locator(".cb-form-summary")).to_have_text(ACCEPTED)
        text = text.replace(f"id: {ID}", "id: hilltop-annexe")
        href = school.locator(".cb-form-github").get_attribute("href") or ""
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/edtech-leaders/library/new/main")
        query = parse_qs(parts.query)
        assert query["filename"] == ["case_studies/schools/hilltop-annexe.yaml"]
        assert query["value"] == [text]
        other.unroute_all(behavior="ignoreErrors")
        other.close()
        # With `repo_url` set, Material's header asks api.github.com for the repository's facts (its
        # "source" widget, not this page's code); the requests are refused here. Nothing else may go out.
        assert not [u for u in foreign if not u.startswith("https://api.github.com/repos/edtech-leaders/library")], \
            f"requests to another origin: {foreign}"
    finally:
        server.shutdown()


def search_finds(page: Page, words: str, record_id: str) -> None:
    """The site's own search box (Material's, answered by Pagefind or by Material's index) finds the page."""
    page.wait_for_load_state("networkidle")  # the search index (or Pagefind's entry) is ready
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially(words, delay=60)
    expect(page.locator(f".md-search-result a[href*='{record_id}']").first).to_be_attached(timeout=15_000)


# -- the checks say what `casebook validate` says ---------------------------------------------------


def _valid_record() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "case_studies" / "schools" / "school-a.yaml").read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


def _mistake(change: Any) -> dict[str, Any]:
    record = copy.deepcopy(_valid_record())
    change(record)
    return record


MISTAKES: dict[str, Any] = {
    "pupils-text": lambda r: r["facts"].update(pupils="about 200"),
    "pupils-zero": lambda r: r["facts"].update(pupils=0),
    "pupils-float": lambda r: r["facts"].update(pupils=3.5),
    "pupils-bool": lambda r: r["facts"].update(pupils=True),
    "fsm-range": lambda r: r["facts"].update(fsm_percent=140),
    "fsm-case": lambda r: r["facts"].update(fsm_percent="Not stated"),
    "fsm-quoted-number": lambda r: r["facts"].update(fsm_percent="12"),
    "year-range": lambda r: r.update(evidence_year=1850),
    "year-text": lambda r: r.update(evidence_year="2007"),
    "title-missing": lambda r: r.pop("title"),
    "title-long": lambda r: r.update(title="x" * 501),
    "location-long": lambda r: r["facts"].update(location="x" * 501),
    "title-number": lambda r: r.update(title=12),
    "title-two-lines": lambda r: r.update(title="School\nA"),
    "summary-empty": lambda r: r.update(summary="   "),
    "summary-placeholder": lambda r: r.update(summary="TODO: write Markdown text here"),
    "location-empty": lambda r: r["facts"].update(location=""),
    "unknown-field": lambda r: r.update(colour="blue"),
    "unknown-field-typo": lambda r: r.update(sumary="x"),
    "facet-value": lambda r: r["facets"].update(setting=["rual"]),
    "facet-unknown": lambda r: r["facets"].update(colour=["red"]),
    "advice-empty": lambda r: r["sections"].update(advice=[]),
    "quotation-speaker": lambda r: r["sections"]["context"].update(quotations=[{"text": "Hello"}]),
    "source-pattern": lambda r: r["sources"][0].update(source="NCSL 2007"),
    "source-unknown": lambda r: r["sources"][0].update(source="ncsl2007"),
    "ref-pattern": lambda r: r["sections"]["advice"][0].update(quotation={"text": "x", "speaker": "y", "school": "b"}),
    "notes-key": lambda r: r["facts"].update(notes={"pupil": "x"}),
    "awards-not-list": lambda r: r["facts"].update(awards_and_networks="Gold"),
    "facts-not-mapping": lambda r: r.update(facts=["a"]),
    "control-character": lambda r: r.update(title="School\u0007A"),
}


def python_messages(tmp_path: Path, records: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """What `casebook validate` prints for each record, without the `path:line:col: error: ` part."""
    project = copy_project(tmp_path / "parity")
    paths = {}
    for name, record in records.items():
        record = {**record, "id": name}
        path = project / "case_studies" / "schools" / f"{name}.yaml"
        path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths[name] = path
    casebook = str(Path(sys.executable).parent / "casebook")
    run = subprocess.run([casebook, "validate", "--quiet", *[str(p.relative_to(project)) for p in paths.values()]],
                         cwd=project, capture_output=True, text=True, check=False,
                         env={**os.environ, "NO_COLOR": "1"})
    found: dict[str, list[str]] = {name: [] for name in records}
    for line in (run.stdout + run.stderr).splitlines():
        for name in records:
            prefix = f"case_studies/schools/{name}.yaml:"
            if line.startswith(prefix) and ": error: " in line:
                found[name].append(line.split(": error: ", 1)[1])
    return found


def test_the_checks_word_each_mistake_as_casebook_validate_does(fresh: Page, tmp_path: Path) -> None:
    records = {f"case-{name}": _mistake(change) for name, change in MISTAKES.items()}
    expected = python_messages(tmp_path, records)
    missed = [name for name, messages in expected.items() if not messages]
    assert not missed, f"casebook validate found nothing wrong in: {missed}"
    found = fresh.evaluate("""async (records) => {
        const { checker } = await import(new URL("../../assets/casebook/form-check.js", location.href));
        const data = document.querySelector("#cb-form-data").dataset;
        const check = checker(JSON.parse(data.schema),
                              { patterns: JSON.parse(data.patterns), sources: JSON.parse(data.sources) });
        const out = {};
        for (const [name, record] of Object.entries(records)) {
            out[name] = check({ ...record, id: name }).map((p) => p.message);
        }
        return out;
    }""", records)
    differences = {name: {"casebook validate": sorted(expected[name]), "form": sorted(found[name])}
                   for name in records if sorted(expected[name]) != sorted(found[name])}
    assert not differences, json.dumps(differences, indent=1, ensure_ascii=False)


# -- the file reads back exactly ------------------------------------------------------------------

TRICKY = ["yes", "No", "on", "null", "~", "123", "1e3", "0x1F", "2007-06-01", "12:30", "- dash", "# hash",
          "a: b", "a #b", "'quoted'", '"double"', "ends with colon:", "%percent", "@at", "`tick`", "&anchor",
          "*alias", "!tag", "|pipe", ">gt", "{brace}", "[bracket]", "a, b", "ünïcödé and emoji 😀", "back\\slash",
          "tab\there", "bell\u0007", "next\u0085line", "sep\u2028arator", "é", "0", "-1", ".5", "+3", "True",
          "x" * 300, "a  b  c " * 40, "word " * 60 + "end", "!important", "<b>html</b>", "=", "?", "-", "--- x"]
TEXTS = ["one line", "para one\n\npara two", "line one\nline two", "- item one\n- item two\n\n1. first",
         "    indented code\nafter", "text\n    indented after", "many\n\n\n\nblank lines", "trailing  \nspaces",
         "x " * 200 + "end", "unicode 😀 " * 30, "ends\n\n- list", "#heading\ntext", "a\tb\n\tc",
         "tab\u0007bell\nline", "quote \"it\" and 'it'", "colon: here\n# not a comment"]


DUMP = """async (record) => {
    const { dump } = await import(new URL("../../assets/casebook/form-yaml.js", location.href));
    const isBlock = (path) => path[0] === "texts" || (path[0] === "items" && path[2] === "text");
    return dump(record, { first: "# first line", width: 92, isBlock });
}"""


def test_the_written_yaml_reads_back_as_the_same_values(fresh: Page) -> None:
    record: dict[str, Any] = {"id": "school-x", "lines": TRICKY, "texts": TEXTS,
                              "keyed": {"size-band": ["small"], "fsm_percent": 12.5, "pupils": 100, "flag": True},
                              "empty_list": [], "empty_map": {}, "items": [{"text": t, "speaker": s}
                                                                        for t, s in zip(TEXTS, TRICKY, strict=False)]}
    written = fresh.evaluate(DUMP, record)
    assert written.startswith("# first line\n")
    assert yaml.safe_load(written) == record  # PyYAML, as the checks read it
    # casebook's own reader refuses control characters (the form's checks say so); all else reads back.
    clean = {**record, "lines": [t for t in TRICKY if "\u0007" not in t],
             "texts": [t for t in TEXTS if "\u0007" not in t]}
    clean["items"] = [i for i in record["items"] if "\u0007" not in i["text"] + i["speaker"]]
    written = fresh.evaluate(DUMP, clean)
    assert parse(written).data == clean
    assert "texts:\n  - >-\n    one line" in written  # Markdown text is a folded block
    wrapped = [line for line in written.splitlines() if line.startswith("    x x x")]
    assert len(wrapped) > 3 and max(len(line) for line in wrapped) <= 92  # long text is wrapped


# -- nothing lost ----------------------------------------------------------------------------------


def test_the_draft_survives_a_reload_and_can_be_cleared(fresh: Page) -> None:
    page = fresh
    page.fill("#cbf-title", TITLE)
    page.fill("#cbf-facts-pupils", "212")
    page.locator("[data-name=phase]").get_by_label("Primary").check()
    page.locator("[data-name=context]").get_by_role("button", name="Add a quotation").click()
    page.locator("[data-name=context] textarea").last.fill("Kept across a reload.")
    stored_draft_holds(page, "Kept across a reload.")
    stored = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(KEY)})"))
    assert stored["format"] == 2 and stored["value"]["version"] == 1
    assert stored["value"]["record"]["title"] == TITLE
    page.reload()
    expect(page.locator("#cb-form")).to_be_visible(timeout=20_000)
    expect(page.locator("#cbf-title")).to_have_value(TITLE)
    expect(page.locator("#cbf-facts-pupils")).to_have_value("212")
    expect(page.locator("[data-name=phase]").get_by_label("Primary")).to_be_checked()
    expect(page.locator("[data-name=context] textarea").last).to_have_value("Kept across a reload.")
    expect(page.locator(".cb-draft-status")).to_contain_text("restored")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear the form and start again").click()
    expect(page.locator("#cbf-title")).to_have_value("")
    assert page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") is None
    page.reload()
    expect(page.locator("#cbf-title")).to_have_value("")


def test_a_downloaded_file_loads_back_into_the_form(fresh: Page, tmp_path: Path) -> None:
    page = fresh
    fill_valid_school(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the file").click()
    first = Path(info.value.path()).read_text(encoding="utf-8")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear the form and start again").click()
    expect(page.locator("#cbf-title")).to_have_value("")
    saved = tmp_path / f"{ID}.yaml"
    saved.write_text(first, encoding="utf-8")
    page.set_input_files("#cb-form-load", str(saved))
    expect(page.locator(".cb-draft-status")).to_contain_text(f"Loaded {ID}.yaml.")
    expect(page.locator("#cbf-title")).to_have_value(TITLE)
    settle(page)
    assert page.locator(".cb-form-yaml").text_content() == first


def test_a_casebook_new_template_or_a_stranger_file_loads_with_what_is_wrong_said(fresh: Page,
                                                                                   tmp_path: Path) -> None:
    page = fresh
    project = copy_project(tmp_path / "project")
    made = subprocess.run([str(Path(sys.executable).parent / "casebook"), "new", "schools", "school-g"],
                          cwd=project, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    template = project / "case_studies" / "schools" / "school-g.yaml"
    page.set_input_files("#cb-form-load", str(template))
    expect(page.locator("#cbf-id")).to_have_value("school-g")
    expect(page.locator(".cb-form-summary")).to_contain_text("problems to fix")
    assert any("title still holds the template's placeholder TODO: a line of text" in p for p in problems(page))

    odd = tmp_path / "odd.yaml"
    odd.write_text("id: odd\ncolour: blue\nfacets:\n  setting: [rual, city]\n", encoding="utf-8")
    page.set_input_files("#cb-form-load", str(odd))
    status = page.locator(".cb-draft-status")
    expect(status).to_contain_text("colour is not part of a school's file")
    expect(status).to_contain_text("rual is not one of the allowed values")
    expect(page.locator("[data-name=setting]").get_by_label("City")).to_be_checked()

    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    page.set_input_files("#cb-form-load", str(broken))
    expect(status).to_contain_text("could not be read as YAML (line")
    expect(page.locator("#cbf-id")).to_have_value("odd")  # nothing was changed


# -- the GitHub address, too long for it, and without JavaScript ------------------------------------


def test_without_a_repository_there_is_no_github_button(fresh: Page) -> None:
    assert fresh.locator(".cb-form-github").count() == 0
    assert "github.com" not in (fresh.locator("#cb-form").get_attribute("data-github") or "")


def test_a_file_too_long_for_the_address_goes_by_clipboard(page: Page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.route("**/contributing/add-your-school/", lambda route: route.fulfill(
        response=route.fetch(), body=route.fetch().text().replace(
            'id="cb-form" hidden', 'id="cb-form" data-github="https://github.com/o/r/new/main" hidden').replace(
            '<button type="button" class="md-button cb-form-copy">Copy the file</button>',
            '<button type="button" class="md-button cb-form-copy">Copy the file</button> '
            '<a class="md-button cb-form-github" href="https://github.com/o/r/new/main">Propose it on GitHub</a>')))
    open_form(page)
    fill_valid_school(page)
    link = page.locator(".cb-form-github")
    assert "value=" in (link.get_attribute("href") or "")
    page.fill("#cbf-leadership", "A long account of how leadership works. " * 300)
    expect(link).to_have_attribute(
        "href", "https://github.com/o/r/new/main?filename=case_studies%2Fschools%2Fhilltop-primary.yaml")
    # With a problem left, the link does not go anywhere: it says what to fix first.
    page.fill("#cbf-title", "")
    settle(page)
    link.click()
    expect(page.locator(".cb-form-action-status")).to_contain_text("Fix the 1 problem listed above first")
    assert len(page.context.pages) == 1


def test_without_javascript_the_page_explains_the_other_two_ways(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(URL)
        fallback = page.locator(".cb-form-fallback")
        expect(fallback).to_be_visible()
        expect(fallback).to_contain_text("Submit a case study")
        expect(fallback).to_contain_text("casebook new schools")
        expect(page.locator("#cb-form")).to_be_hidden()
    finally:
        context.close()


# -- accessibility, keyboard, other pages ----------------------------------------------------------


def test_axe_finds_nothing_serious_with_errors_shown(fresh: Page) -> None:
    page = fresh
    assert serious_violations(page) == []
    fill_valid_school(page)
    page.fill("#cbf-facts-pupils", "lots")
    page.fill("#cbf-title", "")
    with page.expect_download():
        page.get_by_role("button", name="Download the file").click()  # shows every problem at its field
    settle(page)
    expect(page.locator("#cbf-title-error")).to_be_visible()
    assert serious_violations(page) == []  # the mouse is still on the button: its hover colours too


def tab_to(page: Page, selector: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_keyboard_only(fresh: Page) -> None:
    page = fresh
    tab_to(page, "#cbf-id")
    page.keyboard.type(ID)
    page.keyboard.press("Tab")
    page.keyboard.type(TITLE)
    tab_to(page, "[data-name=theme] input[value=pupil-voice]")
    page.keyboard.press("Space")
    expect(page.locator("[data-name=theme] input[value=pupil-voice]")).to_be_checked()
    tab_to(page, "[data-name=context] .cb-add")
    page.keyboard.press("Enter")
    # Focus moves into the new quotation, whose remove button is reachable and named by its number.
    assert page.evaluate("document.activeElement.closest('[data-name=quotations] .cb-item') !== null")
    page.keyboard.type("Said word for word.")
    tab_to(page, "[data-name=context] .cb-remove")
    assert page.evaluate("document.activeElement.textContent") == "Remove quotation 1"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('cb-add')")
    tab_to(page, ".cb-form-list a")
    page.keyboard.press("Enter")  # a problem's link takes focus to its field
    assert page.evaluate("document.activeElement.id").startswith("cbf-")
    tab_to(page, ".cb-form-download")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert f"title: {TITLE}" in Path(info.value.path()).read_text(encoding="utf-8")


def test_other_pages_do_not_load_the_form_code(page: Page) -> None:  # type: ignore[no-untyped-def]
    for path in ("", "case-studies/", "contributing/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        assert not [u for u in loaded if "/form" in u or "/vendor/" in u or "/lazy/form" in u], path
    page.goto(URL)
    expect(page.locator("#cb-form")).to_be_visible(timeout=20_000)
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(u.endswith("vendor/cfworker-json-schema/validate.js") for u in loaded)
    assert not any("js-yaml" in u for u in loaded), "the YAML reader loads only when a file is chosen"


def test_the_form_works_when_reached_by_instant_navigation(fresh: Page, base_url: str) -> None:
    page = fresh
    site_url = re.compile(r"https?://[^/<]+/")

    def rewrite(route: Any) -> None:
        # Material follows only links listed in sitemap.xml, at `site_url`'s port: the test server's.
        response = route.fetch()
        route.fulfill(response=response, body=site_url.sub(base_url, response.text()))

    page.context.route("**/sitemap.xml", rewrite)
    page.goto("contributing/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.cbMarker = 1")
    page.locator(".md-sidebar--primary").get_by_role("link", name="Add your school").click()
    expect(page.locator("#cb-form")).to_be_visible(timeout=20_000)
    assert page.evaluate("window.cbMarker") == 1, "the page was loaded anew, not by instant navigation"
    page.fill("#cbf-title", TITLE)
    stored_draft_holds(page, TITLE)
    page.locator(".md-sidebar--primary").get_by_role("link", name="How to contribute").click()
    page.locator(".md-sidebar--primary").get_by_role("link", name="Add your school").click()
    expect(page.locator("#cbf-title")).to_have_value(TITLE, timeout=20_000)
    assert page.evaluate("window.cbMarker") == 1


def test_leaving_a_field_by_pressing_a_button_below_it_presses_the_button(fresh: Page) -> None:
    # Leaving the empty item shows its problem above the button; the press must not be lost to that.
    page = fresh
    add = page.get_by_role("button", name="Add an award or network")
    add.click()
    expect(page.locator("[data-name=awards_and_networks] .cb-item")).to_have_count(1)
    add.click()  # focus leaves the empty first item: its error appears, moving this button down
    expect(page.locator("[data-name=awards_and_networks] .cb-item")).to_have_count(2)
    expect(page.locator("[data-name=awards_and_networks] .cb-item .cb-error").first).to_be_visible()
    with page.expect_download():
        page.locator("#cbf-title").click()
        page.get_by_role("button", name="Download the file").click()
