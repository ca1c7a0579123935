"""What the mutation pass (benchmarks/mutation.py) found no test asserting in markup.py: a glossary
expansion's title attribute is escaped as Python-Markdown's serializer escapes it (the fast prose
path and Python-Markdown must write the same HTML)."""

from __future__ import annotations

from casebook.markup import _attribute
from hypothesis import given
from hypothesis import strategies as st
from markdown.serializers import _escape_attrib_html

# Text rich in what escaping is about: &, <, >, quotes, and entity-like runs in either case.
PIECES = st.sampled_from(["&", "<", ">", '"', "'", ";", "#", "x", "X", "41", "amp", "AMP", "Eacute", "lt", " ", "a",
                         "&Eacute;", "&AMP;", "&#X41;", "&#x41;", "&#65;", "&lt;"])


@given(st.lists(PIECES, max_size=12).map("".join))
def test_an_attribute_is_escaped_as_python_markdown_escapes_it(text: str) -> None:
    assert _attribute(text) == _escape_attrib_html(text)


def test_the_known_cases() -> None:
    assert _attribute('Tom & "Jerry" <3') == "Tom &amp; &quot;Jerry&quot; &lt;3"
    assert _attribute("&amp; &#38; &#x26; &Eacute; &AMP;") == "&amp; &#38; &#x26; &Eacute; &AMP;"
