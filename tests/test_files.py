"""One rule for files (`files.py`) in every command, and text that survives every hop.

Issue 23: a link under docs/ published host files through `casebook generate`; outputs landed in
docs/, over files or through links, with tracebacks; an emoji title lost the page's title; file
names drew over the terminal; parser messages misled. Each test runs the real command on a
scratch copy of the project.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_project
from tests.samples import casebook, school

SECRET = "ghp_SECRETSECRETSECRET"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project, standing in for /proc/self/environ or /etc/passwd."""
    path = tmp_path / "environ"
    path.write_text(f"GITHUB_TOKEN={SECRET}\n", encoding="utf-8")
    return path


def _one_line(text: str) -> str:
    """The single line a refusal is (no traceback)."""
    assert "Traceback" not in text
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


def _holds_secret(folder: Path) -> list[str]:
    return [p.as_posix() for p in folder.rglob("*") if p.is_file() and SECRET in p.read_text("utf-8", "replace")]


# --- finding 1 (critical): a link in docs/ published host files through `generate` ----------


@pytest.mark.parametrize("link", ["env.txt", "notes.md", "assets/x/env.txt"])
def test_generate_refuses_a_link_under_docs(project: Path, secret: Path, tmp_path: Path, link: str) -> None:
    (project / "docs" / link).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / link).symlink_to(secret)
    out = tmp_path / "out"
    result = casebook("generate", "--out", str(out), cwd=project)
    assert result.returncode == 2
    assert _one_line(result.stderr) == (
        f"casebook generate: docs/{link}: a symbolic link, never followed, read or published (it could point "
        "anywhere on the machine); put the file or folder itself there")
    assert not out.exists()  # refused before anything is written


def test_validate_reports_a_link_under_docs(project: Path, secret: Path) -> None:
    (project / "docs" / "env.txt").symlink_to(secret)
    result = casebook("validate", cwd=project)
    assert result.returncode == 1
    assert result.stdout == ("docs/env.txt:1:1: error: a symbolic link, never followed, read or published (it could "
                             "point anywhere on the machine); put the file or folder itself there\n")
    assert SECRET not in result.stdout + result.stderr


def test_generate_refuses_a_linked_folder_under_docs(project: Path, secret: Path, tmp_path: Path) -> None:
    (project / "docs" / "host").symlink_to(secret.parent)
    result = casebook("generate", "--out", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 2
    assert _one_line(result.stderr).startswith("casebook generate: docs/host: a symbolic link, never followed")
    assert not (tmp_path / "out").exists()


def test_generate_refuses_a_link_among_the_packages_published_files(project: Path, secret: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The package is in the repository too: a link in its assets would be copied into the site."""
    from casebook import export, files

    package = tmp_path / "package"
    (package / "assets").mkdir(parents=True)
    (package / "assets" / "env.txt").symlink_to(secret)
    monkeypatch.setattr(files, "PACKAGE", package)
    with pytest.raises(files.Refused, match=r"assets/env\.txt: a symbolic link, never followed"):
        export.write_project(project, tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- finding 7: outputs over files end in one line, not a traceback -----------------------


def test_generate_out_an_existing_file_is_one_line_and_leaves_it(project: Path) -> None:
    (project / "README.md").write_text("mine\n", encoding="utf-8")
    result = casebook("generate", "--out", "README.md", cwd=project)
    assert result.returncode == 2
    assert _one_line(result.stderr) == ("casebook generate: README.md: is a file, not a folder; choose another "
                                        "path, or give --force to replace it")
    assert (project / "README.md").read_text(encoding="utf-8") == "mine\n"


def test_schema_out_an_existing_file_is_one_line_and_leaves_it(project: Path) -> None:
    (project / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = casebook("schema", "--out", "notes.txt", cwd=project)
    assert result.returncode == 1
    assert _one_line(result.stderr) == ("casebook schema: notes.txt: is a file, not a folder; choose another "
                                        "path, or give --force to replace it")
    assert (project / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    # Writing the schemas again over their own files is the command's job, not a refusal.
    assert casebook("schema", cwd=project).returncode == 0


def test_generate_force_replaces_a_file_with_the_folder_but_never_writes_in_docs(project: Path) -> None:
    (project / "out").write_text("old\n", encoding="utf-8")
    result = casebook("generate", "--out", "out", "--force", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "out" / "docs" / "index.md").is_file()
    result = casebook("generate", "--out", "docs/gen", "--force", cwd=project)
    assert result.returncode == 2 and not (project / "docs" / "gen").exists()


def test_validate_refuses_a_content_folder_reached_through_a_link(project: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    (project / "case_studies").rename(real)
    (project / "case_studies").symlink_to(real)
    result = casebook("validate", cwd=project)
    assert result.returncode == 1
    assert result.stdout == ("case_studies:1:1: error: a symbolic link, never followed, read or published (it "
                             "could point anywhere on the machine); put the file or folder itself there\n")
    assert result.stderr == "1 error\n"


# --- finding 11: new, generate and reference write only where they should ----------------------


def test_new_refuses_a_dangling_link_and_writes_nothing_through_it(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yaml"
    (project / "case_studies" / "schools" / "school-q.yaml").symlink_to(target)
    result = casebook("new", "schools", "school-q", cwd=project)
    assert result.returncode == 1
    assert _one_line(result.stderr) == (
        "casebook new: case_studies/schools/school-q.yaml: a symbolic link, never followed, read or published "
        "(it could point anywhere on the machine); put the file or folder itself there")
    assert not target.exists()


def test_new_refuses_a_kind_folder_that_is_a_link(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    routes = project / "case_studies" / "routes"
    for path in routes.iterdir():
        path.unlink()
    routes.rmdir()
    routes.symlink_to(elsewhere)
    result = casebook("new", "routes", "my-route", cwd=project)
    assert result.returncode == 1
    assert _one_line(result.stderr) == (
        "casebook new: case_studies/routes: a symbolic link (in case_studies/routes/my-route.yaml), never "
        "followed, read or published (it could point anywhere on the machine); put the file or folder itself "
        "there")
    assert list(elsewhere.iterdir()) == []


def test_new_force_replaces_a_file_but_never_a_link(project: Path, tmp_path: Path) -> None:
    mine = project / "case_studies" / "schools" / "school-q.yaml"
    mine.write_text("half done\n", encoding="utf-8")
    assert casebook("new", "schools", "school-q", cwd=project).returncode == 1
    assert mine.read_text(encoding="utf-8") == "half done\n"
    assert casebook("new", "schools", "school-q", "--force", cwd=project).returncode == 0
    assert mine.read_text(encoding="utf-8").startswith("# yaml-language-server")
    mine.unlink()
    mine.symlink_to(tmp_path / "elsewhere.yaml")
    assert casebook("new", "schools", "school-q", "--force", cwd=project).returncode == 1
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_generate_refuses_an_output_inside_docs(project: Path) -> None:
    result = casebook("generate", "--out", "docs/gen", cwd=project)
    assert result.returncode == 2
    assert _one_line(result.stderr) == ("casebook generate: docs/gen: inside docs/, the hand-written pages: the "
                                        "next build would publish it; write outside that folder")
    assert not (project / "docs" / "gen").exists()


def test_generate_again_refuses_a_docs_link_in_its_own_folder(project: Path, tmp_path: Path) -> None:
    out = project / "build" / "zensical"
    assert casebook("generate", "--out", "build/zensical", cwd=project).returncode == 0
    assert (out / ".casebook-generated").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    import shutil

    shutil.rmtree(out / "docs")
    (out / "docs").symlink_to(elsewhere)  # a marker present, and a link where docs/ was
    result = casebook("generate", "--out", "build/zensical", cwd=project)
    assert result.returncode == 2
    assert _one_line(result.stderr).startswith("casebook generate: build/zensical/docs: a symbolic link")
    assert list(elsewhere.iterdir()) == []


def test_generate_refuses_an_output_folder_reached_through_a_link(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "build").symlink_to(elsewhere)
    result = casebook("generate", "--out", "build/zensical", cwd=project)
    assert result.returncode == 2
    assert _one_line(result.stderr).startswith("casebook generate: build: a symbolic link (in build/zensical)")
    assert list(elsewhere.iterdir()) == []


def test_reference_write_goes_to_the_content_folders_project(project: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    committed = project / "docs" / "contributing" / "reference.md"
    committed.write_text("stale\n", encoding="utf-8")
    result = casebook("reference", "--write", "--content", "../project/case_studies", cwd=work)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"wrote {committed.as_posix()}\n"  # outside the working folder: in full
    assert not (work / "docs").exists()
    assert committed.read_text(encoding="utf-8").startswith("# Field reference")
    assert casebook("reference", "--check", "--content", "../project/case_studies", cwd=work).returncode == 0


def test_postbuild_refuses_a_link_in_the_built_site(tmp_path: Path, secret: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body>home</body></html>", encoding="utf-8")
    (site / "env.txt").symlink_to(secret)
    result = casebook("postbuild", "site", "--search", "engine", cwd=tmp_path)
    assert result.returncode == 1
    assert _one_line(result.stderr) == (
        "casebook postbuild: site/env.txt: a symbolic link, never followed, read or published (it could point "
        "anywhere on the machine); put the file or folder itself there")
    assert not (site / "casebook-offline.json").exists()


# --- finding 6: text outside the BMP reaches the page unchanged, on every engine -------------------

TITLE = "School F \U0001f600 \U0001d4b3 \U00013000 \U0001f3eb"  # 😀, a script X, a hieroglyph, 🏫
"""An emoji, a mathematical letter, a hieroglyph: each outside the Basic Multilingual Plane."""


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_title_outside_the_bmp_reaches_the_page_title_and_heading(project: Path, tmp_path: Path,
                                                                    engine: str) -> None:
    (project / "case_studies" / "schools" / "school-f.yaml").write_text(school("school-f", f'"{TITLE}"'),
                                                                       encoding="utf-8")
    assert casebook("validate", cwd=project).returncode == 0
    out = tmp_path / "site"
    result = build_site(project, out, engine=engine)  # mkdocs: the plugin; zensical: `casebook generate`
    assert result.returncode == 0, result.stderr
    page = (out / "case-studies" / "school-f" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert title and heading
    assert html.unescape(title.group(1)).startswith(f"{TITLE} - ")
    assert re.sub(r"<[^>]+>", "", html.unescape(heading.group(1))).strip() == TITLE


def test_front_matter_strings_round_trip_any_text() -> None:
    import yaml
    from casebook.yamlsafe import quoted

    for text in [TITLE, "a\u2028b\u2029c\x85d", 'quote " and \\ back', "\ufeffbom", "tab\there", "\x7f"]:
        assert yaml.safe_load(f"title: {quoted(text)}\n") == {"title": text}
        assert "\\ud83d" not in quoted(text)  # never a surrogate pair


# --- finding 8: names and values cannot draw on the terminal --------------------------------------


def test_file_names_with_terminal_controls_are_escaped_by_validate(project: Path) -> None:
    schools = project / "case_studies" / "schools"
    (schools / "school-\x1b[2K\rok: 55 content files valid\n.yaml").write_text(school("school-q"), encoding="utf-8")
    (schools / "x\u202eyaml.lmth").write_text("x", encoding="utf-8")
    (schools / "y\u2028\x85\x9b.yaml").write_text("x", encoding="utf-8")
    result = casebook("validate", cwd=project)
    assert result.returncode == 1
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
                         result.stdout + result.stderr)
    assert result.stdout.splitlines() == [
        "case_studies/schools/school-\\x1b[2K\\rok: 55 content files valid\\n.yaml:2:5: error: the file name "
        "`school-\\x1b[2K\\rok: 55 content files valid\\n.yaml` is not an id: rename the file to `school-q.yaml` "
        "(lower-case letters, digits and hyphens)",
        "case_studies/schools/x\\u202eyaml.lmth:1:1: error: not a content file: records in `schools/` are named "
        "`<id>.yaml`",
        "case_studies/schools/y\\u2028\\x85\\x9b.yaml:1:1: error: expected a mapping of fields (`field: value` "
        "lines), got the text 'x'",
    ]
    assert result.stderr == "3 errors\n"


def test_a_file_name_that_is_not_utf8_is_printed_escaped_not_a_traceback(project: Path) -> None:
    schools = os.fsencode(project / "case_studies" / "schools")
    with open(os.path.join(schools, b"school-\xff\x1b.yaml"), "w", encoding="utf-8") as stream:
        stream.write("x")
    result = casebook("validate", cwd=project)
    assert result.stdout == ("case_studies/schools/school-\\udcff\\x1b.yaml:1:1: error: expected a mapping of "
                             "fields (`field: value` lines), got the text 'x'\n")
    assert result.stderr == "1 error\n"


def test_every_cli_message_is_printable(project: Path) -> None:
    result = casebook("new", "schools", "x\x1b[31m\ny", cwd=project)
    assert result.returncode == 2
    assert _one_line(result.stderr).startswith("casebook new: `x\\x1b[31m\\ny` is not an id")
    result = casebook("validate", "case_studies/schools/\x1b]0;owned\x07.yaml", cwd=project)
    assert result.stdout == "case_studies/schools/\\x1b]0;owned\\x07.yaml:1:1: error: no such file\n"


def test_printable_escapes_what_could_draw_and_keeps_the_rest() -> None:
    from casebook.diagnostics import Diagnostic, printable

    assert printable("a\x1b[2Kb\nc\rd\x85e\u2028f\u202eg\u2066h\ud800i\tj\x7f") == (
        "a\\x1b[2Kb\\nc\\rd\\x85e\\u2028f\\u202eg\\u2066h\\ud800i\\tj\\x7f")
    assert printable("École 😀 \U0001d4b3 — “quoted”") == "École 😀 \U0001d4b3 — “quoted”"
    line = str(Diagnostic("a\nb.yaml", 1, 2, "bad `\x1b[31m`"))
    assert line == "a\\nb.yaml:1:2: error: bad `\\x1b[31m`"


# --- finding 12: parser messages that say what is there, at the editor's line ------------------------


def _validate_text(project: Path, text: str) -> list[str]:
    (project / "case_studies" / "schools" / "school-f.yaml").write_bytes(text.encode("utf-8"))
    result = casebook("validate", "case_studies/schools/school-f.yaml", cwd=project)
    return result.stdout.splitlines()


PATH = "case_studies/schools/school-f.yaml"


def test_a_byte_order_mark_at_the_start_of_a_line_is_named(project: Path) -> None:
    assert _validate_text(project, school().replace("\ntitle:", "\n\ufefftitle:")) == [
        f"{PATH}:3:1: error: a byte-order mark (U+FEFF, an invisible character some editors put at the start of "
        "a file) is here, at the start of a line; delete it"]
    assert _validate_text(project, "\ufeff" + school()) == []  # at the start of the file it is harmless


def test_a_tab_inside_a_value_is_not_called_indentation(project: Path) -> None:
    inside = ("error: a tab character inside a line: YAML allows no tab in unquoted text or between a key and "
              "its value; replace it with a space, or put the text in quotes")
    assert _validate_text(project, school().replace("title: School F", "title: School\tF")) == [
        f"{PATH}:3:14: {inside}"]
    assert _validate_text(project, school().replace("title: School F", "title:\tSchool F")) == [
        f"{PATH}:3:7: {inside}"]
    indented = _validate_text(project, school().replace("\nfacts:\n  pupils", "\nfacts:\n\tpupils"))
    assert len(indented) == 1 and "a tab character is used for indentation" in indented[0]


@pytest.mark.parametrize(("character", "name"), [("\u2028", "U+2028 (LINE SEPARATOR)"),
                                                  ("\x85", "U+0085 (NEXT LINE (NEL))"),
                                                  ("\u2029", "U+2029 (PARAGRAPH SEPARATOR)")])
def test_yaml_only_line_breaks_are_named_at_the_editors_line(project: Path, character: str, name: str) -> None:
    text = school().replace("title: School F", f"title: School{character}F")
    assert _validate_text(project, text) == [
        f"{PATH}:3:14: error: the character {name} is here: it is invisible, and YAML reads it as a line "
        "break; delete it, or write a space or a real new line"]
    # Old Mac line ends (\r) count as an editor counts them.
    assert _validate_text(project, school().replace("\n", "\r").replace("title: School F", "title: S\x01")) == [
        f"{PATH}:3:9: error: the character U+0001 is not allowed in a content file (a control character, often "
        "invisible); delete it"]


# --- the rule itself ----------------------------------------------------------------------------------


def test_files_refuses_links_anywhere_below_the_anchor_and_reads_only_regular_files(tmp_path: Path) -> None:
    from casebook.files import Files, Refused

    project = tmp_path / "p"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "a.md").write_text("hi", encoding="utf-8")
    (project / "inner").symlink_to(project / "docs")  # a link inside the project, to inside it: refused too
    os.mkfifo(project / "docs" / "pipe")
    rule = Files(project)
    assert rule.read_text(project / "docs" / "a.md") == "hi"
    with pytest.raises(Refused, match="a symbolic link"):
        rule.read_text(project / "inner" / "a.md")
    with pytest.raises(Refused, match="not a regular file"):
        rule.read_bytes(project / "docs" / "pipe")
    with pytest.raises(Refused, match="outside the project"):
        rule.read_text(tmp_path / "elsewhere.txt")
    assert [r.path.relative_to(project).as_posix() for r in rule.links(project)] == ["docs/pipe", "inner"]
    with pytest.raises(Refused, match="inside"):
        rule.write_text(project / "docs" / "new.md", "x")
    rule.write_text(project / "new.txt", "x")
    with pytest.raises(Refused, match="already exists"):
        rule.write_text(project / "new.txt", "y")
    assert Files(project, force=True).write_text(project / "new.txt", "y").read_text(encoding="utf-8") == "y"
