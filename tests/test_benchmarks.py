"""The benchmark runs from a clean checkout: its synthetic content is valid and one small run
prints and writes every figure. (The figures themselves are read by people, not asserted.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from casebook.library import load_library

from benchmarks import floor, run
from benchmarks.synthetic import KINDS, copy_project, generate

ROOT = Path(__file__).resolve().parents[1]


def test_synthetic_records_of_every_kind_are_valid(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    before = load_library(project / "case_studies", project)
    written = generate(project, 7)
    after = load_library(project / "case_studies", project)  # raises on any invalid record
    assert written == 7 * len(KINDS)
    for kind in KINDS:
        assert len(after.records[kind]) == len(before.records[kind]) + 7, kind
    # Synthetic records point at each other, so backlinks grow with them.
    assert any(ref.startswith("schools/syn") for ref in after.backlinks)


def test_a_small_run_prints_and_writes_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "figures.json"
    assert run.main(["--sizes", "1,3", "--repeats", "1", "--no-serve", "--no-browser", "--profile", "3",
                     "--out", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert [size["n"] for size in figures["sizes"]] == [1, 3]
    for size in figures["sizes"]:
        assert size["pages"] > 40 and size["records"] > 60
        assert size["build_plugin_s"] > 0 and size["build_plain_s"] > 0
        # (The plugin hands MkDocs HTML, so it may well build faster than the generated Markdown.)
        assert 0.2 < size["ratio_cpu"] < 3, "the plain build is not building the same pages"
        assert size["peak_rss_plugin_mb"] > 20 and size["validate_per_500_records_s"] > 0
        # The text floor (issue 17): the same words as plain Markdown, no plugin, built in the same run.
        assert size["build_textfloor_cpu_s"] > 0 and 0.3 < size["textfloor_ratio_cpu"] < 5
        assert size["plain_broken_links"] == 0, "the generated project has links that lead nowhere"
        assert size["library_page_gzip_bytes"] > 1000
    assert set(figures["targets"]) >= {"build ratio at N=500 (wall time)", "validation of 500 records (wall time), s"}
    assert any(name.startswith("plugin build / text floor") for name in figures["targets"])
    printed = capsys.readouterr().out
    assert "plugin s" in printed and "targets:" in printed and "build growth exponent" in printed
    assert "text floor (issue 17)" in printed
    # Both floors' ratios (issue 24), and where the plugin's build goes at the profiled size.
    for size in figures["sizes"]:
        assert size["build_glancefloor_cpu_s"] > 0 and size["glancefloor_ratio_cpu"] > size["textfloor_ratio_cpu"] * 0.8
        assert len(size["textfloor_ratio_cpu_each"]) == 1
    assert "glance floor (closed <details> left out)" in printed
    profiled = [raw["profile"] for raw in figures["raw"] if raw["profile"]]
    assert len(profiled) == 1 and "where the plugin's build goes at N=3" in printed
    steps = {step["step"] for step in profiled[0]["steps"]}
    assert "plugin: load the content and render every page (on_files)" in steps
    assert profiled[0]["children_cpu_s"] > 0, "Pagefind's CPU time is not counted"


def test_the_text_floor_keeps_what_a_reader_can_read_with_no_script() -> None:
    page = ('<html><article class="md-content__inner md-typeset">'
            '<h1 id="t">School A<a class="headerlink" href="#t">&para;</a></h1>'
            '<p>Pupils <em>on</em> roll: 230 &amp; rising</p><p class="cb-search-terms" hidden>DfE</p>'
            '<div hidden><p>Filter <b>me</b></p><h2>Hidden heading</h2></div>'
            '<details><summary>Evidence</summary><p>The report, page 4.</p></details>'
            '<details open><summary>Open</summary><p>Shown.</p></details>'
            '<h2>Leadership</h2><ul><li>One [a]</li><li>2. Two<br>lines</li></ul></article></html>')
    assert floor.visible_markdown(page) == ("School A", "Pupils on roll: 230 & rising\n\nEvidence\n\n"
                                            "The report, page 4.\n\nOpen\n\nShown.\n\n## Leadership\n\n"
                                            "One \\[a\\]\n\n2\\. Two\n\nlines")
    # A first glance's words (the glance floor): a closed <details> shows its summary only.
    assert floor.visible_markdown(page, closed_details=False)[1] == (
        "Pupils on roll: 230 & rising\n\nEvidence\n\nOpen\n\nShown.\n\n## Leadership\n\n"
        "One \\[a\\]\n\n2\\. Two\n\nlines")
