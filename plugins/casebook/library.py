"""The library: every record loaded, cross-checked and indexed.

`load_library(folder)` is the core's front door: it reads every content file,
checks what no single file can check alone (duplicate ids, facet values,
cross-references), and returns a `Library`, or raises `ContentError` carrying
every problem of the run.
"""

from __future__ import annotations

import difflib
import functools
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, TypeVar

from . import crosswalk, researchnow
from .diagnostics import ContentError, Diagnostic
from .loader import PLACEHOLDER, Loaded, Problems, content_files, load_file, unexpected_entries
from .markup import Markdown
from .names import anchor_problems, facet_problems, glossary_problems, self_references
from .newsources import register as register_new_sources
from .schema import (
    RECORD_KINDS,
    CpdModel,
    Facet,
    Findings,
    Glossary,
    Guidance,
    Role,
    Route,
    School,
    SelfCheck,
    Source,
    Sources,
    Standard,
    Strict,
    Taxonomy,
)
from .schema.walk import strings
from .yamlsafe import Parsed, Path

SELF_CHECK_HOSTS = ("schools", "roles", "cpd", "guidance", "findings", "standards")
"""The kinds whose pages end with the self-check attached to them (never a self-check: no cycles)."""


@dataclass(frozen=True)
class Backlink:
    """A record that points at another, and in what capacity (`cites`, `used by` ...)."""

    record: Loaded
    relation: str


@dataclass
class Library:
    root: FsPath
    taxonomy: Taxonomy
    glossary: Glossary
    sources: dict[str, Source]
    records: dict[str, dict[str, Loaded]]
    backlinks: dict[str, list[Backlink]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    """What the sanitiser will remove from text fields (unsafe links, images), each with its line."""
    _anchors: dict[str, set[str]] = field(default_factory=dict, repr=False, compare=False)

    # -- looking things up -------------------------------------------------

    def kind(self, kind: str) -> list[Loaded]:
        return list(self.records.get(kind, {}).values())

    def models(self, kind: str) -> list[Any]:
        return [loaded.model for loaded in self.kind(kind)]

    def get(self, ref: str) -> Loaded | None:
        kind, _, rest = ref.partition("/")
        return self.records.get(kind, {}).get(rest.partition("#")[0])

    def facet(self, facet_id: str) -> Facet | None:
        return next((f for f in self.taxonomy.facets if f.id == facet_id), None)

    def label(self, facet_id: str, value_id: str) -> str:
        facet = self.facet(facet_id)
        value = next((v for v in facet.values if v.id == value_id), None) if facet else None
        return value.label if value else value_id

    def self_check_for(self, ref: str) -> SelfCheck | None:
        return self._self_checks_by_owner.get(ref)

    @functools.cached_property
    def _self_checks_by_owner(self) -> dict[str, SelfCheck]:
        # Indexed once: every record page asks, so a scan each time would make the build quadratic.
        owners: dict[str, SelfCheck] = {}
        for check in self.models("self-checks"):
            if check.attached_to:
                owners.setdefault(check.attached_to, check)
        return owners

    def linked_from(self, ref: str) -> list[Backlink]:
        return self.backlinks.get(ref, [])

    def anchors(self, loaded: Loaded) -> set[str]:
        """The parts of `loaded`'s record a reference may point at with `#part`, found once: every
        reference to a part asks (the crosswalk alone holds thousands at scale)."""
        found = self._anchors.get(loaded.path)
        if found is None:
            found = self._anchors[loaded.path] = anchors(loaded.model)
        return found


def load_library(root: FsPath, shown_root: FsPath | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 load: Callable[..., Loaded | Problems] = load_file) -> Library:
    """Load every content file under `root`. Raises `ContentError` with all problems found.

    `progress(done, total)` is called after each file, for a progress line on long runs. `load`
    loads one file (`loader.load_file`, or a cache of it: see `incremental.py`).
    """
    # Loading makes many long-lived objects and no garbage: the cyclic collector would only walk
    # them again and again (a quarter of the time of loading a few thousand records).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_library(root, shown_root or root.parent, progress, load)
    finally:
        if collecting:
            gc.enable()


def _load_library(root: FsPath, shown_root: FsPath, progress: Callable[[int, int], None] | None,
                  load: Callable[..., Loaded | Problems] = load_file) -> Library:
    problems: list[Diagnostic] = []
    loaded: list[Loaded] = []
    files = list(content_files(root))
    shown = _shower(root, shown_root)
    problems += [Diagnostic(shown(path), 1, 1, message) for path, message in unexpected_entries(root)]
    failed: list[tuple[str, str, str, Problems]] = []  # kind, id (from the file name), path shown, problems
    for number, (path, kind) in enumerate(files, 1):
        result = load(path, kind, shown(path), defer_facets=True)
        if isinstance(result, Loaded):
            loaded.append(result)
        else:
            problems.extend(result)
            failed.append((kind, path.stem, shown(path), result))
        if progress is not None:
            progress(number, len(files))
    singles = {item.kind: item for item in loaded if item.kind not in RECORD_KINDS}
    for name in ("taxonomy.yaml", "glossary.yaml", "sources.yaml"):
        if name not in singles and not any(p.path.endswith(name) for p in problems):
            problems.append(Diagnostic(shown(root / name), 1, 1, f"the file `{name}` is missing"))
    if "taxonomy.yaml" not in singles or "sources.yaml" not in singles or "glossary.yaml" not in singles:
        raise ContentError(problems)
    library = Library(
        root=root,
        taxonomy=_model(singles["taxonomy.yaml"], Taxonomy),
        glossary=_model(singles["glossary.yaml"], Glossary),
        sources={s.id: s for s in _model(singles["sources.yaml"], Sources).documents},
        records={kind: {} for kind in RECORD_KINDS},
    )
    problems.extend(_check_vocabularies(singles))
    for item in (i for i in loaded if i.kind in RECORD_KINDS):
        record_id = item.record.id
        earlier = library.records[item.kind].get(record_id)
        if earlier is not None:
            problems.append(item.at(("id",), f"duplicate id `{record_id}`: `{earlier.path}` has it too"))
            continue
        library.records[item.kind][record_id] = item
    # Sources described in place by a record (a contribution in one file) join those of sources.yaml.
    problems.extend(register_new_sources(library.sources, (i for kind in library.records.values() for i in
                                                           kind.values()), shown(root / "sources.yaml")))
    # A record whose file is invalid is not in the library: references to it are not broken, and
    # saying so at every one would bury the one message that names the cause.
    checker = _Checker(library, invalid={(kind, stem) for kind, stem, _, _ in failed})
    for item in (i for kind in library.records.values() for i in kind.values()):
        problems.extend(checker.check(item))
    for _, _, path_shown, result in failed:
        found = list(checker.check_raw(path_shown, result.parsed)) if result.parsed is not None else []
        problems.extend(found)
        if not result and not found:  # never let a record vanish without a word
            problems.append(Diagnostic(path_shown, 1, 1, "the file could not be loaded; check its facets"))
    # Converted once here with the pages' glossary: rendering finds each text's HTML in the same memo.
    warnings = _removals_kept(loaded, Markdown({t.abbr: t.expansion for t in library.glossary.terms}))
    if problems:
        raise ContentError([*problems, *warnings])
    library.warnings = warnings
    library.backlinks = checker.backlinks
    return library


_KEPT_REMOVALS: dict[int, tuple[Loaded, list[Diagnostic]]] = {}


def _removals_kept(loaded: list[Loaded], markdown: Markdown) -> list[Diagnostic]:
    """`_removals`, remembered for each loaded file: under `mkdocs serve` a file not parsed again is
    the same `Loaded` object as last time (incremental.FileCache), and scanning every text field of
    every record was most of the time of loading a library whose files were all parsed already."""
    found: list[Diagnostic] = []
    now: dict[int, tuple[Loaded, list[Diagnostic]]] = {}
    for item in loaded:
        kept = _KEPT_REMOVALS.get(id(item))
        if kept is None or kept[0] is not item:
            kept = (item, list(_removals([item], markdown)))
        now[id(item)] = kept
        found += kept[1]
    _KEPT_REMOVALS.clear()
    _KEPT_REMOVALS.update(now)  # (holding each item keeps its id from being reused)
    return found


def _removals(loaded: Iterable[Loaded], markdown: Markdown) -> Iterator[Diagnostic]:
    """A warning at each place where the sanitiser will remove something from a text field, so that
    nothing a contributor wrote disappears without a word."""
    for item in loaded:
        for path, shape, value in strings(item.model):
            if shape == "markdown":
                for message in markdown.removals(value):
                    yield Diagnostic(item.path, *item.parsed.position(path), message, "warning")


def _shown(path: FsPath, shown_root: FsPath) -> str:
    try:
        return path.resolve().relative_to(shown_root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _shower(root: FsPath, shown_root: FsPath) -> Callable[[FsPath], str]:
    """`_shown` for the files under `root`, resolving the two folders once rather than every file
    (resolving was a sixth of the time of validating a few thousand records)."""
    prefix = _shown(root, shown_root)

    def shown(path: FsPath) -> str:
        try:
            return f"{prefix}/{path.relative_to(root).as_posix()}"
        except ValueError:
            return _shown(path, shown_root)

    return shown


def _check_vocabularies(singles: dict[str, Loaded]) -> Iterator[Diagnostic]:
    """Ids within each vocabulary must be unique, or references to them are ambiguous."""
    taxonomy = singles["taxonomy.yaml"]
    facets = _model(taxonomy, Taxonomy).facets
    yield from _unique(taxonomy, ((("facets", i, "id"), f.id) for i, f in enumerate(facets)), "facet")
    for i, facet in enumerate(facets):
        values = ((("facets", i, "values", j, "id"), v.id) for j, v in enumerate(facet.values))
        yield from _unique(taxonomy, values, f"value of facet `{facet.id}`")
    glossary = singles["glossary.yaml"]
    terms = _model(glossary, Glossary).terms
    yield from _unique(glossary, ((("terms", i, "abbr"), t.abbr) for i, t in enumerate(terms)), "abbreviation")
    yield from facet_problems(taxonomy)
    yield from glossary_problems(glossary)
    sources = singles["sources.yaml"]
    documents = _model(sources, Sources).documents
    yield from _unique(sources, ((("documents", i, "id"), s.id) for i, s in enumerate(documents)), "document id")


M = TypeVar("M", bound=Strict)


def _model(item: Loaded, kind: type[M]) -> M:
    """The model of a vocabulary file, as the type its file name promises."""
    if not isinstance(item.model, kind):
        raise TypeError(f"{item.path} should hold a {kind.__name__}")
    return item.model


def _unique(item: Loaded, entries: Iterable[tuple[Path, str]], what: str) -> Iterator[Diagnostic]:
    seen: dict[str, Path] = {}
    for path, value in entries:
        if value in seen:
            line = item.parsed.position(seen[value])[0]
            yield item.at(path, f"duplicate {what} `{value}` (first given at line {line})")
        else:
            seen[value] = path


class _Checker:
    """Checks one record against the rest of the library, and collects backlinks on the way."""

    def __init__(self, library: Library, invalid: set[tuple[str, str]] | None = None) -> None:
        self.library = library
        self.invalid = invalid or set()
        self.backlinks: dict[str, list[Backlink]] = defaultdict(list)
        self.facets = {f.id: {v.id for v in f.values} for f in library.taxonomy.facets}
        self.kinds = {f.id: f.kinds for f in library.taxonomy.facets}
        self.hosts: dict[str, Loaded] = {}  # page ref -> the self-check attached to it

    def check_raw(self, shown: str, parsed: Parsed) -> Iterator[Diagnostic]:
        """The checks against other files that can run on a file that failed validation (its facet
        values and cited sources), so that one run reports every problem of the file."""
        data = parsed.data
        if not isinstance(data, dict):
            return
        item = Loaded(shown, "", _RAW, parsed)
        facets = data.get("facets")
        if isinstance(facets, dict):
            yield from self._raw_facets(item, facets)
        sources = data.get("sources")
        for i, citation in enumerate(sources if isinstance(sources, list) else []):
            source = citation.get("source") if isinstance(citation, dict) else None
            if isinstance(source, str) and source not in self.library.sources and not PLACEHOLDER.match(source):
                yield item.at(("sources", i, "source"), _unknown_source(source, self.library.sources))

    def _raw_facets(self, item: Loaded, facets: dict[Any, Any]) -> Iterator[Diagnostic]:
        for facet_id, values in facets.items():
            if not isinstance(values, list):
                yield item.at(("facets", facet_id), f"`facets.{facet_id}` should be a list of values "
                              f"(`[value, ...]` or lines starting with `- `), got {_describe_raw(values)}")
                continue
            if not isinstance(facet_id, str) or facet_id not in self.facets:
                yield from self._facets(item, {str(facet_id): []})
                continue
            for i, value in enumerate(values):
                if not isinstance(value, str):
                    yield item.at(("facets", facet_id, i), f"`facets.{facet_id}[{i}]` should be a value id, "
                                  f"got {_describe_raw(value)}. Allowed values: "
                                  f"{', '.join(sorted(self.facets[facet_id]))}")
                else:
                    yield from self._value(item, ("facets", facet_id, i), facet_id, value)

    def check(self, item: Loaded) -> Iterator[Diagnostic]:
        model = item.model
        yield from self._facets(item, getattr(model, "facets", {}))
        yield from self._citations(item)
        yield from self._crosswalk(item)
        yield from anchor_problems(item)
        if isinstance(model, Guidance):
            yield from self._value(item, ("theme",), "theme", model.theme)
            for i, advice in enumerate(model.advice):
                for j, ref in enumerate(advice.evidence):
                    yield from self._ref(item, ("advice", i, "evidence", j), ref, "cited as evidence by")
        elif isinstance(model, CpdModel):
            for i, principle in enumerate(model.principles):
                yield from self._value(item, ("principles", i), "pd-principle", principle)
            for i, use in enumerate(model.used_by):
                yield from self._ref(item, ("used_by", i, "school"), use.school, "CPD model used", kind="schools")
            for i, ref in enumerate(model.see_also):
                yield from self._ref(item, ("see_also", i), ref, "see also")
            yield from self_references(item, ((("see_also", i), ref) for i, ref in enumerate(model.see_also)), "cpd")
        elif isinstance(model, Findings):
            for i, group in enumerate(model.groups):
                for j, behaviour in enumerate(group.behaviours):
                    for k, ref in enumerate(behaviour.schools):
                        path = ("groups", i, "behaviours", j, "schools", k)
                        yield from self._ref(item, path, ref, "findings", kind="schools")
        elif isinstance(model, SelfCheck):
            if model.attached_to:
                yield from self._attachment(item, model.attached_to)
            for i, question_group in enumerate(model.groups):
                for j, question in enumerate(question_group.questions):
                    for k, ref in enumerate(question.read_next):
                        path = ("groups", i, "questions", j, "read_next", k)
                        yield from self._ref(item, path, ref, "suggested reading in self-check")
            yield from _unique(item, ((("groups", i, "id"), g.id) for i, g in enumerate(model.groups)), "group id")
            questions = [(("groups", i, "questions", j, "id"), q.id)
                         for i, g in enumerate(model.groups) for j, q in enumerate(g.questions)]
            yield from _unique(item, questions, "question id")
        elif isinstance(model, School):
            for facet_id in model.inferred:
                # A note on a facet the record does not use would be shown nowhere.
                if facet_id not in model.facets:
                    used = ", ".join(f"`{f}`" for f in model.facets) or "none"
                    yield item.at(("inferred", facet_id), f"`inferred.{facet_id}` notes a facet this school "
                                  f"does not use; expected one of its facets: {used}", key=True)
            for section_name in type(model.sections).model_fields:
                section = getattr(model.sections, section_name)
                entries = section if isinstance(section, list) else [section]
                for i, entry in enumerate(entries):
                    quotes = entry.quotations if hasattr(entry, "quotations") else [entry.quotation]
                    for j, quote in enumerate(quotes):
                        if quote is not None and quote.school:
                            base = ("sections", section_name, *((i, "quotation") if isinstance(section, list)
                                                                else ("quotations", j)), "school")
                            yield from self._ref(item, base, quote.school, "quoted", kind="schools")
        elif isinstance(model, Route):
            for i, step in enumerate(model.steps):
                if step.ref:
                    yield from self._ref(item, ("steps", i, "ref"), step.ref, "reading route")
        elif isinstance(model, Role):
            for part in ("principles", "responsibilities", "qualities", "debates"):
                entries = getattr(model, part)
                yield from _unique(item, (((part, i, "id"), e.id) for i, e in enumerate(entries)), f"{part[:-1]} id")

    def _crosswalk(self, item: Loaded) -> Iterator[Diagnostic]:
        """Each `today` entry must cite standards that exist, and a theme of the taxonomy."""
        for entry in crosswalk.entries(item.model):
            for k, ref in enumerate(entry.today.standards):
                yield from self._ref(item, (*entry.path, "today", "standards", k), ref, "crosswalk",
                                     kind="standards")
            if entry.today.theme:
                yield from self._value(item, (*entry.path, "today", "theme"), "theme", entry.today.theme)
            yield from crosswalk.problems(self.library, item, entry)
        for found in researchnow.entries(item.model):  # what research says now, under the same rules
            for k, ref in enumerate(found.research.recommendations):
                yield from self._ref(item, (*found.path, "research", "recommendations", k), ref, "research",
                                     kind="research")
            yield from researchnow.problems(self.library, item, found)
        if item.kind == "standards":  # `standards/<id>#<part>` must name one part
            parts = _model(item, Standard).parts
            yield from _unique(item, ((("parts", i, "id"), p.id) for i, p in enumerate(parts)), "part id")

    def _attachment(self, item: Loaded, ref: str) -> Iterator[Diagnostic]:
        """A self-check is the appendix of one page that can carry it, and a page carries one."""
        kind = ref.partition("/")[0]
        if kind not in SELF_CHECK_HOSTS or "#" in ref:
            yield item.at(("attached_to",), f"`attached_to: {ref}` cannot carry a self-check: attach it to a "
                          f"whole page of one of {', '.join(f'`{k}/`' for k in SELF_CHECK_HOSTS)}, or delete the "
                          "line to give the self-check a page of its own")
            return
        problems = list(self._ref(item, ("attached_to",), ref, "self-check"))
        yield from problems
        if problems or self.library.get(ref) is None:
            return
        earlier = self.hosts.setdefault(ref, item)
        if earlier is not item:
            yield item.at(("attached_to",), f"`{ref}` already carries the self-check `{earlier.path}`; a page "
                          "carries one self-check: merge the questions into it, or delete this line")

    def _facets(self, item: Loaded, facets: dict[str, list[str]]) -> Iterator[Diagnostic]:
        for facet_id, values in facets.items():
            if facet_id not in self.facets:
                close = difflib.get_close_matches(facet_id, self.facets, n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                yield item.at(("facets", facet_id), f"unknown facet `{facet_id}`; "
                              f"facets in taxonomy.yaml: {', '.join(self._facets_of(item.kind))}{hint}", key=True)
                continue
            kinds = self.kinds.get(facet_id)
            if kinds is not None and item.kind not in kinds:
                yield item.at(("facets", facet_id), f"the facet `{facet_id}` describes only "
                              f"{', '.join(f'`{k}/`' for k in kinds)} records; delete it here", key=True)
                continue
            for i, value in enumerate(values):
                yield from self._value(item, ("facets", facet_id, i), facet_id, value)

    def _facets_of(self, kind: str) -> list[str]:
        """The facets a record of `kind` may use (every facet for a file whose kind is unknown)."""
        return [f for f, kinds in self.kinds.items() if kinds is None or not kind or kind in kinds]

    def _value(self, item: Loaded, path: Path, facet_id: str, value: str) -> Iterator[Diagnostic]:
        allowed = self.facets.get(facet_id, set())
        if value in allowed or PLACEHOLDER.match(value):
            return  # (a template's placeholder is reported once, as a placeholder)
        listed = ", ".join(sorted(allowed))
        if value.strip().lower() == "not stated":
            yield item.at(path, f"a facet lists only what the source supports: when it is silent on "
                          f"`{facet_id}`, delete the value (or the line); allowed values: {listed}")
            return
        close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
        if value.lower() in allowed:
            close = [value.lower()]
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        yield item.at(path, f"unknown value `{value}` for facet `{facet_id}`; allowed values: {listed}{hint}")

    def _citations(self, item: Loaded) -> Iterator[Diagnostic]:
        for i, citation in enumerate(getattr(item.model, "sources", [])):
            if citation.source not in self.library.sources and not PLACEHOLDER.match(citation.source):
                yield item.at(("sources", i, "source"), _unknown_source(citation.source, self.library.sources))

    def _ref(self, item: Loaded, path: Path, ref: str, relation: str, kind: str | None = None) -> Iterator[Diagnostic]:
        ref_kind, _, rest = ref.partition("/")
        target_id, _, anchor = rest.partition("#")
        if kind and ref_kind != kind:
            yield item.at(path, f"`{ref}` should point at a record in `{kind}/`, such as `{kind}/...`")
            return
        if ref_kind == "sources":
            if target_id not in self.library.sources:
                yield item.at(path, _unknown_source(target_id, self.library.sources))
            return
        target = self.library.records[ref_kind].get(target_id)
        if target is None and (ref_kind, target_id) in self.invalid:
            return  # the target's file is invalid: reported there, once
        if target is None:
            yield item.at(path, f"broken reference `{ref}`: " +
                          _unknown(f"record in `{ref_kind}/`", target_id, self.library.records[ref_kind]))
            return
        if anchor and anchor not in self.library.anchors(target):
            yield item.at(path, f"broken reference `{ref}`: " + _unknown(f"part of `{ref_kind}/{target_id}`", anchor,
                                                                        self.library.anchors(target)))
            return
        if target is not item:
            self.backlinks[f"{ref_kind}/{target_id}"].append(Backlink(item, relation))


def _unknown(what: str, value: str, known: Iterable[str]) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    listed = ", ".join(f"`{k}`" for k in known[:12]) + (" ..." if len(known) > 12 else "")
    return f"no {what} with the id `{value}`; known: {listed or 'none'}{hint}"


def _unknown_source(value: str, known: Iterable[str]) -> str:
    return (_unknown("source document", value, known) +
            "; to cite a document the library does not have yet, describe it in place under `new_source` "
            "(its title, author, year and kind) instead of `source`")


def _describe_raw(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the {'text' if isinstance(value, str) else 'value'} {value!r}"


class _Raw(Strict):
    """Stands in for the model of a file that failed validation, where only positions are needed."""


_RAW = _Raw()


def anchors(model: Strict) -> set[str]:
    """The parts of a record a reference may point at with `#part`."""
    found: set[str] = set()
    for name in ("groups", "advice", "principles", "responsibilities", "qualities", "debates", "parts",
                 "recommendations"):
        for entry in getattr(model, name, []) or []:
            entry_id = getattr(entry, "id", None)
            if entry_id:
                found.add(entry_id)
            for behaviour in getattr(entry, "behaviours", []) or []:
                found.add(behaviour.id)
            for question in getattr(entry, "questions", []) or []:
                found.add(question.id)
    return found


__all__ = ["Backlink", "Library", "Sources", "load_library"]
