"""Compiled Jinja templates kept for the life of the process.

Compiling a template costs far more than rendering it once: the project's page templates and
Material's took most of a small site's rebuild under `mkdocs serve`, where each rebuild makes
new Jinja environments. Jinja's bytecode cache keeps the compiled code keyed by the template's
name and checks it against a checksum of the source, so an edited template is compiled again.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache, in memory."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


TEMPLATE_CODE = MemoryBytecodeCache()
"""One cache for every Jinja environment of the process: the renderer's and MkDocs' theme's."""
