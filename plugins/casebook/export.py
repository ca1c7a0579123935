"""A complete project for any Markdown site generator: `casebook generate`'s output.

MkDocs and ProperDocs build the site through the plugin; Zensical (and any other
generator that reads `mkdocs.yml`) runs no MkDocs plugin. For those, this module writes
everything the plugin would have added to a build as ordinary files:

- `docs/`: every generated page as Markdown, the hand-written pages with the glossary's
  abbreviations appended (what `plugin.py` does in `on_page_markdown`), the assets, and
  the service worker at the site root with its cache version stamped;
- `mkdocs.yml`: the project's configuration without the `casebook` plugin, linking the
  stylesheets and the entry script (`extra_css`, `extra_javascript` as an ES module),
  with the Markdown extensions the pages rely on.

Links in generated pages are page URLs (`../school-a/`), not `.md` paths: MkDocs and
ProperDocs leave links inside HTML blocks as they are, and no generator rewrites the
links inside JSON embedded in a page. Zensical, though, reads every relative link of a
page as relative to the page's *source file* and rebases it. Both readings agree when a
page's source folder is its URL: so every page is written as `<name>/index.md`
(`case-studies/school-a/index.md`, served at `case-studies/school-a/`), the navigation
follows, and the Markdown links of hand-written pages are rewritten to match. Pages
whose text would overflow Zensical's search (a field of at most 32,768 token positions)
are excluded from search in their front matter.

Like the rest of the core, this module never imports MkDocs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import sitebuild
from .assembly import ENTRY_SCRIPT_URL, OVERRIDES, assets, missing_extensions, stylesheets, worker
from .assembly import REQUIRED_EXTENSIONS as REQUIRED_EXTENSIONS  # the one list, named here too
from .assembly import extension_name as _name
from .files import Files, Refused, package_links
from .library import Library, load_library

OVERRIDES_DIR = "overrides"
"""The written project's `theme.custom_dir`: the project's own, copied, or the plugin's partials."""
PLUGIN_NAME = "casebook"
DOCS_DIR = "docs"
SITE_DIR = "site"
"""Relative to the written project: Zensical wants both inside the project folder."""
MARKER = ".casebook-generated"
"""Marks a folder this module wrote, which it may therefore clear and write again."""

SEARCH_TOKEN_LIMIT = 32_768
"""Zensical's search refuses a page whose text field holds more token positions than this."""
SEARCH_TOKEN_BUDGET = SEARCH_TOKEN_LIMIT
"""Pages estimated above this are excluded from search. The estimate (`search_tokens`) counts every
word and punctuation mark of the whole page, about twice what Zensical counts: measured with
synthetic content, the case-study library where Zensical 0.0.73 stops (about 420 schools)
estimates at about 69,000. So the limit itself as the budget leaves a margin of two."""

_TAG = re.compile(r"<[^>]*>")
_MARKDOWN_LINK = re.compile(r"(\]\(\s*<?|^[ \t]{0,3}\[[^\]\n]+\]:\s*<?)([^)\s>#?]*)", re.M)
"""The target of an inline Markdown link or image, or of a link reference definition."""
_FENCE = re.compile(r"^([ \t]{0,3}(?:`{3,}|~{3,}))", re.M)
_TOKEN = re.compile(r"\w+|[^\w\s]")
_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)


@dataclass
class Project:
    """What `write_project` wrote."""

    root: Path
    config: Path
    docs: Path
    generated: list[str] = field(default_factory=list)
    hand_written: list[str] = field(default_factory=list)
    excluded_from_search: list[str] = field(default_factory=list)


# --- mkdocs.yml, read and written with its tags (`!ENV`, `!!python/name:`) kept as they are --


class Tagged:
    """A value under a YAML tag the generator resolves itself (`!ENV [SITE_URL, ...]`): kept, not evaluated."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value

    def __repr__(self) -> str:
        return f"Tagged({self.tag!r}, {self.value!r})"


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node, prefix: str = "!") -> Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(prefix + suffix, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value, flow_style=True)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/",
    lambda loader, suffix, node: _construct_tagged(loader, suffix, node, "tag:yaml.org,2002:python/"))
def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # Multi-line values (`not_in_nav`) stay readable block scalars.
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_ConfigDumper.add_representer(Tagged, _represent_tagged)
_ConfigDumper.add_representer(str, _represent_str)


def read_config(path: Path) -> dict[str, Any]:
    """A `mkdocs.yml` as data, its tagged values kept for writing back (read through `files.py`:
    never through a link)."""
    data = yaml.load(Files(path.parent).read_text(path), Loader=_ConfigLoader)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a MkDocs configuration (expected a mapping)")
    return data


def dump_config(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True, width=100)


def plugin_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The `casebook` plugin's settings in a configuration (empty when it has none)."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        return dict(plugins.get(PLUGIN_NAME) or {})
    for entry in plugins:
        if _name(entry) == PLUGIN_NAME:
            return dict(entry[PLUGIN_NAME] or {}) if isinstance(entry, dict) else {}
    return {}


def plain_config(config: dict[str, Any]) -> dict[str, Any]:
    """`config` without the plugin, with what the plugin adds written out, for `docs/` and `site/` beside it."""
    plain = dict(config)
    plugins = plain.get("plugins")
    if isinstance(plugins, dict):
        plain["plugins"] = {k: v for k, v in plugins.items() if k != PLUGIN_NAME}
    elif plugins:
        plain["plugins"] = [p for p in plugins if _name(p) != PLUGIN_NAME]
    extensions = list(plain.get("markdown_extensions") or [])
    plain["markdown_extensions"] = extensions + missing_extensions(extensions)
    sheets = stylesheets()
    plain["extra_css"] = sheets + [s for s in plain.get("extra_css") or [] if s not in sheets]
    plain["extra_javascript"] = [*(plain.get("extra_javascript") or []),
                                 {"path": ENTRY_SCRIPT_URL, "type": "module"}]
    theme = plain.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "material"}
    # Zensical's default "modern" look fails axe's colour-contrast check on active navigation
    # links; "classic" is Material's look, which passes. MkDocs' Material ignores the key.
    theme.setdefault("variant", "classic")
    plain["theme"] = theme
    if "nav" in plain:
        plain["nav"] = _move_nav(plain["nav"])
    if isinstance(plain.get("not_in_nav"), str):  # gitignore-style lines: a page named by its file moves too
        plain["not_in_nav"] = "".join(
            f"{page_folder_path(line.rstrip())}\n" if line.rstrip().endswith(".md") else line
            for line in plain["not_in_nav"].splitlines(keepends=True))
    plain["docs_dir"] = DOCS_DIR
    plain["site_dir"] = SITE_DIR
    plain.pop("watch", None)  # the content folder is not part of the written project
    return plain


# --- pages -----------------------------------------------------------------------------


def page_folder_path(path: str) -> str:
    """Where a page is written so that its source folder is its URL: `a/b.md` -> `a/b/index.md`."""
    if not path.endswith(".md") or path == "index.md" or path.endswith("/index.md"):
        return path
    return f"{path.removesuffix('.md')}/index.md"


def _rewrite_target(target: str, old_dir: str, new_dir: str) -> str:
    """A relative link target written from `old_dir`, re-pointed from `new_dir` at the moved page."""
    if not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/", target):
        return target  # another site, mailto:, or from the site root: unchanged
    resolved = posixpath.normpath(posixpath.join(old_dir, target))
    if resolved.startswith("../"):
        return target
    moved = page_folder_path(resolved) if resolved.endswith(".md") else resolved
    relative = posixpath.relpath(moved, new_dir or ".")
    return relative + ("/" if target.endswith("/") and not relative.endswith("/") else "")


def move_links(markdown: str, old_path: str, new_path: str) -> str:
    """The Markdown links of a page moved from `old_path` to `new_path`, pointed at the pages' new places.

    Only Markdown's own links (inline and reference definitions) are rewritten, outside fenced
    code; every generator resolves those from the source file, so they follow the move. Links in
    raw HTML were written relative to the page's URL, which does not change.
    """
    old_dir, new_dir = posixpath.dirname(old_path), posixpath.dirname(new_path)
    parts = _FENCE.split(markdown)
    # `split` with one group alternates text, fence marker, text ...: a fence opens a code block
    # that the next fence of the same character closes.
    out, fence = [], ""
    for index, part in enumerate(parts):
        if index % 2 == 1:
            marker = part.strip()
            if not fence:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = ""
            out.append(part)
        elif fence:
            out.append(part)
        else:
            out.append(_MARKDOWN_LINK.sub(
                lambda m: m.group(1) + _rewrite_target(m.group(2), old_dir, new_dir), part))
    return "".join(out)


def _move_nav(nav: Any) -> Any:
    if isinstance(nav, str):
        return page_folder_path(nav) if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", nav) else nav
    if isinstance(nav, list):
        return [_move_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {key: _move_nav(value) for key, value in nav.items()}
    return nav


def search_tokens(markdown: str) -> int:
    """An estimate of the token positions of a page's searchable text: its words and punctuation."""
    return len(_TOKEN.findall(_TAG.sub(" ", markdown)))


def exclude_from_search(markdown: str) -> str:
    """The page with `search: exclude: true` in its front matter (MkDocs Material and Zensical honour it)."""
    front = _FRONT.match(markdown)
    if front is None:
        return f"---\nsearch:\n  exclude: true\n---\n\n{markdown}"
    return f"---\n{front.group(1)}search:\n  exclude: true\n---\n{markdown[front.end():]}"


MATERIAL_INDEX = "search/search_index.json"
"""Written by Material's search plugin (under MkDocs or ProperDocs); Zensical writes `search.json`
and talks to a search worker of its own, which Pagefind's worker cannot stand in for."""


def finish_site(site_dir: Path, *, search: str = "auto", log: Callable[[str], None] = lambda _: None) -> int:
    """What the plugin does once MkDocs has written the site, for a site built from the written project.

    `search`: `pagefind` gives every page Pagefind's attributes, indexes the site, and puts the
    worker that answers from Pagefind in place of Material's (see `search.py`); `engine` leaves
    the engine's own search; `auto` (the default) is `pagefind` where Material's search made the
    site (MkDocs, ProperDocs) and `engine` elsewhere (Zensical). Always: the list of the site's
    files for "save the library for offline use" (see `offline.py`). Returns how many files that
    list holds. Run by `casebook postbuild SITE_DIR`.
    """
    from .search import MATERIAL_WORKER, WORKER, mark_page

    files = Files(site_dir.parent, outputs=[site_dir])  # the built site: rewritten in place, never through a link
    if not (files.check(site_dir) / "index.html").is_file():
        raise ValueError(f"{site_dir}: no index.html; build the site first")
    if search not in ("auto", "pagefind", "engine"):
        raise ValueError(f"search: `{search}` is not one of auto, pagefind, engine")
    site = files.regular_files(site_dir)  # refused at the first link or special file in the site
    root = files.check(site_dir)
    material = (root / MATERIAL_INDEX) in site
    index = search == "pagefind" or (search == "auto" and material)
    if index:
        for page in (p for p in site if p.suffix == ".html"):
            relative = page.relative_to(root).as_posix()
            files.write_text(page, mark_page(files.read_text(page), relative), own=True)
        workers = [p for p in site if MATERIAL_WORKER.fullmatch(p.relative_to(root).as_posix())]
        for theirs in workers if material else []:
            files.write_bytes(theirs, WORKER.read_bytes(), own=True)
    return sitebuild.finish(site_dir, index=index, log=log, files=files)


def _prepare(files: Files, out: Path, project: Path) -> None:
    """Make `out` ready for writing: new, empty, or written by this module before (then cleared).

    Through `files`: never through a link (`out` itself, its folders inside the project, or an
    `out/docs` left by a pull request), never inside `docs/`, never over a file without `--force`."""
    out_resolved, project_resolved = out.resolve(), project.resolve()
    if out_resolved == project_resolved or project_resolved.is_relative_to(out_resolved):
        raise Refused(out, "the output folder must not be the project folder or hold it")
    files.folder(out)  # refuses a link, docs/, or a file in the way (replaced with --force)
    marker = out / MARKER
    if any(out.iterdir()):
        try:
            files.read_bytes(marker)
        except Refused:
            if not files.force:
                raise Refused(out, "not empty, and not written by `casebook generate`; choose a new or empty "
                              "folder, or give --force to write into it") from None
        for name in (DOCS_DIR, SITE_DIR, OVERRIDES_DIR):
            files.remove_tree(out / name)  # refused if it is a link
    files.write_text(marker, "Written by `casebook generate`, which clears this folder's docs/ and site/ "
                     "when it writes here again.\n", own=True)


def _hand_written(files: Files, docs: Path, taken: set[str]) -> Iterable[tuple[Path, str]]:
    """Every hand-written file under `docs`, but those a generated page replaces. A link anywhere
    there is refused (`Refused`), as `mkdocs build` refuses it: copying it would publish whatever
    it points at (`docs/env.txt -> /proc/self/environ`)."""
    for path in files.regular_files(docs):
        relative = path.relative_to(files.check(docs)).as_posix()
        if relative not in taken:
            yield path, relative


def write_project(project: Path, out: Path, *, library: Library | None = None, config_file: Path | None = None,
                  processes: int = 1, force: bool = False) -> Project:
    """Write a complete project for any generator that reads `mkdocs.yml` into `out`.

    `project` is the folder of the project's `mkdocs.yml` (or give `config_file`); its
    `casebook` plugin settings name the content and templates folders. Pass `library` when it
    is already loaded (from `project`'s content folder) to save loading it again. `processes`
    renders pages on that many processor cores (0: one per usable core; see `parallel.py`).
    Raises `ContentError` for invalid content, and `files.Refused` (a `ValueError`) for an unusable
    `out` or a link among the project's files; `force` writes over a file where `out` should be,
    or into a non-empty folder (see `files.py`).
    Build the result with `mkdocs build`, `properdocs build` or `zensical build`, run in `out`.
    """
    config_file = config_file or project / "mkdocs.yml"
    project = config_file.parent
    config = read_config(config_file)
    docs_dir = project / str(config.get("docs_dir", "docs"))
    files = Files(project, docs=docs_dir, outputs=[out], force=force)
    if config.get("use_directory_urls", True) is not True:
        raise ValueError(f"{config_file}: `use_directory_urls: false` is not supported by `casebook generate`")
    settings = plugin_settings(config)
    if library is None:
        library = load_library(project / settings.get("content_dir", "case_studies"), project)
    site = sitebuild.Site.from_config(config, settings, project)
    plain = plain_config(config)
    # Before anything is written (a half-written project helps nobody): no link among the hand-written
    # pages, the page templates (Jinja would read through one) or the package's own published files.
    refused = [*files.links(docs_dir), *(r for folder in site.templates for r in files.links(folder)), *package_links()]
    if refused:
        raise refused[0]
    _prepare(files, out, project)
    docs = out / DOCS_DIR

    def write(path: Path, text: str) -> None:  # into the folder `_prepare` made ours
        files.write_text(path, text, own=True)

    written = Project(out, out / "mkdocs.yml", docs)

    # Page URLs everywhere (`use_directory_urls`): the URLs the plugin's build links with.
    rendered = sitebuild.render(library, site, processes=processes)
    for page in (file.page for file in rendered.files):
        markdown = page.markdown
        if search_tokens(markdown) > SEARCH_TOKEN_BUDGET:
            markdown = exclude_from_search(markdown)
            written.excluded_from_search.append(page.path)
        write(docs / page_folder_path(page.path), markdown)
        written.generated.append(page.path)

    # Hand-written pages, with the abbreviations the plugin appends to them; a generated page wins
    # over a hand-written one of the same path, as it does in the plugin's build.
    for path, relative in _hand_written(files, docs_dir, set(written.generated)):
        if path.suffix == ".md":
            moved = page_folder_path(relative)
            write(docs / moved, sitebuild.hand_written(move_links(files.read_text(path), relative, moved),
                                                       rendered.abbreviations))
            written.hand_written.append(relative)
        else:
            files.copy(path, docs / relative, own=True)

    # The package's own files (trusted: not in the pull request) are read directly, and written as
    # the plugin serves them (`assembly.assets`); the service worker at the site root.
    for asset in [*assets(), worker()]:
        if asset.text is not None:
            write(docs / asset.uri, asset.text)
        else:
            files.write_bytes(docs / asset.uri, asset.path.read_bytes(), own=True)
    # A `custom_dir` is relative to the configuration: the project's is copied beside the written one.
    # Without one, the plugin's own partials stand in (they matter only with a `repo_url`).
    theme, custom, repo_url = plain["theme"], plain["theme"].get("custom_dir"), config.get("repo_url")
    if isinstance(custom, str) and files.check(project / custom).is_dir():
        for path in files.regular_files(project / custom):
            files.copy(path, out / OVERRIDES_DIR / path.relative_to(files.check(project / custom)), own=True)
        theme["custom_dir"] = OVERRIDES_DIR
    elif custom is None and isinstance(repo_url, str) and OVERRIDES.is_dir():
        for path in sorted(p for p in OVERRIDES.rglob("*") if p.is_file()):
            files.write_bytes(out / OVERRIDES_DIR / path.relative_to(OVERRIDES), path.read_bytes(), own=True)
        theme["custom_dir"] = OVERRIDES_DIR
    write(written.config, "# Written by `casebook generate` from the project's mkdocs.yml, without the casebook "
           "plugin.\n# Build with `zensical build` (or `mkdocs build`, `properdocs build`) run in this folder, then "
           "run\n# `casebook postbuild site` for search (Pagefind, under MkDocs) and saving for offline use.\n"
           + dump_config(plain))
    return written
