"""The service worker that lets the built site work offline once loaded (see assets/sw.js)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .files import Files

ASSETS = Path(__file__).parent / "assets"
SERVICE_WORKER = ASSETS / "sw.js"
SERVICE_WORKER_PATH = "sw.js"
"""Where the worker goes in the site: at the root, so that its scope covers every page."""


def service_worker() -> str:
    """The worker's script, its cache named after a hash of every asset, so any change starts a new cache."""
    digest = hashlib.sha256()
    for asset in sorted(ASSETS.iterdir()):
        if asset.is_file():
            digest.update(asset.name.encode())
            digest.update(asset.read_bytes())
    return SERVICE_WORKER.read_text(encoding="utf-8").replace("__VERSION__", digest.hexdigest()[:12])


MANIFEST_PATH = "casebook-offline.json"
"""The list of every file of the built site, for "save the library for offline use" (offline.js)."""

_LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz", SERVICE_WORKER_PATH, MANIFEST_PATH)


def write_manifest(site_dir: str | Path, files: Files | None = None) -> int:
    """Write the list of the built site's files a reader can save for offline use; returns how many.
    Pages are listed by the address they are served at (`x/` for `x/index.html`). Written through
    `files` (by default a rule anchored at the site's folder): never through a link."""
    import json

    site = Path(site_dir)
    files = files or Files(site.parent, outputs=[site])
    listed = []
    # (os.walk and strings: `Path.rglob` and sorting paths took seconds on a site of thousands of pages.)
    for relative in sorted(_walk(str(site))):
        if relative in _LEFT_OUT or relative.endswith((".map", ".gz")) or "/playground/" in relative:
            continue
        if relative == "index.html":
            relative = "./"
        elif relative.endswith("/index.html"):
            relative = relative.removesuffix("index.html")
        listed.append(relative)
    files.write_text(site / MANIFEST_PATH, json.dumps({"files": listed}, separators=(",", ":")), own=True)
    return len(listed)


def _walk(top: str) -> Iterator[str]:
    """Every file under `top`, as a path relative to it with `/` between folders."""
    for folder, _, names in os.walk(top):
        prefix = os.path.relpath(folder, top).replace(os.sep, "/")
        for name in names:
            if stat.S_ISREG(os.lstat(os.path.join(folder, name)).st_mode):  # a link is not listed
                yield name if prefix == "." else f"{prefix}/{name}"
