"""`casebook new KIND ID`: a commented template of a record, generated from its schema.

Every value the contributor must supply is a placeholder starting with `TODO`.
The loader rejects any value still starting with `TODO` (see `loader.PLACEHOLDER`),
so a half-filled template fails the checks with a message naming each field
left to do, instead of slipping through review as "TODO" on a published page.

The template is generated from the same JSON Schema as the editor support and
the field reference, so it can never describe a field that no longer exists.
Optional fields are present but commented out, with their description.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from . import jsonschema
from .files import Files
from .reference import KIND_LABELS
from .schema import RECORD_KINDS, Taxonomy

WIDTH = 92

KIND_ALIASES: dict[str, str] = {
    **{kind: kind for kind in RECORD_KINDS},
    **{name: kind for kind, name in jsonschema.SCHEMA_NAMES.items() if kind in RECORD_KINDS},
    "case-study": "schools",
    "case-studies": "schools",
    "cpd-models": "cpd",
}
"""What `casebook new` accepts as KIND: the folder name, or the singular of the schema."""

_INTRO: dict[str, list[str]] = {
    "schools": [
        "Write the text in your own words. Quotations go only in `quotations` and",
        "`quotation` fields, word for word, attributed as the source gives them.",
        "Where your source gives no figure, write `not stated`: never guess. An undated",
        "source takes `evidence_year: not stated`, and a note on what it says about when.",
        "- The `sections` answer six questions any case study answers, whatever the source:",
        "a report, an article, an interview or your own school.",
    ],
    "standards": [
        "Write only what your source on the standard states, in your own words, and",
        "cite it in `sources`. Where it is silent, write `not assessed`: never fill the",
        "gap from memory. Give `version_year` and `checked`, and link the current text.",
    ],
}


def template(kind: str, record_id: str, taxonomy: Taxonomy | None = None,
             facets: list[str] | None = None, sources: list[str] | None = None) -> str:
    """The YAML text of a new record of `kind` (a folder of RECORD_KINDS) with the id `record_id`.

    `facets` chooses the facets offered in the `facets` mapping (all of the taxonomy's by default);
    `sources` are the ids of the documents the library lists, beside the citation; a document it does
    not list is described in place, under `new_source`.
    """
    schema = jsonschema.build(kind, taxonomy)
    label = KIND_LABELS[kind].lower() if kind != "cpd" else "CPD model"
    path = f"case_studies/{kind}/{record_id}.yaml"
    lines = [
        jsonschema.hint(kind),
        f"# A new {label}: {path}",
        "#",
        "# How to fill it in:",
        "# - Replace every value starting with `TODO` by the real one. The checks reject a file",
        "#   that still holds a `TODO`, so a half-finished record cannot be published.",
        "# - Lines starting with `#` are comments explaining the field below them. You may",
        "#   delete them. Optional fields are commented out: remove the `# ` to use one.",
        "# - Text fields are Markdown. After `>-`, write the text on the lines below, indented",
        "#   two spaces more than the field name. Raw HTML is shown as text, never as markup.",
        *(f"# - {line}" if i == 0 else f"# {line}" if line.startswith("- ") else f"#   {line}"
          for i, line in enumerate(_INTRO.get(kind, []))),
        f"# - Check it: casebook validate {path}",
        f"# - Every field is described in the field reference: `casebook reference {kind}` in a terminal,",
        "#   or Contributing > Field reference on the site.",
        "",
    ]
    writer = _Writer(schema, facets, sources)
    lines += writer.mapping(schema, indent=0, top_id=record_id)
    return "\n".join(lines).rstrip() + "\n"


def create(content: Path, kind: str, record_id: str, taxonomy: Taxonomy | None = None,
           facets: list[str] | None = None, sources: list[str] | None = None, *, files: Files | None = None) -> Path:
    """Write the template to `content/<kind>/<id>.yaml` through `files` (by default the rule of the
    content folder's project): raises `files.Refused` rather than overwrite a file (unless the rule
    was made with `force`), or write through a link (a dangling one, or a kind folder that is one)."""
    files = files or Files(content.parent, outputs=[content])
    target = content / kind / f"{record_id}.yaml"
    files.write_text(target, template(kind, record_id, taxonomy, facets, sources))
    return target


class _Writer:
    def __init__(self, root: dict[str, Any], facets: list[str] | None, sources: list[str] | None) -> None:
        self.root = root
        self.facets = facets
        self.sources = sources

    def mapping(self, node: dict[str, Any], indent: int, *, comments: bool = True,
                top_id: str | None = None) -> list[str]:
        lines: list[str] = []
        # A model that needs one of several optional fields (`oneOf` of `required`): offer the first.
        alternatives = [o["required"] for o in jsonschema.resolve(node, self.root).get("oneOf", []) if "required" in o]
        for name, child, required in jsonschema.fields(node, self.root):
            if alternatives and name in alternatives[0]:
                names = " or ".join(f"`{n}`" for alt in alternatives for n in alt)
                if comments:
                    lines += self.comment(f"Give one of {names}, not both: this one, or delete it and use "
                                          "the other below.", indent)
                required = True
            if top_id is not None and name == "id":
                if comments:
                    lines += self.comment(self.description(child) or "The file name without `.yaml`.", indent)
                lines.append(f"{' ' * indent}id: {top_id}")
                continue
            lines += self.field(name, child, required, indent, comments=comments)
        return lines

    def description(self, node: dict[str, Any]) -> str:
        members = jsonschema.alternatives(node)
        inner = members[0] if len(members) == 1 else node
        item = inner.get("items", inner) if inner.get("type") == "array" else inner
        own: str = node.get("description", "")
        if not own and "$ref" in item:
            own = jsonschema.resolve(item, self.root).get("description", "")
        return own

    def comment(self, text: str, indent: int) -> list[str]:
        prefix = " " * indent + "# "
        return textwrap.wrap(text, WIDTH - len(prefix), initial_indent=prefix, subsequent_indent=prefix,
                             break_on_hyphens=False, break_long_words=False) if text else []

    def field(self, name: str, node: dict[str, Any], required: bool, indent: int, *, comments: bool) -> list[str]:
        pad = " " * indent
        members = jsonschema.alternatives(node)
        inner = members[0] if len(members) == 1 else node
        words = jsonschema.plain_type(node, lambda _model: None)
        has_default = "default" in node and node["default"] not in (None, [], {})
        lines: list[str] = []
        if comments:
            status = "Required" if required else "Optional"
            lines += self.comment(f"{self.description(node)} {status}: {words}.".strip(), indent)
            values = inner.get("items", inner).get("enum")
            if values:
                lines += self.comment(f"Allowed values: {', '.join(values)}.", indent)
            if name == "source" and self.sources:
                # A new document is written in place (`new_source`, newsources.py): this file stays the
                # whole contribution, and no other file needs an edit.
                lines += self.comment(f"Documents listed now: {', '.join(self.sources)}. If yours is not "
                                      "listed, delete `source` and describe it under `new_source` below.", indent)
        if len(members) == 1 and "$ref" in inner:
            block = [f"{pad}{name}:", *self.mapping(inner, indent + 2, comments=comments and required)]
        elif inner.get("type") == "array":
            block = self.array(name, inner, required, indent, comments=comments)
        elif inner.get("type") == "object" and name == "facets":
            return lines + self.facet_block(inner, indent, comments=comments)
        elif inner.get("type") == "object":
            return [*lines, f"{pad}{name}: {{}}", *self.mapping_example(inner, indent)]
        elif name in _CHOOSE and inner.get("enum"):
            # A default would choose for the contributor: a question's kind decides how readers answer it.
            return [*lines, f"{pad}{name}: {_placeholder(' or '.join(inner['enum']))}"]
        elif has_default:
            return [*lines, f"{pad}{name}: {json.dumps(node['default'])}"]
        else:
            block = self.scalar(name, node, indent)
        if required:
            return lines + block
        if inner.get("type") == "array":  # optional lists start empty; `array` gave the example
            return lines + block
        return lines + _commented(block, indent)

    def mapping_example(self, node: dict[str, Any], indent: int) -> list[str]:
        """For a mapping keyed by field names (a fact's `notes`): how to add an entry, as comments."""
        keys = node.get("propertyNames", {}).get("enum")
        if not keys:
            return []
        value = jsonschema.plain_type(node.get("additionalProperties", {}))
        pad = " " * indent
        return [f"{pad}# To add one, replace `{{}}` above with lines like this one, a line a field:",
                f"{pad}#   {keys[0]}: {_placeholder(value)}"]

    def scalar(self, name: str, node: dict[str, Any], indent: int) -> list[str]:
        pad = " " * indent
        words = jsonschema.plain_type(node)
        if words == "Markdown text":
            return [f"{pad}{name}: >-", f"{pad}  TODO: write Markdown text here"]
        return [f"{pad}{name}: {_placeholder(words)}"]

    def array(self, name: str, node: dict[str, Any], required: bool, indent: int, *, comments: bool) -> list[str]:
        pad = " " * indent
        item = node.get("items", {})
        if "$ref" in item:
            entry = _item(self.mapping(item, 0, comments=comments and required), indent + 2)
        else:
            words = jsonschema.plain_type(item)
            if words == "Markdown text":
                entry = [f"{pad}  - >-", f"{pad}    TODO: write Markdown text here"]
            else:
                entry = [f"{pad}  - {_placeholder(words)}"]
        if required:
            return [f"{pad}{name}:", *entry]
        example = [line for line in entry if not line.lstrip().startswith("#")]
        return [f"{pad}{name}: []", f"{pad}# To add some, replace `[]` above with items like this one:",
                *_commented(example, indent)] if "$ref" in item else [f"{pad}{name}: []"]

    def facet_block(self, node: dict[str, Any], indent: int, *, comments: bool) -> list[str]:
        pad = " " * indent
        offered = node.get("properties", {})
        if not offered:
            return [f"{pad}facets: {{}}"]
        chosen = [f for f in (self.facets or list(offered)) if f in offered]
        lines = [f"{pad}facets:"]
        for facet_id in chosen:
            facet = offered[facet_id]
            if comments:
                lines += self.comment(facet.get("description", ""), indent + 2)
                lines += self.comment(f"One or more of: {', '.join(facet['items']['enum'])}. "
                                      "Delete the line if none applies.", indent + 2)
            lines.append(f"{pad}  {facet_id}: [{_placeholder('values from the list above')}]")
        return lines


_CHOOSE = {"kind"}
"""Fields with a default that the template still asks the contributor to choose (a question's
`kind`: a practice is answered with a status, a reflection in the reader's own words)."""


def _placeholder(words: str) -> str:
    # No backticks: the error message quotes the placeholder in backticks.
    return json.dumps(f"TODO: {words.replace('`', '')}", ensure_ascii=False)


def _item(lines: list[str], indent: int) -> list[str]:
    """A mapping's lines turned into one list item (`- first: ...`) at `indent`."""
    result = []
    started = False
    for line in lines:
        if not started and not line.lstrip().startswith("#"):
            result.append(f"{' ' * indent}- {line}")
            started = True
        elif not started:
            result.append(f"{' ' * indent}{line}")
        else:
            result.append(f"{' ' * (indent + 2)}{line}")
    return result


def _commented(lines: list[str], indent: int) -> list[str]:
    """Lines turned into comments at `indent`, so an optional field can be switched on by uncommenting."""
    return [f"{' ' * indent}# {line[indent:]}" for line in lines if not line.lstrip().startswith("#")]
