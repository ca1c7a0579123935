"""`casebook receive FILE` (issue 25, point 4): a school file sent in is checked against the library,
written into case_studies/schools/ under a safe name, never over anything, with what to do next."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from casebook.cli import main

ROOT = Path(__file__).resolve().parents[1]

NEW_SOURCE = """sources:
  - new_source:
      title: Staff survey on technology
      author: Deputy headteacher
      year: 2023
      kind: survey
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "case_studies", tmp_path / "project" / "case_studies")
    (tmp_path / "project" / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "project")
    return tmp_path / "project"


def sent(tmp_path: Path, name: str, school_id: str, sources: str | None = None) -> Path:
    """School A's file as a contributor would send it, under `school_id` (citing `sources` if given)."""
    text = (ROOT / "case_studies" / "schools" / "school-a.yaml").read_text(encoding="utf-8")
    text = text.replace("id: school-a", f"id: {school_id}")
    if sources is not None:
        text = text.split("\nsources:\n")[0] + "\n" + sources
    (tmp_path / "inbox").mkdir(exist_ok=True)
    path = tmp_path / "inbox" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_is_put_in_its_folder_with_next_steps(project: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    received = sent(tmp_path, "Hilltop (1).yaml", "hilltop-primary", NEW_SOURCE)
    assert main(["receive", str(received)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Received: wrote case_studies/schools/hilltop-primary.yaml. It passes the checks. Next:"
    assert out[3] == ("  3. Commit it on a branch and open a pull request: "
                      "`git add case_studies/schools/hilltop-primary.yaml`, crediting the sender.")
    placed = project / "case_studies" / "schools" / "hilltop-primary.yaml"
    assert placed.read_bytes() == received.read_bytes()
    assert main(["validate", "--quiet"]) == 0


def test_nothing_is_overwritten(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (project / "case_studies" / "schools" / "school-b.yaml").read_bytes()
    received = sent(tmp_path, "b.yaml", "school-b")
    assert main(["receive", str(received)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("casebook receive: case_studies/schools/school-b.yaml: already exists: a school with the "
                          "id `school-b` is in the library. Nothing was replaced.")
    assert (project / "case_studies" / "schools" / "school-b.yaml").read_bytes() == before


def test_a_file_with_problems_is_not_written(project: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    received = sent(tmp_path, "f.yaml", "school-f", NEW_SOURCE.replace("kind: survey", "kind: podcast"))
    assert main(["receive", str(received)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{received.as_posix()}:")
    assert err[0].endswith("error: `sources[0].new_source.kind` should be `survey`, `report`, `article`, "
                           "`interview`, `video` or `other`, got the text 'podcast'")
    assert err[-1].startswith("Nothing was written: 1 problem to fix first.")
    assert not (project / "case_studies" / "schools" / "school-f.yaml").exists()


def test_an_unsafe_id_is_not_used_as_a_file_name(project: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    received = sent(tmp_path, "x.yaml", "../../docs/index")
    assert main(["receive", str(received)]) == 1
    err = capsys.readouterr().err
    # Named from its title instead, and refused: the id in the file is not its name.
    assert "school-a.yaml: already exists" in err
    assert not (project / "docs" / "index.yaml").exists() and list((project / "docs").iterdir()) == []


def test_a_link_is_refused_unread(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "inbox").mkdir()
    os.symlink(ROOT / "case_studies" / "schools" / "school-a.yaml", tmp_path / "inbox" / "link.yaml")
    assert main(["receive", str(tmp_path / "inbox" / "link.yaml")]) == 1
    assert "a symbolic link, never followed" in capsys.readouterr().err
