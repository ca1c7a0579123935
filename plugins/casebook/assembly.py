"""What a build of the site is assembled from besides the pages, decided once for every engine:
the Markdown extensions the pages rely on, the theme folders, the package's stylesheets and entry
script, its browser files, each page's edit link, and the files under `docs/` a build refuses.
The MkDocs plugin (`plugin.py`) hands these to MkDocs; the path of the other engines (`export.py`:
`casebook generate`) writes them into the project it writes. The pages themselves: `sitebuild.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from os.path import relpath
from pathlib import Path
from typing import Any

from .diagnostics import printable
from .files import Files, Refused
from .offline import SERVICE_WORKER, SERVICE_WORKER_PATH, service_worker
from .served import served

ASSETS = Path(__file__).parent / "assets"
ASSET_URL = "assets/casebook"
ENTRY_SCRIPT = "casebook.js"
ENTRY_SCRIPT_URL = f"{ASSET_URL}/{ENTRY_SCRIPT}"
"""The one script a page loads (as a module); it imports the others it needs."""
THEME = Path(__file__).parent / "theme"
"""Templates for MkDocs' theme: `casebook-unchanged.html` (see `incremental.py`)."""
OVERRIDES = Path(__file__).parent / "overrides"
"""Theme partials put before Material's: the header's repository link without a script calling
api.github.com."""
REQUIRED_EXTENSIONS = ("abbr", "attr_list", "md_in_html", "tables")
"""Markdown extensions the generated pages rely on: abbreviations, heading ids, HTML blocks, tables.
(`md_in_html` too: a page the core hands over as Markdown has its HTML blocks parsed as the core's
own HTML step, `render/html.py`, was checked against: with the site's extensions, which hold it.)"""


def extension_name(entry: Any) -> str:
    """The name of a `markdown_extensions:` (or `plugins:`) entry, a string or a one-key mapping."""
    if isinstance(entry, dict) and len(entry) == 1:
        return str(next(iter(entry)))
    return str(entry)


def missing_extensions(extensions: Iterable[Any]) -> list[str]:
    """The required extensions a site's `markdown_extensions` lacks."""
    present = {extension_name(e) for e in extensions}
    return [name for name in REQUIRED_EXTENSIONS if name not in present]


def check_settings(content: Path, processes: int) -> str | None:
    """What is wrong with the plugin's settings, or None."""
    if not content.is_dir():
        return f"casebook: the content folder {content} does not exist"
    if processes < 0:
        return "casebook: `processes` must be 0 (one per processor core) or more"
    return None


def stylesheets() -> list[str]:
    """Every stylesheet of the package, the base one first."""
    return [f"{ASSET_URL}/{p.name}" for p in sorted(ASSETS.glob("*.css"), key=lambda p: p.name != "casebook.css")]


@dataclass(frozen=True)
class Asset:
    """A browser file of the package: where the site serves it, the file, and its text when it is
    served changed (the project's own modules and stylesheets without their comments, `served.py`)."""

    uri: str
    path: Path
    text: str | None


def assets() -> Iterator[Asset]:
    """The package's browser files, subfolders too (vendor/ and lazy/, see form.py); not the
    service worker (`worker`)."""
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file() and path != SERVICE_WORKER:
            yield Asset(f"{ASSET_URL}/{path.relative_to(ASSETS).as_posix()}", path, served(path, ASSETS))


def worker() -> Asset:
    """The service worker, at the site root (`offline.py`). Only a site of the library's pages has
    one: the pages that list content errors under `mkdocs serve` must not install it."""
    return Asset(SERVICE_WORKER_PATH, SERVICE_WORKER, service_worker())


def edit_link(source: str | None, edit_uri: str | None) -> str | None:
    """Where a generated page's "edit" link points: the content file behind it (`source`), in the
    folder above `docs/` that `edit_uri` names; None for a page made from no one file."""
    if source is None or not edit_uri:
        return None
    return f"{edit_uri.rstrip('/').rsplit('/docs', 1)[0]}/{source}"


def refused_links(docs_dir: Path) -> list[str]:
    """Why each symbolic link (or special file) under `docs/` is refused: it would be copied into
    the published site with whatever it points at. The rule is `files.py`'s, the one `casebook
    generate` follows too. Empty when there is none."""
    project = docs_dir.parent
    try:
        refused = Files(project).links(docs_dir)
    except Refused as error:  # `docs/` itself is a link
        refused = [error]
    return [printable(f"{Path(relpath(r.path, project)).as_posix()}: {r.reason}") for r in refused]
