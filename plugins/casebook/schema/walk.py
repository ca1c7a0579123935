"""Every string of a record with its place and its shape, found by walking the model, not a list.

The sanitiser's report and the hostile-content test both need every text field of every kind of
record; a list kept by hand would miss the field added next year.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from typing import Any, Union

from pydantic import BaseModel

from .common import Shape

Path = tuple[str | int, ...]


def shape_of(annotation: Any, metadata: typing.Iterable[Any] = ()) -> str | None:
    """The `Shape` a field's annotation (or its metadata) carries, looking inside lists and unions."""
    for meta in [*metadata, *getattr(annotation, "__metadata__", ())]:
        if isinstance(meta, Shape):
            return meta.name
    if typing.get_origin(annotation) in (list, dict, Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = shape_of(arg)
            if found:
                return found
    return None


@functools.cache
def _shapes(model_class: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(field name, shape) for each field of a model class, found once: every record asks."""
    return tuple((name, shape_of(info.annotation, info.metadata) or "other")
                 for name, info in model_class.model_fields.items())


def strings(model: BaseModel, path: Path = ()) -> Iterator[tuple[Path, str, str]]:
    """(path in the data, shape, value) for every string in `model` and the models it holds."""
    for name, shape in _shapes(type(model)):
        yield from _values(getattr(model, name), (*path, name), shape)


def _values(value: Any, path: Path, shape: str) -> Iterator[tuple[Path, str, str]]:
    if isinstance(value, BaseModel):
        yield from strings(value, path)
    elif isinstance(value, str):
        yield path, shape, value
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _values(item, (*path, index), shape)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _values(item, (*path, key), shape)
