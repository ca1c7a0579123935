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
    assert plugin.prerendered["case-studies/school-a.md"].html.count("<h2 ") >= 5


@pytest.mark.plugin_only
def test_search_is_pagefind_behind_materials_search_box(site: Path) -> None:
    import json

    # Material's own index is written with no documents: it no longer parses every page.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["lang"] == ["en"]
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert workers and "pagefind/pagefind.js" in workers[0].read_text(encoding="utf-8")
    assert (site / "pagefind" / "pagefind.js").is_file() and any((site / "pagefind" / "fragment").iterdir())
    school = (site / "case-studies" / "school-a" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-body data-pagefind-filter="area:content"' in school
    assert 'class="cb-related" data-pagefind-ignore="all"' in school or "cb-related" not in school
    contributing = (site / "contributing" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="area:contributing"' in contributing
    # The search box is Material's own, and no page asks another origin for anything.
    assert 'class="md-search__input"' in school
