"""Text written piece by piece and sent in chunks: JSON documents whose long arrays are
produced item by item, with exactly the bytes ``json.dumps`` would give the whole.

A streamed export (issue #24) holds one item at a time, not the document; because the
text is the same as :func:`json.dumps` with ``indent=2``, a streamed file and one made
from a dict compare equal byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

CHUNK_BYTES = 64 * 1024
ITEMS_PER_PIECE = 100
INDENT = "  "


def _nested(value: Any, depth: int) -> str:
    """``value`` as indented JSON, its inner lines shifted to ``depth`` (JSON strings
    never hold a raw line break, so every line break is the layout's)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + INDENT * depth)


def _array(items: Iterable[Any]) -> Iterator[str]:
    """A lazy array as the value of a top-level key. Items are encoded
    :data:`ITEMS_PER_PIECE` at a time: one ``json.dumps`` call per item would cost more
    than the encoding itself (the indenting encoder is pure Python, set up per call)."""
    iterator = iter(items)
    opening = "["
    while group := list(islice(iterator, ITEMS_PER_PIECE)):
        # "[\n  a,\n  b\n]" -> its inner lines, one level deeper
        inner = json.dumps(group, ensure_ascii=False, indent=2)[2:-2]
        yield opening + "\n" + INDENT + inner.replace("\n", "\n" + INDENT)
        opening = ","
    yield "[]" if opening == "[" else "\n" + INDENT + "]"


def json_text(document: Mapping[str, Any]) -> Iterator[str]:
    """The text of ``json.dumps(document, ensure_ascii=False, indent=2) + "\\n"``, in
    pieces. A top-level value that is an iterator is written as an array, item by item,
    as the iterator makes them."""
    if not document:
        yield "{}\n"
        return
    for i, (key, value) in enumerate(document.items()):
        yield ("{" if i == 0 else ",") + "\n" + INDENT + json.dumps(key, ensure_ascii=False) + ": "
        if isinstance(value, Iterator):
            yield from _array(value)
        else:
            yield _nested(value, 1)
    yield "\n}\n"


def in_chunks(pieces: Iterable[str], size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """``pieces`` encoded as UTF-8 and joined into chunks of about ``size`` bytes: few
    writes to the client, however small the pieces."""
    buffer: list[bytes] = []
    held = 0
    for piece in pieces:
        data = piece.encode("utf-8")
        buffer.append(data)
        held += len(data)
        if held >= size:
            yield b"".join(buffer)
            buffer, held = [], 0
    if buffer:
        yield b"".join(buffer)
