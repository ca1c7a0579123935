"""Site-wide quality checks on the real built site (issue 7).

- every page type passes axe-core with no serious or critical violation (light and dark);
- every internal link and `#anchor` of every page resolves to a file and an element id;
- every page is valid HTML to html5lib's parser;
- no page makes a request to another origin;
- the site works offline once loaded (the service worker of `assets/sw.js`).
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
from playwright.sync_api import expect

from tests.accessibility import serious_violations
from tests.conftest import serve

PAGE_TYPES = {
    "home": "",
    "case-study library, filtered": "case-studies/?setting=rural",
    "school": "case-studies/school-a/",
    "guidance library": "guidance/",
    "guidance page": "guidance/funding-and-procurement/",
    "CPD library": "cpd/",
    "CPD page": "cpd/journal-clubs/",
    "role": "roles/technology-leader/",
    "findings": "findings/ncsl-2007/",
    "self-check hub": "self-checks/",
    "headteacher self-check": "self-checks/headteacher-appendix-1/",
    "action plan": "self-checks/action-plan/",
    "glossary": "glossary/",
    "sources": "sources/",
    "contributing": "contributing/",
    "field reference": "contributing/reference/",
    "about": "about/",
}
DARK = ["case-study library, filtered", "school", "guidance page", "headteacher self-check", "action plan"]


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- links and anchors --------------------------------------------------------------------


@functools.cache
def _parse(path: Path):  # type: ignore[no-untyped-def]
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    root = _parse(path)
    return frozenset(el.get("id") or el.get("name") for el in root.iter() if el.get("id") or
                     (el.tag == "a" and el.get("name")))


def _site_base(site: Path) -> tuple[str, str]:
    """The scheme+host and path the site is published at, from the home page's canonical link."""
    canonical = next((el.get("href") for el in _parse(site / "index.html").iter("link")
                      if el.get("rel") == "canonical"), "http://localhost:8000/")
    parts = urlsplit(canonical)
    return f"{parts.scheme}://{parts.netloc}", parts.path


def _target(site: Path, page: Path, href: str, origin: str, base_path: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points at, or None for an external one."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path.startswith(base_path):
            return None  # another site, mailto:, javascript: ...
        path = posixpath.normpath(parts.path[len(base_path):]) if parts.path != base_path else "."
        here = site
    elif parts.path.startswith("/"):  # from the site's root, as in 404.html
        if not parts.path.startswith(base_path):
            return None
        path, here = parts.path[len(base_path):], site
    else:
        path, here = parts.path, page.parent
    target = (here / unquote(path)).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    origin, base_path = _site_base(site)
    broken: list[str] = []
    checked = 0
    for page in _html_pages(site):
        where = page.relative_to(site).as_posix()
        for el in _parse(page).iter():
            attribute = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}.get(el.tag)
            href = el.get(attribute) if attribute else None
            if not href:
                continue
            found = _target(site, page, href, origin, base_path)
            if found is None:
                continue
            target, fragment = found
            checked += 1
            if not target.is_file():
                broken.append(f"{where}: <{el.tag}> {href} -> no file {target}")
            elif fragment and el.tag == "a" and target.suffix == ".html" and fragment not in _ids(target):
                broken.append(f"{where}: {href} -> no element with id `{fragment}` in {target.relative_to(site)}")
    assert checked > 1000, f"only {checked} internal links found: is the parsing right?"
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:50])


def test_every_page_is_valid_html(site: Path) -> None:
    problems = []
    for page in _html_pages(site):
        parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
        parser.parse(page.read_bytes())
        for (line, column), code, data in parser.errors:
            problems.append(f"{page.relative_to(site)}:{line}:{column}: {code} {data or ''}")
    assert not problems, "\n".join(problems[:50])


def test_the_service_worker_is_at_the_site_root(site: Path) -> None:
    worker = (site / "sw.js").read_text(encoding="utf-8")
    assert re.search(r'const CACHE = "casebook-[0-9a-f]{12}"', worker), "the cache name is not stamped"
    assert not (site / "assets" / "casebook" / "sw.js").exists()


# --- in Chromium --------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_passes_axe_and_stays_on_its_origin(name: str, page) -> None:  # type: ignore[no-untyped-def]
    # The `page` fixture fails the test on a JavaScript error; its context on any request to
    # another origin, which also covers the no-foreign-request check for every page type.
    page.goto(PAGE_TYPES[name], wait_until="load")
    assert page.locator("h1").count() == 1
    problems = serious_violations(page)
    assert not problems, f"{name}: " + "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("name", DARK)
def test_dark_scheme_passes_axe(name: str, page) -> None:  # type: ignore[no-untyped-def]
    page.emulate_media(color_scheme="dark")
    page.goto(PAGE_TYPES[name], wait_until="load")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    problems = serious_violations(page)
    assert not problems, f"{name} (dark): " + "\n".join(problems)


_CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    urls.push(...(await cache.keys()).map((r) => r.url));
  }
  return urls;
}"""


@pytest.mark.browser
def test_the_site_works_offline_once_loaded(browser, site: Path) -> None:  # type: ignore[no-untyped-def]
    # A server of its own, stopped half-way: going offline must not depend on the browser's
    # offline emulation reaching the service worker.
    url, server = serve(site)
    context = browser.new_context(base_url=url)
    foreign: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                  else (foreign.append(route.request.url), route.abort()))
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("", wait_until="load")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        # The first page's own files are cached on the worker's first message; later views go through it.
        page.wait_for_function(f"""(async () => {{
          const urls = await ({_CACHED_URLS})();
          return urls.includes("{url}") && urls.some((u) => u.endsWith("/assets/casebook/filters.js"));
        }})()""")
        page.get_by_role("link", name="Case-study library").first.click()
        page.wait_for_url("**/case-studies/")
        # A reader who saw the library set up: its on-demand modules and styles went through the worker.
        expect(page.locator(".cb-library form.cb-filters")).to_be_visible()
        page.goto("guidance/funding-and-procurement/", wait_until="load")
        page.wait_for_function(f"""(async () => {{
          const urls = await ({_CACHED_URLS})();
          return ["case-studies/", "guidance/funding-and-procurement/"].every((p) => urls.includes("{url}" + p));
        }})()""")

        server.shutdown()
        server.server_close()
        context.set_offline(True)

        page.reload(wait_until="load")
        assert page.locator("h1").first.inner_text().strip() != ""
        assert "funding" in page.title().lower()
        # A library opened with a filter, never fetched with that query: its cached page, with
        # its scripts (from the cache too) applying the filter.
        # The library's modules load on demand, so the checks wait for them.
        page.goto("case-studies/?setting=rural", wait_until="load")
        expect(page.locator(".cb-library form.cb-filters")).to_be_visible()
        expect(page.locator("input[name=setting][value=rural]")).to_be_checked()
        expect(page.locator(".cb-count")).to_contain_text(" of ")
        page.goto("", wait_until="load")
        assert page.locator(".md-content h1").count() == 1
        assert not errors, errors
    finally:
        context.unroute_all(behavior="ignoreErrors")  # the service worker may still be fetching
        context.close()
        server.server_close()
    assert not foreign, f"requests to another origin: {foreign}"
