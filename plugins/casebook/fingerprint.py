"""Fingerprints of the source documents: enough to check quotations and copied wording without the texts.

The source documents are not committed (no licence to redistribute them is recorded), so a fresh
clone cannot read them. What it can hold is a one-way fingerprint of each: the hashes of its
normalised word n-grams at the two sizes the fidelity tests need.

- Trigrams (`QUOTE` = 3 words, 28-bit hashes) check quotations: every three consecutive words of
  a quotation (each piece between `...` gaps, which must have at least three words) must be a
  trigram of a source the record cites. A changed word changes every trigram it is in (three, or
  one at either end of a piece), and each must then match by chance: a wrong trigram collides with
  one of the report's 13,374 with odds of 1 in 20,000 (13,374 / 2**28), so a changed first or last
  word goes unseen once in 20,000 tries, and a word changed inside a quotation once in 10**13.
- Six-word grams (`COPY` = 6 words, 20-bit hashes) find copied runs: a run of `RUN` = 12 words is
  copied when all seven of its six-word grams are in a source. Measured on the library against the
  full texts, chained six-word grams find exactly the runs that twelve-word grams find (trigrams
  would add 13 false runs, four-word grams 2, five-word grams none). A gram collides with one of
  the report's 14,639 with odds of 1 in 72 (14,639 / 2**20): twelve words of the library's own
  that share no gram with a source are flagged once in 10**13, and a stretch that shares all but
  one gram with a source (a quotation run on by a word) once in 72; either way a false run is
  seen and reworded, never a copy missed: equal grams always hash equal.

The file holds each source's grams as sorted hashes, Rice-coded: 92 KB for the seven documents
(139 KB of text).

Words are compared lower-cased, with typographic quotes and dashes made plain and punctuation
left out: the fingerprint check is exact to the word, not to the comma. Where the texts are
present, the tests also compare quotations character by character, and check that the committed
fingerprints match the texts (`scripts/fingerprint-sources --check`).

The hashes hold no text, but whoever has a candidate text can test it against them, as the tests do.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

QUOTE = 3
"""Words in the grams that check quotations."""
COPY = 6
"""Words in the grams that find copied runs."""
RUN = 12
"""The longest run of a source's words the library may use without quotation marks, less one."""
BITS = {QUOTE: 28, COPY: 20}
"""Bits kept of each gram's hash (the module's docstring gives the odds of a collision)."""

# Sections of a source that a record may show as the source's own (the report's Appendix 1
# self-check questions): (first words, the words that follow its end), in the normalised text.
SECTIONS = {
    "004_54a307f36a66219c.txt": {"appendix-1": ("Appendix 1 ¶ As a result of visiting", "Appendix 2 ¶ Abbreviations")},
}

# Typographic quotes and dashes, a no-break space, and the report's Cyrillic TA (Appendix 2).
_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                             "\u2014": "-", "\u2010": "-", "\u00a0": " ", "\u0422": "T", "\u0410": "A"})
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


def gram_hash(gram: Sequence[str]) -> int:
    """The hash of a gram of words, cut to the bits its size keeps."""
    digest = hashlib.blake2b(" ".join(gram).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> (64 - BITS[len(gram)])


def grams(found: Sequence[str], size: int) -> Iterable[tuple[str, ...]]:
    return (tuple(found[i:i + size]) for i in range(len(found) - size + 1))


def hashes(found: Sequence[str], size: int) -> frozenset[int]:
    return frozenset(gram_hash(gram) for gram in grams(found, size))


@dataclass(frozen=True)
class Fingerprint:
    """One source document's fingerprint: its hashed grams, and those of its named sections."""

    file: str
    sha256: str
    words: int
    grams: dict[int, frozenset[int]]
    sections: dict[str, frozenset[int]]  # section name: its COPY-gram hashes


def of_text(file: str, raw: str) -> Fingerprint:
    text = paragraphs(raw)
    found = words(text)
    sections = {}
    for name, (start, end) in SECTIONS.get(file, {}).items():
        sections[name] = hashes(words(text[text.index(start):text.index(end)]), COPY)
    return Fingerprint(file, hashlib.sha256(raw.encode("utf-8")).hexdigest(), len(found),
                       {size: hashes(found, size) for size in (QUOTE, COPY)}, sections)


def of_folder(folder: Path) -> dict[str, Fingerprint]:
    """Every source document in `folder` (its README, which describes them, is not one)."""
    return {path.name: of_text(path.name, path.read_text(encoding="utf-8"))
            for path in sorted(folder.iterdir()) if path.is_file() and path.name != "README.md"}


# -- the committed file: sorted hashes as gaps, Rice-coded, in base64 -------------------
# Sorted random hashes have gaps that are near geometric, for which Rice coding is close to the
# shortest code: each gap as its quotient by 2**k in unary, then its remainder in k bits.


def _pack(values: frozenset[int]) -> str:
    ordered = sorted(values)
    gaps = [b - a for a, b in zip([-1, *ordered], ordered, strict=False)]
    k = max(0, (sum(gaps) // max(1, len(gaps))).bit_length() - 1)
    bits = "".join("1" * (gap >> k) + "0" + (format(gap & ((1 << k) - 1), f"0{k}b") if k else "") for gap in gaps)
    bits += "1" * (-len(bits) % 8)  # padding: an unfinished quotient, read as nothing
    data = int(bits, 2).to_bytes(len(bits) // 8, "big") if bits else b""
    return f"{k}:{len(gaps)}:" + base64.b64encode(data).decode("ascii")


def _unpack(packed: str) -> frozenset[int]:
    k_text, count_text, encoded = packed.split(":", 2)
    k, count = int(k_text), int(count_text)
    data = base64.b64decode(encoded)
    bits = format(int.from_bytes(data, "big"), f"0{len(data) * 8}b") if data else ""
    values, value, at = [], -1, 0
    for _ in range(count):
        stop = bits.index("0", at)
        gap = (stop - at) << k | (int(bits[stop + 1:stop + 1 + k], 2) if k else 0)
        at = stop + 1 + k
        value += gap
        values.append(value)
    return frozenset(values)


def dumps(prints: dict[str, Fingerprint]) -> str:
    document = {
        "about": "Hashed word grams of each source document; written by scripts/fingerprint-sources "
                 "(plugins/casebook/fingerprint.py says how, and the odds of a collision).",
        "sizes": {str(size): bits for size, bits in BITS.items()},
        "sources": {name: {"sha256": p.sha256, "words": p.words,
                           "grams": {str(size): _pack(p.grams[size]) for size in sorted(p.grams)},
                           "sections": {s: _pack(v) for s, v in sorted(p.sections.items())}}
                    for name, p in sorted(prints.items())},
    }
    return json.dumps(document, indent=1) + "\n"


def loads(text: str) -> dict[str, Fingerprint]:
    document = json.loads(text)
    if document["sizes"] != {str(size): bits for size, bits in BITS.items()}:
        raise ValueError(f"fingerprints made with gram sizes {document['sizes']}: run scripts/fingerprint-sources")
    return {name: Fingerprint(name, entry["sha256"], entry["words"],
                              {int(size): _unpack(packed) for size, packed in entry["grams"].items()},
                              {s: _unpack(packed) for s, packed in entry["sections"].items()})
            for name, entry in document["sources"].items()}
