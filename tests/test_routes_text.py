"""Route steps describe their page (issue 28.5): a step's text may say only what its page says.

Each step's `why`, as the route page shows it, is checked word by word against its page as built:
every word that carries meaning must occur in the page's title, summary or headings. What a route
adds of its own (what to look for, what to compare) goes in the step's `advice`, shown as the
route's suggestion, and is not checked against the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest

# Words that carry no claim about a page: articles, pronouns, linking words and the route's own
# framing ("read", "page", "step").
_FUNCTION_WORDS = """
a an the and or but nor so of in on at to for from by with without as into onto than then this that these
those it its is are was were be been being do does did has have had how what which who whom whose why when
where whether each every all any some both one two three four five first last next own more most other same
such not no only also just their there they them you your yours we our us he she his her him read reading
page step here about before after between through under over can may will would should could must
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


def words(text: str) -> list[str]:
    return list(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("\u2019", "'")))


def stems(word: str) -> set[str]:
    """The word and what it may be with an ending taken off (`involves`: `involve`, `involv`), so that
    one form of a word on the page supports another in the step."""
    word = word.removesuffix("'s")
    found = {word}
    for suffix in ("ies", "es", "s", "ing", "ed", "d"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            found.add(word[: -len(suffix)] + ("y" if suffix == "ies" else ""))
    return found


def parse(path: Path) -> Element:
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text(element: Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def has_class(element: Element, cls: str) -> bool:
    return cls in (element.get("class") or "").split()


def page_words(site: Path, href: str, base: Path) -> set[str]:
    """The stems of a page's title, summary (or opening paragraphs) and headings, as built."""
    target = (base / href.partition("#")[0]).resolve()
    root = parse(target / "index.html" if target.is_dir() else target)
    article = next(e for e in root.iter("article"))
    said = [text(e) for e in article.iter() if e.tag in ("h1", "h2", "h3")]
    said += [text(e) for e in article.iter("div") if has_class(e, "cb-summary")]
    # A page with no summary of its own (a library, a hub) opens with one: its paragraphs before the
    # first section heading.
    for e in article:
        if e.tag in ("h2", "h3"):
            break
        if e.tag == "p":
            said.append(text(e))
    return {s for part in said for w in words(part) for s in stems(w)}


def unsupported(why: str, supported: set[str]) -> list[str]:
    return [w for w in words(why) if w not in FUNCTION_WORDS and not stems(w) & supported and not w.isdigit()]


def steps(site: Path) -> list[tuple[str, str, str, Path]]:
    """(route, link, why) of every step of every route page, with the folder its links are relative to."""
    found = []
    for route_page in sorted((site / "start").glob("*/index.html")):
        root = parse(route_page)
        for li in root.iter("li"):
            if li.get("data-key") is None:
                continue
            link = next(a for a in li.iter("a"))
            why = next(d for d in li.iter("div") if has_class(d, "cb-route-why"))
            found.append((route_page.parent.name, link.get("href") or "", text(why), route_page.parent))
    return found


# The routes whose texts this check holds to; the headteacher's and the contributor's are reworded by
# their own owners and join the set when they pass.
CHECKED = ("study", "technology-leader")


def test_every_route_step_says_only_what_its_page_says(site: Path) -> None:
    found = steps(site)
    assert {route for route, *_ in found} == {"contributor", "headteacher", "study", "technology-leader"}
    assert len([r for r, *_ in found if r in CHECKED]) == 23
    problems = []
    for route, href, why, base in found:
        if route not in CHECKED:
            continue
        extra = unsupported(why, page_words(site, href, base))
        if extra:
            problems.append(f"{route} -> {href}: {', '.join(extra)} (in: {why})")
    assert problems == []


def test_the_check_finds_a_claim_the_page_does_not_make(site: Path) -> None:
    href = "../../guidance/professional-learning/"
    supported = page_words(site, href, site / "start" / "study")
    assert unsupported("How to help staff learn to use technology well.", supported) == []
    assert unsupported("Professional learning was at the heart of every school's change.", supported) == [
        "heart"]


def test_the_routes_advice_is_shown_as_its_own(site: Path) -> None:
    root = parse(site / "start" / "study" / "index.html")
    advice = [text(p) for p in root.iter("p") if has_class(p, "cb-route-advice")]
    assert advice and all(a.startswith("The route suggests: ") for a in advice)


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
