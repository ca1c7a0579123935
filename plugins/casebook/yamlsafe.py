"""Parse untrusted YAML into plain data, keeping the line and column of every value.

Contributed files are untrusted, so the parser is deliberately narrow:

- it builds only plain data (mappings, lists, text, numbers, booleans, null): no
  tags at all, so `!!python/object` and friends can never construct anything;
- it refuses anchors and aliases, which content never needs and which can be
  nested to blow up memory ("billion laughs");
- it refuses duplicate keys, which PyYAML would otherwise silently resolve by
  keeping the last one;
- it resolves scalars the YAML 1.2 way: only `true`/`false` are booleans and no
  unquoted value becomes a date, so `no` stays the text "no" and `2007-06-01`
  stays text instead of silently turning into `False` or a date object;
- it limits nesting depth (PyYAML composes recursively, so `[[[[...` would
  otherwise end in a RecursionError) and rejects control characters and lone
  surrogates, which no page can be written with.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Protocol

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser does it all, only slower
    CParser = None  # type: ignore[assignment, misc]  # checked (`CParser is not None`) before any use

Path = tuple[str | int, ...]
Position = tuple[int, int]

MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted; real records nest about eight levels."""

_BAD_CHARACTERS = Reader.NON_PRINTABLE
"""Characters YAML refuses (control characters, lone surrogates, U+FFFE/FFFF)."""


_NOT_WRITTEN_AS_IS = re.compile(f"{_BAD_CHARACTERS.pattern}|[\x85\u2028\u2029\ufeff]")
"""Characters a YAML reader refuses, folds as a line break (NEL, U+2028, U+2029) or may strip (a BOM)."""


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that every YAML reader gives back unchanged (front matter).

    `json.dumps` alone writes a character outside the Basic Multilingual Plane (an emoji) as two
    `\\ud83d\\ude00` escapes, which PyYAML reads as two lone surrogates; MkDocs then drops the whole
    front matter and titles the page from its file name. So such characters are written as
    themselves, and only those a reader would refuse or change are escaped (`\\u2028`)."""
    return _NOT_WRITTEN_AS_IS.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


_LINE_BOM = re.compile("^[ \t]*\ufeff", re.M)
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Line breaks to YAML 1.1 (so to PyYAML and libyaml), but not to an editor."""
_EDITOR_BREAK = re.compile("\r\n|\r|\n")
_NAMES = {0x85: "NEXT LINE (NEL)", 0xFEFF: "BYTE ORDER MARK"}


def _named(character: str) -> str:
    """`U+2028 (LINE SEPARATOR)`: a character named, for a message about an invisible one."""
    code = ord(character)
    name = _NAMES.get(code) or unicodedata.name(character, "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def _editor_position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `text[index]` as an editor counts them (lines end at `\\n`,
    `\\r\\n` or `\\r`, nothing else)."""
    line, start = 1, 0
    for end in _EDITOR_BREAK.finditer(text, 0, index):
        line, start = line + 1, end.end()
    return line, index - start + 1


class YamlProblem(Exception):
    """A problem found while parsing, with its 1-based position."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _Resolver(BaseResolver):
    """YAML 1.2 core-schema scalars: no yes/no booleans, no dates, no sexagesimal numbers."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Constructor(SafeConstructor):
    """YAML 1.2 core integers: decimal digits only, so `pupils: 0100` is one hundred (PyYAML's YAML 1.1
    constructor reads a leading 0 as octal: 64), as the Add your school page reads them (form-yaml.js)."""

    def construct_yaml_int(self, node: Any) -> int:
        return int(self.construct_scalar(node))


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)  # type: ignore[type-var]


class _Loader(Reader, Scanner, Parser, Composer, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _problem("YAML aliases (`*name`) are not allowed in content files; write the value out in full",
                           event.start_mark)
        if isinstance(event, ScalarEvent | CollectionStartEvent):
            if event.anchor is not None:
                raise _problem("YAML anchors (`&name`) are not allowed in content files; write the value out in full",
                               event.start_mark)
            if event.tag not in (None, "!"):
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                raise _problem(f"YAML tags such as `{tag}` are not allowed in content files; "
                               "write plain text, numbers, lists and mappings", event.start_mark)
        if isinstance(event, CollectionStartEvent):
            if self.depth >= MAX_DEPTH:
                raise _problem(f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; "
                               "content never needs that many", event.start_mark)
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1
        return super().compose_node(parent, index)


class _Mark(Protocol):
    """A position in the text: PyYAML's pure-Python and libyaml parsers each have their own class."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


def _problem(message: str, mark: _Mark | None) -> YamlProblem:
    if mark is None:
        return YamlProblem(message, 1, 1)
    return YamlProblem(message, mark.line + 1, mark.column + 1)


class Parsed:
    """Plain data, and where each part of it stands in the file.

    Positions are only wanted for messages about the file, which most files never get: the
    fast parser leaves them out (a fifth of its time) and keeps the text instead, and they are
    found when first asked for, by parsing the text again.
    """

    def __init__(self, data: Any, *, text: str | None = None) -> None:
        self.data = data
        self._text = text
        self._values: dict[Path, Position] | None = None if text is not None else {}
        self._keys: dict[Path, Position] | None = None if text is not None else {}

    @property
    def values(self) -> dict[Path, Position]:
        """The position of every value, by its path."""
        if self._values is None:
            self._locate()
        return self._values  # type: ignore[return-value]

    @property
    def keys(self) -> dict[Path, Position]:
        """The position of every mapping key, by the path of its value."""
        if self._keys is None:
            self._locate()
        return self._keys  # type: ignore[return-value]

    def _locate(self) -> None:
        assert self._text is not None
        located = _parse_fast(self._text, positions=True)
        self._values, self._keys, self._text = located.values, located.keys, None

    def position(self, path: Path, *, key: bool = False) -> Position:
        """The position of the value at `path` (or of its key), or of its nearest ancestor."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if key and end == len(path) and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)


def parse(text: str) -> Parsed:
    """Parse one YAML document. Raises `YamlProblem` with a friendly message on any problem."""
    bad = _BAD_CHARACTERS.search(text)
    if bad:
        # PyYAML's reader refuses these too, but with a character offset instead of a line.
        raise YamlProblem(f"the character {_named(bad.group())} is not allowed in a content file "
                          "(a control character, often invisible); delete it", *_editor_position(text, bad.start()))
    bom = _LINE_BOM.search(text)
    if bom:
        # Read as part of the key that follows: "unknown field `title`; did you mean `title`?".
        raise YamlProblem("a byte-order mark (U+FEFF, an invisible character some editors put at the start of a "
                          "file) is here, at the start of a line; delete it", *_editor_position(text, bom.end() - 1))
    other_break = _OTHER_BREAKS.search(text)
    if other_break:
        # YAML counts these as line breaks, editors do not: every line number after one would be wrong.
        raise YamlProblem(f"the character {_named(other_break.group())} is here: it is invisible, and YAML reads "
                          "it as a line break; delete it, or write a space or a real new line",
                          *_editor_position(text, other_break.start()))
    # Only a document libyaml parses without any complaint takes the fast path; anything else
    # (and tabs, where the two parsers disagree) goes through the reference parser, so every
    # error keeps its wording and position.
    if CParser is not None and "\t" not in text:
        try:
            return _parse_fast(text)
        except (yaml.YAMLError, _Unusual):
            pass
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            raise (_unindented_block(text, mark.line if mark else 0) or _friendly(error)) from None
        if node is None:
            return Parsed(None)
        parsed = Parsed(None)
        parsed.data = _construct(loader, node, (), parsed)
        return parsed
    finally:
        loader.dispose()


class _Unusual(Exception):
    """Raised by the fast path for anything but plain, valid content: the reference parser takes over."""


if CParser is not None:

    class _FastLoader(CParser, _Constructor, _Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            _Resolver.__init__(self)


_STR = "tag:yaml.org,2002:str"


def _parse_fast(text: str, *, positions: bool = False) -> Parsed:
    """The same result as the reference parser for valid content, several times faster.

    libyaml (C) scans and parses; the data is built straight from its events, without the
    node tree. In pure Python the scanner alone takes about 90 per cent of a load, which
    made validating a few thousand records take minutes. Anything the reference parser
    would refuse or word an error for raises `_Unusual` (or libyaml's own error), and
    `parse` falls back to the reference parser; a test checks that both agree. Without
    `positions`, the result finds its positions when first asked (by calling this again).
    """
    loader = _FastLoader(text)
    try:
        get = loader.get_event
        get()  # stream start
        if loader.check_event(StreamEndEvent):
            return Parsed(None)
        get()  # document start
        parsed = Parsed(None) if positions else Parsed(None, text=text)
        values, keys = (parsed.values, parsed.keys) if positions else ({}, {})
        path: Path = ()
        position: Position = (1, 1)
        # Each open collection: [container, its path, the key awaiting a value (mappings)].
        stack: list[list[Any]] = []
        nokey = object()
        wildcard: list[Any] = _Resolver.yaml_implicit_resolvers.get(None, [])
        implicit: dict[str, list[Any]] = {first: [*found, *wildcard]
                                          for first, found in _Resolver.yaml_implicit_resolvers.items()}
        while True:
            # `Any`: the loop tells events apart by `kind is ...` (faster than isinstance in this, the
            # hottest loop of validation), which the type checker cannot follow.
            event: Any = get()
            kind = type(event)
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
                if not stack:
                    break
                continue
            if kind is AliasEvent or event.anchor is not None or event.tag not in (None, "!"):
                raise _Unusual
            mark = event.start_mark
            if positions:
                position = (mark.line + 1, mark.column + 1)
            if kind is ScalarEvent:
                value: Any = event.value
                tag = _STR
                if event.implicit[0]:  # a plain scalar: resolved as `_Resolver.resolve` does, inline
                    for candidate, pattern in implicit.get(value[:1], wildcard):
                        if pattern.match(value):
                            tag = candidate
                            break
                if tag != _STR:
                    try:
                        value = loader.construct_object(ScalarNode(tag, value, mark, mark, event.style))
                    except ValueError:
                        raise _Unusual from None
                elif event.style == '"' and _BAD_CHARACTERS.search(value):
                    raise _Unusual  # the text was checked before parsing: only an escape can add one
            elif kind is MappingStartEvent:
                value = {}
            elif kind is SequenceStartEvent:
                value = []
            else:
                raise _Unusual
            if stack:
                top = stack[-1]
                container = top[0]
                if type(container) is list:
                    if positions:
                        path = (*top[1], len(container))
                    container.append(value)
                elif top[2] is nokey:  # a key
                    if kind is not ScalarEvent:
                        raise _Unusual
                    key = value if isinstance(value, str) else event.value
                    if key in container:
                        raise _Unusual
                    top[2] = key
                    if positions:
                        keys[(*top[1], key)] = position
                    continue
                else:
                    if positions:
                        path = (*top[1], top[2])
                    container[top[2]] = value
                    top[2] = nokey
            else:
                parsed.data = value
            if positions:
                values[path] = position
            if kind is not ScalarEvent:
                if len(stack) >= MAX_DEPTH:
                    raise _Unusual
                stack.append([value, path, nokey])
            elif not stack:
                break
        get()  # document end
        if not loader.check_event(StreamEndEvent):
            raise _Unusual  # a second document
        return parsed
    finally:
        loader.dispose()


def _construct(loader: _Loader, node: Node, path: Path, parsed: Parsed) -> Any:
    parsed.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _problem("a key must be plain text, not a list or mapping", key_node.start_mark)
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                key = key_node.value  # as written: `null: x` names the key "null", not "None"
            if key in result:
                first = parsed.keys[(*path, key)]
                raise _problem(f"duplicate key `{key}` (first given at line {first[0]}); "
                               "each key may appear once in a mapping", key_node.start_mark)
            parsed.keys[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _construct(loader, value_node, (*path, key), parsed)
        return result
    if isinstance(node, SequenceNode):
        return [_construct(loader, item, (*path, index), parsed) for index, item in enumerate(node.value)]
    try:
        value = loader.construct_object(node)
    except yaml.MarkedYAMLError as error:
        raise _friendly(error) from None
    except ValueError:  # Python refuses to turn a number of more than 4,300 digits into an int
        raise _problem("this number is far too long; write it in quotes if it is meant as text",
                       node.start_mark) from None
    if isinstance(value, str) and _BAD_CHARACTERS.search(value):
        # Only reachable through escapes in double quotes, such as "\x00" or "\ud800".
        raise _problem("this text contains a control character (written as an escape such as `\\x00` "
                       "or `\\ud800`); remove it", node.start_mark)
    return value


_BLOCK_START = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s#:][^#:]*):\s+(?P<style>[|>][-+0-9]*)\s*(?:#.*)?$")


def _unindented_block(text: str, error_line: int) -> YamlProblem | None:
    """A block of text (`key: >-`) whose first line is not indented under its key.

    The parser then reads that text as a new key and fails some lines further on; the useful place
    to point at is the first line that should have been indented."""
    lines = text.splitlines()
    for number in range(min(error_line, len(lines) - 1), -1, -1):
        start = _BLOCK_START.match(lines[number])
        if not start:
            continue
        following = next((n for n in range(number + 1, len(lines))
                          if lines[n].strip() and not lines[n].lstrip().startswith("#")), None)
        if following is None:
            return None
        indent = len(lines[following]) - len(lines[following].lstrip(" "))
        if indent > len(start.group("indent")):
            return None  # the nearest block is indented properly: the problem is elsewhere
        key = start.group("key").strip()
        return YamlProblem(f"the text of `{key}: {start.group('style')}` (line {number + 1}) must be indented "
                           f"under it: add spaces at the start of this line and the ones after it, so that "
                           f"they start further right than `{key}`", following + 1, 1)
    return None


def _indenting(mark: Any) -> bool:
    """Whether only spaces and tabs stand before `mark` on its line (unknown: yes)."""
    buffer, pointer = getattr(mark, "buffer", None), getattr(mark, "pointer", None)
    if not isinstance(buffer, str) or not isinstance(pointer, int):
        return True
    start = max(buffer.rfind("\n", 0, pointer), buffer.rfind("\r", 0, pointer)) + 1
    return not buffer[start:pointer].strip(" \t")


def _friendly(error: yaml.MarkedYAMLError) -> YamlProblem:
    """Turn PyYAML's wording into advice a contributor can act on."""
    problem = error.problem or "invalid YAML"
    mark = error.problem_mark or error.context_mark
    if ("'\\t'" in problem or "tab character" in problem) and not _indenting(mark):
        message = ("a tab character inside a line: YAML allows no tab in unquoted text or between a key and its "
                   "value; replace it with a space, or put the text in quotes")
    elif "'\\t'" in problem or "tab character" in problem:
        message = "a tab character is used for indentation; YAML needs spaces (use two spaces a level)"
    elif "mapping values are not allowed" in problem:
        message = ("a `:` followed by a space inside a value; put the value in quotes "
                   "or use a block (`>-`) for long text")
    elif "could not find expected ':'" in problem:
        message = "expected `key: value` here; check the indentation and any unclosed quotes"
    elif error.context == "while scanning a quoted scalar" and error.context_mark is not None:
        # PyYAML points at the end of the file; the quote that was left open is more use.
        mark = error.context_mark
        quote = mark.buffer[mark.pointer] if mark.buffer and mark.pointer < len(mark.buffer) else '"'
        message = f"the quote `{quote}` opened here is never closed; add the closing `{quote}`"
    elif error.context and "while parsing a flow" in error.context and error.context_mark is not None:
        opener = "[" if "sequence" in error.context else "{"
        closer = "]" if opener == "[" else "}"
        where = error.context_mark
        message = (f"the `{opener}` opened at line {where.line + 1}, column {where.column + 1} is not closed "
                   f"properly: expected `,` or `{closer}` here; close it, or write one item a line instead")
    elif "found unexpected end of stream" in problem or "found undefined" in problem:
        message = f"{problem}; a quote or bracket may be left open"
    elif "expected <block end>" in problem:
        message = "the indentation here does not line up with the lines above"
    else:
        message = f"invalid YAML: {problem}"
        if error.context:
            message = f"{message} ({error.context})"
    return _problem(message, mark)
