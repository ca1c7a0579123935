"""The reader's own words for a record: an optional field a kind of record may carry.

Site search finds a page by the words it holds; `search_terms` adds the words a reader types for
it that the page does not use (`render/searchterms.py` writes them into the page, hidden).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .common import Line

SearchTerms = Annotated[
    list[Line],
    Field(
        max_length=12,
        description="Words a reader may search with that the page does not use itself, such as "
        "`DfE digital and technology standards`; site search finds the page by them. Optional.",
    ),
]
