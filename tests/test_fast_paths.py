"""The fast paths added for the performance budget give exactly what the reference paths give.

- `yamlsafe.parse` builds data from libyaml's events when it can; the pure-Python parser is the
  reference (and still produces every error message).
- `markup.Markdown.block` writes plain prose without Python-Markdown; Python-Markdown plus nh3
  is the reference.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from casebook import markup, yamlsafe
from casebook.library import load_library
from casebook.render import Linker, Renderer

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "case_studies"


def _reference_parse(text: str) -> Any:
    saved, yamlsafe.CParser = yamlsafe.CParser, None
    try:
        return _outcome(yamlsafe.parse, text)
    finally:
        yamlsafe.CParser = saved


def _outcome(parse: Any, text: str) -> Any:
    try:
        parsed = parse(text)
    except yamlsafe.YamlProblem as problem:
        return ("problem", problem.message, problem.line, problem.column)
    return (parsed.data, parsed.values, parsed.keys)


EDGE_CASES = [
    "a: 1\nb:\n  - x\n  - y: 2\n", "x: >-\n  folded\n  text\n\n  para\n", "x: |\n  lit\n   more\n",
    "k: 'it''s'\n", 'k: "a\\u00e9\\n"\n', "k: [a, {b: c}]\n", "k: 010\n", "k: 1_000\n", "k: 0x1F\n", "k: .5\n",
    "k: -.inf\n", "k: .NaN\n", "k: ~\n", "k:\n", "- a\n- b\n", "a: b # comment\n", "a: 'multi\n  line'\n",
    "null: 1\n", "1: a\n", "true: x\n", "k: 2007-06-01\n", "k: yes\n", "k: v\r\nj: w\r\n", "k: a\u2028b\n",
    "---\nk: v\n...\n", "%YAML 1.1\n---\nk: v\n", "", "# only a comment\n", "---\n", "x\n", "[1, [2, [3]]]\n",
    "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: ! 1\n", 'a: "\\x00"\n', "[" * 45 + "]" * 45,
    "a: b: c\n", "a: [1\n", "a: 'x\n", "---\na: 1\n---\nb: 2\n", "[a, b]: c\n", "{a: b}\n", "a: 9" + "9" * 5000 + "\n",
    "a:\n- b\n- c\n", 'a: "\\ud800"\n', "id: x\n\ttitle: y\n", "a: 'tab\there'\n", "? complex\n: v\n",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_yaml_fast_path_matches_the_reference_on_edge_cases(text: str) -> None:
    assert _outcome(yamlsafe.parse, text) == _reference_parse(text)


def test_yaml_fast_path_matches_the_reference_on_all_content() -> None:
    files = sorted(CONTENT.rglob("*.yaml"))
    assert len(files) > 40
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert _outcome(yamlsafe._parse_fast, text) == _reference_parse(text), path


def _text_fields() -> Iterator[str]:
    """Every text the renderer turns into HTML, for the real content."""
    seen: list[str] = []
    library = load_library(CONTENT, ROOT)
    renderer = Renderer(library, Linker())
    original = renderer.markdown.block
    renderer.env.filters["md"] = lambda text: (seen.append(text), original(text))[1]
    renderer.env.filters["mdi"] = lambda text: (seen.append(text), renderer.markdown.inline(text))[1]
    list(renderer.pages())
    yield from (text for text in seen if text)


def _random_prose(glossary: dict[str, str], count: int) -> Iterator[str]:
    words = ["the", "school", "(ICT)", "e-learning", "it's", '"quoted"', "100%", "1.", "2007.", "-", "+", "=",
             ":", "!", "é", "\n", "\n\n", "\n\n\n", "  ", "no\u00a0break", "http://x.y", "T&L", "a_b", "*", "#",
             "**", "**bold**", "**two words**", "**end.**", "x**y**", "**y**x", "***", "****", "**a*b**", "** b**",
             "**b **", "**\n**", "**ICT**", "**é**", "**1.**", *glossary]
    rng = random.Random(7)
    for _ in range(count):
        yield " ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))


def test_prose_fast_path_matches_python_markdown() -> None:
    library = load_library(CONTENT, ROOT)
    glossary = {term.abbr: term.expansion for term in library.glossary.terms}
    awkward = {"ICT": 'a "quoted" <b> & &amp; title\u00a0here', "T&L": "teaching and learning", "SEN": "x"}
    texts = list(_text_fields())
    assert len(texts) > 500
    fast = strong = 0
    for md in (markup.Markdown(glossary), markup.Markdown(awkward)):
        for text in [*texts, *STRONG_CASES, *_random_prose(md.glossary, 5000)]:
            prose = md._prose(text)
            if prose is None:
                continue
            fast += 1
            strong += "<strong>" in prose
            assert prose == markup._clean(md._md.reset().convert(text)), text
    assert fast > 2000, "the fast path is hardly ever taken"
    assert strong > 200, "the fast path hardly ever takes text with **strong** spans"


STRONG_CASES = [
    "**Lead-in.** Then text.", "a **b** c **d e** f", "**a**", "x **ICT** y", "**a**, **b**; (**c**)", "\"**q**\"",
    "**a**b", "b**a**", "**a** **b**", "**a\nb**", "**a**\n\n**b**", "** a**", "**a **", "***a***", "**a*b**",
    "**é**", "é**a**", "**a**é", "**a.**", "**1.** x", "x\n**-a**", "**https://x.y**", "**a\u00a0b**", "**SEN**s",
]


# --- generated pages handed to MkDocs as HTML (render/html.py) -------------------------------


def _site_markdown() -> Any:
    """A Markdown processor configured as mkdocs.yml configures MkDocs' (extensions and settings)."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return config, lambda: markdown.Markdown(extensions=config.markdown_extensions,
                                             extension_configs=config.mdx_configs)


def _bodies(renderer: Renderer) -> Iterator[tuple[str, Any]]:
    for job in renderer.jobs():
        page = renderer.render(job)
        yield job.path, page


def test_html_handoff_matches_python_markdown_on_every_generated_page() -> None:
    import re

    from casebook.render.html import Permalink, to_html

    config, make = _site_markdown()
    library = load_library(ROOT / "case_studies", ROOT)
    renderer = Renderer(library, Linker(), permalink=Permalink.from_config(config.mdx_configs.get("toc")))
    normal = lambda html: re.sub(r"\n+", "\n", html).strip()  # noqa: E731
    handed = 0
    for path, page in _bodies(renderer):
        body = page.markdown.split("\n---\n", 1)[-1] if page.markdown.startswith("---\n") else page.markdown
        mine = to_html(body.strip(), renderer.permalink)
        if mine is None:
            continue
        handed += 1
        md = make()
        expected = md.convert(body)
        assert normal(mine.html) == normal(expected), path
        assert mine.toc == md.toc_tokens, path
        assert page.html == mine.html and page.toc == mine.toc
    # Every generated page of the real site takes the fast way.
    assert handed == len(renderer.jobs())


@pytest.mark.parametrize("body", [
    "Some *Markdown* paragraph\n",
    "## Heading with a class {: .wide }\n",
    "<div>\n<!-- a comment -->\n</div>\n",
    "<span>inline start</span>\n",
    '<div title="a > b">x</div>\n',
    "## Title with *emphasis* {: #t }\n",
])
def test_html_handoff_leaves_anything_else_to_python_markdown(body: str) -> None:
    from casebook.render.html import to_html

    assert to_html(body) is None


def test_html_handoff_headings_blocks_and_toc() -> None:
    from casebook.render.html import Permalink, to_html

    body = ('# A title\n\n<p class="x">Intro</p>\n\n'
            '## Fish &amp; chips <abbr title="information">ICT</abbr> {: #fish }\n\n'
            '<div>\n<div>\n## not a heading inside a block\n</div>\n</div>\n### Part {: #part }\n<ul><li>a</li></ul>'
            '<ol><li>b</li></ol>\n')
    rendered = to_html(body, Permalink.from_config({"permalink": "#"}))
    assert rendered is not None
    assert '<h2 id="fish">Fish &amp; chips <abbr title="information">ICT</abbr><a class="headerlink" href="#fish" ' \
           'title="Permanent link">#</a></h2>' in rendered.html
    assert "## not a heading inside a block" in rendered.html
    assert "<ul><li>a</li></ul>\n<ol><li>b</li></ol>" in rendered.html
    assert [(t["id"], t["name"], [c["id"] for c in t["children"]]) for t in rendered.toc[0]["children"]] == \
           [("fish", "Fish &amp; chips ICT", ["part"])]
    assert rendered.html.startswith('<h1 id="a-title">A title<a class="headerlink" href="#a-title"')
    assert rendered.ids == {"a-title", "fish", "part"}


# --- the edit loop: parse and render only what changed (incremental.py) ----------------------


def test_edit_loop_renders_again_only_what_an_edit_changes(tmp_path: Path) -> None:
    import shutil

    import yaml
    from casebook.incremental import FileCache, RenderCache
    from casebook.render.html import Permalink

    project = tmp_path / "project"
    for name in ("case_studies", "docs"):
        shutil.copytree(ROOT / name, project / name)
    content = project / "case_studies"
    files, pages = FileCache(), RenderCache()

    def build() -> tuple[list[Any], list[Any]]:
        files.begin()
        library = load_library(content, project, load=files)
        renderer = Renderer(library, Linker(), permalink=Permalink())
        cached = pages.pages(renderer, files.changed, ("settings",), lambda r: list(r.pages()))
        fresh = Renderer(load_library(content, project), Linker(), permalink=Permalink())
        return cached, list(fresh.pages())

    def edit(relative: str, change: Any) -> None:
        path = content / relative
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(record)
        path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")

    cached, fresh = build()
    total = len(fresh)
    assert cached == fresh and pages.rendered == total
    cached, fresh = build()  # nothing changed: nothing parsed, nothing rendered
    assert files.parsed == 0 and pages.rendered == 0 and cached == fresh

    def reason(record: Any) -> None:
        # The first judgement with a reason of its own (a not-assessed reason is written by the template).
        today = next(b["today"] for g in record["groups"] for b in g["behaviours"] if "reason" in b.get("today", {}))
        today["reason"] += " Marker."

    findings = next(p for p in sorted((content / "findings").glob("*.yaml"))).relative_to(content).as_posix()

    def opening(item: Any) -> None:
        item["text"] = "Marker. " + item["text"]

    def first_words(record: Any) -> None:
        # The opening sentence names an advice item wherever it is linked: a self-check's "read next"
        # on the hub and the action plan, the crosswalk.
        advice = next(a for a in record["advice"] if a["id"] == "decide-where-the-lead-sits")
        advice["text"] = "Marker first. " + advice["text"]
    edits = [
        ("schools/school-a.yaml", lambda r: r.update(summary=r["summary"] + " Marker one."), False),
        ("guidance/communication.yaml", lambda r: r["advice"][0].update(text=r["advice"][0]["text"] + " Marker."),
         False),
        (findings, reason, False),  # shown on the Then and now page and the standards' pages
        ("guidance/distributed-leadership.yaml", first_words, False),
        (findings, lambda r: opening(r["groups"][0]["behaviours"][0]), False),
        ("roles/technology-leader.yaml", lambda r: opening(r["principles"][0]), False),
        ("cpd/journal-clubs.yaml", lambda r: r.update(what_it_is=r["what_it_is"] + " Marker."), False),
        ("roles/technology-leader.yaml", lambda r: r.update(summary=r["summary"] + " Marker."), False),
        ("schools/school-c.yaml", lambda r: r.update(sources=r["sources"][:1]), False),  # the Sources page
        ("schools/school-b.yaml", lambda r: r.update(title="School B, renamed"), True),
    ]
    check = next(p for p in sorted((content / "self-checks").glob("*.yaml"))
                 if "attached_to" in yaml.safe_load(p.read_text(encoding="utf-8")))
    def ask_more(record: Any) -> None:
        question = record["groups"][0]["questions"][0]
        question["text"] += " Now?"

    edits.append((check.relative_to(content).as_posix(), ask_more, False))
    # An attached self-check is shown on the page of the record it is attached to.
    shown_on = {check.relative_to(content).as_posix():
                f"{yaml.safe_load(check.read_text(encoding='utf-8'))['attached_to'].split('#')[0]}.yaml"}
    for relative, change, everything in edits:
        before = {p.path: p.markdown for p in cached}
        edit(relative, change)
        cached, fresh = build()
        assert files.parsed == 1, relative
        # The edit reaches the edited record's own page (comparing with a fresh render alone would
        # not see an edit that neither path shows).
        own = [p for p in cached if p.source and p.source.endswith(shown_on.get(relative, relative))]
        assert len(own) == 1 and own[0].markdown != before[own[0].path], relative
        assert [p.path for p in cached] == [p.path for p in fresh]
        for mine, theirs in zip(cached, fresh, strict=True):
            assert mine == theirs, (relative, mine.path)
        if everything:
            assert pages.rendered == total, relative
        else:
            # Pages that gather records (libraries, hubs, routes ...) and the records linked either
            # way; on this small, densely linked site that is most of it, but never every page.
            assert 0 < pages.rendered < total, (relative, pages.rendered, total)
        if relative.startswith("schools/") and not everything:
            # The crosswalk's pages (the largest at scale) draw on no school.
            assert not {p for p in pages.rendered_paths if p == "then-and-now.md" or p.startswith("standards/")}
