"""The MkDocs adapter: it watches the content, adds pages and assets, and fails on bad content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from casebook.plugin import CasebookPlugin
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from tests.conftest import build_site, copy_project

ROOT = Path(__file__).resolve().parents[1]


def configured(project: Path) -> tuple[CasebookPlugin, object]:
    """The site's configuration after every plugin's `on_config`, as MkDocs runs it."""
    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    return config.plugins["casebook"], config


def test_serve_watches_the_content_folder() -> None:
    _, config = configured(ROOT)
    assert str(ROOT / "case_studies") in [str(Path(p)) for p in config.watch]


def test_generated_pages_and_assets_are_added() -> None:
    _, config = configured(ROOT)
    files = config.plugins.on_files(Files([]), config=config)
    paths = {f.src_uri for f in files}
    assert {"case-studies/index.md", "case-studies/school-a.md", "glossary.md", "assets/casebook/casebook.js"} <= paths
    school = files.get_file_from_path("case-studies/school-a.md")
    assert school.generated_by == "casebook"


def test_bad_content_raises_a_plugin_error_with_every_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    school = project / "case_studies/schools/school-b.yaml"
    school.write_text(school.read_text(encoding="utf-8").replace("pupils: 230", "pupils: lots"), encoding="utf-8")
    (project / "case_studies/schools/school-e.yaml").write_text("id: school-e\n", encoding="utf-8")
    _, config = configured(project)
    with pytest.raises(PluginError) as caught:
        config.plugins.on_files(Files([]), config=config)
    message = str(caught.value)
    assert "case_studies/schools/school-b.yaml:" in message and "`facts.pupils`" in message
    assert "case_studies/schools/school-e.yaml:1:1: error: missing required field `title`" in message


def test_a_build_with_bad_content_fails_without_traceback(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "case_studies/schools/school-e.yaml").write_text("id: school-e\ntitle: [\n", encoding="utf-8")
    result = build_site(project, tmp_path / "out")
    assert result.returncode != 0
    assert "case_studies/schools/school-e.yaml:3:1: error:" in result.stderr
    assert "Traceback" not in result.stderr


# --- pages handed over as HTML; search (issue 17) ------------------------------------------------


@pytest.mark.plugin_only
def test_generated_pages_keep_headings_permalinks_toc_and_abbreviations(site: Path) -> None:
    html = (site / "case-studies" / "school-a" / "index.html").read_text(encoding="utf-8")
    # (Pagefind is told to leave the pilcrow out of section titles: `data-pagefind-ignore`.)
    assert re.search(r'<h2 id="facts">Facts<a (data-pagefind-ignore )?class="headerlink" href="#facts" '
                     r'title="Permanent link">&para;</a></h2>', html)
    # Material's table of contents, made from the core's toc tokens.
    toc = html.split('data-md-component="toc"', 1)[1].split("</nav>", 1)[0]
    for anchor in ("#facts", "#leadership", "#how-ict-is-used", "#advice", "#source"):
        assert f'href="{anchor}"' in toc
    assert '<h2 id="how-ict-is-used">How is <abbr title="' in html


@pytest.mark.plugin_only
def test_prerendered_pages_reach_mkdocs_without_their_body() -> None:
    plugin, config = configured(ROOT)
    files = config.plugins.on_files(Files([]), config=config)
    school = files.get_file_from_path("case-studies/school-a.md")
    assert school.content_string.strip().startswith("---") and "## Facts" not in school.content_string
    html = plugin.prerendered["case-studies/school-a.md"].html  # the whole body, every section of it
    assert re.findall(r'<h2 id="([^"]+)"', html) == [
        "facts", "leadership", "context", "how-ict-is-used", "where-they-want-to-go", "making-it-happen",
        "who-they-involve", "advice", "themes", "related", "source"]


@pytest.mark.plugin_only
def test_search_is_pagefind_behind_materials_search_box(site: Path) -> None:
    import json

    # Material's own index is written with no documents: it no longer parses every page.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["lang"] == ["en"]
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    worker = workers[0].read_text(encoding="utf-8") if workers else ""
    assert '"pagefind/"' in worker and '"pagefind-headlines/"' in worker
    # Two indexes: every page's text, and every page's title and opening words, searched first.
    for folder in ("pagefind", "pagefind-headlines"):
        assert (site / folder / "pagefind.js").is_file() and any((site / folder / "fragment").iterdir())
    assert len(list((site / "pagefind-headlines" / "fragment").iterdir())) == len(
        list((site / "pagefind" / "fragment").iterdir()))
    school = (site / "case-studies" / "school-a" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-body data-pagefind-filter="area:content"' in school
    assert 'class="cb-related" data-pagefind-ignore="all"' in school or "cb-related" not in school
    contributing = (site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="area:contributing"' in contributing
    # A fact's term and value are apart in the text, so search previews do not run them together.
    assert "</dt> <dd>" in school and "</dt><dd>" not in school
    # The search box is Material's own, and no page asks another origin for anything.
    assert 'class="md-search__input"' in school


@pytest.mark.plugin_only
def test_serve_rebuilds_write_what_a_fresh_build_writes(tmp_path: Path) -> None:
    """Two builds as `mkdocs serve` runs them (one plugin object, caches kept), the second after an
    edit, give the same pages as a fresh build of the edited content."""
    import logging

    from mkdocs.commands.build import build

    project = copy_project(tmp_path / "project")
    url = "http://127.0.0.1:8000/"
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    def config_for(site: Path):  # type: ignore[no-untyped-def]
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.site_url = url
        return config

    from mkdocs.config.defaults import MkDocsConfig

    # MkDocs keeps one object of a plugin with `on_startup` for the process, as `serve` relies on:
    # start with a new one, and leave none in serve mode behind for other tests.
    kept = MkDocsConfig.plugins.plugin_cache  # type: ignore[attr-defined]
    kept.pop("casebook", None)
    try:
        _serve_twice(project, tmp_path, url, config_for, build)
    finally:
        kept.pop("casebook", None)


def _serve_twice(project: Path, tmp_path: Path, url: str, config_for, build) -> None:  # type: ignore[no-untyped-def]
    import yaml

    served = tmp_path / "served"
    first = config_for(served)
    first.plugins.on_startup(command="serve", dirty=False)
    plugin = first.plugins["casebook"]
    build(first, serve_url=url)
    school = project / "case_studies" / "schools" / "school-c.yaml"
    record = yaml.safe_load(school.read_text(encoding="utf-8"))
    record["summary"] += " Edited under serve."
    school.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    second = config_for(served)
    assert second.plugins["casebook"] is plugin
    build(second, serve_url=url)
    assert plugin.loop.files.parsed == 1 and plugin.loop.renders.rendered > 0
    assert plugin.loop.outputs.reused > 0  # pages not rendered again are written from the last build

    fresh = tmp_path / "fresh"
    result = build_site(project, fresh, site_url=url)  # another process: a plugin object of its own
    assert result.returncode == 0, result.stderr
    compared = 0
    for page in fresh.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        mine = (served / page.relative_to(fresh)).read_text(encoding="utf-8")
        assert mine == page.read_text(encoding="utf-8"), page.relative_to(fresh)
        compared += 1
    assert compared > 50
    assert "Edited under serve." in (served / "case-studies" / "school-c" / "index.html").read_text(encoding="utf-8")


def test_the_headline_index_holds_each_page_s_title_and_opening_words_as_text(tmp_path: Path) -> None:
    from casebook.search import LEDE_WORDS, headline, mark_page, write_headline_pages

    article = '<article class="md-content__inner md-typeset">'
    def page(body: str) -> str:
        return mark_page(f"<html><body>{article}{body}</article></body></html>", "case-studies/x.md")

    school = page('<h1 id="x">School &lt;X&gt;<a data-pagefind-ignore class="headerlink" href="#x">&para;</a></h1>'
                  '<p class="cb-back-top">back</p>'
                  '<div class="cb-summary"><p>A <abbr title="information">ICT</abbr> &amp; "more" '
                  + "word " * 60 + "</p></div><p>The body.</p>")
    title, lede, area = headline(school) or ("", "", "")
    assert (title, area) == ("School <X>", "content")
    assert lede.startswith('A ICT & "more" word') and len(lede.split()) == LEDE_WORDS
    # A hand-written page: its introduction, or else its first plain paragraph.
    assert headline(page('<h1>Guide</h1><p class="cb-intro">Intro.</p>'))[1] == "Intro."  # type: ignore[index]
    assert headline(page('<h1>Guide</h1><div class="x"><p>First.</p></div>'))[1] == "First."  # type: ignore[index]
    assert headline("<html><h1>Not indexed</h1></html>") is None  # no Pagefind body: the 404 page

    # Written out, the text is escaped again: a title that reads as markup stays text.
    site, out = tmp_path / "site", tmp_path / "out"
    (site / "case-studies" / "x").mkdir(parents=True)
    (site / "case-studies" / "x" / "index.html").write_text(
        page("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><p>&lt;img src=https://evil.example/x&gt;</p>"),
        encoding="utf-8")
    (site / "404.html").write_text("<html><h1>Not found</h1></html>", encoding="utf-8")
    assert write_headline_pages(str(site), str(out)) == 1
    stub = (out / "case-studies" / "x" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in stub and "<img" not in stub
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in stub and 'data-pagefind-filter="area:content"' in stub
