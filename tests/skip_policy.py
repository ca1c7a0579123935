"""No silent skips: under CI (`CI=true`) a skipped test fails, unless its reason is a stated property
of the environment listed here.

A skip on a developer's machine is information; in CI it is a check that did not run while the run
reports green. Each deliberate reason below says why CI may lack what the test needs; any other
skip (a missing browser, a missing `node`, a test with nothing to check) fails there with its reason.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator

import pytest

DELIBERATE = {
    r"checks the plugin, and CASEBOOK_ENGINE=\w+ builds without it":
        "`make test` runs the build tests again under ProperDocs and Zensical; Zensical runs no plugin",
    r"source texts not found in .*: no licence to redistribute them":
        "the source texts are not committed (tests/test_fidelity.py); their fingerprints are checked instead",
    r"no fork on this platform": "a platform without fork() cannot run the forked build workers",
}
"""Skip reasons (regular expressions, matched from the start) that CI accepts, with why."""


def deliberate(reason: str) -> bool:
    return any(re.match(pattern, reason) for pattern in DELIBERATE)


def skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, object, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if os.environ.get("CI") != "true" or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = skip_reason(report)
    if not deliberate(reason):
        report.outcome = "failed"
        report.longrepr = (f"skipped under CI=true, which allows only the deliberate skips of tests/skip_policy.py: "
                           f"{reason}")
