"""New sources described in place: a record's `sources` entry may describe a document the library
does not have yet (`new_source`, schema.common.NewSource), so that one file is a whole contribution.

`register` lists each such document beside those of `sources.yaml`, under the id its title and year
make (`new_source_id`), so that the record's page, the Sources page and every citation show it. The
same document described in two files, or described under the id of a listed source, is an error that
names both places: the library would otherwise show one and silently drop the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .diagnostics import Diagnostic
from .loader import Loaded
from .schema import Source
from .schema.common import NewSource, new_source_id

KIND_LABELS = {"survey": "survey", "report": "report", "article": "article", "interview": "interview",
               "video": "video", "other": "other document"}
"""How the Sources page names each kind of new source."""


def as_source(new: NewSource) -> Source:
    """The entry of the Sources page for a new source, shaped as one of `sources.yaml`."""
    return Source(id=new_source_id(new), title=new.title, author=new.author, publisher="not stated",
                  year=new.year, kind=KIND_LABELS[new.kind], url=new.url, note=new.note)


def register(sources: dict[str, Source], records: Iterable[Loaded], listed_in: str) -> Iterator[Diagnostic]:
    """Add every new source of `records` to `sources` (the documents of `sources.yaml`, by id, read
    from the file shown as `listed_in`); yield a problem for each that clashes with another."""
    first: dict[str, tuple[Loaded, int, NewSource]] = {}
    for item in records:
        for i, citation in enumerate(getattr(item.model, "sources", None) or []):
            new = getattr(citation, "new_source", None)
            if new is None:
                continue
            source_id = new_source_id(new)
            at = ("sources", i, "new_source")
            if source_id in sources and source_id not in first:
                yield item.at(at, f"the new source `{new.title}` has the id `{source_id}` of a source the library "
                              f"already lists in `{listed_in}`: if it is that document, give `source: {source_id}` "
                              "instead; if not, give it a title that tells them apart")
                continue
            earlier = first.get(source_id)
            if earlier is None:
                first[source_id] = (item, i, new)
                sources[source_id] = as_source(new)
            elif earlier[0] is not item or earlier[2] != new:
                where = earlier[0].at(("sources", earlier[1], "new_source"), "")
                yield item.at(at, f"the new source `{new.title}` is also described in `{where.path}` (line "
                              f"{where.line}): describe it in one file and cite it elsewhere as "
                              f"`source: {source_id}`, or give the two different titles if they are different "
                              "documents")
