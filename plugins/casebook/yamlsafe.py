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
  stays text instead of silently turning into `False` or a date object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

Path = tuple[str | int, ...]
Position = tuple[int, int]


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


class _Loader(Reader, Scanner, Parser, Composer, SafeConstructor, _Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _problem("YAML aliases (`*name`) are not allowed in content files; write the value out in full",
                           event.start_mark)
        if isinstance(event, ScalarEvent | CollectionStartEvent):
            if event.anchor is not None:
                raise _problem("YAML anchors (`&name`) are not allowed in content files; write the value out in full",
                               event.start_mark)
            if event.tag not in (None, "!"):
                raise _problem(f"YAML tags such as `{event.tag}` are not allowed in content files; "
                               "write plain text, numbers, lists and mappings", event.start_mark)
        return super().compose_node(parent, index)


def _problem(message: str, mark: yaml.Mark | None) -> YamlProblem:
    if mark is None:
        return YamlProblem(message, 1, 1)
    return YamlProblem(message, mark.line + 1, mark.column + 1)


@dataclass
class Parsed:
    """Plain data, and where each part of it stands in the file."""

    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

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
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            raise _friendly(error) from None
        if node is None:
            return Parsed(None)
        parsed = Parsed(None)
        parsed.data = _construct(loader, node, (), parsed)
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
                key = str(key)
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
        return loader.construct_object(node)
    except yaml.MarkedYAMLError as error:
        raise _friendly(error) from None


def _friendly(error: yaml.MarkedYAMLError) -> YamlProblem:
    """Turn PyYAML's wording into advice a contributor can act on."""
    problem = error.problem or "invalid YAML"
    mark = error.problem_mark or error.context_mark
    if "'\\t'" in problem or "tab character" in problem:
        message = "a tab character is used for indentation; YAML needs spaces (use two spaces a level)"
    elif "mapping values are not allowed" in problem:
        message = ("a `:` followed by a space inside a value; put the value in quotes "
                   "or use a block (`>-`) for long text")
    elif "could not find expected ':'" in problem:
        message = "expected `key: value` here; check the indentation and any unclosed quotes"
    elif "found unexpected end of stream" in problem or "found undefined" in problem:
        message = f"{problem}; a quote or bracket may be left open"
    elif "expected <block end>" in problem:
        message = "the indentation here does not line up with the lines above"
    else:
        message = f"invalid YAML: {problem}"
        if error.context:
            message = f"{message} ({error.context})"
    return _problem(message, mark)
