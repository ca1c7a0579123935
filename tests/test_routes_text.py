"""Route steps describe their page (issue 28.5): a step's text may say only what its page says.

Each step of every route (its title and its `why`, as the route page shows them) is checked word by word
against its page as built:
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
import yaml

from tests.conftest import ROOT

# Words that carry no claim about a page: articles, pronouns, linking words and the route's own
# framing ("read", "page", "step").
_FUNCTION_WORDS = """
a an the and or but nor so of in on at to for from by with without as into onto than then this that these
those it its is are was were be been being do does did has have had how what which who whom whose why when
where whether each every all any some both one first last next own more most other same
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
    # The title the page gives itself (`<title>`, less the site's name) may be the record's own, which the
    # library shows as a heading elsewhere (the findings are "What the five headteachers have in common").
    said = [text(e).rpartition(" - ")[0] for e in root.iter("title")]
    said += [text(e) for e in article.iter() if e.tag in ("h1", "h2", "h3")]
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
    return [w for w in words(why) if w not in FUNCTION_WORDS and not stems(w) & supported]


def steps(site: Path) -> list[tuple[str, str, str, str, Path]]:
    """(route, link, title, why) of every step of every route page, with the folder its links are relative
    to. The title is the step's own where it gives one, else its page's."""
    found = []
    for route_page in sorted((site / "start").glob("*/index.html")):
        root = parse(route_page)
        for li in root.iter("li"):
            if li.get("data-key") is None:
                continue
            link = next(a for a in li.iter("a"))
            why = next(d for d in li.iter("div") if has_class(d, "cb-route-why"))
            found.append((route_page.parent.name, link.get("href") or "", text(link), text(why), route_page.parent))
    return found


ROUTES = sorted(ROOT.joinpath("case_studies", "routes").glob("*.yaml"))


def test_every_step_of_every_route_says_only_what_its_page_says(site: Path) -> None:
    """Every route, every step: its title and its `why` (its `advice` is the route's own, unchecked)."""
    found = steps(site)
    assert {route for route, *_ in found} == {p.stem for p in ROUTES} == {
        "contributor", "headteacher", "study", "technology-leader"}
    assert len(found) == sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["steps"]) for p in ROUTES)
    problems = []
    for route, href, title, why, base in found:
        extra = unsupported(f"{title}. {why}", page_words(site, href, base))
        if extra:
            problems.append(f"{route} -> {href}: {', '.join(extra)} (in: {title}. {why})")
    assert problems == []


def test_the_check_finds_a_claim_the_page_does_not_make(site: Path) -> None:
    href = "../../guidance/professional-learning/"
    supported = page_words(site, href, site / "start" / "study")
    assert unsupported("How to help staff learn to use technology well.", supported) == []
    assert unsupported("Professional learning was at the heart of every school's change.", supported) == [
        "heart"]
    # A number and a year are claims too.
    findings = page_words(site, "../../findings/ncsl-2007/", site / "start" / "study")
    assert unsupported("The five headteachers of the 2007 study.", findings) == []
    assert unsupported("The six headteachers of the 2014 study.", findings) == ["six", "2014"]
    # The texts the headteacher's and contributor's routes had before this check covered them.
    contributing = page_words(site, "../../contributing/", site / "start" / "contributor")
    assert unsupported("How a case study is added: one YAML file, checked for you, in a pull request or "
                       "through the issue form.", contributing) == ["pull", "request", "form"]
    money = page_words(site, "../../guidance/funding-and-procurement/", site / "start" / "headteacher")
    assert unsupported("Where the money came from and how the schools spent it, for the budget conversations "
                       "that follow any plan.", money) == ["came", "spent", "conversations", "follow"]


def test_the_routes_advice_is_shown_as_its_own(site: Path) -> None:
    for route in ROUTES:
        data = yaml.safe_load(route.read_text(encoding="utf-8"))
        root = parse(site / "start" / route.stem / "index.html")
        advice = [text(p) for p in root.iter("p") if has_class(p, "cb-route-advice")]
        assert len(advice) == len([s for s in data["steps"] if s.get("advice")]), route.stem
        assert all(a.startswith("The route suggests: ") for a in advice)


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
