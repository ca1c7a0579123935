"""Then and now shows each row's own evidence years (issue 28, class 1), read from the built page and
checked against the YAML: every row against the sources its item cites, computed here from the files,
not through the library's walk. The page once gave each row its guidance page's newest year."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import html5lib
import pytest
import yaml

CONTENT = Path(__file__).resolve().parents[1] / "case_studies"


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _year_of(ref: str) -> int | None:
    """A document's `year` or a record's `evidence_year`, from the files; None when undated."""
    kind, _, target = ref.partition("/")
    if kind == "sources":
        docs = _load(CONTENT / "sources.yaml")["documents"]
        year = next(d["year"] for d in docs if d["id"] == target)
    else:
        year = _load(CONTENT / kind / f"{target.partition('#')[0]}.yaml").get("evidence_year")
    return year if isinstance(year, int) else None


def expected() -> dict[str, str]:
    """Each judged row's article id and the words its evidence should be given in."""
    cited: dict[str, list[str]] = {}
    for path in sorted(CONTENT.glob("guidance/*.yaml")):
        data = _load(path)
        for a in data["advice"]:
            if "today" in a:
                cited[f"tn-guidance-{data['id']}-{a['id']}"] = a["evidence"]
    for path in sorted(CONTENT.glob("findings/*.yaml")):
        data = _load(path)
        for g in data["groups"]:
            for b in g["behaviours"]:
                if "today" in b:
                    cited[f"tn-findings-{data['id']}-{b['id']}"] = [f"findings/{data['id']}", *b.get("schools", [])]
    for path in sorted(CONTENT.glob("roles/*.yaml")):
        data = _load(path)
        for part in ("principles", "responsibilities", "debates"):
            for item in data.get(part, []):
                if "today" in item:
                    cited[f"tn-roles-{data['id']}-{item['id']}"] = [f"sources/{c['source']}" for c in data["sources"]]
    words = {}
    for key, refs in cited.items():
        years = [_year_of(r) for r in dict.fromkeys(refs)]
        dated = sorted({y for y in years if y is not None})
        parts = [str(y) for y in dated] + (["an undated source"] if None in years else [])
        if not dated:
            words[key] = "undated evidence"
        else:
            listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
            words[key] = f"evidence from {listed}"
    return words


def shown(site: Path) -> dict[str, str]:
    root = html5lib.parse((site / "then-and-now" / "index.html").read_text(encoding="utf-8"),
                          namespaceHTMLElements=False)
    found = {}
    for article in root.iter("article"):
        if "cb-tn-row" not in (article.get("class") or ""):
            continue
        meta = next(p for p in article.iter("p") if "cb-tn-meta" in (p.get("class") or ""))
        words = re.sub(r"\s+", " ", "".join(meta.itertext())).strip()
        found[article.get("id") or ""] = words.rpartition(" · ")[2]
    return found


@pytest.mark.engine
def test_every_row_gives_the_years_of_its_own_items_evidence(site: Path) -> None:
    want = expected()
    got = shown(site)
    judged = {k: v for k, v in got.items() if not k.startswith("tn-standards-")}
    assert len(want) >= 150 and set(judged) == set(want)  # every judged row, and no other
    wrong = {k: (judged[k], v) for k, v in want.items() if judged[k] != v}
    assert not wrong, f"{len(wrong)} rows give years their evidence does not have: {list(wrong.items())[:5]}"
    # The row issue 28 names: its only evidence is the undated edtech-gaps article (it said 2007).
    assert got["tn-guidance-learning-spaces-infrastructure-before-peripherals"] == "undated evidence"
