"""Read content files into validated records, reporting every problem with its line.

One file gives one `Loaded` (or diagnostics). Checks that need more than one file
(facet values, cross-references, duplicate ids) live in `library.py`.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic
from .schema import RECORD_KINDS, SINGLETONS, Record, Strict
from .schema.common import PATTERN_EXPECTED, SLUG_PATTERN, TEXT_RULES
from .yamlsafe import Parsed, Path, YamlProblem, parse

MAX_FILE_BYTES = 256 * 1024
"""The largest content file accepted. The biggest real record is a few tens of KB."""

PLACEHOLDER = re.compile(r"^TODO(:|$)")
"""Values `casebook new` leaves for the contributor to fill in. A file still holding one is
invalid, so a half-filled template cannot slip through review."""

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_NUMBER = re.compile(r"^[-+]?[0-9]+(\.[0-9]*)?$")


@dataclass(frozen=True)
class Loaded:
    """One valid content file: its model, and where each value stands in it."""

    path: str  # as shown in messages, relative to the project
    kind: str  # a folder of RECORD_KINDS, or a SINGLETONS file name
    model: Strict
    parsed: Parsed

    @property
    def record(self) -> Record:
        """The model of a record file (`schools/x.yaml` ...), which has an id and a title; the
        vocabularies (`taxonomy.yaml` ...) are not records."""
        if not isinstance(self.model, Record):
            raise TypeError(f"{self.path} holds a vocabulary, not a record")
        return self.model

    def at(self, path: Path, message: str, *, key: bool = False) -> Diagnostic:
        line, column = self.parsed.position(path, key=key)
        return Diagnostic(self.path, line, column, message)


def content_files(root: FsPath) -> Iterator[tuple[FsPath, str]]:
    """Every content file under `root` with its kind, in a stable order: regular files only, never a
    symbolic link or a special file (see `unexpected_entries` for what is refused, and why)."""
    for name in SINGLETONS:
        if _regular(root / name):
            yield root / name, name
    for kind in RECORD_KINDS:
        folder = root / kind
        if folder.is_dir() and not folder.is_symlink():
            for path in sorted(folder.iterdir()):
                if path.suffix == ".yaml" and _regular(path):
                    yield path, kind


def unexpected_entries(root: FsPath) -> Iterator[tuple[FsPath, str]]:
    """Everything under `root` that is not read as content, with what is wrong and where it should go.

    A file the build ignores while validation says `ok` is lost work; a link could make the build read
    a file from elsewhere on the machine (and echo it into a CI log). Names starting with `.` are left
    alone (`.gitkeep`, editors' files)."""
    kinds = ", ".join(f"`{k}/`" for k in RECORD_KINDS)
    where = f"a record goes in one of the folders {kinds} as `<id>.yaml`; the vocabularies are {', '.join(SINGLETONS)}"
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() or not (entry.is_dir() or entry.is_file()):
            yield entry, f"{_not_regular(entry)}; {where}"
        elif entry.is_dir() and entry.name not in RECORD_KINDS:
            close = difflib.get_close_matches(entry.name, list(RECORD_KINDS), n=1)
            hint = f" (did you mean `{close[0]}/`?)" if close else ""
            yield entry, f"unknown folder `{entry.name}/`{hint}; content folders: {kinds}"
        elif entry.is_file() and entry.name not in SINGLETONS:
            yield entry, f"unknown file `{entry.name}`; {where}"
        elif entry.is_dir():
            for path in sorted(entry.iterdir()):
                if path.name.startswith("."):
                    continue
                if path.is_symlink() or not (path.is_file() or path.is_dir()):
                    yield path, f"{_not_regular(path)}; put the record itself here as a regular file"
                elif path.is_dir():
                    yield path, (f"folders inside `{entry.name}/` are not read; move the files up into "
                                 f"`{entry.name}/` itself")
                elif path.suffix != ".yaml":
                    expected = f"`{path.stem}.yaml`" if path.suffix.lower() in (".yml", ".yaml") else "`<id>.yaml`"
                    yield path, f"not a content file: records in `{entry.name}/` are named {expected}"


def _regular(path: FsPath) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _not_regular(path: FsPath) -> str:
    if path.is_symlink():
        return "a symbolic link is not read as content (it could point anywhere on the machine)"
    return "not a regular file (a device, pipe or socket) and not read as content"


def kind_of(path: FsPath) -> str | None:
    """The kind a file holds, judged by its place: `schools/x.yaml` or `taxonomy.yaml`."""
    if path.name in SINGLETONS and path.parent.name not in RECORD_KINDS:
        return path.name
    if path.parent.name in RECORD_KINDS and path.suffix == ".yaml":
        return path.parent.name
    return None


class Problems(list[Diagnostic]):
    """The problems of a file that could not be loaded, with its parsed data when it could be parsed,
    so that the checks needing other files (facet values, cited sources) still run on it: a
    contributor sees every problem of the file in one run."""

    def __init__(self, problems: Iterable[Diagnostic] = (), parsed: Parsed | None = None) -> None:
        super().__init__(problems)
        self.parsed = parsed


FACETS_FIELD = "facets"
"""Facet values are checked against the taxonomy by the library, with the allowed values in the
message; `load_file(..., defer_facets=True)` leaves them to it rather than report them twice."""


def load_file(path: FsPath, kind: str, shown: str, *, defer_facets: bool = False) -> Loaded | Problems:
    """Load and validate one file. Returns the record, or every problem found in it."""
    model = SINGLETONS.get(kind) or RECORD_KINDS[kind]

    def problem(message: str, line: int = 1, column: int = 1) -> Problems:
        return Problems([Diagnostic(shown, line, column, message)])

    # Never follow a link or open a device: its text would be echoed into messages, and a special
    # file reports size 0 and so would pass the size limit.
    if not _regular(path):
        return problem(_not_regular(path) if path.exists() or path.is_symlink() else "no such file")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return problem(f"the file is {size // 1024} KB; content files may be at most {MAX_FILE_BYTES // 1024} KB")
        raw = path.read_bytes()
    except OSError as error:
        return problem(f"cannot read the file: {error.strerror}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return problem(
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save it with UTF-8 encoding", line, column
        )
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return problem(f"the file is empty; {_kind_label(kind)} needs at least the fields {_required(model)}")
    try:
        parsed = parse(text)
    except YamlProblem as error:
        return problem(error.message, error.line, error.column)
    if not isinstance(parsed.data, dict):
        return problem(f"expected a mapping of fields (`field: value` lines), got {_describe(parsed.data)}",
                       *parsed.position(()))
    # A placeholder is a value starting with TODO: no need to walk the data of a file without one
    # (a backslash could be an escape in quotes spelling it, such as "\x54ODO").
    placeholders = dict(_placeholders(parsed.data, ())) if "TODO" in text or "\\" in text else {}
    unfilled = [Diagnostic(shown, *parsed.position(at), f"`{_dotted(at)}` still holds the template's placeholder "
                           f"`{_shorten(value)}`; replace it with the real value")
                for at, value in placeholders.items()]
    try:
        record = model.model_validate(parsed.data)
    except ValidationError as error:
        # A placeholder usually has the wrong type too; report it once, as a placeholder.
        # (Only a record's facets: the taxonomy's own `facets` are its whole content, checked here.)
        deferred = (lambda at: bool(at) and at[0] == FACETS_FIELD) if defer_facets and kind in RECORD_KINDS \
            else (lambda at: False)
        found = _diagnostics(error, model, parsed, shown, skip=set(placeholders), defer=deferred)
        return Problems(unfilled + found, parsed)
    if unfilled:
        return Problems(unfilled, parsed)
    loaded = Loaded(shown, kind, record, parsed)
    record_id = getattr(record, "id", None)
    if kind in RECORD_KINDS and not _SLUG.match(path.stem):
        return Problems([loaded.at(("id",), f"the file name `{path.name}` is not an id: rename the file to "
                                   f"`{record_id}.yaml` (lower-case letters, digits and hyphens)")], parsed)
    if kind in RECORD_KINDS and path.stem != record_id:
        return Problems([loaded.at(("id",), f"the id `{record_id}` does not match the file name; "
                                   f"expected `id: {path.stem}` (or rename the file to `{record_id}.yaml`)")], parsed)
    return loaded


def _placeholders(data: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(data, str) and PLACEHOLDER.match(data):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _placeholders(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _placeholders(value, (*path, index))


# --- Turning pydantic's errors into contributor-facing messages ---------------------

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "finite_number": "a number",
    "bool_type": "`true` or `false`",
    "list_type": "a list (lines starting with `- `)",
    "dict_type": "a mapping (`field: value` lines)",
    "model_type": "a mapping (`field: value` lines)",
    "model_attributes_type": "a mapping (`field: value` lines)",
    "none_required": "nothing",
}


def _diagnostics(error: ValidationError, model: type[BaseModel], parsed: Parsed, shown: str,
                 skip: set[Path] | frozenset[Path] = frozenset(),
                 defer: Callable[[Path], bool] = lambda at: False) -> list[Diagnostic]:
    # A value that fails every member of a union (`int | "not stated"`) yields one
    # error per member; report them as one message naming all the alternatives.
    grouped: dict[Path, list[Any]] = {}
    for item in error.errors():
        data_path = _data_path(item["loc"], parsed)
        grouped.setdefault(data_path, []).append(item)
    found = []
    for data_path, items in grouped.items():
        if data_path in skip or defer(data_path):
            continue
        message, at_key = _message(data_path, items, model)
        line, column = parsed.position(data_path, key=at_key)
        if items[0]["type"] == "missing" and data_path[:-1] in parsed.keys:
            # Point at the key of the mapping that lacks the field (`context:`), not at its first line.
            line, column = parsed.keys[data_path[:-1]]
        found.append(Diagnostic(shown, line, column, message))
    return found


def _data_path(loc: tuple[Any, ...], parsed: Parsed) -> Path:
    """The part of pydantic's location that exists in the data (drops union member names)."""
    data: Any = parsed.data
    path: list[str | int] = []
    for part in loc:
        in_dict = isinstance(data, dict) and part in data
        if in_dict or (isinstance(data, list) and isinstance(part, int) and part < len(data)):
            data = data[part]
        elif isinstance(data, dict) and isinstance(part, str) and not path_is_union_tag(part):
            path.append(part)  # a missing field: keep its name for the message
            break
        else:
            break
        path.append(part)
    return tuple(path)


def path_is_union_tag(part: str) -> bool:
    return part in {"int", "float", "str", "bool", "list", "dict"} or part.startswith(("literal[", "function-"))


def _message(path: Path, items: list[Any], model: type[BaseModel]) -> tuple[str, bool]:
    where = _dotted(path)
    first = items[0]
    kind = first["type"]
    value = first.get("input")
    if kind == "missing":
        description = _description(model, path)
        hint = f" ({description})" if description else ""
        return f"missing required field `{where}`{hint}", False
    rule = next((item for item in items if item["type"] in TEXT_RULES), None)
    if rule is not None:  # a rule of the text itself: its message says what is wrong and what is allowed
        return f"`{where}` {rule['msg']}", False
    if kind == "extra_forbidden":
        name = str(path[-1])
        allowed = _field_names(model, path[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        suggestion = f"; did you mean `{close[0]}`?" if close else ""
        return f"unknown field `{where}`{suggestion} Allowed here: {', '.join(allowed)}", True
    if len(items) > 1 or kind in _EXPECTED or kind == "literal_error" or kind in _RANGES:
        expected = []
        for item in items:
            if item["type"] == "literal_error":
                expected.append(item["ctx"]["expected"].replace("'", "`"))
            elif item["type"] in _RANGES:
                expected.append(_range(path, model))
            elif item["type"] == "string_pattern_mismatch":
                pattern = item["ctx"]["pattern"]
                expected.append(PATTERN_EXPECTED.get(pattern, f"text matching `{pattern}`"))
            elif item["type"] in _EXPECTED:
                expected.append(_EXPECTED[item["type"]])
            else:
                expected.append(item["msg"].lower())
        if any(e.startswith("a number") for e in expected):
            # `float | int` would otherwise read "a number or a whole number"
            expected = [e for e in expected if not e.startswith("a whole number")]
        if str(path[-1]).endswith("year"):  # a year field: say what a year looks like
            expected = [("a year such as 2024" if e == "a whole number" else e) for e in expected]
        alternatives = " or ".join(dict.fromkeys(expected))
        message = f"`{where}` should be {alternatives}, got {_describe(value)}"
        if isinstance(value, bool) and "text" in alternatives:
            message += "; in YAML, unquoted true/false are booleans: put the text in quotes"
        elif isinstance(value, int | float) and "text" in alternatives:
            message += "; put it in quotes to make it text"
        elif isinstance(value, str) and _NUMBER.match(value.strip()) and ("number" in alternatives
                                                                            or "year" in alternatives):
            message += "; remove the quotes to make it a number"
        elif isinstance(value, str) and value.strip().lower() == "not stated" and "`not stated`" in alternatives:
            message += "; write `not stated` in lower case"
        elif isinstance(value, str) and "number" in alternatives and any(c.isdigit() for c in value):
            message += "; give the number alone, and say more in a note beside it"
        return message, False
    if kind == "string_pattern_mismatch":
        pattern = first["ctx"]["pattern"]
        expected_text = PATTERN_EXPECTED.get(pattern, f"text matching `{pattern}`")
        hint = ""
        if isinstance(value, str) and value.strip().lower() == "not stated" and value != "not stated":
            hint = "; write `not stated` in lower case"
        elif isinstance(value, str) and pattern == SLUG_PATTERN and value.lower() != value:
            hint = "; ids are lower case"
        return f"`{where}` should be {expected_text}, got {_describe(value)}{hint}", False
    if kind in ("too_short", "string_too_short"):
        return f"`{where}` must not be empty", False
    if kind == "string_too_long":
        return f"`{where}` is too long: at most {first['ctx']['max_length']} characters", False
    return f"`{where}`: {first['msg']}", False


_RANGES = ("greater_than_equal", "less_than_equal", "greater_than", "less_than")


def _range(path: Path, model: type[BaseModel]) -> str:
    """The range a number must lie in, read from the field's constraints: `a number from 0 to 100`."""
    holder = _model_at(model, path[:-1])
    info = holder.model_fields.get(str(path[-1])) if holder else None
    bounds: dict[str, Any] = {}
    whole = True
    for annotation in _annotations(info.annotation) if info else []:
        for meta in getattr(annotation, "__metadata__", ()):
            for constraint in getattr(meta, "metadata", [meta]):
                for name in ("ge", "le", "gt", "lt"):
                    if getattr(constraint, name, None) is not None:
                        bounds[name] = getattr(constraint, name)
        if typing.get_args(annotation)[:1] == (float,):
            whole = False
    for constraint in info.metadata if info else []:
        for name in ("ge", "le", "gt", "lt"):
            if getattr(constraint, name, None) is not None:
                bounds[name] = getattr(constraint, name)
    noun = "a whole number" if whole else "a number"
    low, high = bounds.get("ge", bounds.get("gt")), bounds.get("le", bounds.get("lt"))
    if whole and low is not None and high is not None and 1000 <= low <= high <= 3000:
        return f"a year from {low} to {high}"
    if low is not None and high is not None:
        return f"{noun} from {low:,} to {high:,}"
    if low is not None:
        return f"{noun} of at least {low:,}"
    return f"{noun} of at most {high:,}" if high is not None else noun


def _annotations(annotation: Any) -> list[Any]:
    """The members of a union annotation (or the annotation itself)."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return list(typing.get_args(annotation))
    return [annotation]


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(file)"


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean `{str(value).lower()}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {shown!r}"
    return f"the number {value!r}" if isinstance(value, int | float) else repr(value)


def _model_at(model: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The model that holds the field at the end of `path`, following lists and unions."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        current = _inner_model(info.annotation) if info else None
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None


def _field_names(model: type[BaseModel], path: Path) -> list[str]:
    holder = _model_at(model, path)
    return list(holder.model_fields) if holder else []


def _description(model: type[BaseModel], path: Path) -> str | None:
    holder = _model_at(model, path[:-1])
    if holder is None:
        return None
    info = holder.model_fields.get(str(path[-1]))
    return info.description if info else None


def _required(model: type[BaseModel]) -> str:
    return ", ".join(f"`{name}`" for name, info in model.model_fields.items() if info.is_required())


def _kind_label(kind: str) -> str:
    """The kind as the subject of a sentence, article and all: a mass noun such as guidance takes none
    of its own ("a guidance needs" is not English), so it is named as a record or a file."""
    model = SINGLETONS.get(kind) or RECORD_KINDS[kind]
    if kind in SINGLETONS:
        return f"the {kind} file"
    named = {"CpdModel": "a CPD model", "SelfCheck": "a self-check", "Guidance": "a guidance record",
             "Findings": "a findings record", "Research": "a research record"}
    return named.get(model.__name__, f"a {model.__name__.lower()}")
