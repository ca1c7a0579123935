"""The contributing guide's field reference, generated from the JSON Schema of each kind.

Never written by hand: a field added to `schema.py` appears here, in the editor
schema and in the `casebook new` templates at once. Each field is listed by the
path an error message names (`facts.pupils`, `sections.advice[].text`), so a
contributor can look up the field an error points at.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import jsonschema
from .schema import RECORD_KINDS, Taxonomy

KIND_LABELS = {
    "schools": "School case study",
    "roles": "Role",
    "cpd": "CPD model",
    "guidance": "Guidance theme",
    "findings": "Findings",
    "self-checks": "Self-check",
    "routes": "Reading route",
    "standards": "Standard (today's DfE standards)",
    "taxonomy.yaml": "Taxonomy",
    "glossary.yaml": "Glossary",
    "sources.yaml": "Sources",
}


@dataclass(frozen=True)
class Row:
    path: str
    type: str
    required: bool
    description: str
    default: Any = None
    values: tuple[str, ...] = ()


@dataclass
class Section:
    """One kind of content file, or one part shared by several."""

    anchor: str
    title: str
    description: str
    rows: list[Row] = field(default_factory=list)
    kind: str | None = None  # for content files: the folder or file name

    @property
    def where(self) -> str:
        if self.kind in RECORD_KINDS:
            return f"case_studies/{self.kind}/<id>.yaml"
        return f"case_studies/{self.kind}"

    @property
    def schema_file(self) -> str:
        return f"schemas/{jsonschema.file_name(self.kind)}" if self.kind else ""


@dataclass
class Reference:
    kinds: list[Section]
    parts: list[Section]


def part_anchor(name: str) -> str:
    return "part-" + "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-")


def describe(taxonomy: Taxonomy | None = None) -> Reference:
    schemas = {kind: jsonschema.build(kind, taxonomy) for kind in jsonschema.SCHEMA_NAMES}
    shared = _shared(schemas)
    kinds: list[Section] = []
    parts: dict[str, Section] = {}
    for kind, schema in schemas.items():
        section = Section(jsonschema.SCHEMA_NAMES[kind], KIND_LABELS[kind], schema.get("description", ""), kind=kind)
        section.rows = list(_rows(schema, schema, "", shared, parts))
        kinds.append(section)
    return Reference(kinds, sorted(parts.values(), key=lambda s: s.title))


def _shared(schemas: dict[str, dict[str, Any]]) -> set[str]:
    """Models used in more than one place: described once, in a section of their own."""
    sites: Counter[tuple[str, str]] = Counter()

    def walk(kind: str, node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                sites[kind, node["$ref"].rsplit("/", 1)[-1]] += 1
            for value in node.values():
                walk(kind, value)
        elif isinstance(node, list):
            for value in node:
                walk(kind, value)

    for kind, schema in schemas.items():
        walk(kind, schema)
    kinds_using = Counter(name for _, name in sites)
    return {name for (_, name), n in sites.items() if n > 1 or kinds_using[name] > 1}


def _rows(node: dict[str, Any], root: dict[str, Any], prefix: str, shared: set[str],
          parts: dict[str, Section]) -> Any:
    for name, child, required in jsonschema.fields(node, root):
        path = f"{prefix}{name}"
        members = jsonschema.alternatives(child)
        inner = members[0] if len(members) == 1 else child
        item = inner.get("items", {}) if inner.get("type") == "array" else inner
        model = jsonschema.def_name(item)
        values = tuple(item.get("enum", ())) if name != "facets" else ()
        words = jsonschema.plain_type(child, lambda m: f"[{m}](#{part_anchor(m)})" if m in shared else None)
        description = child.get("description") or (jsonschema.resolve(item, root).get("description", "")
                                                    if model else "")
        row = Row(path, words, required, description, child.get("default"), values)
        if model and model in shared:
            if model not in parts:
                target = jsonschema.resolve(item, root)
                parts[model] = Section(part_anchor(model), model, target.get("description", ""))
                parts[model].rows = list(_rows(item, root, "", shared, parts))
            yield row
        elif model:
            yield row
            suffix = "[]." if inner.get("type") == "array" else "."
            yield from _rows(item, root, f"{path}{suffix}", shared, parts)
        else:
            yield row
