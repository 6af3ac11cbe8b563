"""Compiled templates kept across ``mkdocs serve`` rebuilds (a Jinja bytecode cache in memory)."""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

__all__ = ["CompiledTemplates"]


class CompiledTemplates(BytecodeCache):
    """Templates compiled by one serve rebuild, for the next (MkDocs and the plugin make their environments anew
    on each build; compiling Material's and the plugin's templates again cost about a second). Jinja checks each
    template's source against the checksum it was compiled from, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, tuple[str, bytes]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.bytecode_from_string(found[1])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())
