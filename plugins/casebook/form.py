"""The "Add your school" form, described from the school's JSON Schema at build time.

The form is never written by hand: every field, label, help text, allowed value and limit
comes from `jsonschema.build("schools", taxonomy)`, the same schema editors read and the
field reference and `casebook new` are generated from. A field added to the model appears
in the form with no other change; a facet value added to the taxonomy appears as a box to
tick. The same schema is embedded in the page, where the browser checks the answers with a
JSON Schema validator (see `assets/form-check.js`) and writes the YAML file
(`assets/form-yaml.js`) in the layout `casebook new` gives.

`describe` turns the schema into a tree of `FormField`s that the template
`add-your-school.md.j2` renders as native, labelled controls; `GitHub` builds the base of
the "Propose it on GitHub" address from the site's `repo_url`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from . import jsonschema
from .schema import Taxonomy

KIND = "schools"
"""The one kind the form writes."""

TEXT_BLOCK_LENGTH = 10_000
"""A string field allowed at least this long is Markdown text, written as a folded block."""

ACRONYMS = {"ict": "ICT", "fsm": "FSM", "sen": "SEN", "cpd": "CPD", "id": "ID"}
"""Words of field names written in capitals in a label."""

LABELS: dict[str, str] = {}
"""Labels for fields whose model gives no title of its own (the model's `title=` is the label)."""

SEND_STEP = "Check and send"
"""The last step of the form: the file, its problems, and the ways to send it."""


@dataclass
class FormField:
    """One control (or group of controls) of the form, at one place of the record.

    `widget` is one of: `text` (one line), `textarea` (Markdown text), `number` (a number, or
    an allowed word such as `not stated`), `checkbox` (true or false), `choices` (tick any of
    `values`), `choice` (one of `values`), `group` (the fields of a mapping, in `children`),
    `list` (repeatable `item`s), `keyed` (an optional value for each allowed key, in `children`).
    """

    name: str
    path: str
    label: str
    help: str
    required: bool
    widget: str
    kind_words: str = ""
    children: list[FormField] = field(default_factory=list)
    item: FormField | None = None
    values: list[tuple[str, str]] = field(default_factory=list)
    empty: str = "omit"
    limits: dict[str, Any] = field(default_factory=dict)
    suggestions: list[tuple[str, str]] = field(default_factory=list)
    item_label: str = ""
    step: int = 0
    """The step of the form that asks it (1, 2 ...), or 0 for a group whose fields are asked in several."""
    starts: str = ""
    """The title of the step that starts at this field, if one does."""
    in_optional: bool = False
    """Inside an optional group: its required fields are asked only once the group is started."""

    @property
    def dom_id(self) -> str:
        """An id for the control, from its path. Each `[]` (a list item) becomes a token `__i<depth>__`
        that the browser replaces with the item's own number when it adds the item."""
        parts = [re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in self.path.split("[]")]
        text = parts[0]
        for depth, rest in enumerate(parts[1:]):
            text += f"-__i{depth}__" + (f"-{rest}" if rest else "")
        return f"cbf-{text}"


@dataclass
class Form:
    """Everything the page needs: the fields, the schema for the browser, and the site's settings."""

    fields: list[FormField]
    schema: dict[str, Any]
    hint: str
    folder: str
    width: int
    sources: list[str]
    patterns: dict[str, str]
    existing: list[str] = field(default_factory=list)
    """The ids of the schools already in the library: a new file must not take one."""
    steps: list[str] = field(default_factory=list)
    """The titles of the form's steps, in order, the last being `SEND_STEP`."""

    def field_paths(self) -> list[str]:
        """The path of every field, in order (`facts.pupils`, `sections.advice[].text` ...)."""
        found: list[str] = []

        def walk(fields: list[FormField]) -> None:
            for f in fields:
                found.append(f.path)
                walk(f.children)
                if f.item is not None and f.item.children:
                    walk(f.item.children)
        walk(self.fields)
        return found


def words(name: str, node: dict[str, Any] | None = None) -> str:
    """A field's label: the model's own `title` when it gives one, else the field name made into
    words (`how_ict_is_used` -> `How ICT is used`)."""
    title = (node or {}).get("title")
    if title and title != name.title().replace("_", " "):  # pydantic's title made from the name
        return str(title)
    if name in LABELS:
        return LABELS[name]
    parts = [ACRONYMS.get(w, w) for w in re.split(r"[_\-\s]+", name) if w]
    text = " ".join(parts)
    return text[:1].upper() + text[1:]


def describe(taxonomy: Taxonomy | None, sources: list[str] | None = None,
             existing: list[str] | None = None, titles: dict[str, str] | None = None) -> Form:
    """The form of a school case study, from the JSON Schema completed from `taxonomy`; `sources` are
    the ids of the sources the library has (a citation names one, or describes a new one), `titles`
    their titles (offered by name), `existing` the ids of the schools there are."""
    from . import scaffold  # imported here: scaffold imports reference, which some callers import us from

    schema = jsonschema.build(KIND, taxonomy)
    labels = _facet_labels(taxonomy)
    builder = _Builder(schema, labels, sorted(sources or []), titles or {})
    fields = [builder.field(name, node, required, "") for name, node, required in jsonschema.fields(schema, schema)]
    steps = _steps(fields)
    return Form(fields, schema, jsonschema.hint(KIND), f"case_studies/{KIND}", scaffold.WIDTH, sorted(sources or []),
                _pattern_words(), sorted(existing or []), steps)


def _steps(fields: list[FormField]) -> list[str]:
    """Number every field with its step (`FORM_STEPS` of the model), mark where each step starts, and
    give each group the step of its fields (0 when they are asked in several steps)."""
    from .schema.schools import FORM_STEPS

    by_path = {path: number for number, (_, paths) in enumerate(FORM_STEPS, 1) for path in paths}
    titles = [title for title, _ in FORM_STEPS]
    current = 1
    started: set[int] = set()

    def walk(items: list[FormField], optional: bool) -> None:
        nonlocal current
        for f in items:
            f.in_optional = optional
            own = by_path.get(f.path)
            if own is None and any(p.startswith(f"{f.path}.") for p in by_path):
                walk(f.children, optional or not f.required)  # a group whose fields are in several steps
                f.step = 0
                continue
            current = own or current
            f.step = current
            if current not in started:
                started.add(current)
                f.starts = titles[current - 1]
            _inside(f, current, optional or not f.required)

    def _inside(f: FormField, step: int, optional: bool) -> None:
        for child in [*f.children, *([f.item] if f.item else [])]:
            child.step = step
            child.in_optional = optional
            _inside(child, step, optional or (not child.required and child.widget == "group"))

    walk(fields, False)
    return [*titles, SEND_STEP]


def _pattern_words() -> dict[str, str]:
    """How validation messages name each pattern, when the content model says (schema.common)."""
    try:
        from .schema.common import PATTERN_EXPECTED
    except ImportError:  # an older model without the table: the browser falls back to its own words
        return {}
    return dict(PATTERN_EXPECTED)


def _facet_labels(taxonomy: Taxonomy | None) -> dict[str, dict[str, str]]:
    if taxonomy is None:
        return {}
    return {facet.id: {value.id: value.label for value in facet.values} for facet in taxonomy.facets}


class _Builder:
    def __init__(self, root: dict[str, Any], facet_labels: dict[str, dict[str, str]], sources: list[str],
                 titles: dict[str, str]) -> None:
        self.root = root
        self.facet_labels = facet_labels
        self.sources = sources
        self.titles = titles

    def field(self, name: str, node: dict[str, Any], required: bool, parent: str) -> FormField:
        path = f"{parent}.{name}" if parent and name else parent or name
        members = jsonschema.alternatives(node)
        inner = jsonschema.resolve(members[0], self.root) if len(members) == 1 else node
        description = node.get("description") or inner.get("description", "")
        label = words(name, node)
        made = FormField(name, path, label, description, required, "text",
                         kind_words=jsonschema.plain_type(node, lambda _model: None))
        if "default" in node and node["default"] == []:
            made.empty = "[]"
        elif "default" in node and node["default"] == {}:
            made.empty = "{}"
        if (len(members) == 1 and "$ref" in members[0]) or (inner.get("type") == "object" and "properties" in inner):
            made.widget = "group"
            if self._is_facets(inner):
                made.children = [self._facet(facet_id, facet, path) for facet_id, facet in inner["properties"].items()]
                if not made.children:
                    made.empty = "{}"
            else:
                made.children = [self.field(n, c, r, path) for n, c, r in jsonschema.fields(inner, self.root)]
            if not description and "$ref" in members[0]:
                made.help = inner.get("description", "")
        elif inner.get("type") == "object":
            keys = inner.get("propertyNames", {}).get("enum", [])
            value = inner.get("additionalProperties", {})
            made.widget = "keyed"
            made.children = [self._scalar(key, value, f"{path}.{key}", required=False) for key in keys]
            made.empty = made.empty if made.empty != "omit" else "{}"
        elif inner.get("type") == "array":
            item = inner.get("items", {})
            if "enum" in item:
                made.widget = "choices"
                made.values = [(v, v) for v in item["enum"]]
            else:
                made.widget = "list"
                made.item = self.field("", item, True, f"{path}[]") if "$ref" in item else \
                    self._scalar("", item, f"{path}[]", required=True)
                made.item.label = made.item.label or _singular(label)
                made.item_label = _singular(label)
            made.limits = _limits(inner)
            if not required:  # `casebook new` writes an optional list as `[]`
                made.empty = "[]"
        else:
            scalar = self._scalar(name, node, path, required)
            scalar.help, scalar.kind_words, scalar.empty = made.help, made.kind_words, made.empty
            return scalar
        return made

    def _is_facets(self, node: dict[str, Any]) -> bool:
        props = node.get("properties", {})
        return bool(props) and all("enum" in p.get("items", {}) for p in props.values())

    def _facet(self, facet_id: str, node: dict[str, Any], parent: str) -> FormField:
        label, _, help_text = node.get("description", facet_id).partition(": ")
        labels = self.facet_labels.get(facet_id, {})
        values = [(v, labels.get(v, v)) for v in node.get("items", {}).get("enum", [])]
        return FormField(facet_id, f"{parent}.{facet_id}", label, help_text, False, "choices",
                         kind_words="a list of allowed values", values=values)

    def _scalar(self, name: str, node: dict[str, Any], path: str, required: bool) -> FormField:
        members = jsonschema.alternatives(node)
        types = {m.get("type") for m in members if "const" not in m}
        words_ = [m["const"] for m in members if "const" in m]
        kind_words = jsonschema.plain_type(node)
        description = node.get("description", "")
        made = FormField(name, path, words(name, node) if name else "", description, required, "text",
                         kind_words=kind_words)
        strings = [m for m in members if m.get("type") == "string" and "const" not in m]
        if types and types <= {"integer", "number"}:
            made.widget = "number"
            made.values = [(w, w) for w in words_]
        elif types == {"boolean"}:
            made.widget = "checkbox"
        elif (not types and words_) or any("enum" in m for m in members):
            made.widget = "choice"
            made.values = [(v, v) for m in members for v in m.get("enum", [m.get("const")])]
        elif strings and max(s.get("maxLength", 0) for s in strings) >= TEXT_BLOCK_LENGTH:
            made.widget = "textarea"
        made.limits = _limits(strings[0] if strings else members[0] if members else node)
        if name == "source" and self.sources:
            made.suggestions = [(s, self.titles.get(s, s)) for s in self.sources]
        return made


def _limits(node: dict[str, Any]) -> dict[str, Any]:
    keys = ("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "pattern")
    return {k: node[k] for k in keys if k in node}


def _singular(label: str) -> str:
    """`Quotations` -> `Quotation`, `Sources` -> `Source`: the name of one item of a list."""
    special = {"Advice": "Piece of advice", "Awards and networks": "Award or network"}
    if label in special:
        return special[label]
    return label[:-1] if label.endswith("s") and not label.endswith("ss") else label


# --- Proposing the file on GitHub ------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class GitHub:
    """A repository on GitHub, where a new file can be proposed through the web editor."""

    owner: str
    repo: str
    branch: str = "main"

    @classmethod
    def from_config(cls, repo_url: str | None, edit_uri: str | None = None) -> GitHub | None:
        """The repository of the site's `repo_url`, when it is on github.com; the branch from `edit_uri`.

        MkDocs' `edit_uri` names the branch for the "edit this page" links (`edit/main/docs/`);
        without one the branch is `main`.
        """
        if not repo_url:
            return None
        match = re.match(r"^https://(?:www\.)?github\.com/([^/?#]+)/([^/?#]+?)(?:\.git)?/?$", repo_url.strip())
        if not match or not all(_NAME.match(part) for part in match.groups()):
            return None
        branch = "main"
        edit = re.match(r"^/?(?:edit|blob|tree)/([^/?#]+)/", edit_uri or "")
        if edit and _NAME.match(edit.group(1)):
            branch = edit.group(1)
        return cls(match.group(1), match.group(2), branch)

    def url(self) -> str:
        """The repository's own page."""
        return f"https://github.com/{quote(self.owner)}/{quote(self.repo)}"

    def issue_url(self) -> str:
        """The repository's "Submit a case study" issue form (.github/ISSUE_TEMPLATE/submit-case-study.yml)."""
        return f"https://github.com/{quote(self.owner)}/{quote(self.repo)}/issues/new?template=submit-case-study.yml"

    def new_file_url(self) -> str:
        """GitHub's page for a new file on the branch; the browser adds `?filename=...&value=...`."""
        return f"https://github.com/{quote(self.owner)}/{quote(self.repo)}/new/{quote(self.branch)}"


# --- Sending the file by email -------------------------------------------------------

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")

EMAIL_SETTING = "contributions_email"
"""The key of mkdocs.yml's `extra` that names the address contributions are emailed to."""


def contributions_email(extra: Any) -> str | None:
    """The address of mkdocs.yml's `extra: contributions_email:`, when it is one (else None: the page
    then offers no email route rather than a broken one)."""
    value = extra.get(EMAIL_SETTING) if hasattr(extra, "get") else None
    return value.strip() if isinstance(value, str) and _EMAIL.match(value.strip()) else None

