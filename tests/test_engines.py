"""One library, three engines (issue 18): MkDocs and ProperDocs through the plugin, Zensical from the
project `casebook generate` writes.

- the written project is complete: pages in folders of their own, page URLs in HTML and JSON,
  hand-written pages with the glossary's abbreviations, assets, the stamped service worker, a
  configuration without the plugin; oversized pages left out of search;
- the real site built by each engine has the same pages and the same text on every school page;
- on each engine's site, in Chromium: the filters and a self-check work, the site works offline,
  and nothing is requested from another origin.

The rest of the suite runs against one engine at a time (`CASEBOOK_ENGINE`, see conftest.py);
these tests compare the engines, so they build all three and run once.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest
import yaml
from casebook import export
from casebook.library import load_library

from tests.conftest import ENGINES, ROOT, build_site, copy_project, serve

PAGE_LINK = re.compile(r'(?:href|src)="([^"]*)"')
JSON_URL = re.compile(r'"url":\s*"([^"]*)"')


def _text(element) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", "".join(element.itertext()).replace("¶", "")).strip()


def main_text(path: Path) -> str:
    """The normalised text of a page's main content (the article), without permalink signs."""
    document = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
    article = next(el for el in document.iter("article") if "md-content__inner" in el.get("class", ""))
    return _text(article)


# --- the written project ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> export.Project:
    return export.write_project(ROOT, tmp_path_factory.mktemp("generated") / "project")


def test_the_written_project_is_complete(project: export.Project) -> None:
    config = export.read_config(project.config)
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "casebook" not in plugins and "search" in plugins
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site"
    assert config["extra_css"][0] == "assets/casebook/casebook.css"
    assert {"path": "assets/casebook/casebook.js", "type": "module"} in config["extra_javascript"]
    assert config["theme"]["variant"] == "classic" and config["theme"]["font"] is False
    assert isinstance(config["site_url"], export.Tagged) and config["site_url"].tag == "!ENV"
    for extension in export.REQUIRED_EXTENSIONS:
        assert extension in [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    # The navigation names pages where they were written.
    named = re.findall(r"[\w/-]+\.md", yaml.safe_dump(config["nav"]))
    assert named and all((project.docs / path).is_file() for path in named)
    assert (project.docs / "assets" / "casebook" / "casebook.js").is_file()
    assert not (project.docs / "assets" / "casebook" / "sw.js").exists()
    worker = (project.docs / "sw.js").read_text(encoding="utf-8")
    assert re.search(r'const CACHE = "casebook-[0-9a-f]{12}"', worker)
    # Hand-written pages, with the glossary's abbreviations as the plugin gives them.
    library = load_library(ROOT / "case_studies", ROOT)
    for page in project.hand_written:
        text = (project.docs / export.page_folder_path(page)).read_text(encoding="utf-8")
        for term in library.glossary.terms:
            assert f"*[{term.abbr}]: " in text, (page, term.abbr)


def test_links_in_html_and_json_are_page_urls_to_written_pages(project: export.Project) -> None:
    """No `.md` link is left inside HTML or JSON, where MkDocs rewrites nothing; every page URL a
    generated page links to resolves, from the page's own folder, to a page that was written."""
    checked = 0
    for page in project.generated:
        source = project.docs / export.page_folder_path(page)
        folder = source.parent
        text = source.read_text(encoding="utf-8")
        for url in PAGE_LINK.findall(text) + JSON_URL.findall(text):
            path = url.split("#")[0].split("?")[0]
            if not path or re.match(r"^[a-z]+:|^/", path):
                continue
            assert not path.endswith(".md"), (page, url)
            target = (folder / path).resolve()
            assert (target / "index.md").is_file() or target.is_file(), (page, url)
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_the_written_project_builds_with_mkdocs_and_properdocs_too(project: export.Project, engine: str,
                                                                   tmp_path: Path) -> None:
    """The written configuration is MkDocs', so the plugin-free project builds there as well, strictly;
    `casebook postbuild` then puts Pagefind behind Material's search box, as the plugin does."""
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "--quiet", "-d", str(site)],
                            cwd=project.root, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert (site / "case-studies" / "school-a" / "index.html").is_file()
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "postbuild", str(site)], cwd=project.root,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "casebook-offline.json").is_file()
    workers = list(site.glob("assets/javascripts/workers/search.*.min.js"))
    assert workers and all("pagefind" in w.read_text(encoding="utf-8") for w in workers)
    assert "data-pagefind-body" in (site / "case-studies" / "school-a" / "index.html").read_text(encoding="utf-8")


def test_a_repository_link_keeps_the_plugins_header_partial(tmp_path: Path) -> None:
    """With a `repo_url`, the plugin draws the header's repository link without Material's script
    that asks api.github.com; the written project carries that partial as its `custom_dir`."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "repo_url: https://github.com/example/library\n",
                      encoding="utf-8")
    written = export.write_project(project, tmp_path / "out")
    assert export.read_config(written.config)["theme"]["custom_dir"] == "overrides"
    assert (written.root / "overrides" / "partials" / "source.html").is_file()


def test_move_links_follows_pages_into_their_folders() -> None:
    text = ("See [the sources](sources.md#ncsl), [a school](case-studies/school-a.md), ![x](img/a.png),\n"
            "[web](https://example.org/a.md) and <a href=\"sources/\">raw</a>.\n\n"
            "```text\n[kept](sources.md)\n```\n\n[ref]: contributing/reference.md\n")
    moved = export.move_links(text, "about.md", "about/index.md")
    assert "[the sources](../sources/index.md#ncsl)" in moved
    assert "[a school](../case-studies/school-a/index.md)" in moved
    assert "![x](../img/a.png)" in moved
    assert "[web](https://example.org/a.md)" in moved and '<a href="sources/">' in moved
    assert "```text\n[kept](sources.md)\n```" in moved
    assert "[ref]: ../contributing/reference/index.md" in moved
    assert export.move_links(text, "index.md", "index.md") == text.replace(
        "(case-studies/school-a.md)", "(case-studies/school-a/index.md)").replace(
        "(sources.md#ncsl)", "(sources/index.md#ncsl)").replace(
        "]: contributing/reference.md", "]: contributing/reference/index.md")


def test_generate_writes_only_into_a_folder_of_its_own(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match="not empty"):
        export.write_project(ROOT, taken)
    assert (taken / "notes.txt").read_text(encoding="utf-8") == "mine"
    with pytest.raises(ValueError, match="project folder"):
        export.write_project(ROOT, ROOT)
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "generate", "--out", str(taken)],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "not empty" in result.stderr


def test_oversized_pages_are_left_out_of_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Zensical refuses a page whose search text exceeds 32,768 token positions (the case-study
    library at about 420 schools): such pages carry `search: exclude: true`, and still build."""
    library_page = "case-studies/index.md"
    tokens = export.search_tokens((ROOT / "docs" / "about.md").read_text(encoding="utf-8"))
    assert 50 < tokens < export.SEARCH_TOKEN_BUDGET
    # The real library page is far below the budget; a budget just below its size stands in for
    # a library a hundred times larger.
    real = export.write_project(ROOT, tmp_path / "real")
    assert real.excluded_from_search == []
    size = export.search_tokens((real.docs / library_page).read_text(encoding="utf-8"))
    monkeypatch.setattr(export, "SEARCH_TOKEN_BUDGET", size - 1)
    small = export.write_project(ROOT, tmp_path / "small")
    assert library_page in small.excluded_from_search
    front = (small.docs / library_page).read_text(encoding="utf-8").split("---\n")[1]
    assert yaml.safe_load(front) == {"title": "Case studies", "search": {"exclude": True}}
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict"], cwd=small.root,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    index = (small.root / "site" / "search.json").read_text(encoding="utf-8")
    assert '"location":"case-studies/"' not in index.replace(" ", "")
    kept = next(p for p in small.generated if p not in small.excluded_from_search and p.count("/") == 1)
    assert f'"location":"{kept.removesuffix(".md")}/"' in index.replace(" ", ""), kept


# --- the real site, built by every engine -----------------------------------------------------


class Sites:
    """The real site built by each engine, each served on its own port (and built for it); an
    engine's site is built the first time a test asks for it."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.built: dict[str, tuple[Path, str]] = {}
        self.servers: list[Any] = []

    def __getitem__(self, engine: str) -> tuple[Path, str]:
        if engine not in self.built:
            out = self.factory.mktemp(f"site-{engine}")
            url, server = serve(out)
            self.servers.append(server)
            result = build_site(ROOT, out, site_url=url, engine=engine)
            assert result.returncode == 0, f"{engine}:\n{result.stdout}\n{result.stderr}"
            self.built[engine] = (out, url)
        return self.built[engine]

    def items(self) -> Iterator[tuple[str, tuple[Path, str]]]:
        for engine in ENGINES:
            yield engine, self[engine]

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    built = Sites(tmp_path_factory)
    yield built
    built.close()


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_every_engine_builds_the_same_pages(sites: Sites) -> None:
    pages = {engine: _pages(site) for engine, (site, _) in sites.items()}
    assert len(pages["mkdocs"]) > 40
    for engine in ENGINES[1:]:
        assert pages[engine] == pages["mkdocs"], (engine, pages[engine] ^ pages["mkdocs"])
    for engine, (site, _) in sites.items():
        assert (site / "sw.js").is_file() and (site / "assets" / "casebook" / "casebook.js").is_file(), engine


def test_every_engine_shows_the_same_text_on_every_school_page(sites: Sites) -> None:
    library = load_library(ROOT / "case_studies", ROOT)
    schools = [school.id for school in library.models("schools")]
    assert schools == [*(f"school-{x}" for x in "abcde"),
                       *(f"video-case-study-{x}" for x in ("1", "2", "3", "technical"))]
    for school in schools:
        texts = {engine: main_text(site / "case-studies" / school / "index.html") for engine, (site, _) in
                 sites.items()}
        assert len(texts["mkdocs"]) > 2000, school
        for engine in ENGINES[1:]:
            assert texts[engine] == texts["mkdocs"], f"{school}: {engine} differs from mkdocs"


def test_properdocs_builds_every_page_byte_for_byte_but_for_the_generator(sites: Sites) -> None:
    (mkdocs, mkdocs_url), (properdocs, properdocs_url) = sites["mkdocs"], sites["properdocs"]
    generator = re.compile(r'<meta name="generator" content="[^"]*">')
    pages = sorted(p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("*.html"))
    assert pages == sorted(p.relative_to(properdocs).as_posix() for p in properdocs.rglob("*.html"))
    assert "case-studies/school-a/index.html" in pages and "self-checks/action-plan/index.html" in pages
    differ = [page for page in pages
              if generator.sub("", (mkdocs / page).read_text(encoding="utf-8")).replace(mkdocs_url, "/")
              != generator.sub("", (properdocs / page).read_text(encoding="utf-8")).replace(properdocs_url, "/")]
    assert differ == []


# --- in Chromium, on every engine -------------------------------------------------------------


@pytest.fixture
def engine_context(browser, sites):  # type: ignore[no-untyped-def]
    """Make a fresh browser profile for one engine's site that fails any request to another origin."""
    made = []

    def make(engine: str):  # type: ignore[no-untyped-def]
        url = sites[engine][1]
        context = browser.new_context(base_url=url)
        foreign: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith((url, "data:", "blob:"))
                      else (foreign.append(route.request.url), route.abort()))
        errors: list[str] = []
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        made.append((engine, context, foreign, errors))
        return page

    yield make
    for engine, context, foreign, errors in made:
        context.unroute_all(behavior="ignoreErrors")
        context.close()
        assert not foreign, f"{engine}: requests to another origin: {foreign}"
        assert not errors, f"{engine}: JavaScript errors: {errors}"


@pytest.mark.browser
@pytest.mark.parametrize("engine", ENGINES)
def test_filters_and_a_self_check_work_on_every_engine(engine: str, engine_context) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page = engine_context(engine)
    page.goto("case-studies/?setting=rural", wait_until="load")
    library = page.locator(".cb-library")
    expect(library.locator("input[name=setting][value=rural]")).to_be_checked()
    expect(library.get_by_role("status")).to_contain_text(" of ")
    # The report's two rural schools, School C's (not stated) left out.
    expect(library.locator("article.cb-card:visible h3")).to_have_text(["School A", "School B"])
    library.locator(".cb-panel > summary").click()  # the facets start folded
    library.locator("input[name=setting][value=rural]").uncheck()
    expect(library.get_by_role("status")).not_to_contain_text(" of ")
    # The URL is written once the list is painted (filters.js, save): wait for it.
    page.wait_for_url(lambda url: "setting=rural" not in url)

    page.goto("self-checks/headteacher-appendix-1/", wait_until="load")
    section = page.locator("section.cb-selfcheck")
    expect(section.locator(".cb-sc-tools")).to_be_visible()
    radio = section.locator("li.cb-question input[type=radio]").first
    radio.check()
    page.reload(wait_until="load")
    expect(page.locator("section.cb-selfcheck .cb-sc-tools")).to_be_visible()
    expect(page.locator("section.cb-selfcheck li.cb-question input[type=radio]").first).to_be_checked()


@pytest.mark.browser
def test_zensical_keeps_its_own_search_and_it_finds_a_school(engine_context) -> None:  # type: ignore[no-untyped-def]
    """Zensical's search box talks to its own worker (Pagefind's stands in for Material's only)."""
    from playwright.sync_api import expect

    from tests.browser.test_search import distinctive_word, open_search

    page = engine_context("zensical")
    asked: list[str] = []
    page.context.on("request", lambda request: asked.append(request.url))  # the page's and its workers'

    page.goto("", wait_until="load")
    word = distinctive_word("school-a")
    open_search(page)
    page.keyboard.type(word, delay=20)
    # In the search dialog's shadow root; results may arrive in more than one go, so wait for School A's.
    expect(page.locator(f'a[href*="/case-studies/school-a/?h={word}"]').first).to_be_visible()
    # Which index answered: Zensical's own (search.json), never Pagefind's.
    assert [url for url in asked if "pagefind" in url] == []
    assert any(url.endswith("/search.json") for url in asked), asked


def test_copy_project_builds_with_zensical_from_a_scratch_copy(tmp_path: Path) -> None:
    """`build_site(..., engine="zensical")` works on a copy of the project, as other tests' copies do."""
    project = copy_project(tmp_path / "project")
    result = build_site(project, tmp_path / "site", engine="zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "case-studies" / "school-a" / "index.html").is_file()
    assert (tmp_path / "site" / "casebook-offline.json").is_file()
