"""Waiting for the state a test means, never for the clock, including after Material's instant navigation.

casebook.js sets `<html data-cb-ready>` once every feature of a page view has set itself up, and
removes it when the next view starts. Under instant navigation the address changes before the new
content is swapped in, and the old view's flag is still there until the new view starts: a test
that waits for the address, or for the flag, can then read the old page or a page half set up
(the class of `Cannot read properties of null` failures under load, issue 23).

`WATCH` (added to every browser context the browser tests make, tests/browser/conftest.py) records on
the window the address each flag was set for, so `view_ready(page, path)` waits for the view of *that*
page. The other helpers wait for work a page does after a click has returned: `settled` for what it
queued for its next frame (filters.js writes the address so), `until` for a value read from the page.

Timeouts are Playwright's own (30 s): a tight one fails a right page on a loaded machine, and a
wrong page fails either way.
"""

from __future__ import annotations

import json
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
  // Without the watch (a context made outside tests/browser/), the flag and the address are all there is.
  const at = window.__cbWatched ? window.__cbReadyFor || "" : location.pathname;
  return at.endsWith(path || location.pathname);
}"""


def view_ready(page: Any, path: str | None = None, timeout: float | None = None) -> None:
    """Wait until the page view at `path` (default: the current address) has set itself up."""
    page.wait_for_function(_READY, arg=path, **({} if timeout is None else {"timeout": timeout}))


def settled(page: Any) -> None:
    """Wait until what the page queued for its next frame has run: a frame, then a task.

    filters.js writes the address after the list is painted (`requestAnimationFrame`, then `setTimeout`);
    a callback queued the same way after it runs after it, so the address read next is the one the page
    wrote, however slow the machine. (Frame callbacks run in the order they were asked for, and so do
    timers of the same delay.)"""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")


def until(page: Any, expression: str, want: Any, arg: Any = None) -> Any:
    """Wait until `expression` (a JavaScript function of `arg`) returns `want` (compared as JSON),
    and return it; if it never does, fail with what it last returned.

    For a value the page computes after an action has returned (a tap's click, an on-demand module's
    set-up), read exactly: the caller still asserts the same answer, only no longer once and too early."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    check = f"([arg, want]) => JSON.stringify(({expression})(arg)) === want"
    try:
        page.wait_for_function(check, arg=[arg, json.dumps(want, separators=(",", ":"), ensure_ascii=False)])
    except PlaywrightTimeout:
        got = page.evaluate(f"(arg) => ({expression})(arg)", arg)
        raise AssertionError(f"{got!r} != {want!r} (still, after waiting)") from None
    return want
