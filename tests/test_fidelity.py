"""Fidelity to the sources: quotations are verbatim and rightly attributed, nothing else is copied.

The seven source documents are not part of the repository: `../shared/sources/README.md` lists
them as reference material and records no licence to redistribute them (a published report, an
article, a blog post with its readers' comments, two course pages and two fact sheets). What is
committed is their fingerprint, `tests/source-fingerprints.json` (hashed word grams; see
`casebook.fingerprint`), so the verbatim-quotation and copied-run checks run on every clone and in
CI. Where the texts are present (`$CASEBOOK_SOURCES`, or `../shared/sources/` beside the checkout)
the fingerprint is checked against them, quotations are also compared character by character and
their speakers checked; those tests skip elsewhere with `SOURCE_TEXTS_ABSENT`, a reason the suite's
skip policy (tests/conftest.py) accepts under CI as a property of the environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from casebook import fingerprint
from casebook.fingerprint import COPY, QUOTE, RUN, gram_hash, grams, normal, paragraphs, words
from casebook.library import Library, load_library
from casebook.schema import Quotation, School, Strict

ROOT = Path(__file__).resolve().parents[1]
SOURCES = Path(os.environ.get("CASEBOOK_SOURCES", ROOT.parent / "shared" / "sources"))
FINGERPRINTS = ROOT / "tests" / "source-fingerprints.json"

# The file among the source texts of each document `sources.yaml` lists. The DfE's standards
# and the news about them are read from one fact sheet, which gives the pages it was drawn from.
STANDARDS_NOTE = "dfe-standards-2025.md"
COURSE_NOTE = "course-case-studies-and-eef.md"
FILES = {
    "cct-managing-change": "000_92465d38d83fae25.txt",
    "cct-professional-learning": "001_803da5f7eefe674a.txt",
    "edtech-gaps": "002_74d8d5dc4486d59c.txt",
    "technology-leaders-blog": "003_0bb19d968eb7302b.txt",
    "ncsl-2007": "004_54a307f36a66219c.txt",
    "dfe-dlg-standards": STANDARDS_NOTE,
    "dfe-core-standards-2025": STANDARDS_NOTE,
    "schools-week-core-standards": STANDARDS_NOTE,
    "dfe-broadband-standards": STANDARDS_NOTE,
    "dfe-filtering-standards": STANDARDS_NOTE,
    "dfe-cyber-standards": STANDARDS_NOTE,
    # The course's own case studies, its tips step and the EEF's report: one fact sheet, which gives
    # each page's address.
    "cct-case-study-1": COURSE_NOTE,
    "cct-case-study-2": COURSE_NOTE,
    "cct-case-study-3": COURSE_NOTE,
    "cct-case-study-technical": COURSE_NOTE,
    "cct-ten-tips": COURSE_NOTE,
    "eef-digital-technology-2019": COURSE_NOTE,
}
# Every source document, cited or not: no record may copy any of them.
ALL_FILES = tuple(dict.fromkeys(FILES.values()))
REPORT = "ncsl-2007"

SOURCE_TEXTS_ABSENT = (f"source texts not found in {SOURCES} (set CASEBOOK_SOURCES): no licence to redistribute "
                       "them is recorded, so they are not committed; their fingerprints are checked instead")
needs_texts = pytest.mark.skipif(not all((SOURCES / name).is_file() for name in ALL_FILES), reason=SOURCE_TEXTS_ABSENT)


# -- the fingerprints ----------------------------------------------------------------


@cache
def prints() -> dict[str, fingerprint.Fingerprint]:
    return fingerprint.loads(FINGERPRINTS.read_text(encoding="utf-8"))


def verbatim_by_print(file: str, quoted: str) -> str | None:
    """None if every piece of `quoted` (between `...` gaps) is, word for word, in the fingerprinted
    source; else what is wrong. The pieces' order is checked only against the full text."""
    known = prints()[file].grams[QUOTE]
    for piece in _ELLIPSIS.split(normal(quoted)):
        found = words(piece)
        if not found:
            continue
        if len(found) < QUOTE:
            return f"a piece of {len(found)} word(s) between gaps: quote at least {QUOTE} words, or none"
        if not all(gram_hash(gram) in known for gram in grams(found, QUOTE)):
            return "not word for word in the source"
    return None


def copy_hashes(run: list[str]) -> dict[int, list[int]]:
    """The hashes a run of words is looked up by: its six-word grams and its trigrams."""
    return {size: [gram_hash(gram) for gram in grams(run, size)] for size in (COPY, QUOTE)}


def copied_from(hashed: dict[int, list[int]]) -> str | None:
    """The first source file whose fingerprint holds every gram of a run of words (both sizes, so that
    one six-word gram colliding does not make a copy of a run that is one word off the source)."""
    return next((file for file in ALL_FILES
                 if all(h in prints()[file].grams[size] for size, found in hashed.items() for h in found)), None)


# -- the texts, where they are present ---------------------------------------------------

_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")


@cache
def source_text(source_id: str) -> str:
    return paragraphs((SOURCES / FILES[source_id]).read_text(encoding="utf-8"))


# -- where a quotation stands in the report ------------------------------------

_SCHOOLS = "ABCDE"


@cache
def report_sections() -> list[tuple[int, int, str]]:
    """(start, end, school id) of each case study in the normalised report."""
    text = source_text(REPORT)
    starts = [text.index(f"School {letter} ¶ Context") for letter in _SCHOOLS]
    ends = [*starts[1:], text.index("Findings ¶ These schools are embracing change")]
    return [(s, e, f"school-{letter.lower()}") for s, e, letter in zip(starts, ends, _SCHOOLS, strict=True)]


def school_at(position: int) -> str | None:
    return next((school for start, end, school in report_sections() if start <= position < end), None)


_ROLE = re.compile(r"\b(headteacher|head|co-ordinator|coordinator|teacher)\b", re.IGNORECASE)


def role(speaker: str) -> str:
    """The kind of speaker, as far as the report lets one check it."""
    found = [m.group(1).lower().replace("coordinator", "co-ordinator") for m in _ROLE.finditer(speaker)]
    if not found:
        return speaker.lower()
    return "headteacher" if found[0] in ("headteacher", "head") else found[0]


@dataclass(frozen=True)
class Attribution:
    speaker: str  # as the report gives it
    school: str | None  # a school the attribution names, such as "Headteacher School D"


def attribution(start: int, end: int) -> Attribution:
    """Who the report says spoke the words at [start, end): the `(Headteacher)` after the quotation,
    `according to one teacher`, or else the last speaker named before the opening quotation mark."""
    text = source_text(REPORT)
    close = text.find('"', end)
    after = text[close + 1:close + 80] if close >= 0 else ""
    explicit = re.match(r"\s*\(([^)]*)\)", after) or re.match(r",?\s*according to ([^.,]+)", after)
    if explicit:
        said = explicit.group(1)
        named = re.search(r"School ([A-E])\b", said)
        return Attribution(said, f"school-{named.group(1).lower()}" if named else None)
    opening = text.rfind('"', 0, start)
    section = max((s for s, _, _ in report_sections() if s <= opening), default=0)
    before = text[section:opening]
    # Words inside earlier quotations are not attributions.
    before = re.sub(r'"[^"¶]*(?:"|(?=¶))', " ", before)
    named_roles = list(_ROLE.finditer(before))
    return Attribution(named_roles[-1].group(1) if named_roles else "not named", None)


# -- walking the content ---------------------------------------------------------


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(ROOT / "case_studies", ROOT)


@dataclass(frozen=True)
class Found:
    record: str  # kind/id
    where: str  # the field's path in the record
    value: object
    cited: tuple[str, ...]  # the source ids the record cites


def walk(value: object, where: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(value, Strict):
        yield where, value
        for name in type(value).model_fields:
            yield from walk(getattr(value, name), f"{where}.{name}" if where else name)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from walk(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{where}.{key}")
    else:
        yield where, value


def everything(library: Library) -> Iterator[Found]:
    """Every value of every record, with the sources the record cites."""
    for kind, records in library.records.items():
        for record_id, loaded in records.items():
            cited = tuple(dict.fromkeys(c.source for c in getattr(loaded.model, "sources", []) or []))
            for where, value in walk(loaded.model):
                yield Found(f"{kind}/{record_id}", where, value, cited)
    for name, model in (("glossary", library.glossary), ("taxonomy", library.taxonomy)):
        for where, value in walk(model):
            yield Found(name, where, value, ())
    for source in library.sources.values():
        for where, value in walk(source):
            yield Found(f"sources/{source.id}", where, value, ())


def quotations(library: Library) -> Iterator[tuple[Found, Quotation]]:
    for found in everything(library):
        if isinstance(found.value, Quotation):
            yield found, found.value


# A quotation may run over a line break in a text field, but not over a blank line.
_QUOTED = r'"((?:[^"\n]|\n(?!\s*\n))+)"|\u201c([^\u201d]+)\u201d'
_INLINE = re.compile(_QUOTED)
_BLOCKQUOTE = re.compile(r"^\s*>.*$", re.MULTILINE)


def inline_quotations(text: str) -> list[str]:
    """Words marked as a quotation inside a text field: in double quotation marks, or a Markdown blockquote."""
    marked = [a or b for a, b in _INLINE.findall(text)]
    marked += [line.lstrip().lstrip(">").strip() for line in _BLOCKQUOTE.findall(text)]
    # Two words in quotation marks are a term or a label ("not yet") more often than a quotation.
    return [m for m in marked if len(words(m)) >= 3]


def unquoted_parts(text: str) -> list[str]:
    """The text with its marked quotations cut out; copied runs may not bridge a cut."""
    return re.split(f"{_QUOTED}|^\\s*>.*$", text, flags=re.MULTILINE)[::3]


def locate(source_id: str, quoted: str) -> tuple[int, int] | None:
    """Where `quoted` stands in the source, reading `...` or `…` as a gap; None if it is not there."""
    text = source_text(source_id)
    pieces = [p for p in _ELLIPSIS.split(normal(quoted)) if p.strip(" .")]
    start = end = -1
    for piece in pieces:
        at = text.find(piece.strip(), end if end >= 0 else 0)
        if at < 0:
            return None
        start = at if start < 0 else start
        end = at + len(piece.strip())
    return (start, end) if pieces else None


def cited_texts(found: Found) -> list[str]:
    """The source documents a value can be checked against, by id: those its record cites, or all of
    them for the glossary, the taxonomy and the list of sources, which cite none."""
    if not found.cited:
        return list(FILES)
    cited = [s for s in found.cited if s in FILES]
    # A judgement against today's standards may quote the standards it names.
    return [*cited, "dfe-dlg-standards"] if ".today" in found.where else cited


def cited_files(found: Found) -> list[str]:
    return list(dict.fromkeys(FILES[s] for s in cited_texts(found)))


QUOTE_FIELDS = (".quote",)
"""Fields whose whole value is a quotation (a crosswalk entry's `basis`, issue 28)."""


def marked_quotations(library: Library) -> Iterator[tuple[Found, str]]:
    """Every quotation in the content: each `quotation` field, and words marked as a quotation
    inside any text field."""
    for found in everything(library):
        if isinstance(found.value, Quotation):
            yield found, found.value.text
        elif isinstance(found.value, str) and found.where.endswith(QUOTE_FIELDS):
            yield found, found.value  # a field that is a quotation by its name (a judgement's basis)
        elif isinstance(found.value, str):
            yield from ((found, quoted) for quoted in inline_quotations(found.value))


# -- the tests ---------------------------------------------------------------------


def test_every_source_document_has_a_fingerprint(library: Library) -> None:
    # A document added to sources.yaml needs its file named in FILES, and that file fingerprinted.
    assert sorted(library.sources) == sorted(FILES)
    assert sorted(prints()) == sorted(ALL_FILES)
    assert {name: p.words for name, p in prints().items()} == {
        "000_92465d38d83fae25.txt": 390, "001_803da5f7eefe674a.txt": 553, "002_74d8d5dc4486d59c.txt": 1442,
        "003_0bb19d968eb7302b.txt": 2639, "004_54a307f36a66219c.txt": 14914,
        COURSE_NOTE: 1321, STANDARDS_NOTE: 1077}


@needs_texts
def test_the_fingerprints_match_the_texts() -> None:
    # `scripts/fingerprint-sources` writes the file; a changed or added text needs it run again.
    assert FINGERPRINTS.read_text(encoding="utf-8") == fingerprint.dumps(fingerprint.of_folder(SOURCES))


def test_every_quotation_is_word_for_word_in_a_source_the_record_cites(library: Library) -> None:
    """By the fingerprints: runs on any clone."""
    problems = []
    count = 0
    for found, quoted in marked_quotations(library):
        count += 1
        verdicts = [verbatim_by_print(file, quoted) for file in cited_files(found)]
        if verdicts and None not in verdicts:
            problems.append(f"{found.record} {found.where}: {verdicts[0]} ({', '.join(cited_texts(found))}): "
                            f"{quoted[:80]!r}")
    assert count >= 60, f"the walk found {count} quotations: is it looking in the right place?"
    assert not problems, "\n".join(problems)


@needs_texts
def test_every_quotation_is_verbatim_to_the_letter_in_a_source_the_record_cites(library: Library) -> None:
    """Against the texts: punctuation, case and the order of the pieces too."""
    problems = [f"{found.record} {found.where}: not verbatim in {cited_texts(found)}: {quoted[:80]!r}"
                for found, quoted in marked_quotations(library)
                if not any(locate(s, quoted) for s in cited_texts(found))]
    assert not problems, "\n".join(problems)


LONGEST_QUOTATION = 45  # words; the issue found a 57-word quotation too long to count as short


def test_quotations_are_short(library: Library) -> None:
    long = [f"{found.record} {found.where}: {len(words(quote.text))} words: {quote.text[:60]!r}"
            for found, quote in quotations(library) if len(words(quote.text)) > LONGEST_QUOTATION]
    assert not long, "quote less, or summarise the rest in your own words:\n" + "\n".join(long)


@needs_texts
def test_quotations_from_the_report_name_the_right_speaker_and_school(library: Library) -> None:
    problems = []
    for found, quote in quotations(library):
        if REPORT not in found.cited:
            continue
        place = locate(REPORT, quote.text)
        if place is None:
            continue  # reported by the verbatim test
        said = attribution(*place)
        record = library.get(found.record)
        page_school = found.record.removeprefix("schools/") if record and isinstance(record.model, School) else None
        expected_school = (quote.school or "").removeprefix("schools/") or page_school
        report_school = said.school or school_at(place[0])
        if role(quote.speaker) != role(said.speaker):
            problems.append(f"{found.record} {found.where}: speaker {quote.speaker!r}, the report: {said.speaker!r}")
        if expected_school and report_school != expected_school:
            problems.append(f"{found.record} {found.where}: shown as {expected_school}'s, "
                            f"the report has it in {report_school}: {quote.text[:60]!r}")
    assert not problems, "\n".join(problems)


def _appendix_record(library: Library, record: str) -> bool:
    loaded = library.get(record)
    sources = getattr(loaded.model, "sources", []) if loaded else []
    return any(c.source == REPORT and (c.locator or "").strip().lower().startswith("appendix 1") for c in sources)


def copied(text: str, own: frozenset[int] = frozenset()) -> list[str]:
    """Every stretch of `text`, outside its marked quotations, that repeats RUN or more consecutive
    words of any source document (all of its grams in the source's fingerprint, and not all in
    `own`, the grams of a section the record may show as the source's), as `file: words`."""
    found = []
    for part in unquoted_parts(text):
        part_words = words(part)
        hit: dict[int, str] = {}
        for i in range(len(part_words) - RUN + 1):
            hashed = copy_hashes(part_words[i:i + RUN])
            if own and all(h in own for h in hashed[COPY]):
                continue
            source = copied_from(hashed)
            if source:
                hit.update({k: source for k in range(i, i + RUN)})
        stretch: list[int] = []
        for k in [*sorted(hit), -2]:
            if stretch and k != stretch[-1] + 1:
                found.append(f"{hit[stretch[0]]}: {' '.join(part_words[stretch[0]:stretch[-1] + 1])}")
                stretch = []
            stretch.append(k)
    return found


def checked_for_copies(library: Library) -> Iterator[tuple[Found, frozenset[int]]]:
    """Every text value of every record, with the grams it may show as a source's own."""
    appendix = prints()[FILES[REPORT]].sections["appendix-1"]
    for found in everything(library):
        if not isinstance(found.value, str) or ".quotation" in found.where or found.where.endswith(QUOTE_FIELDS):
            continue
        if re.search(r"\.basis\[\d+\]\.quote$", found.where):
            continue  # a judgement's basis is quoted on the page; test_fidelity_basis.py checks it is verbatim
        # A citation names the heading it points at, and a document is listed by its own title.
        # An address is not prose; a standard's part is named as its publisher names it.
        listed_title = found.record.startswith("sources/") and found.where == "title"
        if found.where.endswith((".locator", "url")) or listed_title:
            continue
        if found.record.startswith("standards/") and re.fullmatch(r"parts\[\d+\]\.title", found.where):
            continue
        # The report's own self-check questions, shown as the report's (the record cites Appendix 1).
        own = appendix if ".questions[" in found.where and _appendix_record(library, found.record) else frozenset()
        yield found, own


def test_no_run_of_twelve_words_of_any_source_is_copied_without_quotation_marks(library: Library) -> None:
    kinds = {found.record.split("/")[0] for found, _ in checked_for_copies(library)}
    assert kinds >= {"schools", "guidance", "cpd", "roles", "findings", "standards", "self-checks", "routes",
                     "glossary", "taxonomy", "sources"}, kinds
    problems = [f"{found.record} {found.where}: copied without quotation marks from {stretch!r}"
                for found, own in checked_for_copies(library) for stretch in copied(found.value, own)]
    assert not problems, "\n".join(problems)


@needs_texts
def test_the_fingerprints_find_the_runs_the_texts_find(library: Library) -> None:
    """The fingerprint's chained six-word grams against every twelve-word run of the texts, on every
    text of the library with its quotation marks taken off (so that there is something to find)."""
    texts = {f: words(paragraphs((SOURCES / f).read_text(encoding="utf-8"))) for f in ALL_FILES}
    runs = {tuple(found[i:i + RUN]) for found in texts.values() for i in range(len(found) - RUN + 1)}
    by_text = by_print = 0
    for found, _ in checked_for_copies(library):
        bare = words(str(found.value))
        for i in range(len(bare) - RUN + 1):
            window = bare[i:i + RUN]
            in_text = tuple(window) in runs
            in_print = copied_from(copy_hashes(window)) is not None
            assert in_text == in_print, (found.record, found.where, " ".join(window))
            by_text += in_text
            by_print += in_print
    assert by_text == by_print and by_text > 100, (by_text, by_print)


# -- the checks themselves can fail ----------------------------------------------------


def test_the_fingerprint_checks_catch_what_they_are_for() -> None:
    report = FILES[REPORT]
    # A word changed inside a quotation, or at its end: not in the source. A marked gap: still verbatim.
    assert verbatim_by_print(report, "It wouldn't happen without the head.") is None
    assert verbatim_by_print(report, "It wouldn't happen without the governors.") == "not word for word in the source"
    assert verbatim_by_print(report, "It wouldn't happen without a head.") == "not word for word in the source"
    assert verbatim_by_print(report, "I make the decisions and the head finds the money ... "
                                     "I know what needs replacing") is None
    assert verbatim_by_print(report, "I make the decisions and the head finds the money ... needs") == (
        "a piece of 1 word(s) between gaps: quote at least 3 words, or none")
    # Quoted from another source than the one cited.
    assert verbatim_by_print(FILES["edtech-gaps"], "It wouldn't happen without the head.") == (
        "not word for word in the source")
    # Twelve words of the report: copied unless marked as a quotation; eleven are not a copy.
    sentence = ("The school buys in some technical support when it is needed and the headteacher can often "
                "sort out difficulties.")
    assert copied(sentence) == [f"{report}: the school buys in some technical support when it is needed and the "
                                "headteacher can often sort out difficulties"]
    assert copied(f'The report says "{sentence}"') == []
    assert copied("Our school buys in some technical support when it is needed, and so on.") == []
    assert copied("The school buys technical support when it needs it, and the head can often mend things.") == []
    # The standards note and the course's fact sheet are sources like the others.
    assert copied("Schools should have a full fibre connection (a leased line or fibre to the premises)")[0].startswith(
        STANDARDS_NOTE)


@needs_texts
def test_the_text_checks_catch_what_they_are_for() -> None:
    # A word changed inside a quotation: not verbatim. A marked gap: still verbatim, in order only.
    assert locate(REPORT, "It wouldn't happen without the head.") is not None
    assert locate(REPORT, "It would not happen without the head.") is None
    assert locate(REPORT, "I make the decisions and the head finds the money ... I know what needs replacing")
    assert locate(REPORT, "I make the decisions and the head finds the money ... the head finds the money") is None
    # Speakers and schools, as the report attributes them.
    teacher = locate(REPORT, "It wouldn't happen without the head.")
    assert teacher and role(attribution(*teacher).speaker) == "teacher" and school_at(teacher[0]) == "school-a"
    coordinator = locate(REPORT, "I make the decisions and the head finds the money")
    assert coordinator and role(attribution(*coordinator).speaker) == "co-ordinator"
    assert school_at(coordinator[0]) == "school-d"
    damn = locate(REPORT, "Make sure that the damn stuff works")
    assert damn and attribution(*damn) == Attribution("Headteacher School D", "school-d")
    head = locate(REPORT, "You need to take everyone with you.")
    assert head and role(attribution(*head).speaker) == "headteacher"


# -- inferred facets -----------------------------------------------------------------

# Facets that describe where a school is and how big it is: a value the source does not state
# must carry an `inferred` note, shown on the page beside it.
PLACE_AND_SIZE = ("region", "setting", "size-band")

# The report's own words for each place value it states. Anything else on the five report schools
# is the library's inference (size bands follow from the pupils on roll, checked separately).
STATED = {
    ("school-b", "setting", "rural"): "This rural primary school of 230 children",
    ("school-c", "setting", "town-centre"): "situated near the centre of a large, industrial town",
    ("school-d", "setting", "town-suburbs"): "situated on the outskirts of a large town",
    ("school-d", "region", "midlands"): "on the outskirts of a large town in the Midlands",
}


def size_bands(library: Library) -> dict[str, tuple[int, float]]:
    """The pupil range of each size band, read from its label in the taxonomy."""
    facet = library.facet("size-band")
    assert facet is not None
    bands: dict[str, tuple[int, float]] = {}
    for value in facet.values:
        label = value.label.lower()
        if m := re.search(r"up to (\d+)", label):
            bands[value.id] = (0, int(m.group(1)))
        elif m := re.search(r"(\d+) to (\d+)", label):
            bands[value.id] = (int(m.group(1)), int(m.group(2)))
        elif m := re.search(r"over (\d+)", label):
            bands[value.id] = (int(m.group(1)) + 1, float("inf"))
    assert len(bands) == len(facet.values), f"size bands not understood: {[v.label for v in facet.values]}"
    return bands


def test_the_stated_place_facts_are_word_for_word_in_the_report() -> None:
    problems = {words_: verbatim_by_print(FILES[REPORT], words_) for words_ in STATED.values()}
    assert problems == dict.fromkeys(STATED.values())


@needs_texts
def test_the_stated_place_facts_are_in_their_schools_sections_of_the_report() -> None:
    for (school, _facet, _value), words_ in STATED.items():
        start = locate(REPORT, words_)
        assert start is not None, words_
        assert school_at(start[0]) == school, (school, words_)


def test_every_inferred_place_or_size_carries_a_note(library: Library) -> None:
    bands = size_bands(library)
    problems = []
    for school in library.models("schools"):
        from_report = any(c.source == REPORT for c in school.sources)
        for facet_id in PLACE_AND_SIZE:
            for value in school.facets.get(facet_id, []):
                if facet_id == "size-band":
                    pupils = school.facts.pupils
                    low, high = bands[value]
                    stated = isinstance(pupils, int) and low <= pupils <= high
                elif from_report:
                    stated = (school.id, facet_id, value) in STATED
                else:
                    continue  # a contributed school's own source: the tests cannot read it
                noted = facet_id in school.inferred
                if not stated and not noted:
                    problems.append(f"{school.id}: {facet_id} `{value}` is not stated in the source "
                                    f"and has no `inferred.{facet_id}` note")
                if stated and noted:
                    problems.append(f"{school.id}: {facet_id} `{value}` is stated in the source "
                                    f"but marked inferred")
    assert not problems, "\n".join(problems)


def test_the_report_schools_regions_are_inferred(library: Library) -> None:
    # The examples: the report names no region for Schools A, B and C.
    for school in ("school-a", "school-b", "school-c"):
        record = library.get(f"schools/{school}")
        assert record is not None and "region" in record.model.inferred, school


def test_an_inferred_note_must_name_a_facet_the_school_uses(tmp_path: Path) -> None:
    from casebook.diagnostics import ContentError

    from tests.conftest import copy_project

    project = copy_project(tmp_path)
    # School C gives no pupil count and so has no size band: a note on its size band would show nowhere.
    path = project / "case_studies" / "schools" / "school-c.yaml"
    text = path.read_text(encoding="utf-8")
    assert "size-band" not in text.partition("\nleadership:")[0]
    path.write_text(text.replace("\ninferred:\n", "\ninferred:\n  size-band: guessed from the forms of entry\n", 1),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_library(project / "case_studies", project)
    messages = [d.message for d in caught.value.diagnostics]
    assert any("`inferred.size-band`" in m and "does not use" in m for m in messages), messages
    assert not any("inferred.region" in m for m in messages), messages
