"""What the mutation pass (benchmarks/mutation.py) found no fast test asserting in markup.py: a glossary
expansion's title attribute is escaped as Python-Markdown's serializer escapes it (the fast prose
path and Python-Markdown must write the same HTML)."""

from __future__ import annotations

from casebook.markup import Markdown, _attribute, _clean
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


# What the sanitiser keeps and takes away, exactly (mutants of its settings survived the fast tests).
def test_the_sanitiser_keeps_web_and_mail_links_and_nothing_that_runs() -> None:
    dirty = ('<a href="mailto:a@b.c">m</a> <a href="https://x.y/">h</a> <a href="http://x.y/">p</a> '
             '<a href="javascript:alert(1)">j</a> <img src=x onerror=y> <p onclick="z" style="c">t</p>'
             "<script>s</script><table><tr><td>1</td></tr></table>")
    assert _clean(dirty) == (
        '<a href="mailto:a@b.c" rel="noopener">m</a> <a href="https://x.y/" rel="noopener">h</a> '
        '<a href="http://x.y/" rel="noopener">p</a> <a rel="noopener">j</a>  <p>t</p>'
        "<table><tbody><tr><td>1</td></tr></tbody></table>")


def test_glossary_terms_become_abbreviations_in_rendered_prose() -> None:
    rendered = Markdown({"ICT": "information and communication technology", "SEN": "special educational needs"})
    assert str(rendered.block("ICT and SEN in **two** schools.\n\n- a\n- b")) == (
        '<p><abbr title="information and communication technology">ICT</abbr> and '
        '<abbr title="special educational needs">SEN</abbr> in <strong>two</strong> schools.</p>\n'
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>")


def test_the_sanitiser_refuses_other_schemes_and_attributes_nh3_would_allow() -> None:
    # nh3's defaults keep an ftp: link and `hreflang`: the library's lists do not.
    assert _clean('<a href="ftp://x/">f</a> <a href="https://x.y/" hreflang="fr">g</a>') == (
        '<a rel="noopener">f</a> <a href="https://x.y/" rel="noopener">g</a>')
