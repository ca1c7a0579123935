"""What the site serves of the package's own browser files: the same code without its comments."""

from __future__ import annotations

from pathlib import Path

from casebook.served import css_without_comments, served, without_comments

ASSETS = Path(__file__).resolve().parents[1] / "plugins" / "casebook" / "assets"


def test_whole_line_comments_and_jsdoc_are_left_out_of_javascript() -> None:
    source = (
        "// why the module exists\n"
        "/** @param {string} a */\n"
        "export const f = (a) => a; // a trailing comment stays\n"
        "  // an indented comment\n"
        'const url = "https://example.org/";\n'
        'const plain = (md) => md.replace(/[*`]/g, "");\n'
        "// after a backtick in a regular expression\n"
    )
    assert without_comments(source) == (
        "export const f = (a) => a; // a trailing comment stays\n" 'const url = "https://example.org/";\n'
        'const plain = (md) => md.replace(/[*`]/g, "");\n'
    )


def test_a_comment_like_line_inside_a_template_literal_is_text_and_stays() -> None:
    source = (
        "const md = `# Plan\n"
        "// not a comment: a line of the file\n"
        "${items.map((i) => `- ${i}`).join(\"\\n\")}\n"
        "  // still text\n"
        "`;\n"
        "// a comment again\n"
        "const escaped = `a \\` b`;\n"
        "// and again\n"
    )
    assert without_comments(source) == (
        "const md = `# Plan\n"
        "// not a comment: a line of the file\n"
        "${items.map((i) => `- ${i}`).join(\"\\n\")}\n"
        "  // still text\n"
        "`;\n"
        "const escaped = `a \\` b`;\n"
    )


def test_css_comments_are_left_out_and_strings_kept() -> None:
    source = '/* why */\na::after { content: "/* kept */"; } /* trailing */\n.b { color: red; }\n'
    assert css_without_comments(source) == 'a::after { content: "/* kept */"; } .b { color: red; }\n'


def test_vendored_code_is_served_as_make_vendor_wrote_it() -> None:
    assert served(ASSETS / "vendor" / "js-yaml" / "js-yaml.mjs", ASSETS) is None
    assert served(ASSETS / "vendor" / "MANIFEST.json", ASSETS) is None
    store = served(ASSETS / "store.js", ASSETS)
    assert store is not None and "/**" not in store and "\n// " not in store
    css = served(ASSETS / "casebook.css", ASSETS)
    assert css is not None and "/*" not in css
