"""A hostile contributor's pull request, tried against the whole mechanism rather than field by field.

Each finding of issue 11 is a test here, and `test_every_string_field_stays_inert` keeps the
promise as the schema grows: it walks the content model (never a hand-kept list of fields), puts
hostile values into every string field of every record in a scratch copy, and checks that each
value is either refused by validation with its `path:line:col`, or reaches the built site inert.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Union

import html5lib
import pytest
import yaml
from casebook.diagnostics import REPEATS_SHOWN, ContentError
from casebook.library import load_library
from casebook.markup import Markdown, _clean
from casebook.schema import RECORD_KINDS, SINGLETONS
from casebook.schema.walk import shape_of
from pydantic import BaseModel

from tests.conftest import ROOT, copy_project
from tests.samples import DIAGNOSTIC, casebook, school

EVIL = "evil.example"
WARNING = re.compile(r"^[^\s:]+:\d+:\d+: warning: .+$")
MARK = "PWN"

# Each payload is a family of attacks; markdown fields get all of them at once, one-line fields
# the one-line form (and the multi-line form, which validation must refuse).
PAYLOADS = [
    f'<script>alert("{MARK}")</script>',
    f'x\n\n<script>alert("{MARK}")</script>\n\n<img src="https://{EVIL}/a.png" onerror="alert(1)">',
    f'[click](javascript:alert("{MARK}")) ![i](https://{EVIL}/i.png) <a href="https://{EVIL}/">a</a>',
    f'"><svg onload=alert(1)> \' " \\ `x` ${{x}} {{{{ x }}}} {{% x %}} <style>@import "//{EVIL}/x.css"</style>',
    f'line\\\n*[ICT]: <script>alert("{MARK}")</script>\n\n*[X]: y',
    f'<iframe src="//{EVIL}/"></iframe><link rel=stylesheet href=https://{EVIL}/x.css>',
    f'<meta http-equiv=refresh content="0;url=https://{EVIL}"><form action="https://{EVIL}"><button>b</button>',
    f'[a](//{EVIL}/x) <https://{EVIL}/auto> <a href="data:text/html,<script>alert(1)</script>">d</a>',
]
MULTILINE = "\n\n".join(PAYLOADS)
# One-line fields hold at most 500 characters: the families in short form.
ONE_LINE = (f'<script>alert("{MARK}")</script> "><svg onload=alert(1)> [a](javascript:alert(1)) '
            f'![i](https://{EVIL}/i.png) <img src=//{EVIL}/x onerror=alert(1)> *[ICT]: <b>x</b> \' " \\ `x` '
            f'{{{{ x }}}} <a href="https://{EVIL}/">a</a> <iframe src=//{EVIL}/></iframe>')
# A basis quotes at most 40 words, and a judgement citing a standard's part known only by its title quotes
# that title in its basis: both fields get one short payload, so the rule between them still holds.
SHORT = f'<script>alert("{MARK}")</script> <img src=//{EVIL}/x onerror=alert(1)> [a](javascript:alert(1)) <b>x</b>'
WORD_CAPPED = frozenset({"Basis.quote", "StandardPart.title"})


# --- walking the model ---------------------------------------------------------------------


def _string_fields(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every string field of `model` and the models it holds, as (dotted name, shape)."""
    for name, info in model.model_fields.items():
        shape = shape_of(info.annotation, info.metadata)
        yield from _annotation_fields(info.annotation, f"{prefix}{model.__name__}.{name}", shape)


def _annotation_fields(annotation: Any, name: str, shape: str | None) -> Iterator[tuple[str, str]]:
    shape = shape_of(annotation) or shape
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _string_fields(annotation)
    elif annotation is str or (origin is typing.Annotated and typing.get_args(annotation)[0] is str):
        yield name, shape or "other"
    elif origin in (list, Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            if not isinstance(arg, str):  # Literal members and metadata
                yield from _annotation_fields(arg, name, shape)
    elif origin is dict:
        yield from _annotation_fields(typing.get_args(annotation)[1], name, shape)


def _fill(model: type[BaseModel], data: Any, value_for: dict[str, str], seen: set[str],
          absent: frozenset[str] | None = None) -> Any:
    """`data` with every string leaf whose field has a shape in `value_for` replaced, recording
    the field names visited in `seen`; absent optional text fields are added (those in `absent`, or
    all), so that every field of the schema is tried even when no real record uses it."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for name, info in model.model_fields.items():
        field = f"{model.__name__}.{name}"
        shape = shape_of(info.annotation, info.metadata)
        values = {k: SHORT for k in value_for} if field in WORD_CAPPED else value_for
        if name not in out:
            fields = dict(_annotation_fields(info.annotation, field, shape))
            # (A mapping's keys cannot be made up: it is tried where a record has one.)
            if fields.get(field) in values and not info.is_required() and \
                    typing.get_origin(info.annotation) is not dict and (absent is None or field in absent):
                scalar = typing.get_origin(info.annotation) is not list
                out[name] = values[fields[field]] if scalar else [values[fields[field]]]
                seen.add(field)
            continue
        out[name] = _fill_value(info.annotation, out[name], field, shape, values, seen, absent)
    return out


def _fill_value(annotation: Any, value: Any, field: str, shape: str | None, value_for: dict[str, str],
                seen: set[str], absent: frozenset[str] | None = None) -> Any:
    shape = shape_of(annotation) or shape
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _fill(annotation, value, value_for, seen, absent)
    if origin in (Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and isinstance(value, dict):
                return _fill(arg, value, value_for, seen, absent)
            if typing.get_origin(arg) is list and isinstance(value, list):
                return _fill_value(arg, value, field, shape, value_for, seen, absent)
        if isinstance(value, str) and value != "not stated" and (shape or "other") in value_for:
            seen.add(field)
            return value_for[shape or "other"]
        return value
    if origin is list and isinstance(value, list):
        (item,) = typing.get_args(annotation)
        return [_fill_value(item, v, field, shape, value_for, seen, absent) for v in value]
    if origin is dict and isinstance(value, dict):
        item = typing.get_args(annotation)[1]
        return {k: _fill_value(item, v, field, shape, value_for, seen, absent) for k, v in value.items()}
    if isinstance(value, str) and (shape or "other") in value_for:
        seen.add(field)
        return value_for[shape or "other"]
    return value


# --- the whole-site property test -------------------------------------------------------------

TEXT_SHAPES = ("markdown", "line", "other")


def _poison(project: Path, value_for: dict[str, str]) -> set[str]:
    content = project / "case_studies"
    models = {**{f"{kind}/": model for kind, model in RECORD_KINDS.items()}, **SINGLETONS}
    files = []
    for path in sorted(content.rglob("*.yaml")):
        relative = path.relative_to(content).as_posix()
        model = SINGLETONS.get(relative) or models.get(relative.split("/")[0] + "/")
        if model is not None:
            files.append((path, model, yaml.safe_load(path.read_text(encoding="utf-8"))))
    # A field some record holds is tried there; one no record holds is added where it may stand. (Adding
    # every absent field everywhere broke rules between fields: a `not-assessed` entry has no `reason`.)
    present: set[str] = set()
    for _, model, data in files:
        _fill(model, data, value_for, present, frozenset())
    absent = frozenset(_all_string_fields()) - present
    seen: set[str] = set()
    for path, model, data in files:
        path.write_text(yaml.safe_dump(_fill(model, data, value_for, seen, absent), allow_unicode=True,
                                       sort_keys=False), encoding="utf-8")
    return seen


def _all_string_fields() -> dict[str, str]:
    fields: dict[str, str] = {}
    for model in [*RECORD_KINDS.values(), *SINGLETONS.values()]:
        fields.update(_string_fields(model))
    return fields


def _build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    # Not --strict: what the sanitiser removes is a warning, and this test is about what reaches the page.
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml"),
                           "-d", str(out)], capture_output=True, text=True, cwd=project, check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def _offences(site: Path) -> list[str]:
    """Executable markup or references to another origin, in every built page."""
    found = []
    for page in site.rglob("*.html"):
        document = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        where = page.relative_to(site).as_posix()
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag in ("script", "style") and MARK in (element.text or ""):
                found.append(f"{where}: a <{element.tag}> from content")
            if element.tag in ("iframe", "img", "form", "meta", "svg", "object", "embed") and \
                    any(EVIL in v for v in element.attrib.values()):
                found.append(f"{where}: <{element.tag}> from content")
            for name, value in element.attrib.items():
                if name.lower().startswith("on") and element.tag != "script":
                    found.append(f"{where}: <{element.tag} {name}>")
                lowered = value.strip().lower()
                if lowered.startswith(("javascript:", "data:text/html", "vbscript:")):
                    found.append(f"{where}: {name}={value[:40]!r}")
                fetched = name in ("src", "href", "action", "srcset", "poster", "style", "content")
                if fetched and EVIL in value and not (element.tag == "a" and name == "href"):
                    found.append(f"{where}: <{element.tag} {name}={value[:60]!r}>")
    return found


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str], subprocess.CompletedProcess[str]]:
    project = _every_part_present(copy_project(tmp_path_factory.mktemp("poisoned")))
    # Round one: ids, references and terms get hostile text too, and one-line fields multi-line text.
    seen = _poison(project, {"markdown": MULTILINE, "line": MULTILINE, "other": MULTILINE,
                             "id": ONE_LINE, "ref": ONE_LINE, "term": ONE_LINE, "url": "javascript:alert(1)"})
    refused = casebook("validate", "--quiet", cwd=project)
    return project, seen, refused


def test_hostile_values_in_ids_and_lines_are_refused_with_their_line(
        poisoned: tuple[Path, set[str], subprocess.CompletedProcess[str]]) -> None:
    project, _, refused = poisoned
    assert refused.returncode == 1
    assert "Traceback" not in refused.stdout + refused.stderr
    lines = [line for line in refused.stdout.splitlines() if line.strip()]
    # Every message points at the hostile value itself: at its line and column the file holds the
    # payload as YAML wrote it (quoted) or the `javascript:` address; a capped family names its last line.
    starts = ("'" + ONE_LINE[:20], "javascript:alert(1)")
    more_like_this = re.compile(r"  \.\.\. and \d+ more like this, the last in (\S+):(\d+)$")
    elsewhere, shown = [], 0
    for line in lines:
        diagnostic, capped = DIAGNOSTIC.match(line), more_like_this.match(line)
        assert diagnostic or capped, line
        path, number, column = (diagnostic["path"], int(diagnostic["line"]), int(diagnostic["column"])) if \
            diagnostic else (capped[1], int(capped[2]), None)
        text = (project / path).read_text(encoding="utf-8").splitlines()[number - 1]
        if not (text[column - 1:] if column else text.split(": ", 1)[-1].lstrip("- ")).startswith(starts):
            elsewhere.append(f"{line[:120]} -> {text[:60]!r}")
        shown += bool(diagnostic)
    assert shown > 1000 and elsewhere == [], elsewhere[:5]


def test_every_string_field_stays_inert(tmp_path_factory: pytest.TempPathFactory) -> None:
    project = _every_part_present(copy_project(tmp_path_factory.mktemp("inert")))
    seen = _poison(project, {"markdown": MULTILINE, "line": ONE_LINE})
    # Every string field that holds text (not an id, a reference or a fixed word) is tried.
    expected = {name for name, shape in _all_string_fields().items() if shape in ("markdown", "line")}
    assert expected - seen == set(), f"fields never tried: {sorted(expected - seen)}"
    result = casebook("validate", "--quiet", cwd=project)
    # Whatever validation refuses must be refused with its line; whatever it accepts must be inert.
    assert "Traceback" not in result.stdout + result.stderr
    reported = [line for line in result.stdout.splitlines() if line.strip() and not line.startswith("  ... and ")]
    assert all(DIAGNOSTIC.match(line) or WARNING.match(line) for line in reported), result.stdout[:2000]
    try:
        load_library(project / "case_studies", project)
        refused: set[str] = set()
    except ContentError as error:
        refused = {d.path for d in error.diagnostics if d.severity == "error"}
    assert len(refused) <= 3, sorted(refused)  # nearly every file is built with its hostile text
    # The research record's own fields reach its page with the hostile text, not a restored copy.
    assert not any(shown.startswith("case_studies/research/") for shown in refused), sorted(refused)
    for shown in refused:  # put the refused files back, and build the rest
        (project / shown).write_text((ROOT / shown).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path_factory.mktemp("inert-site")
    built = _build(project, out)
    assert built.returncode == 0, built.stderr[-3000:]
    assert _offences(out) == []
    # The hostile text is on the page, as text, for the reader and the reviewer to see.
    for built_page in ("case-studies/school-a", "research/eef-digital-technology-2019"):
        page = (out / built_page / "index.html").read_text(encoding="utf-8")
        assert f"&lt;script&gt;alert(&quot;{MARK}&quot;)&lt;/script&gt;" in page or \
            f'&lt;script&gt;alert("{MARK}")&lt;/script&gt;' in page, built_page


# --- the findings, one by one ----------------------------------------------------------------


def _errors(project: Path) -> str:
    result = casebook("validate", "--quiet", cwd=project)
    assert "Traceback" not in result.stderr + result.stdout
    return result.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "expected"), [
    # A blank line then HTML: the rest of the expansion would be parsed as Markdown on every page.
    ("expansion: advanced skills teacher", 'expansion: "teacher\\n\\n<script>alert(1)</script>"',
     "`terms[0].expansion` should be one line of plain text"),
    ("expansion: advanced skills teacher", "expansion: '<img src=\"https://evil.example/x.png\">'",
     "`terms[0].expansion` should be one line of plain text"),
    # A line break in the term opens a <script> that the expansion closes.
    ("abbr: AST", 'abbr: "A\\n<script>"', "`terms[0].abbr` should be an abbreviation of letters and digits"),
    # A backslash stops Python-Markdown recognising the definition: the line became a paragraph.
    ("abbr: AST", 'abbr: "R\\\\D"', "`terms[0].abbr` should be an abbreviation of letters and digits"),
    ("abbr: AST", 'abbr: "*"', "`terms[0].abbr` should be an abbreviation of letters and digits"),
])
def test_glossary_terms_and_expansions_are_one_line_of_plain_text(project: Path, old: str, new: str,
                                                                  expected: str) -> None:
    glossary = project / "case_studies" / "glossary.yaml"
    _replace(glossary, old, new)
    errors = _errors(project)
    assert f"case_studies/glossary.yaml:{_line(glossary, new)}:" in errors
    assert expected in errors


def _line(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def test_generated_pages_carry_no_abbreviation_definitions(site: Path) -> None:
    """Abbreviations reach generated pages as `<abbr>` elements the renderer writes, not as Markdown
    definitions MkDocs parses (which had put a glossary's HTML on every page)."""
    page = (site / "case-studies" / "school-a" / "index.html").read_text(encoding="utf-8")
    assert "*[" not in page
    assert '<abbr title="information and communication technology">ICT</abbr>' in page


def test_symbolic_links_and_special_files_are_refused_unread(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "credentials"
    secret.write_text("id: token-9f8e7d6c5b4a\ntitle: ghp_SECRETSECRETSECRET\n", encoding="utf-8")
    schools = project / "case_studies" / "schools"
    (schools / "school-z.yaml").symlink_to(secret)
    (schools / "school-y.yaml").symlink_to("/etc/passwd")
    os.mkfifo(schools / "school-w.yaml")
    (project / "case_studies" / "cpd-link").symlink_to(schools)
    errors = _errors(project)
    assert "SECRET" not in errors and "token-9f8e" not in errors and "root:" not in errors
    for name in ("school-z.yaml", "school-y.yaml"):
        assert f"case_studies/schools/{name}:1:1: error: a symbolic link is not read as content" in errors
    assert "case_studies/schools/school-w.yaml:1:1: error: not a regular file" in errors
    assert "case_studies/cpd-link:1:1: error: a symbolic link is not read as content" in errors
    # A single file named on the command line is refused the same way.
    alone = casebook("validate", "case_studies/schools/school-y.yaml", cwd=project)
    assert alone.returncode == 1 and "root:" not in alone.stdout and "symbolic link" in alone.stdout


def test_a_link_under_docs_is_not_published(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("ghp_SECRETSECRETSECRET", encoding="utf-8")
    (project / "docs" / "leak.txt").symlink_to(secret)
    out = tmp_path / "site"
    built = _build(project, out)
    assert built.returncode != 0
    assert "docs/leak.txt" in built.stderr and "symbolic link" in built.stderr
    assert not (out / "leak.txt").exists()


@pytest.mark.parametrize(("place", "message"), [
    ("schools/sub/school-q.yaml", "folders inside `schools/` are not read; move the files up into `schools/`"),
    ("school/school-q.yaml", "unknown folder `school/` (did you mean `schools/`?)"),
    ("schools/school-q.YAML", "not a content file: records in `schools/` are named `school-q.yaml`"),
    ("schools/school-q.yml", "not a content file: records in `schools/` are named `school-q.yaml`"),
    ("schools/school-q.md", "not a content file: records in `schools/` are named `<id>.yaml`"),
    ("notes.yaml", "unknown file `notes.yaml`; a record goes in one of the folders"),
])
def test_files_that_would_be_ignored_are_errors_saying_where_they_go(project: Path, place: str,
                                                                       message: str) -> None:
    target = project / "case_studies" / place
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(school("school-q", "School Q"), encoding="utf-8")
    errors = _errors(project)
    shown = place.split("/sub/")[0] + "/sub" if "/sub/" in place else \
        ("school" if place.startswith("school/") else place)
    assert any(line.startswith(f"case_studies/{shown}:1:1: error: ") and message in line
               for line in errors.splitlines()), errors


def _attach(project: Path, check: str, target: str) -> Path:
    path = project / "case_studies" / "self-checks" / f"{check}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^attached_to: .*$", f"attached_to: {target}", text)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("targets", "message"), [
    ({"guidance-pupil-voice": "self-checks/guidance-pupil-voice"}, "cannot carry a self-check"),
    ({"guidance-pupil-voice": "self-checks/guidance-communication",
      "guidance-communication": "self-checks/guidance-pupil-voice"}, "cannot carry a self-check"),
    ({"guidance-pupil-voice": "findings/ncsl-2007#build-capacity"}, "cannot carry a self-check"),
    ({"guidance-pupil-voice": "sources/ncsl-2007"}, "cannot carry a self-check"),
    ({"guidance-pupil-voice": "guidance/communication"}, "`guidance/communication` already carries the self-check"),
])
def test_self_check_cycles_and_dead_ends_are_errors_with_their_line(project: Path, targets: dict[str, str],
                                                                     message: str) -> None:
    for check, target in targets.items():
        path = _attach(project, check, target)
    errors = _errors(project)
    assert message in errors
    assert re.search(rf"case_studies/self-checks/[a-z-]+\.yaml:{_line(path, 'attached_to:')}:\d+: error: ", errors)
    assert "RecursionError" not in errors


# Facts outside their ranges (above, below, too large to be a fact), each message whole at its line and
# column: tests/test_bad_input.py, "facts outside their ranges" and the cases after it.


def test_impossible_facts_are_refused_in_the_json_schema_too() -> None:
    import json

    schema = json.loads((ROOT / "schemas" / "school.schema.json").read_text(encoding="utf-8"))
    facts = schema["$defs"]["SchoolFacts"]["properties"]
    # Each fact's numeric forms, with their bounds; "not stated" is the other form each allows.
    bounds = {name: [(form["type"], form["minimum"], form["maximum"]) for form in facts[name]["anyOf"]
                     if "const" not in form] for name in ("pupils", "fsm_percent", "headteacher_years_in_post")}
    assert bounds == {"pupils": [("integer", 1, 10000)],
                      "fsm_percent": [("number", 0, 100), ("integer", 0, 100)],
                      "headteacher_years_in_post": [("number", 0, 60), ("integer", 0, 60)]}


# One bad field, one message (not one per reference to the school): test_every_error.py,
# test_an_invalid_school_does_not_break_every_reference_to_it.


def test_thousands_of_repeated_errors_are_capped_with_a_count(project: Path) -> None:
    schools = project / "case_studies" / "schools"
    for number in range(60):
        (schools / f"copy-{number}.yaml").write_text(school(f"copy-{number}", "Copy").replace(
            "leadership: >-\n  A deputy head leads technology with a team of pupil producers.\n", ""),
            encoding="utf-8")
    result = casebook("validate", cwd=project)
    lines = [line for line in result.stdout.splitlines() if "missing required field `leadership`" in line]
    assert len(lines) == REPEATS_SHOWN == 5, len(lines)  # the first five, then one line for the rest
    more = [line for line in result.stdout.splitlines() if "more like this" in line]
    assert more == [f"  ... and {60 - REPEATS_SHOWN} more like this, the last in "
                    f"case_studies/schools/copy-9.yaml:{more[0].rsplit(':', 1)[-1]}"], more
    assert "60 errors" in result.stderr  # every error still counted


@pytest.mark.parametrize("term", ["strong", "p", "em", "li", "nbsp", "amp", "ICT"])
def test_fast_prose_path_agrees_with_python_markdown_for_any_valid_term(term: str) -> None:
    glossary = {term: "an expansion", "SEN": "special educational needs"}
    fast = Markdown(glossary)
    text = f"A **strong** lead on {term} and SEN.\n\nA second {term} paragraph with strong words."
    slow = _clean(fast._md.reset().convert(text))
    assert str(fast.block(text)) == slow


def test_sanitiser_removals_are_reported_with_their_line(project: Path) -> None:
    path = project / "case_studies" / "schools" / "school-q.yaml"
    path.write_text(school("school-q", "School Q").replace(
        "body: The school serves a wide rural area.",
        "body: 'The school [site](javascript:alert(1)) and ![logo](https://evil.example/l.png).'"), encoding="utf-8")
    result = casebook("validate", cwd=project)
    line = _line(path, "javascript:")
    assert result.returncode == 0, result.stdout  # a warning, not an error ...
    assert f"case_studies/schools/school-q.yaml:{line}:" in result.stdout
    assert "warning: " in result.stdout and "javascript:" in result.stdout and "image" in result.stdout
    strict = casebook("validate", "--strict", cwd=project)
    assert strict.returncode == 1  # ... and an error under --strict
    assert f"case_studies/schools/school-q.yaml:{line}:" in strict.stdout and "error: " in strict.stdout


# That the real library loads, with its schools by id: tests/test_library.py, test_real_content_loads.


# --- issue 23: the new families, for every field of their shape ------------------------------------
#
# Markdown budgets, bidirectional controls, characters outside the BMP and reserved ids, each put
# into every field of the schema that can hold it (found by walking the model, as above), and the
# answer checked exactly: one error per value, at its line, with the message that says why.


def _validated(project: Path) -> list[Any]:
    """Every diagnostic of loading the project's content, errors and warnings (none when it is valid)."""
    try:
        load_library(project / "case_studies", project)
    except ContentError as error:
        return list(error.diagnostics)
    return []


def _occurrences(project: Path, value: str) -> list[str]:
    """The content files holding `value` as a whole string, once for each time they hold it."""
    found = []
    for path in sorted((project / "case_studies").rglob("*.yaml")):
        found += [path.relative_to(project).as_posix()] * _count(yaml.safe_load(path.read_text("utf-8")), value)
    return found


def _count(data: Any, value: str) -> int:
    if isinstance(data, dict):
        return sum(_count(v, value) for v in data.values())
    if isinstance(data, list):
        return sum(_count(v, value) for v in data)
    return int(data == value)


def _refused_at_their_lines(project: Path, value: str, message: str) -> None:
    """Every field holding `value` is refused, once, at its own line, with `message`; nothing else is."""
    diagnostics = _validated(project)
    assert [d for d in diagnostics if message not in d.message] == [], \
        [f"{d.path}:{d.line}: {d.message[:200]}" for d in diagnostics if message not in d.message][:5]
    expected = _occurrences(project, value)
    assert expected, "the value was put nowhere"
    assert sorted(d.path for d in diagnostics) == expected
    for d in diagnostics:  # at the line and column where the value starts (after its key, or its `- `)
        line = (project / d.path).read_text(encoding="utf-8").splitlines()[d.line - 1]
        assert line[d.column - 1:].lstrip("'\"").startswith(value[:3]), (d.path, d.line, d.column, line[:80])
        key = d.message.split("`")[1].rsplit(".", 1)[-1]
        assert line[:d.column - 1].strip(" -") in (f"{key.split('[')[0]}:", ""), (d.path, d.line, line[:80], key)


OVER_BUDGET = {  # the texts, cut to 800 characters or so: a file has up to 150 Markdown fields
    "800 `[`": ("[" * 800, "holds 800 `[` (or `](`) that no `]` (or `)`) closes in the same paragraph; "
                           "at most 10 are allowed"),
    "`![` x 400": ("![" * 400, "holds 400 `[` (or `](`) that no `]`"),
    "`[a][` x 200": ("[a][" * 200, "holds 200 `[` (or `](`) that no `]`"),
    "`[a](` x 200": ("[a](" * 200, "holds 200 `[` (or `](`) that no `]`"),
    "brackets 11 deep": ("[" * 11 + "a" + "]" * 11, "nests square brackets 11 deep; at most 10 are allowed"),
    "lists 400 deep": ("- " * 400 + "x", "nests lists or quotations 400 levels deep; at most 10 are allowed"),
    "indented lists 20 deep": ("".join("    " * i + "- x\n" for i in range(20)).strip(),
                               "nests lists or quotations 20 levels deep; at most 10 are allowed"),
    "quotations 11 deep": ("> " * 11 + "x", "nests lists or quotations 11 levels deep; at most 10 are allowed"),
    "400 `*`": ("*" * 400 + "a" + "*" * 400, "holds 400 `*` in a row; at most 10 are allowed"),
    "200 heading lines": ("# a\n" * 199 + "# a", "runs 200 lines without a blank line; at most 50 are allowed"),
    "`_a_` x 200": (" ".join(["_a_"] * 200), "holds 400 emphasis, code and link marks (`*`, `_`, backquotes, `[`) "
                                            "in 799 characters; at most 49 are allowed here"),
}


def _every_part_present(project: Path) -> Path:
    """The project with the optional parts no real record uses yet added to one school (a source
    described in place), so that walking the data reaches every field of the schema."""
    path = project / "case_studies" / "schools" / "school-a.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sources"].append({"new_source": {"title": "A staff survey", "author": "The deputy head", "year": 2024,
                                           "kind": "survey", "note": "Answered by 40 staff."}})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert _validated(project) == []
    return project


@pytest.mark.parametrize("family", list(OVER_BUDGET))
def test_markdown_over_its_budget_is_refused_in_every_markdown_field(project: Path, family: str) -> None:
    """Issue 23, finding 5: pathological Markdown took minutes to build (20,000 `[` in a school's
    `leadership`: 80 to 240 s). Every Markdown field of every kind is refused at its line instead."""
    value, message = OVER_BUDGET[family]
    seen = _poison(_every_part_present(project), {"markdown": value})
    markdown_fields = {name for name, shape in _all_string_fields().items() if shape == "markdown"}
    assert markdown_fields - seen == set(), sorted(markdown_fields - seen)
    _refused_at_their_lines(project, value, message)


def test_the_budgets_leave_room_for_honest_markdown() -> None:
    """The budgets refuse shapes of text, never honest prose: every text of the real library is
    within them with room to spare, and so are links, lists and emphasis as contributors write them."""
    from casebook.markup import budget_problem
    from casebook.schema.walk import strings

    library = load_library(ROOT / "case_studies", ROOT)
    texts = [value for kind in library.records.values() for item in kind.values()
             for _, shape, value in strings(item.model) if shape == "markdown"]
    assert len(texts) > 500 and [t for t in texts if budget_problem(t)] == []
    honest = ("See [the report](https://example.org/r) and [its annex][a], [sic].\n\n"
              "- one\n    - two\n        - three\n\n> quoted *and* **bold** `code`\n\n" + "A line.\n" * 49 + "A line.")
    assert budget_problem(honest) is None
    assert budget_problem("[" * 10 + "a") is None and budget_problem("[" * 11 + "a") is not None


def test_validation_converts_each_text_once(project: Path) -> None:
    """`[a](` x 5,000 made `casebook validate` take 6.6 s, because the sanitiser's report parsed the
    text again. Now the report and the page share one conversion, and the budget refuses that text
    before any conversion."""
    from casebook import markup

    conversions: list[str] = []
    convert = markup.Markdown._convert

    def counted(self: markup.Markdown, text: str) -> str:
        conversions.append(text)
        return convert(self, text)

    path = project / "case_studies" / "schools" / "school-q.yaml"
    path.write_text(school("school-q", "School Q").replace(
        "body: The school serves a wide rural area.", "body: 'The [site](javascript:alert(1)) is rural.'"),
        encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markup.Markdown, "_convert", counted)
        library = load_library(project / "case_studies", project)
        assert [d.message[:41] for d in library.warnings] == ["the link to `javascript:alert(1)` is remo"]
        linked = "The [site](javascript:alert(1)) is rural."
        assert conversions.count(linked) == 1
        from casebook.render.pages import Renderer

        html = Renderer(library).markdown.block(linked)  # the page's renderer finds it converted
        assert conversions.count(linked) == 1 and "javascript" not in html


BIDI_CONTROLS = ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                 "\u2068", "\u2069"]


@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=[f"U+{ord(c):04X}" for c in BIDI_CONTROLS])
def test_bidirectional_controls_are_refused_in_every_one_line_field(project: Path, control: str) -> None:
    """Issue 23, finding 13: a right-to-left override was accepted in titles. Every one-line field of
    every kind refuses each bidirectional control, at its line, naming it."""
    value = f"Report{control}fdp.exe"
    seen = _poison(_every_part_present(project), {"line": value})
    line_fields = {name for name, shape in _all_string_fields().items() if shape == "line"}
    assert line_fields - seen == set(), sorted(line_fields - seen)
    import unicodedata

    _refused_at_their_lines(project, value, f"holds a bidirectional control, U+{ord(control):04X} "
                                            f"{unicodedata.name(control)}, at character 7; one-line fields may not")


def test_characters_outside_the_bmp_are_kept_in_every_text_field(project: Path) -> None:
    """Issue 23, "text survives every hop": any Unicode a field allows, characters outside the Basic
    Multilingual Plane included (emoji, mathematical letters, CJK extension B), is accepted in every
    line and Markdown field and rendered unchanged. (The page title's front matter is the files
    engineer's part of the issue; this is the validation and rendering side.)"""
    line = "School A \U0001F600 \U0001D49C \U00020000"
    # (The text quotes the line: a crosswalk entry's `basis` must quote the title of what it cites.)
    text = f"{line}: a **bold** \U0001F3EB, [a link \U0001F517](https://example.org/\U0001F600)."
    seen = _poison(_every_part_present(project), {"line": line, "markdown": text})
    assert {n for n, s in _all_string_fields().items() if s in ("line", "markdown")} - seen == set()
    assert _validated(project) == []
    library = load_library(project / "case_studies", project)
    from casebook.schema.walk import strings

    held = [(shape, value) for kind in library.records.values() for item in kind.values()
            for _, shape, value in strings(item.model) if shape in ("line", "markdown")]
    values = {value for _, value in held}  # (besides `not stated`, and reasons the model writes itself)
    assert {line, text} <= values and all(line in value for value in values if "\U0001D49C" in value)
    markdown = Markdown({t.abbr: t.expansion for t in library.glossary.terms})
    assert str(markdown.plain(line)) == line
    assert str(markdown.block(text)) == (f'<p>{line}: a <strong>bold</strong> \U0001F3EB, <a href="https://'
                                         'example.org/\U0001F600" rel="noopener">a link \U0001F517</a>.</p>')


# Reserved ids: every id that becomes an element id on a page, set to a name the pages use themselves.

RESERVED = ["self-check", "debates", "summary", "end", "related", "advice", "compare", "leadership"]


def _anchored_fields(project: Path) -> list[tuple[Path, tuple[Any, ...], str]]:
    """One id of each kind of anchored field of each kind of record (found by `names.anchored_ids`,
    which walks the parts of every record), chosen where no reference points at it if there is one."""
    from casebook import names

    library = load_library(project / "case_studies", project)
    text = "\n".join(p.read_text(encoding="utf-8") for p in (project / "case_studies").rglob("*.yaml"))
    chosen: dict[tuple[str, tuple[Any, ...]], tuple[Path, tuple[Any, ...], str]] = {}
    for kind, records in library.records.items():
        for item in records.values():
            for path, anchor in names.anchored_ids(item):
                shape = (kind, tuple(p for p in path if isinstance(p, str)))
                if path == ("id",) or (shape in chosen and f"#{chosen[shape][2]}" not in text):
                    continue  # (a school's own id is its file name: tried on its own below)
                chosen[shape] = (project / item.path, path, anchor)
    return list(chosen.values())


def test_reserved_ids_are_refused_wherever_an_id_becomes_an_anchor(project: Path) -> None:
    """Issue 23, finding 13: an advice id `self-check` or a principle id `debates` duplicated the
    page's own heading ids. Every kind of part whose id becomes an element id refuses them."""
    fields = _anchored_fields(project)
    shapes = {(f.parent.name, tuple(p for p in path if isinstance(p, str))) for f, path, _ in fields}
    assert {("guidance", ("advice", "id")), ("roles", ("principles", "id")), ("roles", ("debates", "id")),
            ("findings", ("groups", "behaviours", "id")), ("standards", ("parts", "id"))} <= shapes, shapes
    expected = []
    for number, (path, at, anchor) in enumerate(fields):
        reserved = RESERVED[number % len(RESERVED)]
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        holder = data
        for part in at[:-1]:
            holder = holder[part]
        assert holder[at[-1]] == anchor
        holder[at[-1]] = reserved
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                    if text.strip(" -") == f"id: {reserved}")
        expected.append((path.relative_to(project).as_posix(), line, reserved))
    diagnostics = _validated(project)
    found = [(d.path, d.line, d.message.split("`")[1]) for d in diagnostics
             if "is reserved: the pages write an element with this id themselves" in d.message]
    assert sorted(found) == sorted(expected)
    # Nothing else, but the references to a renamed part (where every part of a kind is linked to).
    renamed = tuple(f"#{anchor}`: " for _, _, anchor in fields)
    assert [d.message for d in diagnostics if "is reserved" not in d.message and not (
        d.message.startswith("broken reference `") and any(name in d.message for name in renamed))] == []


def _append(path: Path, text: str) -> int:
    """Append `text` to a content file; the line its first line lands on."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before.rstrip("\n") + "\n" + text, encoding="utf-8")
    return before.rstrip("\n").count("\n") + 2


def test_a_school_id_the_library_page_uses_is_refused(project: Path) -> None:
    """A school's id is its row's id in the comparison table: `compare` would be the table's heading too."""
    from casebook.names import page_ids

    (project / "case_studies" / "schools" / "compare.yaml").write_text(school("compare", "Compare"), encoding="utf-8")
    assert page_ids()["compare"].startswith("templates/library-")  # (the first template that writes it)
    assert [(d.path, d.line, d.message) for d in _validated(project)] == [
        ("case_studies/schools/compare.yaml", 2, "the id `compare` is reserved: the pages write an element with "
         f"this id themselves ({page_ids()['compare']}), and a link to it would reach one of the two at "
         "random; choose another id")]


@pytest.mark.parametrize(("facet", "uses"), [("q", "`q` themselves (assets/filters.js)"),
                                             ("order", "`order` themselves (assets/plan.js)"),
                                             ("like-pupils", "`like-...` themselves (assets/similar.js)")])
def test_a_facet_named_like_a_parameter_of_the_pages_is_refused(project: Path, facet: str, uses: str) -> None:
    """Issue 23, finding 9: a facet `q` shared `name="q"` with the library's word search and broke it
    on every library page; `?q=rural` ticked the facet."""
    line = _append(project / "case_studies" / "taxonomy.yaml",
                   f"  - id: {facet}\n    label: Q\n    description: A facet.\n    values:\n      - id: x\n"
                   "        label: X\n")
    assert [(d.path, d.line, d.message) for d in _validated(project)] == [
        ("case_studies/taxonomy.yaml", line, f"the facet id `{facet}` is reserved: it is the name of a filter's URL "
         f"parameter, and the pages use the parameter {uses}; reserved: `like-...`, `order`, `q`")]


def test_facet_values_that_make_one_control_id_are_refused_naming_both(project: Path) -> None:
    """Facet `a-b` value `c` and facet `a` value `b-c` both made the filter control `f-a-b-c`."""
    first = _append(project / "case_studies" / "taxonomy.yaml",
                    "  - id: a-b\n    label: AB\n    description: A facet.\n    values:\n      - id: c\n"
                    "        label: C\n  - id: a\n    label: A\n    description: A facet.\n    values:\n"
                    "      - id: b-c\n        label: BC\n")
    assert [(d.path, d.line, d.message) for d in _validated(project)] == [
        ("case_studies/taxonomy.yaml", first + 10, "the facet `a` value `b-c` makes the same id, `f-a-b-c`, as the "
         f"facet `a-b` value `c` (line {first + 4}): the library's filters would tick both at once; rename one "
         "of them")]


def test_abbreviations_that_make_one_glossary_id_are_refused_naming_both(project: Path) -> None:
    """Glossary terms `T L`, `T-L` and `T/L` all got the id `t-l` on the glossary page."""
    first = _append(project / "case_studies" / "glossary.yaml",
                    "  - abbr: T L\n    expansion: one\n  - abbr: T-L\n    expansion: two\n"
                    "  - abbr: T/L\n    expansion: three\n")
    assert [(d.path, d.line, d.message) for d in _validated(project)] == [
        ("case_studies/glossary.yaml", first + 2 * n, f"the abbreviation `{abbr}` gets the same id on the glossary "
         f"page, `t-l`, as `T L` (line {first}): links to one would reach the other; keep one of them")
        for n, abbr in ((1, "T-L"), (2, "T/L"))]


def test_the_glossary_page_gives_each_term_the_id_validation_predicts(site: Path) -> None:
    """`names.glossary_anchor` says what id templates/glossary.md.j2 writes: the built page agrees."""
    from casebook.names import glossary_anchor

    page = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    terms = yaml.safe_load((ROOT / "case_studies" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    assert len(terms) > 10
    for term in terms:
        assert f'<div id="{glossary_anchor(term["abbr"])}">' in page, term["abbr"]


def test_see_also_may_not_name_its_own_record(project: Path) -> None:
    path = project / "case_studies" / "cpd" / "journal-clubs.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["see_also"] = [*data.get("see_also", []), "cpd/journal-clubs"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.strip() == "- cpd/journal-clubs")
    assert [(d.path, d.line, d.message) for d in _validated(project)] == [
        ("case_studies/cpd/journal-clubs.yaml", line, "`cpd/journal-clubs` is this record itself; `see_also` names "
         "other records: delete it")]
