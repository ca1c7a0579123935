"""Fidelity to the sources: quotations are verbatim and rightly attributed, nothing else is copied.

The five source documents are not part of the repository: `../shared/sources/README.md` lists
them as reference material and records no licence to redistribute them (a published report, an
article, a blog post with its readers' comments and two course pages). The tests read them from
`$CASEBOOK_SOURCES`, or from `../shared/sources/` beside the checkout, and skip with the reason
when they are absent.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from casebook.library import Library, load_library
from casebook.schema import Quotation, School, Strict

ROOT = Path(__file__).resolve().parents[1]
SOURCES = Path(os.environ.get("CASEBOOK_SOURCES", ROOT.parent / "shared" / "sources"))

# The id each document has in `sources.yaml`, and its file among the source texts.
FILES = {
    "cct-managing-change": "000_92465d38d83fae25.txt",
    "cct-professional-learning": "001_803da5f7eefe674a.txt",
    "edtech-gaps": "002_74d8d5dc4486d59c.txt",
    "technology-leaders-blog": "003_0bb19d968eb7302b.txt",
    "ncsl-2007": "004_54a307f36a66219c.txt",
}
REPORT = "ncsl-2007"
RUN = 12  # the longest run of a source's words the library may use without quotation marks

needs_sources = pytest.mark.skipif(
    not all((SOURCES / name).is_file() for name in FILES.values()),
    reason=(f"source texts not found in {SOURCES} (set CASEBOOK_SOURCES): no licence to redistribute them is recorded, "
            "so they are not committed with the tests"),
)


# -- normalising text --------------------------------------------------------

# Typographic quotes and dashes, a no-break space, and the report's Cyrillic TA (Appendix 2).
_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                             "\u2014": "-", "\u2010": "-", "\u00a0": " ", "\u0422": "T", "\u0410": "A"})
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")
_WORD = re.compile(r"[a-z0-9£%]+(?:'[a-z]+)?")


def normal(text: str) -> str:
    """Typographic quotes, dashes and runs of whitespace made plain, so that only words are compared."""
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY)).strip()


def paragraphs(text: str) -> str:
    """Normalised, with a ¶ between paragraphs: the report leaves a quotation that runs on to the
    next paragraph unclosed, and reopens it there."""
    return " ¶ ".join(normal(p) for p in re.split(r"\n\s*\n", text) if p.strip())


def words(text: str) -> list[str]:
    return _WORD.findall(normal(text).lower())


@cache
def source_text(source_id: str) -> str:
    return paragraphs((SOURCES / FILES[source_id]).read_text(encoding="utf-8"))


@cache
def runs(source_id: str) -> frozenset[tuple[str, ...]]:
    """Every run of RUN consecutive words in a source."""
    found = words(source_text(source_id))
    return frozenset(tuple(found[i:i + RUN]) for i in range(len(found) - RUN + 1))


@cache
def appendix_1_runs() -> frozenset[tuple[str, ...]]:
    """Runs of the report's own self-check questions (Appendix 1), which a self-check may show as the report's."""
    text = source_text(REPORT)
    start, end = text.index("Appendix 1 ¶ As a result of visiting"), text.index("Appendix 2 ¶ Abbreviations")
    found = words(text[start:end])
    return frozenset(tuple(found[i:i + RUN]) for i in range(len(found) - RUN + 1))


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
    """The source texts a value can be checked against: those its record cites, or all five for the
    glossary, the taxonomy and the list of sources, which cite none."""
    if not found.cited:
        return list(FILES)
    return [s for s in found.cited if s in FILES]


# -- the tests ---------------------------------------------------------------------


@needs_sources
def test_every_quotation_is_verbatim_in_a_source_the_record_cites(library: Library) -> None:
    problems = []
    count = 0
    for found, quote in quotations(library):
        if not cited_texts(found):
            continue  # a contributed record citing a document the tests do not hold
        count += 1
        if not any(locate(s, quote.text) for s in cited_texts(found)):
            problems.append(f"{found.record} {found.where}: not verbatim in {cited_texts(found)}: {quote.text[:80]!r}")
    assert count >= 40, "the walk found too few quotations: is it looking in the right place?"
    assert not problems, "\n".join(problems)


LONGEST_QUOTATION = 45  # words; the issue found a 57-word quotation too long to count as short


def test_quotations_are_short(library: Library) -> None:
    long = [f"{found.record} {found.where}: {len(words(quote.text))} words: {quote.text[:60]!r}"
            for found, quote in quotations(library) if len(words(quote.text)) > LONGEST_QUOTATION]
    assert not long, "quote less, or summarise the rest in your own words:\n" + "\n".join(long)


@needs_sources
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


@needs_sources
def test_inline_quotations_are_verbatim(library: Library) -> None:
    problems = []
    for found in everything(library):
        if not isinstance(found.value, str):
            continue
        for quoted in inline_quotations(found.value):
            if cited_texts(found) and not any(locate(s, quoted) for s in cited_texts(found)):
                problems.append(f"{found.record} {found.where}: quoted but not in {cited_texts(found)}: {quoted!r}")
    assert not problems, "\n".join(problems)


def _appendix_record(library: Library, record: str) -> bool:
    loaded = library.get(record)
    sources = getattr(loaded.model, "sources", []) if loaded else []
    return any(c.source == REPORT and (c.locator or "").strip().lower().startswith("appendix 1") for c in sources)


def copied(text: str, allowed: frozenset[tuple[str, ...]] | tuple[()] = ()) -> list[str]:
    """Every stretch of `text`, outside its marked quotations, that repeats RUN or more consecutive
    words of a source (other than runs in `allowed`), as `source: words`."""
    found = []
    for part in unquoted_parts(text):
        part_words = words(part)
        hit: dict[int, str] = {}
        for i in range(len(part_words) - RUN + 1):
            run = tuple(part_words[i:i + RUN])
            source = None if run in allowed else next((s for s in FILES if run in runs(s)), None)
            if source:
                hit.update({k: source for k in range(i, i + RUN)})
        stretch: list[int] = []
        for k in [*sorted(hit), -2]:
            if stretch and k != stretch[-1] + 1:
                found.append(f"{hit[stretch[0]]}: {' '.join(part_words[stretch[0]:stretch[-1] + 1])}")
                stretch = []
            stretch.append(k)
    return found


@needs_sources
def test_no_run_of_twelve_words_is_copied_without_quotation_marks(library: Library) -> None:
    problems = []
    for found in everything(library):
        if not isinstance(found.value, str) or ".quotation" in found.where:
            continue
        # A citation names the heading it points at, and a document is listed by its own title.
        if found.where.endswith(".locator") or (found.record.startswith("sources/") and found.where == "title"):
            continue
        # The report's own self-check questions, shown as the report's (the record cites Appendix 1).
        own = appendix_1_runs() if ".questions[" in found.where and _appendix_record(library, found.record) else ()
        problems += [f"{found.record} {found.where}: copied without quotation marks from {stretch!r}"
                     for stretch in copied(found.value, own)]
    assert not problems, "\n".join(problems)


# -- the checks themselves can fail ----------------------------------------------------


@needs_sources
def test_the_checks_catch_what_they_are_for() -> None:
    # A word changed inside a quotation: not verbatim. A marked gap: still verbatim.
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
    # Twelve words of the report: copied unless marked as a quotation.
    sentence = "The school buys in some technical support when it is needed and the headteacher can often sort it out."
    assert copied(sentence) and not copied(f'The report says "{sentence}"')
    assert not copied("The school buys technical support when it needs it, and the head can often mend things.")


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


@needs_sources
def test_the_stated_place_facts_are_in_the_report() -> None:
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
