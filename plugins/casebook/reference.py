"""The field reference, generated from the JSON Schema of each kind, as one Markdown document.

Never written by hand: a field added to the content model appears here, in the editor
schema and in the `casebook new` templates at once. Each field is listed by the
path an error message names (`facts.pupils`, `sections.advice[].text`), so a
contributor can look up the field an error points at.

The document is plain Markdown (no HTML, no attribute lists), so it reads the same in
three places: printed in a terminal by `casebook reference`, committed as
`docs/contributing/reference.md` (the site's *Field reference* page, a hand-written page
as far as MkDocs knows, so it is served even while the content has errors), and on
GitHub. `casebook reference --check` and a test keep the committed copy equal to the model.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import jsonschema
from .files import Files
from .markup import escape_markdown
from .schema import RECORD_KINDS, Taxonomy

KIND_LABELS = {
    "schools": "School case study",
    "roles": "Role",
    "cpd": "CPD model",
    "guidance": "Guidance theme",
    "findings": "Findings",
    "self-checks": "Self-check",
    "routes": "Reading route",
    "standards": "Standard",
    "research": "Research report",
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


REFERENCE_FILE = Path("docs/contributing/reference.md")
"""Where the committed copy lives, relative to the project folder."""

TEMPLATE = Path(__file__).parent / "templates" / "reference.md.j2"


def slug(text: str) -> str:
    """The id Python-Markdown's `toc` extension (and GitHub) gives a heading with this text."""
    text = unicodedata.normalize("NFKD", text.replace("`", "")).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text).strip().lower())


def part_heading(name: str) -> str:
    return f"Part `{name}`"


def part_anchor(name: str) -> str:
    return slug(part_heading(name))


def describe(taxonomy: Taxonomy | None = None) -> Reference:
    schemas = {kind: jsonschema.build(kind, taxonomy) for kind in jsonschema.SCHEMA_NAMES}
    shared = _shared(schemas)
    kinds: list[Section] = []
    parts: dict[str, Section] = {}
    for kind, schema in schemas.items():
        section = Section(slug(KIND_LABELS[kind]), KIND_LABELS[kind], schema.get("description", ""), kind=kind)
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


def markdown(taxonomy: Taxonomy | None = None, kind: str | None = None) -> str:
    """The field reference as Markdown: every kind (or only `kind`, a folder or file name of
    `KIND_LABELS`, with the parts it uses), then the facets of `taxonomy`."""
    reference = describe(taxonomy)
    if kind is not None:
        reference = _only(reference, kind)
    env = Environment(loader=FileSystemLoader(str(TEMPLATE.parent)), autoescape=False, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    # Taxonomy labels and descriptions are contributed text: escaped so that none of it is markup.
    env.filters["text"] = escape_markdown
    env.filters["cell"] = lambda text: " ".join(str(text).split()).replace("|", "\\|")
    show_facets = kind is None or any(row.type == "facet values" for s in reference.kinds for row in s.rows)
    text = env.get_template(TEMPLATE.name).render(reference=reference, taxonomy=taxonomy, only=kind,
                                                  show_facets=show_facets, facets_anchor=slug("Facets"))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _only(reference: Reference, kind: str) -> Reference:
    chosen = [s for s in reference.kinds if s.kind == kind]
    used = set()
    for section in chosen:
        for row in section.rows:
            used.update(re.findall(r"\(#([a-z0-9-]+)\)", row.type))
    parts = [p for p in reference.parts if p.anchor in used]
    while True:  # parts used by the parts
        more = {a for p in parts for row in p.rows for a in re.findall(r"\(#([a-z0-9-]+)\)", row.type)}
        grown = [p for p in reference.parts if p.anchor in more | {q.anchor for q in parts}]
        if len(grown) == len(parts):
            return Reference(chosen, parts)
        parts = grown


def stale(project: Path, taxonomy: Taxonomy | None) -> bool:
    """Whether the committed copy in `project` differs from the reference the model and taxonomy give
    now (read through `files.py`: a link there is refused, `files.Refused`)."""
    target = project / REFERENCE_FILE
    files = Files(project)
    return not files.check(target).exists() or files.read_text(target) != markdown(taxonomy)


def write(project: Path, taxonomy: Taxonomy | None) -> Path:
    """Write the committed copy in `project`; returns its path. The one file a command writes in
    `docs/`, and replaces: it is generated, never edited by hand. Never through a link."""
    return Files(project).write_text(project / REFERENCE_FILE, markdown(taxonomy), own=True, into_docs=True)


def wrap(text: str, width: int) -> str:
    """Markdown wrapped for reading in a terminal `width` columns wide: paragraphs and list items
    wrapped (list items with a hanging indent), tables and headings left as they are."""
    width = max(40, min(width, 100))
    out = []
    for line in text.splitlines():
        if len(line) <= width or line.startswith(("|", "#", "<!--", " ")):
            out.append(line)
        elif line.startswith("- "):
            out += textwrap.wrap(line, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
        else:
            out += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(out) + "\n"
