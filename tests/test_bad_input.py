"""Every kind of bad input a contributor can send, through `casebook validate` and a real build.

All the bad files sit in one scratch copy of the project, because a run reports every
error at once: one `validate` and one `mkdocs build` check them all. Each case names
the file, the exact line (and column) and the message a contributor must see.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import html5lib
import pytest

from tests.conftest import ROOT, build_site, copy_project
from tests.samples import DIAGNOSTIC, casebook, column_of, line_of, school

BOMB_MARKER = "casebook-tag-was-executed"


@dataclass(frozen=True)
class Expect:
    line: int
    column: int | None
    message: str  # the whole message, or its start when it ends with "..."

    def matches(self, line: int, column: int, message: str) -> bool:
        if line != self.line or (self.column is not None and column != self.column):
            return False
        if self.message.endswith("..."):
            return message.startswith(self.message[:-3])
        return message == self.message


@dataclass(frozen=True)
class Bad:
    name: str
    path: str  # under case_studies/
    content: bytes
    expected: tuple[Expect, ...]


def _bad_cases(marker: Path) -> list[Bad]:
    cases: list[Bad] = []

    def add(name: str, path: str, text: str | bytes, *expected: Expect) -> None:
        content = text.encode("utf-8") if isinstance(text, str) else text
        cases.append(Bad(name, path, content, expected))

    text = school("colon-in-value", "School F: by the sea")
    add("malformed YAML: a colon inside a value", "schools/colon-in-value.yaml", text,
        Expect(line_of(text, "title:"), column_of(text, ": by"),
               "a `:` followed by a space inside a value; put the value in quotes or use a block (`>-`) for long text"))

    text = school("open-quote", '"School F')
    add("malformed YAML: a quote left open", "schools/open-quote.yaml", text,
        Expect(line_of(text, "title:"), 8, 'the quote `"` opened here is never closed; add the closing `"`'))

    text = school("open-bracket", "[School F")
    add("malformed YAML: a bracket left open", "schools/open-bracket.yaml", text,
        Expect(line_of(text, "summary:"), None, "the `[` opened at line 3, column 8 is not closed properly: ..."))

    text = school("tabs").replace("  pupils: 873", "\tpupils: 873")
    add("a tab-indented file", "schools/tabs.yaml", text,
        Expect(line_of(text, "\tpupils"), 1,
               "a tab character is used for indentation; YAML needs spaces (use two spaces a level)"))

    text = school("duplicate-key").replace("evidence_year: 2024\n", "evidence_year: 2024\ntitle: School F again\n")
    add("a duplicate key", "schools/duplicate-key.yaml", text,
        Expect(line_of(text, "title: School F again"), 1,
               "duplicate key `title` (first given at line 3); each key may appear once in a mapping"))

    text = (school("wrong-types")
            .replace("pupils: 873", "pupils: many")
            .replace("evidence_year: 2024", 'evidence_year: "2024"')
            .replace("  awards_and_networks:\n    - Quillwort Podcast Network", "  awards_and_networks: Quillwort"))
    add("wrong types", "schools/wrong-types.yaml", text,
        Expect(line_of(text, "pupils: many"), 11,
               "`facts.pupils` should be a whole number or `not stated`, got the text 'many'"),
        Expect(line_of(text, "evidence_year:"), 16,
               "`evidence_year` should be a year such as 2024 or `not stated`, got the text '2024'; "
               "remove the quotes to make it a number"),
        Expect(line_of(text, "awards_and_networks:"), 24,
               "`facts.awards_and_networks` should be a list (lines starting with `- `), got the text 'Quillwort'"))

    text = (school("missing-fields")
            .replace("leadership: >-\n  A deputy head leads technology with a team of pupil producers.\n", "")
            .replace("    body: Every year group records a weekly programme.\n", ""))
    add("missing fields", "schools/missing-fields.yaml", text,
        Expect(2, 1, "missing required field `leadership` "
                     "(How leadership of technology works in this school, in your own words.)"),
        Expect(line_of(text, "how_ict_is_used:"), 3, "missing required field `sections.how_ict_is_used.body` "
                                                    "(The answer, in your own words, from what your source says.)"))

    text = school("unknown-facets").replace("    - rural", "    - rurall").replace("  region:", "  regoin:")
    add("unknown facet values", "schools/unknown-facets.yaml", text,
        Expect(line_of(text, "- rurall"), 7,
               "unknown value `rurall` for facet `setting`; allowed values: city, rural, town-centre, "
               "town-suburbs (did you mean `rural`?)"),
        Expect(line_of(text, "regoin:"), 3,
               "unknown facet `regoin`; facets in taxonomy.yaml: theme, role, phase, size-band, setting, region, "
               "evidence, leadership-model (did you mean `region`?)"))

    text = (school("impossible-facts").replace("pupils: 873", "pupils: 0")
            .replace("fsm_percent: 17.5", "fsm_percent: 150"))
    add("facts outside their ranges", "schools/impossible-facts.yaml", text,
        Expect(line_of(text, "pupils: 0"), 11,
               "`facts.pupils` should be a whole number from 1 to 10,000 or `not stated`, got the number 0"),
        Expect(line_of(text, "fsm_percent: 150"), 16,
               "`facts.fsm_percent` should be a number from 0 to 100 or `not stated`, got the number 150"))
    text = (school("below-range").replace("pupils: 873", "pupils: -20")
            .replace("fsm_percent: 17.5", "fsm_percent: -3.5")
            .replace("headteacher_years_in_post: not stated", "headteacher_years_in_post: -2"))
    add("facts below their ranges", "schools/below-range.yaml", text,
        Expect(line_of(text, "pupils: -20"), 11,
               "`facts.pupils` should be a whole number from 1 to 10,000 or `not stated`, got the number -20"),
        Expect(line_of(text, "fsm_percent: -3.5"), 16,
               "`facts.fsm_percent` should be a number from 0 to 100 or `not stated`, got the number -3.5"),
        Expect(line_of(text, "headteacher_years_in_post: -2"), 30,
               "`facts.headteacher_years_in_post` should be a number from 0 to 60 or `not stated`, got the number -2"))
    text = school("huge-number").replace("fsm_percent: 17.5", "fsm_percent: 1e308")
    add("a number too large to be a fact", "schools/huge-number.yaml", text,
        Expect(line_of(text, "fsm_percent: 1e308"), 16,
               "`facts.fsm_percent` should be a number from 0 to 100 or `not stated`, got the number 1e+308"))

    text = school("school-g", "School G")
    add("duplicate ids (first file)", "schools/school-g.yaml", text)
    add("a file that is not read (.yml)", "schools/school-g.yml", text,
        Expect(1, 1, "not a content file: records in `schools/` are named `school-g.yaml`"))

    text = school("school-h", "School H")
    add("an id that does not match the file name", "schools/wrong-name.yaml", text,
        Expect(2, 5, "the id `school-h` does not match the file name; "
                     "expected `id: wrong-name` (or rename the file to `school-h.yaml`)"))

    text = (school("broken-refs")
            .replace("        speaker: A teacher\n", "        speaker: A teacher\n        school: schools/school-zz\n")
            .replace("source: ncsl-2007", "source: ncsl-2070"))
    add("broken cross-references", "schools/broken-refs.yaml", text,
        Expect(line_of(text, "school: schools/school-zz"), 17,
               "broken reference `schools/school-zz`: no record in `schools/` with the id `school-zz`..."),
        Expect(line_of(text, "source: ncsl-2070"), 13,
               "no source document with the id `ncsl-2070`; known: ..."))

    add("an empty file", "schools/empty.yaml", "",
        Expect(1, 1, "the file is empty; a school needs at least the fields `id`, `title`, `summary`, "
                     "`facts`, `facets`, `leadership`, `sections`, `evidence_year`, `sources`"))
    add("a file of comments only", "cpd/only-comments.yaml",
        "# yaml-language-server: $schema=../../schemas/cpd-model.schema.json\n# nothing yet\n",
        Expect(1, 1, "the file is empty; a CPD model needs at least the fields `id`, `title`, ..."))

    text = school("latin-1", "École Sainte-Cécile")
    add("a file that is not UTF-8", "schools/latin-1.yaml", text.encode("latin-1"),
        Expect(3, len("title: ") + 1, "the file is not valid UTF-8 (byte 0xc9); save it with UTF-8 encoding"))

    big = school("too-big").replace("  and teach the staff to edit sound.\n",
                                    "  and teach the staff to edit sound.\n" + "  More text.\n" * 25_000)
    add("a file over the size limit", "schools/too-big.yaml", big,
        Expect(1, 1, f"the file is {len(big.encode()) // 1024} KB; content files may be at most 256 KB"))

    laughs = ['# yaml-language-server: $schema=../../schemas/school.schema.json', "id: laughs",
              'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    add("anchors and aliases (a billion laughs)", "schools/laughs.yaml", "\n".join(laughs) + "\n",
        Expect(3, 4, "YAML anchors (`&name`) are not allowed in content files; write the value out in full"))
    text = school("alias", "*title")
    add("an alias", "schools/alias.yaml", text,
        Expect(3, 8, "YAML aliases (`*name`) are not allowed in content files; write the value out in full"))

    text = school("python-tag", f'!!python/object/apply:os.system ["touch {marker}"]')
    add("a tag that constructs a Python object", "schools/python-tag.yaml", text,
        Expect(3, 8, "YAML tags such as `!!python/object/apply:os.system` are not allowed in content files; "
                     "write plain text, numbers, lists and mappings"))
    text = school("python-name", "!!python/name:os.system")
    add("a tag that names a Python function", "schools/python-name.yaml", text,
        Expect(3, 8, "YAML tags such as `!!python/name:os.system` are not allowed in content files; ..."))

    text = school("control-character", "School\x00F")
    add("a control character", "schools/control-character.yaml", text,
        Expect(3, 14, "the character U+0000 is not allowed in a content file (a control character, often invisible); "
                      "delete it"))

    text = school("deep").replace("  location: A market town near the Wash",
                                  "  location: " + "[" * 60 + "]" * 60)
    add("lists nested without end", "schools/deep.yaml", text,
        Expect(line_of(text, "  location: ["), None,
               "lists and mappings are nested more than 40 levels deep here; content never needs that many"))

    text = school("half-filled").replace("title: School F", 'title: "TODO: a line of text"')
    add("a template placeholder left in", "schools/half-filled.yaml", text,
        Expect(3, 8, "`title` still holds the template's placeholder `TODO: a line of text`; "
                     "replace it with the real value"))
    return cases


@pytest.fixture(scope="module")
def bad_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Bad], Path]:
    project = copy_project(tmp_path_factory.mktemp("bad"))
    marker = tmp_path_factory.mktemp("marker") / BOMB_MARKER
    cases = _bad_cases(marker)
    for case in cases:
        (project / "case_studies" / case.path).write_bytes(case.content)
    return project, cases, marker


def _diagnostics(output: str) -> list[tuple[str, int, int, str]]:
    return [(m["path"], int(m["line"]), int(m["column"]), m["message"]) for m in DIAGNOSTIC.finditer(output)]


@pytest.fixture(scope="module")
def validated(bad_project: tuple[Path, list[Bad], Path]) -> tuple[int, str, str]:
    project, _, _ = bad_project
    result = casebook("validate", cwd=project)
    return result.returncode, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(bad_project: tuple[Path, list[Bad], Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str]:
    project, _, _ = bad_project
    result = build_site(project, tmp_path_factory.mktemp("bad-site"))
    return result.returncode, result.stdout + result.stderr


def _cases() -> list[Bad]:
    return [case for case in _bad_cases(Path("/nonexistent")) if case.expected]


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case.name)
def test_validate_names_file_line_and_problem(case: Bad, validated: tuple[int, str, str]) -> None:
    status, stdout, _ = validated
    assert status == 1
    found = [d for d in _diagnostics(stdout) if d[0] == f"case_studies/{case.path}"]
    for expect in case.expected:
        assert any(expect.matches(line, column, message) for _, line, column, message in found), (
            f"expected {expect} in case_studies/{case.path}; got {found}")
    assert len(found) == len(case.expected), f"unexpected extra errors: {found}"


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case.name)
def test_build_fails_with_the_same_messages(case: Bad, built: tuple[int, str]) -> None:
    status, output = built
    assert status != 0
    found = [d for d in _diagnostics(output) if d[0] == f"case_studies/{case.path}"]
    for expect in case.expected:
        assert any(expect.matches(line, column, message) for _, line, column, message in found), (
            f"expected {expect} in the build's output for case_studies/{case.path}; got {found}")


def test_nothing_crashes_and_all_errors_are_counted(validated: tuple[int, str, str], built: tuple[int, str]) -> None:
    status, stdout, stderr = validated
    expected = sum(len(case.expected) for case in _cases())
    assert status == 1
    assert "Traceback" not in stdout + stderr
    assert stderr.strip().endswith(f"{expected} errors")
    assert len(_diagnostics(stdout)) == expected
    build_status, output = built
    assert build_status != 0
    assert "Traceback" not in output
    assert f"{expected} content errors" in output
    # The real content next to the bad files stays quiet: only the bad files are named.
    named = {path for path, *_ in _diagnostics(output)}
    assert named == {f"case_studies/{case.path}" for case in _cases()}


def test_yaml_tags_never_run_code(bad_project: tuple[Path, list[Bad], Path], validated: object,
                                  built: object) -> None:
    _, _, marker = bad_project
    assert not marker.exists()


def test_the_guide_quotes_real_messages(validated: tuple[int, str, str]) -> None:
    """The error messages shown in the contributing guide are ones the checks really print."""
    _, stdout, _ = validated
    produced = {message for *_, message in _diagnostics(stdout)}
    guide = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    quoted = [m["message"] for m in DIAGNOSTIC.finditer(guide)]
    assert len(quoted) >= 5
    for message in quoted:
        if message.endswith("..."):
            assert any(p.startswith(message[:-3]) for p in produced), message
        else:
            assert message in produced, message


# --- Raw HTML in text fields ------------------------------------------------------------

HOSTILE_TITLE = 'School <script>alert("title")</script> X'
HOSTILE = {
    "summary": '<script>alert("summary")</script> A school <img src=x onerror="alert(1)"> with a podcast.',
    "quote": '<script>alert("quote")</script> The pupils taught me.',
    "advice": '<a href="javascript:alert(2)">click</a> and <b onclick="alert(3)">bold</b>',
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    text = (school("school-x", json.dumps(HOSTILE_TITLE))
            .replace("A secondary school on the Fenland coast where pupils run a podcast studio\n"
                     "  and teach the staff to edit sound.", HOSTILE["summary"])
            .replace("text: The pupils taught me to edit sound.", f"text: {json.dumps(HOSTILE['quote'])}")
            .replace("text: Let pupils lead where they know more than you.", f"text: {json.dumps(HOSTILE['advice'])}"))
    (project / "case_studies" / "schools" / "school-x.yaml").write_text(text, encoding="utf-8")
    assert casebook("validate", cwd=project).returncode == 0
    out = tmp_path_factory.mktemp("hostile-site")
    result = build_site(project, out)
    assert result.returncode == 0, result.stderr
    return out


def _elements(path: Path, tag: str) -> list[object]:
    document = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return document.findall(f".//{tag}")


@pytest.mark.parametrize("page", ["case-studies/school-x/index.html", "case-studies/index.html"])
def test_raw_html_is_shown_as_text(hostile_site: Path, page: str) -> None:
    path = hostile_site / page
    scripts = _elements(path, "script")
    assert not [s for s in scripts if "alert" in (s.text or "")], "a <script> from content reached the page"
    assert not [e for e in _elements(path, "*") if any(k.startswith("on") for k in e.attrib)], "an on* handler"
    assert not [a for a in _elements(path, "a") if a.get("href", "").startswith("javascript:")]
    assert not _elements(path, "img")
    html = path.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in html  # the text is still there, for the reader to see


def test_title_is_escaped_everywhere_it_appears(hostile_site: Path) -> None:
    page = hostile_site / "case-studies" / "school-x" / "index.html"
    document = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    assert document.find(".//title").text.startswith(HOSTILE_TITLE)
    assert "".join(document.find(".//h1").itertext()) == HOSTILE_TITLE
    # The card in the library, and every link to the page, show the title as text.
    library = (hostile_site / "case-studies" / "index.html").read_text(encoding="utf-8")
    assert "School &lt;script&gt;alert(" in library and '<script>alert("title")' not in library
    # Search results: Pagefind keeps the title as plain text, and the search worker escapes it before
    # Material's search box writes it as HTML (tests/browser/test_hostile_search.py drives that).
