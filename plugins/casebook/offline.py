"""The service worker that lets the built site work offline once loaded (see assets/sw.js)."""

from __future__ import annotations

import hashlib
from pathlib import Path

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
