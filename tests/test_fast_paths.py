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
