"""Shared fixtures: the real site built once per run, served on localhost, and headless Chromium.

The site is built by the engine `CASEBOOK_ENGINE` names (default `mkdocs`): `mkdocs` and
`properdocs` build the project through the plugin; `zensical`, which runs no MkDocs plugin,
builds the project `casebook generate` writes. Tests that use the built site are marked
`engine` (so `-m engine` runs them against another engine); tests that check the plugin
itself are marked `plugin_only` and are skipped under any engine but `mkdocs`.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags from the machine notes: no sandbox as root, and no background traffic to Google.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


ENGINES = ("mkdocs", "properdocs", "zensical")
ENGINE = os.environ.get("CASEBOOK_ENGINE", "mkdocs")
if ENGINE not in ENGINES:
    raise pytest.UsageError(f"CASEBOOK_ENGINE={ENGINE}: choose one of {', '.join(ENGINES)}")


# No silent skips: under CI=true a skip fails unless its reason is a deliberate one (tests/skip_policy.py).
pytest_plugins = ("tests.skip_policy",)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "engine: uses the site built by the engine CASEBOOK_ENGINE names")
    config.addinivalue_line("markers", "plugin_only: checks the MkDocs plugin itself; runs under mkdocs only")
    config.addinivalue_line("markers", "slow: minutes of work; `make test` runs it, `make check` does not")
    config.addinivalue_line("markers", "other_engines: proves something new on an engine besides MkDocs")


PLUGIN_MODULES = ("test_plugin.py", "test_parallel.py", "test_fast_paths.py", "test_search.py")
"""Test modules about what only the plugin's build has: its own workings, and Pagefind behind
Material's search box (Zensical keeps its own search). Every test in them is `plugin_only`."""


PLUGIN_TESTS = ("test_offline.py::test_the_manifest_lists_every_page_and_the_search_index",
                "test_offline.py::test_saving_the_library_keeps_pages_never_visited_and_search",
                "test_search_terms.py::test_built_pages_hold_their_terms_and_their_headline_does_too")
"""Single tests of Pagefind behind Material's search box (the offline list holds its index; search
works offline; the headline index holds a page's search terms): `plugin_only` too, since Zensical
keeps its own search (`search.json`), and `search.headline` finds no headline in its pages."""


SLOW_MODULES = ("test_engines.py", "test_benchmarks.py", "test_lint.py", "test_hostile.py", "test_files.py",
                "test_fast_paths.py", "test_journeys.py", "test_parallel.py", "test_fuzz.py", "test_skip_policy.py")
"""Modules marked `slow`: `make test` runs them, `make check` leaves them out, so that `make check`
stays under 90 s on two cores. They build the site with every engine (`test_engines.py`), run the
benchmarks (`test_benchmarks.py`) or the type checker (`test_lint.py`, which `make lint` runs too);
or they spend the quick check's time on the code's robustness rather than on a content change:
hostile input, each case a load or a build of a changed copy of the project (`test_hostile.py`, 107
CPU seconds of the 249 the quick check's tests took in one process), the commands' file safety, a
`casebook` process a case (`test_files.py`, 33 s), the fast paths rendered both ways and the edit
loop's rebuilds (`test_fast_paths.py`, 19 s), sites built from copies with schools added
(`test_journeys.py`, 9 s), every page rendered again in forked processes (`test_parallel.py`),
random input (`test_fuzz.py`) and pytest run on pytest (`test_skip_policy.py`). What stays in
`make check` still builds the real site and reads it (`test_build.py`, `test_quality.py`), sends it
every kind of bad input (`test_bad_input.py`), runs the commands (`test_cli.py`, `test_contributing.py`)
and the plugin (`test_plugin.py`), and checks the content against its sources."""

THEME_WORDS = ("axe", "instant_navigation", "offline", "without_javascript", "phone", "print")
"""Browser tests whose names carry one of these words check what an engine's theme decides: its
markup and styles (axe, a phone's screen, printing), its instant navigation, the service worker
beside its pages, and pages with JavaScript off. With the engine tests that read the built files,
they are the `other_engines` tests: what another engine than MkDocs can change. The rest of the
browser tests drive the project's own scripts on pages whose text `test_engines.py` shows to be
the same on every engine, so a second engine proves nothing new there."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason=f"checks the plugin, and CASEBOOK_ENGINE={ENGINE} builds without it")
    for item in items:
        if "served" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.engine)
        browser = "browser" in getattr(item, "fixturenames", ()) or "tests/browser/" in item.nodeid
        if browser:
            item.add_marker(pytest.mark.browser)
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("engine") and (not browser or any(word in item.name for word in THEME_WORDS)):
            item.add_marker(pytest.mark.other_engines)
        group = _module_fixture_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
        if item.path.name in PLUGIN_MODULES or item.nodeid.split("/")[-1].split("[")[0] in PLUGIN_TESTS:
            item.add_marker(pytest.mark.plugin_only)
        if ENGINE != "mkdocs" and item.get_closest_marker("plugin_only"):
            item.add_marker(skip)


def _module_fixture_group(item: pytest.Item) -> str | None:
    """The test's module, if the test uses a fixture that module defines once for all its tests
    (a module-scoped fixture: often a whole site built from a changed copy of the project).

    Under `pytest -n 2 --dist loadgroup` the tests of such a module go to one worker, so that the
    fixture is made once rather than on every worker; the other tests go wherever a worker is free.
    """
    info = getattr(item, "_fixtureinfo", None)  # pytest's own record of the test's fixtures
    for definitions in (info.name2fixturedefs.values() if info else ()):
        definition = definitions[-1]
        if definition.scope in ("module", "class") and definition.baseid.endswith(".py"):
            return item.nodeid.split("::")[0]
    return None


def build_site(project: Path, out: Path, site_url: str | None = None,
               engine: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    """A real strict build of `project` into `out` by `engine` (mkdocs, properdocs or zensical).

    MkDocs and ProperDocs build the project itself, through the plugin. Zensical builds the
    project `casebook generate` writes beside `out` (it builds only inside a project's own
    folder), `casebook postbuild` indexes it, and the site is then copied into `out`.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["SITE_URL"] = site_url
    if engine in ("mkdocs", "properdocs"):
        return subprocess.run(
            [sys.executable, "-m", engine, "build", "--strict", "--quiet", "-f", str(project / "mkdocs.yml"),
             "-d", str(out)],
            capture_output=True, text=True, env=env, cwd=project, check=False,
        )
    if engine != "zensical":
        raise ValueError(f"unknown engine {engine}")
    generated = out.with_name(f"{out.name}-zensical-project")
    steps = [[sys.executable, "-m", "casebook.cli", "generate", "--out", str(generated), "--config",
              str(project / "mkdocs.yml")],
             [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(generated / "mkdocs.yml")],
             [sys.executable, "-m", "casebook.cli", "postbuild", "site"]]
    result = None
    for step, where in zip(steps, (project, generated, generated), strict=True):
        result = subprocess.run(step, capture_output=True, text=True, env=env, cwd=where, check=False)
        if result.returncode != 0:
            return result
    assert result is not None
    shutil.copytree(generated / "site", out, dirs_exist_ok=True)
    return result


def copy_project(target: Path) -> Path:
    """A scratch copy of the project (content, docs, config) to change in a test."""
    for name in ("docs", "case_studies", "schemas"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The real site, built once per test run for the address it is served at.

    The server starts first so that the build knows its address: Material's instant
    navigation only intercepts links to the `site_url` it was built with. Under pytest-xdist
    the first worker that needs the site builds it and starts its server (`siteserver.py`,
    a process of its own that lives as long as the run); the other workers wait on a lock and
    use the same site and server, so a run builds the site once, however many workers it has.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # each worker's base folder is inside the run's
    record = shared / f"site-{ENGINE}.json"
    with open(shared / f"site-{ENGINE}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not record.exists():
            record.write_text(json.dumps(_build_and_serve(shared / f"site-{ENGINE}")), encoding="utf-8")
        built = json.loads(record.read_text(encoding="utf-8"))
    assert built["error"] is None, built["error"]
    return Path(built["out"]), built["url"]


_SERVERS: list[subprocess.Popen[str]] = []
"""The site servers this process started (kept so that they are not collected while they serve)."""


def _build_and_serve(out: Path) -> dict[str, str | None]:
    out.mkdir()
    # The server watches the process that runs the whole session (xdist's controller is each
    # worker's parent) and stops when it ends, however the run ends.
    watched = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
    server = subprocess.Popen([sys.executable, str(Path(__file__).with_name("siteserver.py")), str(out), str(watched)],
                              stdout=subprocess.PIPE, text=True)
    _SERVERS.append(server)
    assert server.stdout is not None
    url = f"http://127.0.0.1:{int(server.stdout.readline())}/"
    result = build_site(ROOT, out, site_url=url, engine=ENGINE)
    error = None if result.returncode == 0 else f"{ENGINE} build failed:\n{result.stdout}\n{result.stderr}"
    return {"out": str(out), "url": url, "error": error}


@pytest.fixture(scope="session")
def site(served: tuple[Path, str]) -> Path:
    return served[0]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    from tests.siteserver import Server  # a backlog for many browsers at once

    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def base_url(served: tuple[Path, str]) -> str:
    """The built site served over HTTP on localhost."""
    return served[1]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it")
    # A check waits as long as an action does (30 s): Playwright's own 5 s for `expect` is short for a right page
    # on a loaded machine (issue 23). A wrong page fails either way.
    playwright_api.expect.set_options(timeout=30_000)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, base_url: str):  # type: ignore[no-untyped-def]
    """A fresh browser profile (empty localStorage) that fails any request to another origin."""
    context = browser.new_context(base_url=base_url, accept_downloads=True)
    foreign: list[str] = []

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(base_url) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.foreign_requests = foreign
    yield context
    context.unroute_all(behavior="ignoreErrors")  # requests still in flight (the service worker's)
    context.close()
    assert not foreign, f"requests to another origin: {foreign}"


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"
