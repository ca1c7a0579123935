"""Waiting for a page view to be set up, including after Material's instant navigation.

casebook.js sets `<html data-cb-ready>` once every feature of a page view has set itself up, and
removes it when the next view starts. Under instant navigation the address changes before the new
content is swapped in, and the old view's flag is still there until the new view starts: a test
that waits for the address, or for the flag, can then read the old page or a page half set up
(the class of `Cannot read properties of null` failures under load, issue 23).

`WATCH` (added to every test's browser context by tests/browser/conftest.py) records on `<html>`
the address each flag was set for, so `view_ready(page, path)` waits for the view of *that* page.
"""

from __future__ import annotations

from typing import Any

WATCH = """
(() => {
  // Run before the document has its <html>: watch the document itself, and keep the notes on window
  // (a full load starts a new window with this script again; instant navigation keeps this one).
  window.__cbWatched = true;
  new MutationObserver(() => {
    const html = document.documentElement;
    window.__cbReadyFor = html && html.dataset.cbReady !== undefined ? location.pathname : undefined;
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-cb-ready"] });
})();
"""
"""An init script: on each document, note the path a page view was set up for."""

_READY = """(path) => {
  const html = document.documentElement;
  if (!html || html.dataset.cbReady === undefined) return false;
  // Without the watch (a context a test made itself), the flag and the address are all there is.
  const at = window.__cbWatched ? window.__cbReadyFor || "" : location.pathname;
  return at.endsWith(path || location.pathname);
}"""


def view_ready(page: Any, path: str | None = None, timeout: float = 15_000) -> None:
    """Wait until the page view at `path` (default: the current address) has set itself up."""
    page.wait_for_function(_READY, arg=path, timeout=timeout)
