"""Every judgement carries its basis (issue 28.1): the crosswalk's statuses follow rules the
validator can check, and each `holds`, `changed` or `new-since` entry quotes, word for word, the
sentence(s) of the cited standard's source it rests on.

The quotations are checked against the committed fingerprints (`tests/source-fingerprints.json`), so
the check runs on a fresh clone; where the source texts are present they are also found letter for
letter. The rules are checked on a copy of the content with one thing broken at a time, each with
the message and the line and column it is reported at.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from casebook import crosswalk
from casebook.diagnostics import ContentError
from casebook.library import Library, load_library
from casebook.schema import NOT_ASSESSED_REASONS

from tests.test_fidelity import FILES, locate, needs_texts, verbatim_by_print

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "case_studies", ROOT)


def judgements(library: Library) -> list[tuple[str, crosswalk.Entry]]:
    return [(f"{loaded.kind}/{loaded.model.id}", entry) for kind in sorted(crosswalk.KINDS)
            for loaded in library.kind(kind) for entry in crosswalk.entries(loaded.model)]


def test_the_crosswalk_counts(library: Library) -> None:
    found = judgements(library)
    assert Counter(e.today.status for _, e in found) == {"not-assessed": 112, "changed": 20, "holds": 17,
                                                         "new-since": 3}
    assert Counter(e.today.not_assessed for _, e in found if e.today.not_assessed) == {
        "no-standard": 91, "named-not-described": 21}
    assert sum(len(e.today.basis) for _, e in found) == 57


def test_every_judgement_that_rests_on_a_standard_quotes_it(library: Library) -> None:
    bare = [f"{ref}#{e.item.id}" for ref, e in judgements(library)
            if e.today.status != "not-assessed" and not e.today.basis]
    assert bare == []


def test_every_basis_is_word_for_word_in_its_source(library: Library) -> None:
    """By the fingerprints: runs on any clone."""
    problems = [f"{ref}#{e.item.id} basis[{k}]: {verdict}: {b.quote!r}"
                for ref, e in judgements(library) for k, b in enumerate(e.today.basis)
                if (verdict := verbatim_by_print(FILES[b.source], b.quote))]
    assert problems == []


def test_the_fingerprint_check_refuses_a_basis_with_one_word_changed() -> None:
    assert verbatim_by_print(FILES["dfe-dlg-standards"],
                             "Keep registers relating to hardware and systems up to date.") is None
    assert verbatim_by_print(FILES["dfe-dlg-standards"],
                             "Keep registers relating to hardware and software up to date.") == (
        "not word for word in the source")


@needs_texts
def test_every_basis_is_verbatim_to_the_letter(library: Library) -> None:
    problems = [f"{ref}#{e.item.id}: {b.quote!r}" for ref, e in judgements(library) for b in e.today.basis
                if locate(b.source, b.quote) is None]
    assert problems == []


def test_not_assessed_reasons_are_written_from_the_choice(library: Library) -> None:
    reasons = Counter(e.today.reason for _, e in judgements(library) if e.today.status == "not-assessed")
    assert reasons[NOT_ASSESSED_REASONS["no-standard"]] == 91
    named = {e.today.named for _, e in judgements(library) if e.today.not_assessed == "named-not-described"}
    assert named == {"the standards for IT support", "the digital accessibility standard",
                     "the laptops, desktops and tablets standard", "the wireless network standard",
                     "the wireless network standard and the laptops, desktops and tablets standard",
                     "the servers and storage and cloud solutions standards",
                     # Parts known by their titles only (`text: not assessed`) back only "not assessed" too.
                     "the fourth digital leadership and governance standard, a digital technology strategy that "
                     "is reviewed every year"}


def title_only_parts(library: Library) -> dict[str, str]:
    """`standards/<id>#<part>`: the title, for every part the library knows by its title only."""
    return {f"standards/{s.id}#{p.id}": p.title for s in library.models("standards") for p in s.parts
            if p.text == crosswalk.NOT_ASSESSED}


def quoted_titles(library: Library, quote: str) -> list[str]:
    """The parts known by title only whose title `quote` holds (letter case, "(SLT)" and a full stop aside)."""
    def plain(text: str) -> str:
        return " ".join(text.lower().replace("(slt) ", "").rstrip(".").split())
    return [ref for ref, title in title_only_parts(library).items() if plain(title) in plain(quote)]


def test_no_judgement_rests_on_a_part_known_only_by_its_title(library: Library) -> None:
    """Neither by citing it (the validator refuses that) nor by quoting its title under the whole standard."""
    assert sorted(title_only_parts(library)) == [
        "standards/cyber-security#anti-malware-and-firewall", "standards/cyber-security#awareness-plan",
        "standards/cyber-security#risk-assessment", "standards/digital-leadership-and-governance#annual-strategy",
        "standards/digital-leadership-and-governance#disaster-recovery",
        "standards/digital-leadership-and-governance#registers",
        "standards/filtering-and-monitoring#block-harmful-content",
        "standards/filtering-and-monitoring#effective-monitoring"]
    judged = [(f"{ref}#{e.item.id}", e) for ref, e in judgements(library) if e.today.status != "not-assessed"]
    cites = [f"{item}: {s}" for item, e in judged for s in e.today.standards if s in title_only_parts(library)]
    quotes = [f"{item}: {q}" for item, e in judged for b in e.today.basis for q in quoted_titles(library, b.quote)]
    assert cites == quotes == []
    # The quotations the lenient rule let through before are found.
    assert quoted_titles(library, "Keep registers relating to hardware and systems up to date.") == [
        "standards/digital-leadership-and-governance#registers"]
    assert quoted_titles(library, "keeps up-to-date information about the school's technology available for "
                                  "decisions") == []


# -- the rules, each broken once in a copy of the content --------------------------------------

SUPPORT = "guidance/technical-support.yaml"
EVALUATING = "guidance/evaluating-impact.yaml"
# take-a-baseline, a `changed` entry resting on the digital leadership and governance standard's described text.
INVENTORY = '''      standards:
        - standards/digital-leadership-and-governance
'''
INVENTORY_REASON = '''      reason: >-
        A one-off audit is now joined by standing information: good
        governance of digital technology, as the digital leadership and
        governance standard describes it, keeps current information about
        the school's technology at hand for decisions.
      changed: "up-to-date information about the school's technology, kept for decisions, now joins the one-off audit"
'''
INVENTORY_BASIS = '''      basis:
        - source: dfe-dlg-standards
          quote: "keeps up-to-date information about the school's technology available for decisions"
  - id: keep-asking-about-learning
'''
IT_SUPPORT = '''      - schools/school-e
      - findings/ncsl-2007#involve-others
    today:
      status: not-assessed
      not_assessed: named-not-described
      named: the standards for IT support
'''


def errors(tmp_path: Path, old: str, new: str, file: str = SUPPORT) -> list[str]:
    content = tmp_path / "case_studies"
    shutil.copytree(ROOT / "case_studies", content)
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_library(content, tmp_path)
    return [f"{d.path}:{d.line}:{d.column}: {d.message}" for d in raised.value.diagnostics]


def test_a_judgement_without_its_basis_is_refused(tmp_path: Path) -> None:
    assert errors(tmp_path, INVENTORY_BASIS, "  - id: keep-asking-about-learning\n", EVALUATING) == [
        f"case_studies/{EVALUATING}:69:7: `advice[2].today`: Value error, a `changed` entry needs a `basis`: the "
        "words of the standard it rests on, quoted from its source"]


def test_a_change_that_does_not_say_what_changed_is_refused(tmp_path: Path) -> None:
    old = '      changed: "the connection now has a floor: full fibre at set minimum speeds, with a backup"\n'
    assert errors(tmp_path, old, "") == [
        f"case_studies/{SUPPORT}:86:7: `advice[3].today`: Value error, a `changed` entry needs `changed`: "
        "what changed, in a few words"]


def test_a_not_assessed_entry_with_prose_of_its_own_is_refused(tmp_path: Path) -> None:
    new = IT_SUPPORT + "      reason: The standards do not speak to technical support staffing.\n"
    assert errors(tmp_path, IT_SUPPORT, new) == [
        f"case_studies/{SUPPORT}:55:7: `advice[1].today`: Value error, a `not-assessed` entry's reason is "
        "written from `not_assessed`: delete `reason`"]


def test_a_not_assessed_entry_must_choose_its_reason(tmp_path: Path) -> None:
    assert errors(tmp_path, IT_SUPPORT, IT_SUPPORT.partition("      not_assessed")[0]) == [
        f"case_studies/{SUPPORT}:55:7: `advice[1].today`: Value error, a `not-assessed` entry needs "
        "`not_assessed: named-not-described` (the note names a standard but does not describe it) or "
        "`not_assessed: no-standard`"]


def test_a_standard_known_only_by_its_name_backs_only_not_assessed(tmp_path: Path) -> None:
    old = "      standards:\n        - standards/broadband-internet\n      reason: >-\n        Connectivity"
    new = ("      standards:\n        - standards/broadband-internet\n        - standards/wireless-network\n"
           "      reason: >-\n        Connectivity")
    assert errors(tmp_path, old, new) == [
        f"case_studies/{SUPPORT}:89:11: `standards/wireless-network` says `expects: not assessed`: the library's "
        "source gives only its name, so it can back only a `not-assessed` entry, not `changed`; delete it here, or "
        "make the entry `not-assessed` with `not_assessed: named-not-described`"]


def test_a_part_known_only_by_its_title_backs_only_not_assessed(tmp_path: Path) -> None:
    """Strict: quoting the part's title does not let it back a judgement (the rule once let it)."""
    old = INVENTORY + INVENTORY_REASON + INVENTORY_BASIS
    new = (INVENTORY.replace("governance\n", "governance#registers\n") + INVENTORY_REASON
           + INVENTORY_BASIS.replace("keeps up-to-date information about the school's technology available for "
                                     "decisions", "Keep registers relating to hardware and systems up to date."))
    assert errors(tmp_path, old, new, EVALUATING) == [
        f"case_studies/{EVALUATING}:71:11: `standards/digital-leadership-and-governance#registers` is known only "
        "by its title (`text: not assessed`): it can back only a `not-assessed` entry, not `changed`; cite the "
        "standard's text where its source states what the entry rests on, or make the entry `not-assessed`"]


def test_a_basis_from_a_source_the_standard_does_not_cite_is_refused(tmp_path: Path) -> None:
    new = INVENTORY_BASIS.replace("dfe-dlg-standards", "dfe-cyber-standards")
    assert errors(tmp_path, INVENTORY_BASIS, new, EVALUATING) == [
        f"case_studies/{EVALUATING}:79:19: `dfe-cyber-standards` is not a source of the standards this entry "
        "names; quote one of: `dfe-core-standards-2025`, `dfe-dlg-standards`"]


def test_a_long_basis_is_refused(tmp_path: Path) -> None:
    new = INVENTORY_BASIS.replace('decisions"\n', "decisions " + "word " * 40 + '"\n')
    found = errors(tmp_path, INVENTORY_BASIS, new, EVALUATING)
    assert found == [f"case_studies/{EVALUATING}:80:18: a basis of 50 words: quote at most 40, the sentence the "
                     "judgement rests on"]


# -- the page ---------------------------------------------------------------------------------


def test_the_page_shows_the_basis_under_the_reason_on_demand(site: Path) -> None:
    from tests.test_standards import by_id, parse, text

    root = parse(site / "guidance" / "evaluating-impact" / "index.html")
    item = by_id(root, "take-a-baseline")
    body = item.find(".//div[@class='cb-today-body']")
    assert body is not None
    children = [child.tag for child in body]
    basis = body.find("details[@class='cb-today-detail cb-basis']")
    assert basis is not None and "open" not in basis.attrib
    assert children.index("details") == children.index("p") + 1  # right under the reason
    assert text(basis.find("summary")) == "What the standard says"
    assert [text(q) for q in basis.iter("blockquote")] == [
        "“keeps up-to-date information about the school's technology available for decisions”"]
    assert text(basis.find(".//p[@class='cb-basis-cite']")) == (
        "Digital leadership and governance standards, as restated in the library's source note on the standards.")
