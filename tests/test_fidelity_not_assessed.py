"""What "not assessed" means, said from its reason (issue 28): the Then and now summary counts the
not-assessed rows by the reason each gives and quotes that reason as the rows write it, never a sentence
of its own ("the standards do not speak to them" was wrong for a standard the note names but does not
describe); and a standard or part the library knows only by name or title is never called "new since".
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from casebook.library import Library, load_library
from casebook.render.thenandnow import KNOWN_BY_NAME_REASON, ThenAndNow, known_by_name
from casebook.schema import NOT_ASSESSED_REASONS

from tests.test_standards import by_class, parse, text

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "case_studies", ROOT)


def test_the_summary_counts_not_assessed_rows_by_their_reason_in_their_words(site: Path) -> None:
    root = parse(site / "then-and-now" / "index.html")
    summary = by_class(root, "div", "cb-tn-summary")[0]
    not_assessed = next(li for li in summary.iter("li") if li.get("data-status") == "not-assessed")
    reasons = {li.get("data-not-assessed"): text(li) for li in not_assessed.iter("li") if li.get("data-not-assessed")}
    assert reasons == {
        "no-standard": "91 items: No standard in the library's source note on the DfE standards covers this.",
        "named-not-described": "21 items: A standard that may cover this, given with the item, is named in the "
        "library's source note on the DfE standards but not described there, and the library has not read its text.",
        "known-by-name": "10 standards or parts of a standard: The library's source note on the DfE standards gives "
        "only its name or title, so the library judges no item of the older evidence against it.",
    }
    # The total beside the badge is the sum of the reasons' counts.
    assert text(by_class(not_assessed, "span", "cb-tn-n")[0]) == "122"
    # Neither the introduction nor the summary says the standards are silent or "do not speak to" an item.
    said = text(by_class(root, "p", "cb-intro")[0]) + text(summary)
    assert "not assessed" in said and "speak to" not in said and "silent" not in said


def test_each_reason_in_the_summary_is_written_from_its_choice(library: Library) -> None:
    """The summary's sentences are the rows' own templates, filled in for many rows, not prose."""
    said = {why: reason for why, _, reason in ThenAndNow(library).why_not_assessed()}
    assert said == {
        "no-standard": NOT_ASSESSED_REASONS["no-standard"].removeprefix("Not assessed: "),
        "named-not-described": NOT_ASSESSED_REASONS["named-not-described"].format(
            named="given with the item").removeprefix("Not assessed: "),
        "known-by-name": KNOWN_BY_NAME_REASON.format(what="its name or title").removeprefix("Not assessed: "),
    }


def test_each_not_assessed_row_gives_the_reason_of_its_choice(library: Library) -> None:
    rows = [r for r in ThenAndNow(library).rows if r.status == "not-assessed"]
    assert Counter(r.not_assessed for r in rows) == {"no-standard": 91, "named-not-described": 21, "known-by-name": 10}
    for row in rows:
        if row.not_assessed == "known-by-name":
            what = "this standard's name" if "#" not in row.ref else "this part's title"
            assert row.reason == KNOWN_BY_NAME_REASON.format(what=what), row.ref
        elif row.not_assessed == "no-standard":
            assert row.reason == NOT_ASSESSED_REASONS["no-standard"], row.ref
        else:
            assert row.reason.startswith("Not assessed: a standard that may cover this, "), row.ref


def test_a_standard_known_only_by_name_is_never_new_since(library: Library) -> None:
    """Computed rows: a standard or part no judged item cites is 'new since' only when the library knows what
    it asks; known only by name or title, it backs only 'not assessed', as in the crosswalk's rule."""
    tn = ThenAndNow(library)
    computed = [r for r in tn.rows if r.computed]
    assert sorted((r.ref, r.status) for r in computed) == sorted([
        ("standards/cyber-security#risk-assessment", "not-assessed"),
        ("standards/cyber-security#awareness-plan", "not-assessed"),
        ("standards/cyber-security#anti-malware-and-firewall", "not-assessed"),
        ("standards/digital-leadership-and-governance#registers", "not-assessed"),
        ("standards/digital-leadership-and-governance#disaster-recovery", "not-assessed"),
        ("standards/digital-leadership-and-governance#annual-strategy", "not-assessed"),
        # Described in the source note (fidelity second reading): the yearly review, which no item is
        # matched to, is new since; the roles part is cited by the items judged on governors' roles.
        ("standards/filtering-and-monitoring#annual-review", "new-since"),
        ("standards/filtering-and-monitoring#block-harmful-content", "not-assessed"),
        ("standards/filtering-and-monitoring#effective-monitoring", "not-assessed"),
        ("standards/network-switching", "not-assessed"),
        ("standards/wireless-network", "not-assessed"),
    ])
    standards = {s.id: s for s in library.models("standards")}
    for row in computed:
        standard = standards[row.record.partition("/")[2]]
        assert (row.status == "not-assessed") == known_by_name(standard, row.ref), row.ref
    # The home page's counts are counted the same way.
    assert tn.counts == Counter(r.status for r in tn.rows)
    # A part with text of its own is known by more than its name.
    dlg = standards["digital-leadership-and-governance"]
    assert not known_by_name(dlg, "standards/digital-leadership-and-governance#senior-leader")
    assert known_by_name(dlg, "standards/digital-leadership-and-governance#registers")
    assert known_by_name(standards["wireless-network"], "standards/wireless-network")
    assert not known_by_name(dlg, "standards/digital-leadership-and-governance")


def test_the_known_by_name_rows_say_so_on_the_page(site: Path) -> None:
    root = parse(site / "then-and-now" / "index.html")
    row = next(a for a in root.iter("article") if a.get("id") == "tn-standards-wireless-network-all")
    assert text(by_class(row, "p", "cb-tn-meta")[0]) == "Not assessed A standard known by name or title only"
    assert text(by_class(row, "div", "cb-tn-reason")[0]) == (
        "Not assessed: the library's source note on the DfE standards gives only this standard's name, so the "
        "library judges no item of the older evidence against it.")


def test_a_standards_page_calls_no_part_known_by_title_new_since(site: Path, library: Library) -> None:
    """A part no item is matched to is 'new since' on its standard's page only when the library knows what it
    asks; the parts known by their titles only say so instead."""
    said: dict[str, str] = {}
    for standard in library.models("standards"):
        root = parse(site / "standards" / standard.id / "index.html")
        for li in root.iter("li"):
            notes = by_class(li, "p", "cb-part-evidence")
            if li.get("id") and notes:
                said[f"{standard.id}#{li.get('id')}"] = text(notes[0])
    title_only = ("No finding, advice or role item in the library is matched to this part: the library's source "
                  "gives only its title, so it is not assessed.")
    assert said == {ref: title_only for ref in (
        "cyber-security#risk-assessment", "cyber-security#anti-malware-and-firewall",
        "cyber-security#awareness-plan", "digital-leadership-and-governance#registers",
        "digital-leadership-and-governance#disaster-recovery", "filtering-and-monitoring#block-harmful-content",
        "filtering-and-monitoring#effective-monitoring")} | {
        "filtering-and-monitoring#annual-review": "No finding, advice or role item in the library is matched to "
                                                  "this part: it is new since the 2007 and 2014 evidence."}
