"""The browser tests' own fixtures: every context they make watches which page each view was set up for.

CASEBOOK_CPU_THROTTLE=N (say 4) runs every page's scripts N times slower (Chromium's own CPU
throttling, as DevTools offers it): a way to find tests that read a page before its scripts are
done, without loading the whole machine. `make test` leaves it unset.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.browser.waits import WATCH

THROTTLE = float(os.environ.get("CASEBOOK_CPU_THROTTLE") or 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _throttled(page: Any) -> None:
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})


class WatchedBrowser:
    """The shared browser, whose every new context watches page views (waits.view_ready): the
    `context` fixture's, and those a test makes itself (a phone's screen, JavaScript off, a second
    profile), which otherwise could only wait for the flag and the address, the racy pair."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.add_init_script(WATCH)
        if THROTTLE > 1:
            context.on("page", _throttled)
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser(browser: Any) -> WatchedBrowser:  # the session's Chromium (tests/conftest.py), wrapped
    return WatchedBrowser(browser)
