"""Random input never crashes the loader: it comes back as a record or as the project's own errors."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from casebook.diagnostics import ContentError, Diagnostic
from casebook.library import load_library
from casebook.loader import Loaded, load_file
from casebook.schema import RECORD_KINDS, SINGLETONS
from casebook.yamlsafe import Parsed, YamlProblem, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.samples import school

KINDS = [*RECORD_KINDS, *SINGLETONS]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
    st.sampled_from(["not stated", "TODO", "TODO: x", "school-a", "schools/school-a", "ncsl-2007", "2007",
                     "rural", "", " ", "<script>alert(1)</script>", "yes", "no", "~", "-", ": x", "&a", "*a"]),
)
keys = st.one_of(st.text(max_size=12), st.sampled_from(
    ["id", "title", "summary", "evidence_year", "facts", "facets", "sections", "sources", "source", "pupils",
     "advice", "text", "groups", "questions", "theme", "setting", "attached_to", "read_next", "documents"]))
structures = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def _write(folder: Path, kind: str, content: bytes) -> Path:
    place = folder / kind if kind in RECORD_KINDS else folder
    place.mkdir(parents=True, exist_ok=True)
    path = place / ("fuzz.yaml" if kind in RECORD_KINDS else kind)
    path.write_bytes(content)
    return path


def _check(result: Loaded | list[Diagnostic]) -> None:
    if isinstance(result, Loaded):
        return
    assert isinstance(result, list) and result
    for diagnostic in result:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.line >= 1 and diagnostic.column >= 1 and diagnostic.message
        assert str(diagnostic).startswith(f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: error: ")


@FUZZ
@given(st.text())
def test_parse_any_text(text: str) -> None:
    try:
        assert isinstance(parse(text), Parsed)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(KINDS))
def test_load_any_bytes(scratch: Path, content: bytes, kind: str) -> None:
    _check(load_file(_write(scratch, kind, content), kind, "fuzz.yaml"))


@FUZZ
@given(structures, st.sampled_from(KINDS))
def test_load_any_yaml_structure(scratch: Path, data: Any, kind: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    _check(load_file(_write(scratch, kind, text.encode("utf-8", "surrogatepass")), kind, "fuzz.yaml"))


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400), st.sampled_from(KINDS))
def test_load_any_yaml_ish_text(scratch: Path, text: str, kind: str) -> None:
    _check(load_file(_write(scratch, kind, text.encode("utf-8")), kind, "fuzz.yaml"))


# --- A valid record with one part replaced by anything, through the whole library ------


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: _replace(v, rest, value) if k == head else v for k, v in data.items()}
    return [_replace(v, rest, value) if i == head else v for i, v in enumerate(data)]


VALID = yaml.safe_load(school("school-f"))
PATHS = _paths(VALID)


@pytest.fixture(scope="module")
def content(scratch: Path) -> Path:
    """The vocabularies, one real school to refer to, and room for the mutated one."""
    root = scratch / "library" / "case_studies"
    (root / "schools").mkdir(parents=True)
    for name in SINGLETONS:
        shutil.copy(ROOT / "case_studies" / name, root / name)
    shutil.copy(ROOT / "case_studies" / "schools" / "school-a.yaml", root / "schools" / "school-a.yaml")
    return root


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), structures)
def test_library_with_a_mutated_school(content: Path, path: tuple[Any, ...], value: Any) -> None:
    mutated = _replace(VALID, path, value)
    (content / "schools" / "school-f.yaml").write_text(yaml.safe_dump(mutated, allow_unicode=True), encoding="utf-8")
    try:
        library = load_library(content)
    except ContentError as error:
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            assert diagnostic.line >= 1 and diagnostic.column >= 1 and diagnostic.message
        return
    # Accepted: the school is in the library beside School A, holding the mutated value as written.
    assert sorted(library.records["schools"]) == ["school-a", "school-f"]
    held: Any = library.records["schools"]["school-f"].model.model_dump(mode="json", by_alias=True)
    for key in path:
        held = held[key]
    assert held == value, (path, value, held)
